/**
 * Per-index state of an Indexed Job from its status (completedIndexes, failedIndexes) and its
 * pods, and the collapsed runs shown for huge Jobs ("0-4999 succeeded"). No I/O.
 */
import { IndexSet } from '../../../core/workloads/indexRanges';
import {
  ANNOTATION_INDEX_FAILURE_COUNT,
  ANNOTATION_INDEX_IGNORED_FAILURE_COUNT,
  podIndex,
  type JobObject,
  type PodObject,
} from './types';

export type IndexStateKind = 'succeeded' | 'failed' | 'running' | 'pending' | 'backoff' | 'notStarted';

export const INDEX_STATE_LABEL: Record<IndexStateKind, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  running: 'running',
  pending: 'pending',
  backoff: 'waiting for backoff',
  notStarted: 'not started',
};

export interface IndexInfo {
  index: number;
  state: IndexStateKind;
  /** Pods of this index, newest first. */
  pods: PodObject[];
  /** Attempts seen: pods still present, or the failure-count annotation of the newest pod + 1. */
  attempts: number;
  /** `batch.kubernetes.io/job-index-failure-count` of the newest pod (backoffLimitPerIndex). */
  failureCount?: number;
  ignoredFailureCount?: number;
}

export interface IndexRun {
  first: number;
  last: number;
  state: IndexStateKind;
}

export type PodPhaseKind = 'pending' | 'running' | 'succeeded' | 'failed' | 'terminating' | 'unknown';

export function podPhase(p: PodObject): PodPhaseKind {
  const phase = p.status?.phase;
  if (phase === 'Succeeded') return 'succeeded';
  if (phase === 'Failed') return 'failed';
  if (p.metadata?.deletionTimestamp) return 'terminating';
  if (phase === 'Running') return 'running';
  if (phase === 'Pending' || phase === undefined) return 'pending';
  return 'unknown';
}

export function isPodActive(p: PodObject): boolean {
  const k = podPhase(p);
  return k === 'pending' || k === 'running' || k === 'unknown';
}

/** Newest first by creationTimestamp, then name (stable). */
export function sortPodsNewestFirst(pods: PodObject[]): PodObject[] {
  return [...pods].sort((a, b) => {
    const ta = a.metadata?.creationTimestamp ?? '';
    const tb = b.metadata?.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? 1 : -1;
    return (b.metadata?.name ?? '').localeCompare(a.metadata?.name ?? '');
  });
}

export function isIndexed(job: JobObject): boolean {
  return job.spec?.completionMode === 'Indexed';
}

export function conditionTrue(job: JobObject, type: string): boolean {
  return !!job.status?.conditions?.some((c) => c.type === type && c.status === 'True');
}

/** Complete or Failed: the controller starts no more pods. */
export function isJobFinished(job: JobObject): boolean {
  return conditionTrue(job, 'Complete') || conditionTrue(job, 'Failed');
}

/** Pods of an Indexed Job grouped by completion index, each list newest first. */
export function podsByIndex(pods: PodObject[]): Map<number, PodObject[]> {
  const m = new Map<number, PodObject[]>();
  for (const p of pods) {
    const i = podIndex(p);
    if (i === undefined) continue;
    const l = m.get(i);
    if (l) l.push(p);
    else m.set(i, [p]);
  }
  for (const [i, l] of m) if (l.length > 1) m.set(i, sortPodsNewestFirst(l));
  return m;
}

function intAnnotation(p: PodObject | undefined, key: string): number | undefined {
  const v = p?.metadata?.annotations?.[key];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Parsed status sets, computed once per Job object. */
export interface JobIndexSets {
  completions: number;
  completed: IndexSet;
  failed: IndexSet;
  finished: boolean;
}

export function jobIndexSets(job: JobObject): JobIndexSets {
  const completions = job.spec?.completions ?? 1;
  return {
    completions,
    completed: IndexSet.parse(job.status?.completedIndexes, completions),
    failed: IndexSet.parse(job.status?.failedIndexes, completions),
    finished: isJobFinished(job),
  };
}

export function indexState(index: number, sets: JobIndexSets, pods: PodObject[] = []): IndexInfo {
  const newest = pods[0];
  const failureCount = intAnnotation(newest, ANNOTATION_INDEX_FAILURE_COUNT);
  const ignoredFailureCount = intAnnotation(newest, ANNOTATION_INDEX_IGNORED_FAILURE_COUNT);
  const attempts = Math.max(pods.length, newest ? (failureCount ?? 0) + (ignoredFailureCount ?? 0) + 1 : 0);
  const info = (state: IndexStateKind): IndexInfo => ({
    index,
    state,
    pods,
    attempts,
    ...(failureCount !== undefined ? { failureCount } : {}),
    ...(ignoredFailureCount !== undefined ? { ignoredFailureCount } : {}),
  });
  if (sets.completed.has(index)) return info('succeeded');
  if (sets.failed.has(index)) return info('failed');
  const active = pods.find(isPodActive);
  if (active) return info(podPhase(active) === 'running' ? 'running' : 'pending');
  if (!newest) return info('notStarted');
  const k = podPhase(newest);
  if (k === 'succeeded') return info('succeeded');
  if (sets.finished) return info(k === 'failed' ? 'failed' : 'notStarted');
  // The newest attempt failed (or is terminating) and the Job goes on: the controller will
  // create the retry after its backoff delay.
  return info('backoff');
}

const MERGEABLE = new Set<IndexStateKind>(['succeeded', 'failed', 'notStarted']);

/**
 * Indexes 0..completions-1 as runs: consecutive succeeded / failed / not-started indexes merge;
 * running, pending and backoff indexes stay single so they are always visible.
 */
export function indexRuns(sets: JobIndexSets, byIndex: Map<number, PodObject[]>): IndexRun[] {
  const runs: IndexRun[] = [];
  for (let i = 0; i < sets.completions; i++) {
    const s = indexState(i, sets, byIndex.get(i)).state;
    const prev = runs[runs.length - 1];
    if (prev && prev.state === s && MERGEABLE.has(s) && prev.last === i - 1) prev.last = i;
    else runs.push({ first: i, last: i, state: s });
  }
  return runs;
}

export function runLabel(r: IndexRun): string {
  return `${r.first === r.last ? r.first : `${r.first}-${r.last}`} ${INDEX_STATE_LABEL[r.state]}`;
}

/** Counts per state over runs. */
export function countStates(runs: IndexRun[]): Record<IndexStateKind, number> {
  const c: Record<IndexStateKind, number> = { succeeded: 0, failed: 0, running: 0, pending: 0, backoff: 0, notStarted: 0 };
  for (const r of runs) c[r.state] += r.last - r.first + 1;
  return c;
}
