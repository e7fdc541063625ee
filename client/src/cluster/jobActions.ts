/**
 * Pure helpers behind the Job actions: the re-run copy, merge patches, mapping API errors onto
 * field paths, and the Describe text.
 */
import type { FieldPath, PathSegment } from '../../../core/yaml/fieldPath';
import { INDEX_STATE_LABEL, indexRuns, isIndexed, jobIndexSets, podsByIndex, runLabel, sortPodsNewestFirst } from './jobState';
import { jobStateText, podDescription } from './presentation';
import type { JobObject, PodObject } from './types';

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

/** `spec.template.spec.containers[0].image` or `metadata.labels[app]` → path segments. */
export function parseFieldPath(field: string): FieldPath {
  const out: PathSegment[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field))) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (/^\d+$/.test(m[2])) out.push(Number(m[2]));
    else out.push({ key: m[2] });
  }
  return out;
}

export interface ApiProblem {
  path?: FieldPath;
  field?: string;
  message: string;
}

/** A Status body's causes as problems at field paths (a cause-less Status is one problem). */
export function apiErrorProblems(status: unknown): ApiProblem[] {
  const s = status as { message?: string; details?: { causes?: { field?: string; message?: string; reason?: string }[] } } | undefined;
  const causes = s?.details?.causes ?? [];
  const out: ApiProblem[] = [];
  for (const c of causes) {
    const field = c.field?.replace(/^\.+/, '');
    const text = c.message ?? c.reason ?? 'invalid';
    out.push({ ...(field ? { path: parseFieldPath(field), field } : {}), message: field ? `${field}: ${text}` : text });
  }
  if (!out.length) out.push({ message: s?.message ?? String(status) });
  return out;
}

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

function evTime(e: EventLike): string {
  return e.lastTimestamp ?? e.series?.lastObservedTime ?? e.eventTime ?? e.firstTimestamp ?? '';
}

/** Describe: the Job, per-index state, pods and events (the Job's and its pods'), as plain text. */
export function describeJob(job: JobObject, pods: PodObject[], events: EventLike[]): string {
  const md = job.metadata ?? {};
  const spec = job.spec ?? {};
  const s = job.status ?? {};
  const L: string[] = [];
  L.push(`Name:             ${md.name}`, `Namespace:        ${md.namespace}`, `State:            ${jobStateText(job)}`);
  L.push(`Completion mode:  ${spec.completionMode ?? 'NonIndexed'}`, `Completions:      ${spec.completions ?? '<unset> (work queue)'}`, `Parallelism:      ${spec.parallelism ?? 1}`);
  L.push(`Backoff limit:    ${spec.backoffLimit ?? 6}`);
  if (spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null) L.push(`Backoff limit per index: ${spec.backoffLimitPerIndex}`);
  if (spec.maxFailedIndexes !== undefined && spec.maxFailedIndexes !== null) L.push(`Max failed indexes: ${spec.maxFailedIndexes}`);
  if (spec.suspend) L.push('Suspend:          true');
  if (s.startTime) L.push(`Start time:       ${s.startTime}`);
  if (s.completionTime) L.push(`Completed at:     ${s.completionTime}`);
  L.push(`Pods:             ${s.active ?? 0} active (${s.ready ?? 0} ready) / ${s.succeeded ?? 0} succeeded / ${s.failed ?? 0} failed${s.terminating ? ` / ${s.terminating} terminating` : ''}`);
  if (isIndexed(job)) {
    L.push(`Completed indexes: ${s.completedIndexes || '<none>'}`);
    L.push(`Failed indexes:    ${s.failedIndexes || '<none>'}`);
    const runs = indexRuns(jobIndexSets(job), podsByIndex(pods));
    L.push('Indexes:');
    const shown = runs.slice(0, 200);
    for (const r of shown) L.push(`  ${runLabel(r)}`);
    if (runs.length > shown.length) L.push(`  … ${runs.length - shown.length} more runs`);
  }
  L.push('Conditions:');
  if (!s.conditions?.length) L.push('  <none>');
  for (const c of s.conditions ?? []) L.push(`  ${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.lastTransitionTime ? ` (${c.lastTransitionTime})` : ''}${c.message ? `\n    ${c.message}` : ''}`);
  L.push('Pods (newest first):');
  const sorted = sortPodsNewestFirst(pods);
  if (!sorted.length) L.push('  <none>');
  for (const p of sorted.slice(0, 500)) L.push(`  ${p.metadata?.name}  ${podDescription(p)}`);
  if (sorted.length > 500) L.push(`  … ${sorted.length - 500} more`);
  L.push('Events (Job and pods, oldest first):');
  const evs = [...events].sort((a, b) => (evTime(a) < evTime(b) ? -1 : evTime(a) > evTime(b) ? 1 : 0));
  if (!evs.length) L.push('  <none>');
  for (const e of evs) {
    const n = e.count ?? e.series?.count;
    L.push(`  ${evTime(e)}  ${e.type ?? ''}  ${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}  ${e.reason ?? ''}${n && n > 1 ? ` (x${n})` : ''}  ${e.message ?? ''}`);
  }
  void INDEX_STATE_LABEL;
  return L.join('\n') + '\n';
}
