/**
 * The CronJob controller simulation (core/controller/cronjob.ts). The mostRecentScheduleTime cases
 * are the facts of the upstream controller's test table (pkg/controller/cronjob/utils_test.go),
 * restated; the rest are the concurrency, deadline, suspend and history semantics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mostRecentScheduleTime, simulateCronJob } from '../../core/controller/cronjob';
import { parseSchedule, type Schedule } from '../../core/cron/parse';
import { UTC, parseRfc3339 } from '../../core/cron/tz';

const T = (s: string) => parseRfc3339(s)!;
const sched = (s: string) => parseSchedule(s) as Schedule;
const cj = (extra: Record<string, unknown>) => ({ metadata: { name: 'c' }, spec: { schedule: '* * * * *', ...extra, jobTemplate: { spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'b' }] } } } } } });
const FROM = T('2026-01-01T00:00:30Z');
const long = (s: number) => ({ runs: { '*': { default: { durationSeconds: s } } } });

test('mostRecentScheduleTime: none yet, one missed, several missed, too many missed, never fires', () => {
  const hourly = sched('0 * * * *');
  assert.deepEqual(mostRecentScheduleTime(hourly, UTC, T('2026-01-01T10:00:00Z'), T('2026-01-01T10:30:00Z')), { tooMany: false });
  assert.equal(mostRecentScheduleTime(hourly, UTC, T('2026-01-01T09:59:00Z'), T('2026-01-01T10:30:00Z')).time, T('2026-01-01T10:00:00Z'));
  const several = mostRecentScheduleTime(hourly, UTC, T('2026-01-01T05:30:00Z'), T('2026-01-01T10:30:00Z'));
  assert.equal(several.time, T('2026-01-01T10:00:00Z'));
  assert.equal(several.tooMany, false);
  const many = mostRecentScheduleTime(sched('* * * * *'), UTC, T('2026-01-01T00:00:00Z'), T('2026-01-01T02:00:00Z'));
  assert.equal(many.tooMany, true);
  assert.equal(many.time, T('2026-01-01T02:00:00Z'));
  assert.ok(mostRecentScheduleTime(sched('0 0 30 2 *'), UTC, T('2026-01-01T00:00:00Z'), T('2026-01-02T00:00:00Z')).error);
});

test('names, scheduled-timestamp semantics and status', () => {
  const r = simulateCronJob(cj({}), { fromSeconds: FROM, durationSeconds: 140 });
  assert.deepEqual(r.jobs.map((j) => j.name), [`c-${T('2026-01-01T00:01:00Z') / 60}`, `c-${T('2026-01-01T00:02:00Z') / 60}`]);
  assert.deepEqual(r.jobs.map((j) => j.result), ['Complete', 'Complete']);
  assert.equal(r.status.lastScheduleTime, '2026-01-01T00:02:00Z');
  assert.deepEqual(r.status.active, []);
});

test('Forbid: a tick while a Job runs waits; the unmet time starts late when the Job ends', () => {
  const r = simulateCronJob(cj({ concurrencyPolicy: 'Forbid' }), { fromSeconds: FROM, durationSeconds: 360, script: long(150) });
  assert.deepEqual(r.jobs.map((j) => j.scheduledTime), ['2026-01-01T00:01:00Z', '2026-01-01T00:03:00Z', '2026-01-01T00:06:00Z']);
  assert.ok(r.jobs[1]!.createdAtSeconds > 150);
  assert.ok(r.skipped.some((s) => s.reason === 'JobAlreadyActive' && s.scheduledTime === '2026-01-01T00:02:00Z'));
});

test('Replace deletes the running Job; Allow overlaps', () => {
  const rep = simulateCronJob(cj({ concurrencyPolicy: 'Replace' }), { fromSeconds: FROM, durationSeconds: 200, script: long(150) });
  assert.deepEqual(rep.jobs.map((j) => [j.deletedAtSeconds, j.result]), [[90, null], [150, null], [null, null]]);
  const allow = simulateCronJob(cj({}), { fromSeconds: FROM, durationSeconds: 200, script: long(150) });
  assert.equal(allow.jobs.length, 3);
  assert.equal(allow.status.active.length, 2); // the first one finished at +181
});

test('history limits delete the oldest finished Jobs', () => {
  const r = simulateCronJob(cj({ successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 0 }), { fromSeconds: FROM, durationSeconds: 300, script: { runs: { '0': { default: { exitCode: 1 } }, '*': {} } } });
  assert.equal(r.jobs[0]!.result, 'Failed');
  assert.notEqual(r.jobs[0]!.deletedAtSeconds, null);
  assert.deepEqual(r.jobs.filter((j) => j.deletedAtSeconds === null).length, 1);
});

test('suspend: nothing while suspended; resuming runs only the latest missed time (or none past the starting deadline)', () => {
  const events = [{ atSeconds: 300, patchSpec: { suspend: false } }];
  const r = simulateCronJob(cj({ suspend: true }), { fromSeconds: FROM, durationSeconds: 320, script: { events } });
  assert.deepEqual(r.jobs.map((j) => [j.scheduledTime, j.createdAtSeconds]), [['2026-01-01T00:05:00Z', 300]]);
  const late = simulateCronJob(cj({ suspend: true, startingDeadlineSeconds: 10 }), { fromSeconds: FROM, durationSeconds: 320, script: { events } });
  assert.deepEqual(late.jobs, []);
});

test('startingDeadlineSeconds: a Forbid-delayed time past its deadline is never started', () => {
  const r = simulateCronJob(cj({ concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 20 }), { fromSeconds: FROM, durationSeconds: 300, script: long(100) });
  // 00:01 runs to +131; 00:02 (at +90) is forbidden and over 20 s late by then; 00:03 runs on time
  // (to +251), so 00:04 is missed the same way; 00:05 runs on time
  assert.deepEqual(r.jobs.map((j) => j.scheduledTime), ['2026-01-01T00:01:00Z', '2026-01-01T00:03:00Z', '2026-01-01T00:05:00Z']);
});
