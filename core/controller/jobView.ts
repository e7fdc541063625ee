/** Conversions between API-shaped Job objects (plain JS) and the controller's view. */
import { defaultJob } from '../workloads/job';
import { SCHEMA_MINOR } from '../workloads/versions';
import { IndexSet } from '../workloads/indexRanges';
import type { JobCondition, JobSpecView, JobStatusState, JobView, PodFailurePolicyRule, SuccessPolicyRule } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Applies the API server's defaults (shared defaulting module) to a Job object. */
export function defaultedJob(job: Obj): Obj {
  return defaultJob(job, 'Job', SCHEMA_MINOR);
}

export class JobInputError extends Error {}

/** Reads the controller-relevant spec of a defaulted Job; throws JobInputError on unusable input. */
export function specView(job: Obj): JobSpecView {
  const spec = obj(job.spec);
  const tspec = obj(obj(spec.template).spec);
  const completionsRaw = spec.completions;
  const completions = num(completionsRaw) ?? null;
  const parallelism = num(spec.parallelism) ?? 1;
  const completionMode = str(spec.completionMode) ?? 'NonIndexed';
  if (completionMode === 'Indexed' && completions === null) throw new JobInputError('spec.completions: Required value: when completion mode is Indexed');
  if (!Array.isArray(tspec.containers) || tspec.containers.length === 0) throw new JobInputError('spec.template.spec.containers: Required value');
  const pfp = isObj(spec.podFailurePolicy) ? spec.podFailurePolicy : undefined;
  const sp = isObj(spec.successPolicy) ? spec.successPolicy : undefined;
  const out: JobSpecView = {
    parallelism,
    completions,
    indexed: completionMode === 'Indexed',
    completionMode,
    backoffLimit: num(spec.backoffLimit) ?? (spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null ? 2147483647 : 6),
    suspend: spec.suspend === true,
    podReplacementPolicy: str(spec.podReplacementPolicy) ?? (pfp ? 'Failed' : 'TerminatingOrFailed'),
    restartPolicy: str(tspec.restartPolicy) ?? 'Never',
  };
  const blpi = num(spec.backoffLimitPerIndex);
  if (blpi !== undefined) out.backoffLimitPerIndex = blpi;
  const mfi = num(spec.maxFailedIndexes);
  if (mfi !== undefined) out.maxFailedIndexes = mfi;
  const ads = num(spec.activeDeadlineSeconds);
  if (ads !== undefined) out.activeDeadlineSeconds = ads;
  const ttl = num(spec.ttlSecondsAfterFinished);
  if (ttl !== undefined) out.ttlSecondsAfterFinished = ttl;
  const mb = str(spec.managedBy);
  if (mb !== undefined) out.managedBy = mb;
  if (pfp) {
    out.podFailurePolicy = {
      rules: (Array.isArray(pfp.rules) ? pfp.rules : []).filter(isObj).map((r): PodFailurePolicyRule => {
        const rule: PodFailurePolicyRule = { action: str(r.action) ?? '' };
        if (isObj(r.onExitCodes)) {
          const e = r.onExitCodes;
          rule.onExitCodes = {
            operator: str(e.operator) ?? '',
            values: (Array.isArray(e.values) ? e.values : []).filter((v): v is number => typeof v === 'number'),
            ...(str(e.containerName) ? { containerName: str(e.containerName) } : {}),
          };
        }
        if (Array.isArray(r.onPodConditions)) {
          rule.onPodConditions = r.onPodConditions.filter(isObj).map((c) => ({ type: str(c.type) ?? '', status: str(c.status) ?? 'True' }));
        }
        return rule;
      }),
    };
  }
  if (sp) {
    out.successPolicy = {
      rules: (Array.isArray(sp.rules) ? sp.rules : []).filter(isObj).map((r): SuccessPolicyRule => {
        const rule: SuccessPolicyRule = {};
        if (typeof r.succeededIndexes === 'string') rule.succeededIndexes = r.succeededIndexes;
        if (typeof r.succeededCount === 'number') rule.succeededCount = r.succeededCount;
        return rule;
      }),
    };
  }
  return out;
}

