/**
 * "Explain" for a Job in the tree: runs the simulator's explain (the same pure sync as the
 * simulator, on the live objects) and renders it as text for a read-only document.
 */
import { explain } from '../../../core/controller/explain';
import type { JobObject, PodObject } from '../jobs/types';

export function explainText(job: JobObject, pods: PodObject[], nowMs: number): string {
  const r = explain(job, pods, nowMs / 1000);
  const a = r.actions;
  const L: string[] = [`Job ${job.metadata?.namespace}/${job.metadata?.name} — the Job controller's next sync, as the kjob simulator computes it`, ''];
  L.push('Next sync:');
  if (a.create.length) {
    const idx = a.create.map((c) => c.index).filter((i): i is number => i !== undefined);
    L.push(`  create ${a.create.length} pod${a.create.length === 1 ? '' : 's'}${idx.length ? ` for index${idx.length === 1 ? '' : 'es'} ${idx.join(',')}` : ''}`);
  }
  if (a.delete.length) L.push(`  delete ${a.delete.join(', ')}`);
  if (a.removeFinalizers.length) L.push(`  remove the tracking finalizer from ${a.removeFinalizers.join(', ')}`);
  if (a.requeueAfterSeconds !== null) L.push(`  sync again in ${a.requeueAfterSeconds}s`);
  if (!a.create.length && !a.delete.length && !a.removeFinalizers.length && a.requeueAfterSeconds === null) L.push('  nothing');
  L.push('', 'Why:');
  for (const x of r.reasons) L.push(`  - ${x}`);
  const s = r.status;
  L.push('', 'Status after that sync:');
  L.push(`  active ${s.active} · ready ${s.ready} · terminating ${s.terminating} · succeeded ${s.succeeded} · failed ${s.failed}`);
  if (s.completedIndexes !== null) L.push(`  completedIndexes "${s.completedIndexes}"`);
  if (s.failedIndexes !== null) L.push(`  failedIndexes "${s.failedIndexes}"`);
  for (const c of s.conditions) L.push(`  ${c.type}=${c.status} ${c.reason}: ${c.message}`);
  if (r.events.length) {
    L.push('', 'Events it would record:');
    for (const e of r.events) L.push(`  ${e.type} ${e.reason}: ${e.message}`);
  }
  return L.join('\n') + '\n';
}
