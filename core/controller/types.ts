/**
 * The Job controller's view of the world, shared by the simulator (virtual cluster) and explain
 * (objects read from a real cluster). Times are seconds on one clock (virtual seconds from Job
 * creation in the simulator; Unix seconds in explain).
 */
import type { IndexSet } from '../workloads/indexRanges';

export const ANN_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const ANN_INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const ANN_INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';
export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const LABEL_JOB_NAME = 'batch.kubernetes.io/job-name';
export const LABEL_CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
export const LEGACY_LABEL_JOB_NAME = 'job-name';
export const LEGACY_LABEL_CONTROLLER_UID = 'controller-uid';
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';

/** Pod failure back-off: 10 s doubling, capped at 10 minutes (the code; the docs still say 6 minutes). */
export const DEFAULT_POD_FAILURE_BACKOFF = 10;
export const MAX_POD_FAILURE_BACKOFF = 600;
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
export const MAX_UNCOUNTED_PODS = 500;
/** Pod / Job status events are batched: the Job is synced at most this long after them. */
export const SYNC_BATCH_PERIOD = 1;

export const MSG = {
  backoffLimit: 'Job has reached the specified backoff limit',
  deadline: 'Job was active longer than specified deadline',
  maxFailedIndexes: 'Job has exceeded the specified maximal number of failed indexes',
  failedIndexes: 'Job has failed indexes',
  completionsReached: 'Reached expected number of succeeded pods',
  suspended: 'Job suspended',
  resumed: 'Job resumed',
} as const;

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface ContainerState {
  name: string;
  restartCount: number;
  /** Set when the container's current state is terminated. */
  terminated?: { exitCode: number; finishedAt?: number };
  running?: boolean;
}

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: number;
}

/** A pod as the Job controller sees it. */
export interface CPod {
  name: string;
  namespace: string;
  uid: string;
  creationTime: number;
  phase: PodPhase;
  deletionTime?: number;
  deletionGracePeriodSeconds?: number;
  finalizer: boolean;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  nodeName?: string;
  containerStatuses: ContainerState[];
  initContainerStatuses: ContainerState[];
  conditions: PodCondition[];
  /** Parsed completion index, cached by completionIndex() (annotations never change). */
  cachedIndex?: number;
  /**
   * Whether a Ready=True condition is present, kept by an owner that updates it on every change of
   * `conditions` (the simulator; isReady() reads it instead of scanning the conditions). Absent:
   * isReady() scans.
   */
  readyFlag?: boolean;
}

export interface JobCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastProbeTime: number;
  lastTransitionTime: number;
}

export interface JobStatusState {
  startTime?: number;
  completionTime?: number;
  active: number;
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  /** Indexed Jobs: the completed index set (status.completedIndexes). */
  completedIndexes: IndexSet;
  /** Only when backoffLimitPerIndex is set: status.failedIndexes; null otherwise. */
  failedIndexes: IndexSet | null;
  uncounted: { succeeded: string[]; failed: string[] };
  conditions: JobCondition[];
}

export interface PodFailurePolicyRule {
  action: string;
  onExitCodes?: { containerName?: string; operator: string; values: number[] };
  onPodConditions?: { type: string; status?: string }[];
}

export interface SuccessPolicyRule {
  succeededIndexes?: string;
  succeededCount?: number;
}

/** The (defaulted) Job spec fields the controller uses. */
export interface JobSpecView {
  parallelism: number;
  completions: number | null;
  indexed: boolean;
  completionMode: string;
  backoffLimit: number;
  backoffLimitPerIndex?: number;
  maxFailedIndexes?: number;
  activeDeadlineSeconds?: number;
  suspend: boolean;
  podFailurePolicy?: { rules: PodFailurePolicyRule[] };
  successPolicy?: { rules: SuccessPolicyRule[] };
  podReplacementPolicy: string;
  ttlSecondsAfterFinished?: number;
  managedBy?: string;
  restartPolicy: string;
}

export interface JobView {
  name: string;
  namespace: string;
  uid: string;
  deleting: boolean;
  spec: JobSpecView;
  status: JobStatusState;
}

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

export interface PodToCreate {
  /** Completion index (Indexed Jobs). */
  index?: number;
  /** Per-index failure counts for the new pod's annotations (backoffLimitPerIndex). */
  failureCount?: number;
  ignoredFailureCount?: number;
}

export interface KEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface SyncResult {
  /** The status written at the end of the sync (a new object). */
  status: JobStatusState;
  /** Whether this sync would write the Job status. */
  statusChanged: boolean;
  create: PodToCreate[];
  /** Pods deleted because the Job finished (finalizers kept until tracking removes them). */
  deleteActive: CPod[];
  /** Pods removed by manageJob (suspend, scale-down, duplicate index): finalizer first, then DELETE. */
  deleteRemoved: CPod[];
  removeFinalizers: CPod[];
  /** The controller re-queues the Job after this many seconds (backoff or deadline). */
  requeueAfter?: number;
  backoff: BackoffRecord;
  events: KEvent[];
  reasons: string[];
  /** True when the sync did nothing at all (finished, managed elsewhere). */
  skipped?: boolean;
}

export interface SimCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  atSeconds: number;
}

/** A Job status as Simulate, Run locally and explain report it (times in seconds from the Job's creation). */
export interface SimStatus {
  active: number;
  succeeded: number;
  failed: number;
  terminating: number;
  ready: number;
  completedIndexes: string | null;
  failedIndexes: string | null;
  startTimeSeconds: number | null;
  completionTimeSeconds: number | null;
  conditions: SimCondition[];
}
