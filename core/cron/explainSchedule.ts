/**
 * A schedule's plain-English description and next runs, in the CronJob's time zone and in local
 * time: the text of the `schedule` hover and CodeLens.
 */
import { isScheduleError, parseSchedule } from './parse';
import { nextRuns, scheduleZone } from './next';
import { describeSchedule } from './describe';
import { UTC, formatRfc3339, loadZone, localZoneName } from './tz';

export interface ScheduleSummary {
  description: string;
  /** Next runs, Unix seconds. */
  runs: number[];
  /** Each run in the CronJob's zone (UTC without timeZone) and in local time. */
  lines: string[];
  note?: string;
}

export function summarizeSchedule(schedule: string, timeZone: string | undefined, nowSeconds: number, count = 5, localName = localZoneName()): ScheduleSummary | undefined {
  if (schedule.length > 1000) return undefined;
  const parsed = parseSchedule(timeZone !== undefined ? `TZ=${timeZone} ${schedule}` : schedule);
  if (isScheduleError(parsed)) return undefined;
  const zone = scheduleZone(parsed);
  if (!zone) return undefined;
  const local = loadZone(localName) ?? UTC;
  const runs = nextRuns(parsed, nowSeconds, zone, count);
  const lines = runs.map((r) => `${formatRfc3339(r, zone)}${local.name !== zone.name ? ` (local ${formatRfc3339(r, local)})` : ''}`);
  const note = timeZone === undefined ? 'No timeZone: shown in UTC; a real cluster reads the schedule in kube-controller-manager\'s local time zone.' : undefined;
  return { description: runs.length ? describeSchedule(parsed) : `${describeSchedule(parsed)} — never fires (no date matches)`, runs, lines, note };
}

export function scheduleMarkdown(schedule: string, timeZone: string | undefined, nowSeconds: number): string | undefined {
  const s = summarizeSchedule(schedule, timeZone, nowSeconds);
  if (!s) return undefined;
  const out = [`**Schedule:** ${s.description.replace(/[\\`*_[\]<>]/g, '\\$&')}`];
  if (s.lines.length) out.push('', `Next runs${timeZone ? ` (${timeZone.replace(/[\\`*_[\]<>]/g, '\\$&')})` : ' (UTC)'}:`, '', ...s.lines.map((l) => `- ${l}`));
  if (s.note) out.push('', `*${s.note}*`);
  return out.join('\n');
}
