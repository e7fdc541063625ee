/** Pod predicates the Job controller uses (active, terminating, failed-for-the-job, finish time, index). */
import {
  ANN_COMPLETION_INDEX,
  ANN_INDEX_FAILURE_COUNT,
  ANN_INDEX_IGNORED_FAILURE_COUNT,
  POD_DELETION_COST,
  type CPod,
  type JobSpecView,
} from './types';

export const UNKNOWN_INDEX = -1;
const MAX_INT32 = 2147483647;

export function isTerminal(p: CPod): boolean {
  return p.phase === 'Succeeded' || p.phase === 'Failed';
}

export function isActive(p: CPod): boolean {
  return !isTerminal(p) && p.deletionTime === undefined;
}

export function isTerminating(p: CPod): boolean {
  return p.deletionTime !== undefined && !isTerminal(p);
}

export function isReady(p: CPod): boolean {
  if (p.readyFlag !== undefined) return p.readyFlag;
  return hasReadyTrue(p);
}

/** Whether the pod has a Ready=True condition (a scan of its conditions). */
export function hasReadyTrue(p: CPod): boolean {
  const cs = p.conditions;
  for (let i = 0; i < cs.length; i++) if (cs[i].type === 'Ready' && cs[i].status === 'True') return true;
  return false;
}

/** Whether the Job counts this pod as failed (podReplacementPolicy decides for deleted pods). */
export function isPodFailed(p: CPod, spec: JobSpecView): boolean {
  if (p.phase === 'Failed') return true;
  if (spec.podReplacementPolicy === 'Failed') return false;
  return p.deletionTime !== undefined && p.phase !== 'Succeeded';
}

/** Completion index from the annotation (Go strconv.Atoi rules); -1 when unknown. */
export function completionIndex(p: CPod): number {
  if (p.cachedIndex !== undefined) return p.cachedIndex;
  const v = p.annotations[ANN_COMPLETION_INDEX];
  let n = UNKNOWN_INDEX;
  if (v !== undefined && /^[+-]?\d+$/.test(v)) {
    n = Number(v);
    if (n < 0 || !Number.isSafeInteger(n)) n = UNKNOWN_INDEX;
  }
  p.cachedIndex = n;
  return n;
}

function countAnnotation(p: CPod, key: string): number {
  const v = p.annotations[key];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > MAX_INT32 ? 0 : n;
}

export function indexFailureCount(p: CPod): number {
  return countAnnotation(p, ANN_INDEX_FAILURE_COUNT);
}

export function indexIgnoredFailureCount(p: CPod): number {
  return countAnnotation(p, ANN_INDEX_IGNORED_FAILURE_COUNT);
}

/**
 * When the pod finished: the latest container finish time if every container terminated; else
 * the Ready=False transition; else deletionTimestamp - grace; else the creation time.
 */
export function finishedTime(p: CPod): number {
  let t: number | undefined;
  let all = p.containerStatuses.length > 0;
  for (const c of p.containerStatuses) {
    if (!c.terminated || c.terminated.finishedAt === undefined) {
      all = false;
      break;
    }
    if (t === undefined || c.terminated.finishedAt > t) t = c.terminated.finishedAt;
  }
  if (all && t !== undefined) return t;
  const ready = p.conditions.find((c) => c.type === 'Ready');
  if (ready && ready.status === 'False' && ready.lastTransitionTime !== undefined) return ready.lastTransitionTime;
  if (p.deletionTime !== undefined) return p.deletionTime - (p.deletionGracePeriodSeconds ?? 0);
  return p.creationTime;
}

function readySince(p: CPod): number | undefined {
  const c = p.conditions.find((x) => x.type === 'Ready' && x.status === 'True');
  return c ? c.lastTransitionTime : undefined;
}

function phaseRank(p: CPod): number {
  return p.phase === 'Pending' ? 0 : p.phase === 'Unknown' ? 1 : p.phase === 'Running' ? 2 : 3;
}

function restarts(p: CPod): number {
  let n = 0;
  for (const c of p.containerStatuses) n = Math.max(n, c.restartCount);
  return n;
}

function deletionCost(p: CPod): number {
  const v = p.annotations[POD_DELETION_COST];
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : 0;
}

/**
 * "Delete first" ordering of active pods (controller.ActivePods): unassigned before assigned,
 * Pending < Unknown < Running, not ready before ready, lower deletion cost, ready for less time,
 * more restarts, newer first.
 */
export function compareForDeletion(a: CPod, b: CPod): number {
  const an = a.nodeName ? 1 : 0;
  const bn = b.nodeName ? 1 : 0;
  if (an !== bn) return an - bn;
  const pr = phaseRank(a) - phaseRank(b);
  if (pr) return pr;
  const ar = isReady(a) ? 1 : 0;
  const br = isReady(b) ? 1 : 0;
  if (ar !== br) return ar - br;
  const dc = deletionCost(a) - deletionCost(b);
  if (dc) return dc;
  if (ar && br) {
    const at = readySince(a);
    const bt = readySince(b);
    if (at !== undefined && bt !== undefined && at !== bt) return bt - at; // ready more recently first
  }
  const rs = restarts(b) - restarts(a);
  if (rs) return rs;
  if (a.creationTime !== b.creationTime) return b.creationTime - a.creationTime;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
