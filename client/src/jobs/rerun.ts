/**
 * Re-running a Job: the copy to create (no status, no server-set or generated fields) and its name,
 * plus the merge patch that suspends or resumes a Job. Pure; the API calls are in
 * client/src/cluster/jobApi.ts.
 */
import type { JobObject } from './types';

/** Labels the Job controller generates (on the Job, its selector and its pod template). */
export const GENERATED_LABELS = ['batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name', 'controller-uid', 'job-name'];

function withoutGenerated(labels: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!labels) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (!GENERATED_LABELS.includes(k)) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

/** A DNS-1123 name for the copy: `<name>-rerun-<suffix>`, within 63 characters. */
export function rerunName(name: string, suffix: string): string {
  const tail = `-rerun-${suffix}`;
  return `${name.replace(/-rerun-[a-z0-9]+$/, '').slice(0, 63 - tail.length).replace(/-+$/, '')}${tail}`;
}

/**
 * A copy of a Job to create again: no status, no server-set metadata, no owner (a CronJob would
 * not count it), no generated selector or generated labels (unless the selector was manual).
 */
export function rerunCopy(job: JobObject, newName: string): JobObject {
  const src = structuredClone(job);
  const md = src.metadata ?? {};
  const annotations = { ...(md.annotations ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  const spec = { ...(src.spec ?? {}) };
  if (!spec.manualSelector) delete spec.selector;
  if (spec.template) {
    const tmd = { ...(spec.template.metadata ?? {}) };
    const tl = spec.manualSelector ? tmd.labels : withoutGenerated(tmd.labels);
    if (tl) tmd.labels = tl;
    else delete tmd.labels;
    delete tmd.creationTimestamp;
    spec.template = { ...spec.template, metadata: tmd };
  }
  const labels = withoutGenerated(md.labels);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: newName,
      namespace: md.namespace,
      ...(labels ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec,
  };
}

export const suspendPatch = (suspend: boolean) => ({ spec: { suspend } });
