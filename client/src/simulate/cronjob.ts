/**
 * The CodeLens above a CronJob's `schedule`: what it means and when it next runs (core/cron), in the
 * CronJob's time zone and in local time (the tooltip lists the next 5).
 */
import * as vscode from 'vscode';
import { isScalar, type Node } from 'yaml';
import type { ParsedFile } from '../../../core/yaml/document';
import { summarizeSchedule } from '../../../core/cron/explainSchedule';
import { simulateCronJob } from '../../../core/controller/cronjob';
import { formatRfc3339 } from '../../../core/cron/tz';
import type { OutcomeScript } from '../../../core/kubelet/outcomes';

export function scheduleLenses(doc: vscode.TextDocument, file: ParsedFile, docIndex: number): vscode.CodeLens[] {
  const pdoc = file.docs.find((d) => d.index === docIndex);
  if (!pdoc || pdoc.target !== 'CronJob') return [];
  const node = pdoc.doc.getIn(['spec', 'schedule'], true) as Node | undefined;
  const tz = pdoc.doc.getIn(['spec', 'timeZone']);
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return [];
  const s = summarizeSchedule(node.value, typeof tz === 'string' ? tz : undefined, Date.now() / 1000);
  if (!s) return [];
  const at = doc.positionAt(node.range[0]);
  const range = new vscode.Range(at.line, 0, at.line, 0);
  const title = s.runs.length ? `$(clock) ${s.description} · next ${s.lines[0]}` : `$(warning) ${s.description}`;
  const tooltip = [`Next runs${typeof tz === 'string' ? ` (${tz})` : ' (UTC)'}:`, ...s.lines, ...(s.note ? ['', s.note] : [])].join('\n');
  return [new vscode.CodeLens(range, { title, command: '', tooltip })];
}

/** Simulate… on a CronJob: asks for a horizon, runs the CronJob controller simulation, shows the runs. */
export async function simulateCronJobInEditor(doc: vscode.TextDocument, file: ParsedFile | undefined, docIndex: number, jobScript: OutcomeScript | undefined, reports: { set(uri: vscode.Uri, text: string): void }): Promise<void> {
  const pdoc = file?.docs.find((d) => d.index === docIndex);
  const cronJob = pdoc?.doc.toJS({ maxAliasCount: 1000 }) as Record<string, unknown> | undefined;
  if (!cronJob) return;
  const pick = await vscode.window.showQuickPick(
    HORIZONS.map((h) => ({ label: h.label, seconds: h.seconds })),
    { title: 'kjob: simulate the CronJob over…' },
  );
  if (!pick) return;
  const name = String((cronJob.metadata as Record<string, unknown> | undefined)?.name ?? 'cronjob');
  const from = Math.floor(Date.now() / 1000);
  const r = simulateCronJob(cronJob, { fromSeconds: from, durationSeconds: pick.seconds, script: jobScript ? { runs: { '*': jobScript } } : {} });
  const lines = [
    `CronJob ${name}: simulated ${pick.label} from ${formatRfc3339(from)} (every Job: ${jobScript ? 'the kjob.dev/outcomes annotation' : 'each container runs 1 s and exits 0'})`,
    `${r.jobs.length} Job(s), ${r.skipped.length} skipped schedule time(s)`,
    '',
    ...r.jobs.slice(0, 5000).map((j) => `${j.name}  scheduled ${j.scheduledTime}  created +${j.createdAtSeconds}s  ${j.result ? `${j.result} at +${j.finishedAtSeconds}s` : 'not finished'}${j.deletedAtSeconds !== null ? `  deleted at +${j.deletedAtSeconds}s` : ''}`),
    ...r.skipped.slice(0, 5000).map((s) => `skipped ${s.scheduledTime}: ${s.reason}`),
    ...r.events.filter((e) => e.type === 'Warning').slice(0, 1000).map((e) => `+${e.atSeconds}s Warning ${e.reason}: ${e.message}`),
    '',
    `status: ${JSON.stringify(r.status)}`,
  ];
  const uri = vscode.Uri.from({ scheme: 'kjob-sim', path: `/${name}-cronjob-simulation.kjobsim`, query: `${encodeURIComponent(doc.uri.toString())}#${docIndex}` });
  reports.set(uri, lines.join('\n') + '\n');
  const shown = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(shown, { preview: false, viewColumn: vscode.ViewColumn.Beside });
}

const HORIZONS = [
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86400 },
  { label: '1 week', seconds: 7 * 86400 },
  { label: '30 days', seconds: 30 * 86400 },
];
