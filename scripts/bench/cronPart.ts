/**
 * CronJob benchmarks (in process, after one warm-up run):
 *  - the next 5 runs of 1,000 CronJobs (varied schedules, a third of them in one of 8 time zones,
 *    zone tables already built), as the hovers/CodeLenses/`kjob schedule` compute them;
 *  - 30 days of a `* * * * *` CronJob with concurrencyPolicy Forbid and 3-minute Jobs simulated.
 */
import { parseSchedule, type Schedule } from '../../core/cron/parse';
import { nextRuns, scheduleZone } from '../../core/cron/next';
import { simulateCronJob } from '../../core/controller/cronjob';
import type { PartContext, Section } from './report';
import { fmtMs, table } from './report';

const ZONES = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Sydney', 'America/Sao_Paulo', 'Europe/London', 'Asia/Tokyo', 'Pacific/Auckland'];
const SCHEDULES = ['*/5 * * * *', '0 2 * * *', '30 1 * * 1-5', '0 0 1 * *', '15,45 9-17 * * mon-fri', '@hourly', '0 */6 * * *', '0 0 * * 0', '0 0 13 * 5', '7 3 1-7 * 1'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(f: () => void, runs: number): number {
  f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    f();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(ms);
}

export async function run(ctx: PartContext): Promise<Section> {
  const from = Date.UTC(2026, 2, 1) / 1000;
  const jobs: Schedule[] = [];
  for (let i = 0; i < 1000; i++) {
    const tz = i % 3 === 0 ? ZONES[i % ZONES.length] : undefined;
    jobs.push(parseSchedule(tz ? `TZ=${tz} ${SCHEDULES[i % SCHEDULES.length]}` : SCHEDULES[i % SCHEDULES.length]!) as Schedule);
  }
  const next = time(() => {
    for (const s of jobs) nextRuns(s, from, scheduleZone(s)!, 5);
  }, ctx.quick ? 5 : 21);
  ctx.log(`cron: next 5 runs x 1,000 CronJobs ${fmtMs(next)}`);
  const cron = { metadata: { name: 'c' }, spec: { schedule: '*/1 * * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'b' }] } } } } } };
  const month = time(() => {
    simulateCronJob(cron, { fromSeconds: from, durationSeconds: 30 * 86400, script: { runs: { '*': { default: { durationSeconds: 180 } } } } });
  }, ctx.quick ? 1 : 5);
  ctx.log(`cron: 30 days Forbid simulated ${fmtMs(month)}`);
  const targets = [
    { name: 'Next 5 runs for 1,000 CronJobs', target: '≤ 50 ms', measured: fmtMs(next), ok: next <= 50 },
    { name: '30 days of a */1 Forbid CronJob with 3-minute Jobs', target: '≤ 1 s', measured: fmtMs(month), ok: month <= 1000 },
  ];
  return {
    id: 'cron',
    title: 'CronJobs (core/cron, core/controller/cronjob.ts)',
    body: table(['what', 'target', 'median'], targets.map((t) => [t.name, t.target, t.measured])),
    targets,
  };
}
