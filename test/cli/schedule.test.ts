/** CLI tier: `kjob schedule` (cli/out/cli.js) prints a CronJob's next runs as the controller computes them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'cli', 'out', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 30000 });
const tmp = mkdtempSync(join(tmpdir(), 'kjob-schedule-cli-'));
const cronJob = (schedule: string, tz?: string) =>
  `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "${schedule}"\n${tz ? `  timeZone: ${tz}\n` : ''}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: a\n            image: busybox\n`;

test('json output: runs in UTC, the DST gap day skipped in the CronJob time zone', () => {
  const f = join(tmp, 'ny.yaml');
  writeFileSync(f, cronJob('30 2 * * *', 'America/New_York'));
  const r = run('schedule', f, '--from', '2026-03-07T00:00:00Z', '--count', '3', '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { schedule: '30 2 * * *', timeZone: 'America/New_York', runs: ['2026-03-07T07:30:00Z', '2026-03-09T06:30:00Z', '2026-03-10T06:30:00Z'] });
});

test('text output without timeZone says the cluster uses the controller-manager local zone; bad input exits 2', () => {
  const f = join(tmp, 'utc.yaml');
  writeFileSync(f, cronJob('0 0 1 * 1'));
  const r = run('schedule', f, '--from', '2026-01-01T00:00:00Z', '--count', '2');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /on day 1 of the month or on Monday/);
  assert.match(r.stdout, /kube-controller-manager's local time zone/);
  assert.match(r.stdout, /2026-01-05T00:00:00Z/);
  assert.equal(run('schedule', f, '--from', 'yesterday').status, 2);
  assert.equal(run('schedule', f, '--count', '0').status, 2);
});

test('kjob simulate CRONJOB --until: Forbid with Jobs longer than the interval, JSON shape', () => {
  const f = join(tmp, 'forbid.yaml');
  writeFileSync(f, cronJob('* * * * *').replace('  jobTemplate:', '  concurrencyPolicy: Forbid\n  jobTemplate:'));
  const o = join(tmp, 'o.json');
  writeFileSync(o, JSON.stringify({ runs: { '*': { default: { durationSeconds: 150 } } } }));
  const r = run('simulate', f, '--outcomes', o, '--from', '2026-01-01T00:00:30Z', '--until', '6m', '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['jobs', 'skipped', 'status']);
  assert.deepEqual(out.jobs.map((j: { name: string }) => j.name), ['c-29453761', 'c-29453763', 'c-29453766']);
  assert.deepEqual(Object.keys(out.jobs[0]), ['name', 'scheduledTime', 'createdAtSeconds', 'finishedAtSeconds', 'result', 'deletedAtSeconds']);
  assert.ok(out.skipped.every((s: { reason: string }) => s.reason === 'JobAlreadyActive'));
  assert.equal(run('simulate', f, '--until', 'soon').status, 2);
});
