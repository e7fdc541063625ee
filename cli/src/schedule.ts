/** `kjob schedule FILE [--doc N] [--from RFC3339] [--count N] [--format text|json]`: a CronJob's next runs. */
import { readFileSync } from 'node:fs';
import { parseFile } from '../../core/yaml/document';
import { isScheduleError, parseSchedule } from '../../core/cron/parse';
import { nextRuns, scheduleZone } from '../../core/cron/next';
import { describeSchedule } from '../../core/cron/describe';
import { UTC, formatRfc3339, localZoneName, loadZone, parseRfc3339 } from '../../core/cron/tz';
import { parseArgs } from './args';

const USAGE = `usage: kjob schedule FILE [--doc N] [--from RFC3339] [--count N] [--format text|json]

Shows the next runs of a CronJob's schedule, computed as the CronJob controller does (robfig/cron v3).
  --doc N       which CronJob of a multi-document file (0-based position among CronJobs)
  --from T      start after this time (RFC 3339; default now)
  --count N     how many runs (default 5, at most 1000)
  --format      text (default) or json: {"schedule", "timeZone", "runs": [RFC 3339 UTC...]}
Without spec.timeZone the runs are in UTC; a real cluster uses kube-controller-manager's local time zone.
`;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const a = parseArgs(args, ['doc', 'from', 'count', 'format']);
  const fail = (m: string) => {
    process.stderr.write(`kjob schedule: ${m}\n`);
    return 2;
  };
  if (a.errors.length || a.positional.length !== 1) return fail(`${a.errors[0] ?? (a.positional.length ? 'exactly one FILE expected' : 'FILE is required')}\n${USAGE}`);
  const format = a.flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') return fail(`--format must be text or json, not "${format}"`);
  const count = a.flags.count !== undefined ? Number(a.flags.count) : 5;
  if (!Number.isInteger(count) || count < 1 || count > 1000) return fail('--count must be an integer from 1 to 1000');
  const from = a.flags.from !== undefined ? parseRfc3339(a.flags.from) : Date.now() / 1000;
  if (from === undefined) return fail(`--from ${a.flags.from}: not an RFC 3339 time (e.g. 2026-03-08T00:00:00Z)`);
  const cronJobs = readCronJobs(a.positional[0]!);
  if (typeof cronJobs === 'string') return fail(cronJobs);
  const n = a.flags.doc !== undefined ? Number(a.flags.doc) : 0;
  if (!Number.isInteger(n) || n < 0 || n >= cronJobs.length) return fail(`--doc ${a.flags.doc}: the file has ${cronJobs.length} CronJob(s)`);
  const spec = isObj(cronJobs[n]!.spec) ? (cronJobs[n]!.spec as Obj) : {};
  const schedule = spec.schedule;
  const timeZone = typeof spec.timeZone === 'string' ? spec.timeZone : null;
  if (typeof schedule !== 'string') return fail('the CronJob has no spec.schedule string');
  const parsed = parseSchedule(timeZone !== null ? `TZ=${timeZone} ${schedule}` : schedule);
  if (isScheduleError(parsed)) return fail(`invalid schedule ${JSON.stringify(schedule)}: ${parsed.error}`);
  const zone = scheduleZone(parsed);
  if (!zone) return fail(`unknown time zone ${timeZone}`);
  const runs = nextRuns(parsed, from, zone, count);
  if (format === 'json') {
    process.stdout.write(JSON.stringify({ schedule, timeZone, runs: runs.map((r) => formatRfc3339(r)) }, null, 2) + '\n');
    return 0;
  }
  const local = loadZone(localZoneName()) ?? UTC;
  const lines = [`${schedule}: ${describeSchedule(parsed)}`, `time zone: ${timeZone ?? 'none (shown in UTC; a real cluster uses kube-controller-manager\'s local time zone)'}`, ''];
  if (!runs.length) lines.push('This schedule never fires: no date matches it (the controller records InvalidSchedule).');
  for (const r of runs) lines.push(`${formatRfc3339(r, zone)}${zone !== local ? `   (local ${formatRfc3339(r, local)} ${localZoneName()})` : ''}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/** The CronJob documents of a YAML file, or an error message. */
export function readCronJobs(path: string): Obj[] | string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  const cronJobs: Obj[] = [];
  for (const d of parseFile(text).docs) {
    if (d.target !== 'CronJob') continue;
    try {
      const v = d.doc.toJS({ maxAliasCount: 1000 });
      if (isObj(v)) cronJobs.push(v);
    } catch {
      /* unreadable document */
    }
  }
  return cronJobs.length ? cronJobs : `${path}: no batch/v1 CronJob document found`;
}
