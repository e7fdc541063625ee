/** "Describe" on a Job: the Job, its per-index state, pods and events as plain text. Pure. */
import { indexRuns, isIndexed, jobIndexSets, podsByIndex, runLabel, sortPodsNewestFirst } from '../jobs/jobState';
import { jobStateText, podDescription } from '../jobs/presentation';
import type { EventLike, JobObject, PodObject } from '../jobs/types';

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
  return L.join('\n') + '\n';
}
