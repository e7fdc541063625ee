/** core/cron: the schedule parser's messages, linear time on adversarial input, and Next() basics. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cronScheduleError, parseSchedule } from '../../core/cron/parse';
import { nextRuns, scheduleZone } from '../../core/cron/next';
import { formatRfc3339, parseRfc3339 } from '../../core/cron/tz';

test('schedule errors keep the API validation wording', () => {
  assert.equal(cronScheduleError(''), 'empty spec string');
  assert.equal(cronScheduleError('* * * *'), 'expected exactly 5 fields, found 4: [* * * *]');
  assert.equal(cronScheduleError('60 * * * *'), 'minute: end of range (60) above maximum (59): 60');
  assert.equal(cronScheduleError('* * * * 7'), 'day of week: end of range (7) above maximum (6): 7');
  assert.equal(cronScheduleError('*/0 * * * *'), 'minute: step of range should be a positive number: */0');
  assert.equal(cronScheduleError('a * * * *'), 'minute: cannot parse "a" as a number');
  assert.equal(cronScheduleError('@every x'), 'failed to parse duration @every x');
  assert.equal(cronScheduleError('@reboot'), 'unrecognized descriptor: @reboot');
  assert.equal(cronScheduleError('* * * constructor *'), 'month: cannot parse "constructor" as a number');
  assert.equal(cronScheduleError('0 9 * * mon-fri'), undefined);
});

test('a 1 MB adversarial schedule is parsed in linear time', () => {
  const mb = 1 << 20;
  const inputs = ['@every ' + '1'.repeat(mb) + 'x', '@every ' + '1.'.repeat(mb / 2), '* * * * ' + '1,'.repeat(mb / 2) + '9', '1 '.repeat(mb / 2), '1-'.repeat(mb / 2) + ' * * * *', '/'.repeat(mb)];
  const t = process.hrtime.bigint();
  for (const s of inputs) assert.ok(cronScheduleError(s));
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  // quadratic parsing took seconds for 40 KB (issue #16); linear takes well under a second for 6 MB
  assert.ok(ms < 3000, `${ms} ms`);
});

test('DST: a skipped wall time does not fire, a repeated one fires twice', () => {
  const gap = parseSchedule('TZ=America/New_York 30 2 * * *');
  assert.ok(!('error' in gap));
  const runs = nextRuns(gap, parseRfc3339('2024-03-09T12:00:00Z')!, scheduleZone(gap)!, 2).map((t) => formatRfc3339(t));
  assert.deepEqual(runs, ['2024-03-11T06:30:00Z', '2024-03-12T06:30:00Z']);
  const fold = parseSchedule('TZ=America/New_York 30 1 * * *');
  assert.ok(!('error' in fold));
  const r2 = nextRuns(fold, parseRfc3339('2024-11-02T12:00:00Z')!, scheduleZone(fold)!, 3).map((t) => formatRfc3339(t));
  assert.deepEqual(r2, ['2024-11-03T05:30:00Z', '2024-11-03T06:30:00Z', '2024-11-04T06:30:00Z']);
});

test('never-firing schedules have no next run', () => {
  for (const s of ['0 0 30 2 *', ', * * * *']) {
    const p = parseSchedule(s);
    assert.ok(!('error' in p));
    assert.deepEqual(nextRuns(p, 0, scheduleZone(p)!, 1), []);
  }
});

test('a skipped calendar day (Pacific/Apia, 30 December 2011) ends the search instead of looping like robfig', () => {
  const p = parseSchedule('TZ=Pacific/Apia 0 0 * * 1');
  assert.ok(!('error' in p));
  const t = Date.now();
  nextRuns(p, parseRfc3339('2011-12-28T00:00:00Z')!, scheduleZone(p)!, 5);
  assert.ok(Date.now() - t < 5000);
});

test('cronjob/never-fires flags 30 February and not a valid schedule', async () => {
  const { checkFile } = await import('../../core/check/check');
  const { parseFile } = await import('../../core/yaml/document');
  const doc = (schedule: string) => `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "${schedule}"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: a\n            image: busybox\n`;
  const codes = (s: string) => checkFile(parseFile(doc(s)), { kubernetesVersion: '1.37', severities: {} }).map((p) => p.code);
  assert.ok(codes('0 0 30 2 *').includes('cronjob/never-fires'));
  assert.ok(!codes('0 0 29 2 *').includes('cronjob/never-fires'));
  assert.ok(!codes('*/5 * * * *').includes('cronjob/never-fires'));
});

test('hover on a CronJob schedule: description and next 5 runs in its time zone and in local time', async () => {
  const { hover } = await import('../../core/hover/hover');
  const { bundledSchema } = await import('../../core/schema/schema');
  const { parseFile } = await import('../../core/yaml/document');
  const text = 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "30 2 * * *"\n  timeZone: America/New_York\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: []\n';
  const h = hover(parseFile(text), text.indexOf('schedule') + 2, bundledSchema(), parseRfc3339('2026-03-07T00:00:00Z')!)!;
  assert.match(h.markdown, /\*\*Schedule:\*\* at 02:30/);
  assert.match(h.markdown, /Next runs \(America\/New\\_York\)/);
  assert.match(h.markdown, /- 2026-03-07T02:30:00-05:00/);
  assert.match(h.markdown, /- 2026-03-09T02:30:00-04:00/); // 8 March skipped: 02:30 does not exist
  assert.equal((h.markdown.match(/^- /gm) ?? []).length, 5);
  assert.match(h.markdown, /\*\*schedule\*\*/);
});
