/**
 * Explain: given a live Job and its pods as the API returns them, what the Job controller does in
 * its next sync and why. Runs the same pure sync as the simulator on the real objects.
 */
import { isFinished, syncJob } from './controller';
import { JobInputError, jobViewFromApi, parseTime } from './jobView';
import { finishedTime, isPodFailed } from './pods';
import { TRACKING_FINALIZER, type BackoffRecord, type CPod, type ContainerState, type JobStatusState, type PodPhase, type SimStatus } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface ExplainResult {
  status: SimStatus;
  actions: {
    create: { index?: number }[];
    delete: string[];
    removeFinalizers: string[];
    requeueAfterSeconds: number | null;
  };
  reasons: string[];
  events: { type: string; reason: string; message: string }[];
}

const PHASES = new Set(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']);

function containerStates(list: unknown): ContainerState[] {
  return arr(list)
    .filter(isObj)
    .map((c) => {
      const state = obj(c.state);
      const t = isObj(state.terminated) ? state.terminated : undefined;
      const out: ContainerState = { name: str(c.name) ?? '', restartCount: typeof c.restartCount === 'number' ? c.restartCount : 0 };
      if (t) out.terminated = { exitCode: typeof t.exitCode === 'number' ? t.exitCode : 0, finishedAt: parseTime(t.finishedAt) };
      if (isObj(state.running)) out.running = true;
      return out;
    });
}

/** A pod object from the API as the controller sees it. */
export function podFromApi(p: Obj): CPod {
  const meta = obj(p.metadata);
  const status = obj(p.status);
  const phase = str(status.phase);
  const pod: CPod = {
    name: str(meta.name) ?? '',
    namespace: str(meta.namespace) ?? 'default',
    uid: str(meta.uid) ?? str(meta.name) ?? '',
    creationTime: parseTime(meta.creationTimestamp) ?? 0,
    phase: (phase && PHASES.has(phase) ? phase : 'Pending') as PodPhase,
    finalizer: arr(meta.finalizers).includes(TRACKING_FINALIZER),
    annotations: Object.fromEntries(Object.entries(obj(meta.annotations)).map(([k, v]) => [k, String(v)])),
    labels: Object.fromEntries(Object.entries(obj(meta.labels)).map(([k, v]) => [k, String(v)])),
    containerStatuses: containerStates(status.containerStatuses),
    initContainerStatuses: containerStates(status.initContainerStatuses),
    conditions: arr(status.conditions)
      .filter(isObj)
      .map((c) => ({ type: str(c.type) ?? '', status: str(c.status) ?? '', lastTransitionTime: parseTime(c.lastTransitionTime) })),
  };
  const del = parseTime(meta.deletionTimestamp);
  if (del !== undefined) {
    pod.deletionTime = del;
    if (typeof meta.deletionGracePeriodSeconds === 'number') pod.deletionGracePeriodSeconds = meta.deletionGracePeriodSeconds;
  }
  const node = str(obj(p.spec).nodeName);
  if (node) pod.nodeName = node;
  return pod;
}

/** Items of a `kubectl get pods -o json` List, a plain array, or a single pod. */
export function podItems(input: unknown): Obj[] {
  if (Array.isArray(input)) return input.filter(isObj);
  if (isObj(input) && Array.isArray(input.items)) return input.items.filter(isObj);
  if (isObj(input) && input.kind === 'Pod') return [input];
  throw new JobInputError('pods: expected a List with "items" (kubectl get pods -o json), an array of pods, or one Pod');
}

/** Pods controlled by the Job (ownerReference with the Job's UID, else the job-name label). */
export function podsOfJob(job: Obj, pods: Obj[]): Obj[] {
  const meta = obj(job.metadata);
  const uid = str(meta.uid);
  const name = str(meta.name);
  const ns = str(meta.namespace);
  return pods.filter((p) => {
    const pm = obj(p.metadata);
    if (ns && str(pm.namespace) && str(pm.namespace) !== ns) return false;
    const owner = arr(pm.ownerReferences)
      .filter(isObj)
      .find((r) => r.controller === true && r.kind === 'Job');
    if (owner) return uid ? owner.uid === uid : owner.name === name;
    const labels = obj(pm.labels);
    return uid ? labels['batch.kubernetes.io/controller-uid'] === uid || labels['controller-uid'] === uid : labels['batch.kubernetes.io/job-name'] === name;
  });
}

/**
 * The in-memory back-off record cannot be read from the cluster; rebuild it from the pods that
 * were already accounted (no tracking finalizer): failures after the last success.
 */
function reconstructBackoff(pods: CPod[], spec: ReturnType<typeof jobViewFromApi>['spec']): BackoffRecord {
  const counted = pods.filter((p) => !p.finalizer);
  const successes = counted.filter((p) => p.phase === 'Succeeded').map(finishedTime);
  const lastSuccess = successes.length ? Math.max(...successes) : -Infinity;
  const fails = counted.filter((p) => isPodFailed(p, spec)).map(finishedTime).filter((t) => t > lastSuccess);
  return fails.length ? { failuresAfterLastSuccess: fails.length, lastFailureTime: Math.max(...fails) } : { failuresAfterLastSuccess: 0 };
}

export function statusSummary(s: JobStatusState, indexed: boolean, origin: number): SimStatus {
  const rel = (t: number | undefined) => (t === undefined ? null : Math.round((t - origin) * 1000) / 1000);
  return {
    active: s.active,
    succeeded: s.succeeded,
    failed: s.failed,
    terminating: s.terminating,
    ready: s.ready,
    completedIndexes: indexed ? s.completedIndexes.toString() : null,
    failedIndexes: s.failedIndexes ? s.failedIndexes.toString() : null,
    startTimeSeconds: rel(s.startTime),
    completionTimeSeconds: rel(s.completionTime),
    conditions: s.conditions.map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message, atSeconds: rel(c.lastTransitionTime) ?? 0 })),
  };
}

