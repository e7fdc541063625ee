/** `kjob simulate CRONJOB.yaml --until DURATION [--from RFC3339] [--outcomes S.json] [--doc N] [--format text|json]` */
import { parseOutcomeScript } from '../../core/kubelet/outcomes';
import { parseCronOutcomeScript, simulateCronJob } from '../../core/controller/cronjob';
import { parseGoDuration } from '../../core/cron/parse';
import { parseRfc3339 } from '../../core/cron/tz';
import { readCronJobs } from './schedule';
import { readJson, type ParsedArgs } from './args';

export function simulateCronJobMain(a: ParsedArgs): number {
  const fail = (m: string) => {
    process.stderr.write(`kjob simulate: ${m}\n`);
    return 2;
  };
  const ns = parseGoDuration(a.flags.until ?? '');
  if (ns === undefined || ns <= 0) return fail(`--until ${a.flags.until}: expected a duration such as 90m, 24h or 168h`);
  const duration = Math.floor(ns / 1e9);
  if (duration > 366 * 86400) return fail('--until: at most 8784h (a year)');
  const from = a.flags.from !== undefined ? parseRfc3339(a.flags.from) : Math.floor(Date.now() / 1000);
  if (from === undefined) return fail(`--from ${a.flags.from}: not an RFC 3339 time`);
  const cronJobs = readCronJobs(a.positional[0]!);
  if (typeof cronJobs === 'string') return fail(cronJobs);
  const n = a.flags.doc !== undefined ? Number(a.flags.doc) : 0;
  if (!Number.isInteger(n) || n < 0 || n >= cronJobs.length) return fail(`--doc ${a.flags.doc}: the file has ${cronJobs.length} CronJob(s)`);
  let script = {};
  if (a.flags.outcomes) {
    const r = parseCronOutcomeScript(readJson(a.flags.outcomes, 'outcome script'), parseOutcomeScript);
    if (r.errors.length) return fail(`outcome script ${a.flags.outcomes}:\n  ${r.errors.join('\n  ')}`);
    script = r.script;
  }
  const r = simulateCronJob(cronJobs[n]!, { fromSeconds: from, durationSeconds: duration, script });
  if ((a.flags.format ?? 'text') === 'json') {
    process.stdout.write(JSON.stringify({ jobs: r.jobs, skipped: r.skipped, status: r.status }, null, 2) + '\n');
    return 0;
  }
  const lines = [`${r.jobs.length} Job(s), ${r.skipped.length} skipped schedule time(s)`, ''];
  for (const j of r.jobs) lines.push(`${j.name}  scheduled ${j.scheduledTime}  created +${j.createdAtSeconds}s  ${j.result ? `${j.result} +${j.finishedAtSeconds}s` : 'not finished'}${j.deletedAtSeconds !== null ? `  deleted +${j.deletedAtSeconds}s` : ''}`);
  for (const s of r.skipped) lines.push(`skipped ${s.scheduledTime}: ${s.reason}`);
  for (const e of r.events.filter((x) => x.type === 'Warning')) lines.push(`+${e.atSeconds}s ${e.reason}: ${e.message}`);
  lines.push('', `status: ${JSON.stringify(r.status)}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
