/**
 * Minimal shapes of the API objects the explorer reads, as plain JSON (timestamps are RFC 3339
 * strings, not Dates). Hand-written code depends on these small interfaces, not on generated classes.
 */
export interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface ContainerSpec {
  name?: string;
  image?: string;
}

export interface JobObject extends KObject {
  spec?: {
    completions?: number | null;
    parallelism?: number | null;
    completionMode?: string;
    backoffLimit?: number;
    backoffLimitPerIndex?: number | null;
    maxFailedIndexes?: number | null;
    suspend?: boolean;
    activeDeadlineSeconds?: number;
    ttlSecondsAfterFinished?: number;
    podFailurePolicy?: unknown;
    successPolicy?: unknown;
    selector?: unknown;
    manualSelector?: boolean;
    template?: { metadata?: ObjectMeta; spec?: { containers?: ContainerSpec[]; initContainers?: ContainerSpec[]; restartPolicy?: string } };
    [k: string]: unknown;
  };
  status?: {
    conditions?: Condition[];
    startTime?: string;
    completionTime?: string;
    active?: number;
    ready?: number;
    terminating?: number;
    succeeded?: number;
    failed?: number;
    completedIndexes?: string;
    failedIndexes?: string;
    uncountedTerminatedPods?: unknown;
  };
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { exitCode?: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string };
}

export interface ContainerStatus {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface PodObject extends KObject {
  spec?: { containers?: ContainerSpec[]; initContainers?: ContainerSpec[]; restartPolicy?: string; nodeName?: string };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    startTime?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

export const LABEL_JOB_NAME = 'batch.kubernetes.io/job-name';
export const LABEL_CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
export const LABEL_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const ANNOTATION_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const ANNOTATION_INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const ANNOTATION_INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';

export function keyOf(o: KObject): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

/** The uid of the controlling owner of the given kind (e.g. the Job of a pod, the CronJob of a Job). */
export function controllerOf(o: KObject, kind: string): OwnerReference | undefined {
  return o.metadata?.ownerReferences?.find((r) => r.controller && r.kind === kind);
}

/** Which Job a pod belongs to: the controller owner's uid, else the controller-uid label. */
export function jobUidOfPod(p: PodObject): string | undefined {
  return controllerOf(p, 'Job')?.uid ?? p.metadata?.labels?.[LABEL_CONTROLLER_UID] ?? p.metadata?.labels?.['controller-uid'];
}

/** Completion index of a pod of an Indexed Job (label, then annotation), or undefined. */
export function podIndex(p: PodObject): number | undefined {
  const v = p.metadata?.labels?.[LABEL_COMPLETION_INDEX] ?? p.metadata?.annotations?.[ANNOTATION_COMPLETION_INDEX];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

/** A core/v1 Event, as much of it as Describe shows. */
export interface EventLike {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
  involvedObject?: { kind?: string; name?: string };
  series?: { count?: number; lastObservedTime?: string };
}