/** `now` in Unix seconds. Times in the result are seconds from the Job's creationTimestamp. */
export function explain(jobInput: unknown, podsInput: unknown, now: number): ExplainResult {
  if (!isObj(jobInput) || (jobInput.kind !== undefined && jobInput.kind !== 'Job')) throw new JobInputError('job: expected a batch/v1 Job object (kubectl get job NAME -o json)');
  const job = jobInput;
  const view = jobViewFromApi(job);
  const apiPods = podsOfJob(job, podItems(podsInput));
  const pods = apiPods.map(podFromApi).sort((a, b) => a.creationTime - b.creationTime || (a.name < b.name ? -1 : 1));
  const origin = parseTime(obj(job.metadata).creationTimestamp) ?? view.status.startTime ?? now;
  const backoff = reconstructBackoff(pods, view.spec);
  const r = syncJob(view, pods, now, backoff);
  const reasons = [...r.reasons];
  const fin = isFinished(r.status);
  if (fin && view.spec.ttlSecondsAfterFinished !== undefined) {
    const c = r.status.conditions.find((x) => x.type === fin && x.status === 'True')!;
    const at = c.lastTransitionTime + view.spec.ttlSecondsAfterFinished;
    reasons.push(at <= now ? 'ttlSecondsAfterFinished has passed: the TTL controller deletes the Job (and its pods) now' : `ttlSecondsAfterFinished: the TTL controller deletes the Job in ${Math.round((at - now) * 10) / 10}s`);
  }
  if (backoff.failuresAfterLastSuccess && !view.spec.backoffLimitPerIndex) {
    reasons.push(`back-off estimated from ${backoff.failuresAfterLastSuccess} already-counted failure(s) still visible (the controller's in-memory record is not observable)`);
  }
  if (!r.skipped && !r.create.length && !r.deleteActive.length && !r.deleteRemoved.length && !r.removeFinalizers.length && r.requeueAfter === undefined && !fin) {
    reasons.push('nothing to do until a pod changes');
  }
  const removeFinalizers = [...new Set([...r.deleteRemoved, ...r.removeFinalizers].map((p) => p.name))];
  return {
    status: statusSummary(r.status, view.spec.indexed, origin),
    actions: {
      create: r.create.map((c) => (c.index !== undefined ? { index: c.index } : {})),
      delete: [...r.deleteActive, ...r.deleteRemoved].map((p) => p.name),
      removeFinalizers,
      requeueAfterSeconds: r.requeueAfter !== undefined ? Math.round(r.requeueAfter * 1000) / 1000 : null,
    },
    reasons,
    events: r.events,
  };
}
