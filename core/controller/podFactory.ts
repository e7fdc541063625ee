/**
 * What the Job controller puts on each pod it creates: name (generateName + 5 random characters),
 * Indexed hostname, labels, annotations, finalizer, ownerReference and the JOB_COMPLETION_INDEX env var.
 */
import {
  ANN_COMPLETION_INDEX,
  ANN_INDEX_FAILURE_COUNT,
  ANN_INDEX_IGNORED_FAILURE_COUNT,
  LABEL_CONTROLLER_UID,
  LABEL_JOB_NAME,
  LEGACY_LABEL_CONTROLLER_UID,
  LEGACY_LABEL_JOB_NAME,
  TRACKING_FINALIZER,
  type PodToCreate,
} from './types';

type Obj = Record<string, unknown>;

/** Kubernetes' generateName alphabet (no vowels, no confusable characters). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_GENERATED_NAME_LENGTH = 58;

/** A small deterministic PRNG (mulberry32) so simulations are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Number of distinct 5-character suffixes. */
export const SUFFIX_SPACE = 27 ** 5;

/** The suffix with number `code` (0 <= code < SUFFIX_SPACE). */
export function suffixOf(code: number): string {
  let s = '';
  for (let i = 0; i < 5; i++) {
    s += ALPHANUMS[code % 27];
    code = Math.floor(code / 27);
  }
  return s;
}

export function randomSuffix(rnd: () => number): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += ALPHANUMS[Math.floor(rnd() * ALPHANUMS.length)];
  return s;
}

/** generateName of a pod: `<job>-` or, for Indexed Jobs, `<job>-<index>-` (job part cut to fit 58). */
export function podGenerateName(jobName: string, index?: number): string {
  if (index === undefined) {
    const p = `${jobName}-`;
    return p.length > MAX_GENERATED_NAME_LENGTH ? p.slice(0, MAX_GENERATED_NAME_LENGTH) : p;
  }
  const suffix = `-${index}-`;
  const p = jobName + suffix;
  return p.length > MAX_GENERATED_NAME_LENGTH ? p.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix : p;
}

/** The Indexed pod hostname `<job>-<index>` (the API server validates it as a DNS label). */
export function podHostname(jobName: string, index: number): string {
  return `${jobName}-${index}`;
}

export interface PodMetaInput {
  jobName: string;
  namespace: string;
  jobUid: string;
  /** The Job's pod template (spec.template) as plain JS. */
  template: Obj;
  indexed: boolean;
  create: PodToCreate;
  podName: string;
  perIndex: boolean;
}

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** Annotations of a new pod (what the controller reads back). */
export function podAnnotations(input: Omit<PodMetaInput, 'podName' | 'namespace'>): Record<string, string> {
  const tmeta = ((input.template as Obj).metadata as Obj | undefined) ?? {};
  const annotations: Record<string, string> = tmeta.annotations ? { ...(tmeta.annotations as Record<string, string>) } : {};
  const ix = input.create.index;
  if (input.indexed && ix !== undefined) annotations[ANN_COMPLETION_INDEX] = String(ix);
  if (input.perIndex) {
    annotations[ANN_INDEX_FAILURE_COUNT] = String(input.create.failureCount ?? 0);
    if (input.create.ignoredFailureCount) annotations[ANN_INDEX_IGNORED_FAILURE_COUNT] = String(input.create.ignoredFailureCount);
  }
  return annotations;
}

/** Labels and annotations of a new pod (cheap: no copy of the pod spec). */
export function podMeta(input: Omit<PodMetaInput, 'podName' | 'namespace'>): { labels: Record<string, string>; annotations: Record<string, string> } {
  const tmeta = ((input.template as Obj).metadata as Obj | undefined) ?? {};
  const labels: Record<string, string> = { ...((tmeta.labels as Record<string, string>) ?? {}) };
  // The API server adds these to the template when it generates the Job's selector.
  labels[LABEL_CONTROLLER_UID] ??= input.jobUid;
  labels[LABEL_JOB_NAME] ??= input.jobName;
  labels[LEGACY_LABEL_CONTROLLER_UID] ??= input.jobUid;
  labels[LEGACY_LABEL_JOB_NAME] ??= input.jobName;
  const annotations: Record<string, string> = { ...((tmeta.annotations as Record<string, string>) ?? {}) };
  const ix = input.create.index;
  if (input.indexed && ix !== undefined) {
    annotations[ANN_COMPLETION_INDEX] = String(ix);
    labels[ANN_COMPLETION_INDEX] = String(ix);
  }
  if (input.perIndex) {
    annotations[ANN_INDEX_FAILURE_COUNT] = String(input.create.failureCount ?? 0);
    if (input.create.ignoredFailureCount) annotations[ANN_INDEX_IGNORED_FAILURE_COUNT] = String(input.create.ignoredFailureCount);
  }
  return { labels, annotations };
}

/** The pod object the controller submits (before the API server and kubelet fill in status). */
export function buildPod(input: PodMetaInput): Obj {
  const t = clone(input.template) ?? {};
  const tmeta = (t.metadata as Obj | undefined) ?? {};
  const { labels, annotations } = podMeta(input);
  const spec = ((t.spec as Obj | undefined) ?? {}) as Obj;
  const ix = input.create.index;
  if (input.indexed && ix !== undefined) {
    spec.hostname = podHostname(input.jobName, ix);
    for (const key of ['initContainers', 'containers']) {
      const list = spec[key];
      if (!Array.isArray(list)) continue;
      for (const c of list as Obj[]) {
        const env = Array.isArray(c.env) ? (c.env as Obj[]) : [];
        if (!env.some((e) => e.name === 'JOB_COMPLETION_INDEX')) {
          env.push({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.labels['${ANN_COMPLETION_INDEX}']` } } });
        }
        c.env = env;
      }
    }
  }
  const finalizers = Array.isArray(tmeta.finalizers) ? [...(tmeta.finalizers as string[])] : [];
  if (!finalizers.includes(TRACKING_FINALIZER)) finalizers.push(TRACKING_FINALIZER);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.podName,
      generateName: podGenerateName(input.jobName, input.indexed ? ix : undefined),
      namespace: input.namespace,
      labels,
      annotations,
      finalizers,
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: input.jobName, uid: input.jobUid, controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
}
