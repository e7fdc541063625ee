/**
 * The defaulting the API server applies to a batch/v1 Job (or a CronJob's jobTemplate) before it
 * validates it, applied to a deep copy of the plain-JS object. Verified against
 * pkg/apis/batch/v1/defaults.go (SetDefaults_Job, SetDefaults_PodFailurePolicyOnPodConditionsPattern),
 * zz_generated.defaults.go (a CronJob's jobTemplate gets NO SetDefaults_Job: only the pod-spec,
 * probe, port, env and onPodConditions defaults) and pkg/apis/core/v1/defaults.go.
 */
import type { JobKind } from '../yaml/document';
import { atLeast, JOB_FIELD_GATES, type MinorVersion } from './versions';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

export function asArr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function ensureObj(parent: Obj, key: string): Obj {
  const cur = parent[key];
  if (isObj(cur)) return cur;
  const fresh: Obj = {};
  parent[key] = fresh;
  return fresh;
}

function unset(v: unknown): boolean {
  return v === undefined || v === null;
}

/** Deep copy of JSON-like data (the YAML document's plain-JS view). */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as unknown as T;
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v)) out[k] = clone(v[k]);
    return out as T;
  }
  return v;
}

/**
 * Returns a defaulted copy of `job` (the Job object: the whole document for a Job, or the
 * jobTemplate for a CronJob).
 */
export function defaultJob(job: Obj, kind: JobKind, version: MinorVersion): Obj {
  const out = clone(job);
  const spec = ensureObj(out, 'spec');
  if (kind === 'Job') {
    // For a non-parallel Job both may be left unset; then both become 1.
    if (unset(spec.completions) && unset(spec.parallelism)) {
      spec.completions = 1;
      spec.parallelism = 1;
    }
    if (unset(spec.parallelism)) spec.parallelism = 1;
    if (unset(spec.backoffLimit)) spec.backoffLimit = unset(spec.backoffLimitPerIndex) ? 6 : 2147483647;
    const template = asObj(spec.template);
    const tLabels = template ? asObj(asObj(template.metadata)?.labels) : undefined;
    const meta = ensureObj(out, 'metadata');
    const ownLabels = asObj(meta.labels);
    if (tLabels && (!ownLabels || Object.keys(ownLabels).length === 0)) meta.labels = clone(tLabels);
    if (unset(spec.completionMode)) spec.completionMode = 'NonIndexed';
    if (unset(spec.suspend)) spec.suspend = false;
    // JobPodReplacementPolicy: beta (on) 1.29, GA 1.34. Before 1.29 the field does not exist.
    if (unset(spec.podReplacementPolicy) && atLeast(version, 29)) {
      spec.podReplacementPolicy = unset(spec.podFailurePolicy) ? 'TerminatingOrFailed' : 'Failed';
    }
    if (unset(spec.manualSelector)) spec.manualSelector = false;
  }
  for (const rule of asArr(asObj(spec.podFailurePolicy)?.rules)) {
    for (const pattern of asArr(asObj(rule)?.onPodConditions)) {
      if (isObj(pattern) && (unset(pattern.status) || pattern.status === '')) pattern.status = 'True';
    }
  }
  const template = asObj(spec.template);
  if (template) {
    const podSpec = asObj(template.spec);
    if (podSpec) defaultPodSpec(podSpec);
  }
  // PrepareForCreate then drops fields whose feature gate is off on the target release, so no rule
  // reports on them there (api/version-skew warns instead).
  for (const g of JOB_FIELD_GATES) if (version < g.beta) delete spec[g.field];
  return out;
}

function defaultPodSpec(ps: Obj): void {
  if (unset(ps.dnsPolicy) || ps.dnsPolicy === '') ps.dnsPolicy = 'ClusterFirst';
  if (unset(ps.restartPolicy) || ps.restartPolicy === '') ps.restartPolicy = 'Always';
  if (unset(ps.terminationGracePeriodSeconds)) ps.terminationGracePeriodSeconds = 30;
  if (unset(ps.schedulerName) || ps.schedulerName === '') ps.schedulerName = 'default-scheduler';
  for (const list of ['containers', 'initContainers'] as const) {
    for (const c of asArr(ps[list])) if (isObj(c)) defaultContainer(c);
  }
  // SetDefaults_Volume: a volume without any source becomes an emptyDir (so `emptyDir:` with a null value works)
  for (const v of asArr(ps.volumes)) {
    if (isObj(v) && Object.keys(v).every((k) => k === 'name' || v[k] === null || v[k] === undefined)) v.emptyDir = {};
  }
}

function defaultContainer(c: Obj): void {
  if (unset(c.terminationMessagePath) || c.terminationMessagePath === '') c.terminationMessagePath = '/dev/termination-log';
  if (unset(c.terminationMessagePolicy) || c.terminationMessagePolicy === '') c.terminationMessagePolicy = 'File';
  if (unset(c.imagePullPolicy) || c.imagePullPolicy === '') {
    const image = typeof c.image === 'string' ? c.image : '';
    const tagged = /:[^/:]+$/.test(image.split('@')[0] ?? '');
    const latest = /:latest$/.test(image.split('@')[0] ?? '');
    c.imagePullPolicy = image.includes('@') ? 'IfNotPresent' : !tagged || latest ? 'Always' : 'IfNotPresent';
  }
  for (const p of asArr(c.ports)) {
    if (isObj(p) && (unset(p.protocol) || p.protocol === '')) p.protocol = 'TCP';
  }
  for (const e of asArr(c.env)) {
    const fr = asObj(asObj(asObj(e)?.valueFrom)?.fieldRef);
    if (fr && (unset(fr.apiVersion) || fr.apiVersion === '')) fr.apiVersion = 'v1';
  }
  for (const probeKey of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const pr = asObj(c[probeKey]);
    if (!pr) continue;
    if (!pr.timeoutSeconds) pr.timeoutSeconds = 1;
    if (!pr.periodSeconds) pr.periodSeconds = 10;
    if (!pr.successThreshold) pr.successThreshold = 1;
    if (!pr.failureThreshold) pr.failureThreshold = 3;
  }
}
