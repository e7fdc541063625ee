/**
 * The CodeLens above a CronJob's `schedule`: what it means and when it next runs (core/cron), in the
 * CronJob's time zone and in local time (the tooltip lists the next 5).
 */
import * as vscode from 'vscode';
import { isScalar, type Node } from 'yaml';
import type { ParsedFile } from '../../../core/yaml/document';
import { summarizeSchedule } from '../../../core/cron/explainSchedule';

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