export function emptyStatus(spec: JobSpecView): JobStatusState {
  return {
    active: 0,
    ready: 0,
    terminating: 0,
    succeeded: 0,
    failed: 0,
    completedIndexes: new IndexSet(),
    failedIndexes: spec.indexed && spec.backoffLimitPerIndex !== undefined ? new IndexSet() : null,
    uncounted: { succeeded: [], failed: [] },
    conditions: [],
  };
}

/** Reads `status` of an API Job (times as RFC3339) into the controller's state (times in Unix seconds). */
export function statusFromApi(status: unknown, spec: JobSpecView): JobStatusState {
  const s = obj(status);
  const out = emptyStatus(spec);
  out.active = num(s.active) ?? 0;
  out.ready = num(s.ready) ?? 0;
  out.terminating = num(s.terminating) ?? 0;
  out.succeeded = num(s.succeeded) ?? 0;
  out.failed = num(s.failed) ?? 0;
  const st = parseTime(s.startTime);
  if (st !== undefined) out.startTime = st;
  const ct = parseTime(s.completionTime);
  if (ct !== undefined) out.completionTime = ct;
  out.completedIndexes = IndexSet.parse(str(s.completedIndexes) ?? '');
  out.failedIndexes = typeof s.failedIndexes === 'string' ? IndexSet.parse(s.failedIndexes) : spec.backoffLimitPerIndex !== undefined && spec.indexed ? new IndexSet() : null;
  const u = obj(s.uncountedTerminatedPods);
  out.uncounted = {
    succeeded: (Array.isArray(u.succeeded) ? u.succeeded : []).map(String),
    failed: (Array.isArray(u.failed) ? u.failed : []).map(String),
  };
  out.conditions = (Array.isArray(s.conditions) ? s.conditions : []).filter(isObj).map(
    (c): JobCondition => ({
      type: str(c.type) ?? '',
      status: str(c.status) ?? '',
      reason: str(c.reason) ?? '',
      message: str(c.message) ?? '',
      lastProbeTime: parseTime(c.lastProbeTime) ?? 0,
      lastTransitionTime: parseTime(c.lastTransitionTime) ?? 0,
    }),
  );
  return out;
}

export function parseTime(v: unknown): number | undefined {
  if (typeof v !== 'string' || !v) return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/** RFC3339 with second precision, as the API serializes metav1.Time. */
export function formatTime(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}

export function jobViewFromApi(job: Obj): JobView {
  const spec = specView(job);
  const meta = obj(job.metadata);
  return {
    name: str(meta.name) ?? 'job',
    namespace: str(meta.namespace) ?? 'default',
    uid: str(meta.uid) ?? '',
    deleting: typeof meta.deletionTimestamp === 'string',
    spec,
    status: statusFromApi(job.status, spec),
  };
}

/** Status as the API returns it; `toTime` maps controller seconds to RFC3339. */
export function statusToApi(s: JobStatusState, spec: JobSpecView, toTime: (sec: number) => string): Obj {
  const out: Obj = {};
  if (s.conditions.length) {
    out.conditions = s.conditions.map((c) => ({
      type: c.type,
      status: c.status,
      lastProbeTime: toTime(c.lastProbeTime),
      lastTransitionTime: toTime(c.lastTransitionTime),
      reason: c.reason,
      message: c.message,
    }));
  }
  if (s.startTime !== undefined) out.startTime = toTime(s.startTime);
  if (s.completionTime !== undefined) out.completionTime = toTime(s.completionTime);
  if (s.active) out.active = s.active;
  if (s.succeeded) out.succeeded = s.succeeded;
  if (s.failed) out.failed = s.failed;
  if (spec.indexed && s.completedIndexes.size) out.completedIndexes = s.completedIndexes.toString();
  if (s.failedIndexes) out.failedIndexes = s.failedIndexes.toString();
  out.uncountedTerminatedPods = {
    ...(s.uncounted.succeeded.length ? { succeeded: s.uncounted.succeeded } : {}),
    ...(s.uncounted.failed.length ? { failed: s.uncounted.failed } : {}),
  };
  out.terminating = s.terminating;
  out.ready = s.ready;
  return out;
}
