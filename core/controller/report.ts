/**
 * The simulation report as text (CLI `--format text` and the read-only editor document, whose
 * grammar is syntaxes/kjob-sim.tmLanguage.json) and as the CLI's JSON shape.
 */
import type { SimulationResult } from './simulator';

export function reportJson(r: SimulationResult): { status: SimulationResult['status']; pods: SimulationResult['pods']; timeline: SimulationResult['timeline'] } {
  return { status: r.status, pods: r.pods, timeline: r.timeline };
}

function sec(x: number | null | undefined): string {
  if (x === null || x === undefined) return '-';
  return `${Number.isInteger(x) ? x : x.toFixed(3).replace(/0+$/, '')}s`;
}

export interface ReportHeader {
  jobName: string;
  source?: string;
  outcomes?: string;
  spec?: Record<string, unknown>;
}

export function reportText(r: SimulationResult, h: ReportHeader): string {
  const lines: string[] = [];
  const s = r.status;
  const spec = (h.spec ?? {}) as Record<string, unknown>;
  const facts: string[] = [];
  facts.push(String(spec.completionMode ?? 'NonIndexed'));
  if (spec.completions !== undefined && spec.completions !== null) facts.push(`completions ${spec.completions}`);
  else facts.push('completions unset (work queue)');
  if (spec.parallelism !== undefined) facts.push(`parallelism ${spec.parallelism}`);
  if (spec.backoffLimitPerIndex !== undefined) facts.push(`backoffLimitPerIndex ${spec.backoffLimitPerIndex}`);
  else if (spec.backoffLimit !== undefined) facts.push(`backoffLimit ${spec.backoffLimit}`);
  if (spec.maxFailedIndexes !== undefined) facts.push(`maxFailedIndexes ${spec.maxFailedIndexes}`);
  if (spec.activeDeadlineSeconds !== undefined) facts.push(`activeDeadlineSeconds ${spec.activeDeadlineSeconds}`);
  if (spec.podFailurePolicy) facts.push('podFailurePolicy');
  if (spec.successPolicy) facts.push('successPolicy');
  lines.push(`# Simulation of Job ${h.jobName} (${facts.join(', ')})`);
  if (h.source) lines.push(`# Source: ${h.source}`);
  lines.push(`# Outcomes: ${h.outcomes ?? 'default (every container runs 1s and exits 0)'}`);
  lines.push('# Times are virtual seconds from Job creation; the Job controller semantics are those of Kubernetes 1.34+.');
  lines.push('');
  const cond = [...s.conditions].reverse().find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  if (cond) lines.push(`Result: ${cond.type} (${cond.reason}) at ${sec(cond.atSeconds)}: ${cond.message}`);
  else if (r.truncated) lines.push(`Result: still running when the simulation stopped at ${sec(r.endSeconds)}`);
  else lines.push(`Result: not finished (nothing more happens after ${sec(r.endSeconds)}${s.conditions.some((c) => c.type === 'Suspended' && c.status === 'True') ? ': the Job is suspended' : ''})`);
  lines.push('');
  lines.push('Status:');
  lines.push(`  active: ${s.active}  ready: ${s.ready}  terminating: ${s.terminating}  succeeded: ${s.succeeded}  failed: ${s.failed}`);
  if (s.completedIndexes !== null) lines.push(`  completedIndexes: "${s.completedIndexes}"`);
  if (s.failedIndexes !== null) lines.push(`  failedIndexes: "${s.failedIndexes}"`);
  lines.push(`  startTime: ${sec(s.startTimeSeconds)}  completionTime: ${sec(s.completionTimeSeconds)}`);
  if (r.deletedAtSeconds !== null) lines.push(`  deleted by ttlSecondsAfterFinished at ${sec(r.deletedAtSeconds)}`);
  lines.push('Conditions:');
  if (!s.conditions.length) lines.push('  (none)');
  for (const c of s.conditions) lines.push(`  ${c.type}=${c.status} reason ${c.reason} at ${sec(c.atSeconds)}: ${c.message}`);
  lines.push('');
  // Only the shown pods and timeline entries are built (a 100,000-index simulation has 300,000 entries).
  lines.push(`Pods (${r.podCount}):`);
  const maxPods = 200;
  for (const p of r.podsSlice(0, maxPods)) {
    const codes = Object.entries(p.exitCodes)
      .map(([n, c]) => `${n}=${c}`)
      .join(',');
    lines.push(`  ${p.name}  index ${p.index ?? '-'}  attempt ${p.attempt}  created ${sec(p.createdAtSeconds)}  finished ${sec(p.finishedAtSeconds)}  ${p.phase}${codes ? `  exit ${codes}` : ''}`);
  }
  if (r.podCount > maxPods) lines.push(`  ... ${r.podCount - maxPods} more`);
  lines.push('');
  lines.push('Timeline:');
  const maxLines = 5000;
  for (const t of r.timelineSlice(0, maxLines)) lines.push(`  ${sec(t.atSeconds).padStart(9)}  ${t.kind.padEnd(9)} ${t.message}`);
  if (r.timelineCount > maxLines) lines.push(`  ... ${r.timelineCount - maxLines} more entries (use --format json for all)`);
  return lines.join('\n') + '\n';
}
