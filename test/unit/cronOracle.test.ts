/**
 * kjob's cron (core/cron) against robfig/cron/v3 itself, the library the CronJob controller uses:
 * the next 50 activations of a few hundred schedules in a dozen time zones, from start times next to
 * DST transitions (gaps and folds, at 02:00, at midnight, 30-minute DST, a skipped calendar day),
 * must be identical to the second. Also the parse verdict (accepted or not) of every schedule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSchedule, isScheduleError } from '../../core/cron/parse';
import { nextRuns, scheduleZone } from '../../core/cron/next';
import { formatRfc3339 } from '../../core/cron/tz';
import { runOracle, type OracleRequest } from './helpers/cronOracle';

const FIXED = [
  '* * * * *', '*/5 * * * *', '30 2 * * *', '30 1 * * *', '0 2 * * *', '59 1 * * *', '0 3 * * *', '0 0 * * *', '0 */2 * * *',
  '0 0 * * 0', '0 0 1 * 1', '0 0 */2 * 1', '0 0 * * 1-5', '0 9 * * mon-fri', '0 0 31 * *', '0 0 29 2 *', '0 0 30 2 *',
  '15,45 1-3 * * *', '? ? ? ? ?', '0 0 ? * SUN', '5/15 * * * *', '0 12 1-7 * 2', '0 0 1 1 *', '0 0 1 jan,jul *',
  '*/7 */3 * * *', '0 23 * * *', '30 0 * * *', '0 1 * * sun', '45 23 31 12 *', '0 0 * feb *', '0 4 8-14 * *',
  '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@every 1h30m', '@every 90s',
  '@every 0.5s', '@every 25h', '1-59/2 0-23/5 */3 */2 */2', '0 0 15 * 5', '*/30 0-3 * * *', '0,30 * 13 * fri',
];

/** Deterministic schedules built from every field form robfig accepts. */
function generated(n: number): string[] {
  let seed = 0x2545f491;
  const rnd = (k: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return ((seed >>> 0) % k);
  };
  const bounds: [number, number, string[]?][] = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12, ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']],
    [0, 6, ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']],
  ];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const fields = bounds.map(([min, max, names], fi) => {
      const val = () => {
        const v = min + rnd(max - min + 1);
        return names && rnd(3) === 0 ? names[v - min]! : String(v);
      };
      const part = (): string => {
        // the minute and hour fields lean towards restricted values, so runs spread over days
        switch (rnd(fi < 2 ? 6 : 9)) {
          case 0: return val();
          case 1: return String(min + rnd(max - min + 1));
          case 2: {
            const a = min + rnd(max - min + 1);
            const b = a + rnd(max - a + 1);
            return `${a}-${b}`;
          }
          case 3: {
            const a = min + rnd(max - min + 1);
            const b = a + rnd(max - a + 1);
            return `${a}-${b}/${1 + rnd(5)}`;
          }
          case 4: return `${min + rnd(max - min + 1)}/${1 + rnd(10)}`;
          case 5: return `*/${1 + rnd(12)}`;
          case 6: return '*';
          case 7: return '?';
          default: return `${val()},${val()}`;
        }
      };
      return rnd(4) === 0 ? `${part()},${part()}` : part();
    });
    out.push(fields.join(' '));
  }
  return out;
}

const ZONES: (string | null)[] = [
  null, 'America/New_York', 'Europe/London', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Asia/Kolkata',
  'Pacific/Chatham', 'America/Santiago', 'Pacific/Apia', 'America/St_Johns', 'Asia/Tehran', 'America/Havana', 'Antarctica/Troll',
  'Europe/Dublin', 'Australia/Sydney',
];

// Start times shortly before DST transitions and other calendar edges.
const FROM = [
  // Not 2011-12-28 in Pacific/Apia (the skipped 30 December): robfig's Next() loops forever there;
  // kjob gives up after a bounded number of steps instead (test/unit/cron.test.ts).
  '2018-11-02T12:00:00Z', // America/Sao_Paulo: DST began at midnight (4 November)
  '2024-03-09T12:00:00Z', // US spring forward
  '2024-10-26T12:00:00Z', // EU fall back
  '2025-03-29T12:00:00Z', // EU spring forward
  '2025-04-05T00:00:00Z', // AU/NZ/Chile fall back
  '2026-03-07T20:00:00Z', // US spring forward
  '2026-10-31T20:00:00Z', // US fall back
  '2026-10-03T00:00:00Z', // AU spring forward
  '2028-02-27T00:00:00Z', // leap day
  '2037-11-01T00:00:00Z', // after the 32-bit transition tables
].map((s) => Date.parse(s) / 1000);

test('kjob cron agrees with robfig/cron/v3 on the next 50 runs of hundreds of schedules in DST-changing zones', () => {
  const schedules = [...FIXED, ...generated(300)];
  const reqs: OracleRequest[] = [];
  schedules.forEach((schedule, i) => {
    // every schedule in four zones (rotating), each zone from two start times (rotating)
    for (let k = 0; k < 4; k++) {
      const timeZone = ZONES[(i * 4 + k) % ZONES.length]!;
      for (let j = 0; j < 2; j++) reqs.push({ schedule, timeZone, from: FROM[(i + k * 3 + j * 5) % FROM.length]!, count: 50 });
    }
  });
  // the minute-by-minute schedule and the DST-hour ones in every zone from every start
  for (const schedule of ['* * * * *', '30 2 * * *', '30 1 * * *', '0 0 * * *', '0 */2 * * *', '*/15 0-3 * * *']) {
    for (const timeZone of ZONES) for (const from of FROM) reqs.push({ schedule, timeZone, from, count: 50 });
  }
  const answers = runOracle(reqs);
  let compared = 0;
  let runs = 0;
  const failures: string[] = [];
  reqs.forEach((r, i) => {
    const want = answers[i]!;
    const parsed = parseSchedule(r.timeZone ? `TZ=${r.timeZone} ${r.schedule}` : r.schedule);
    if (want.error !== undefined || isScheduleError(parsed)) {
      if ((want.error !== undefined) !== isScheduleError(parsed)) failures.push(`${r.schedule}: robfig ${want.error ?? 'accepts'}, kjob ${isScheduleError(parsed) ? parsed.error : 'accepts'}`);
      return;
    }
    const zone = scheduleZone(parsed)!;
    assert.ok(zone, r.timeZone ?? 'UTC');
    const got = nextRuns(parsed, r.from, zone, r.count);
    compared++;
    runs += want.runs!.length;
    if (JSON.stringify(got) !== JSON.stringify(want.runs)) {
      const k = got.findIndex((g, x) => g !== want.runs![x]);
      const at = k < 0 ? got.length : k;
      failures.push(`${JSON.stringify(r.schedule)} in ${r.timeZone ?? 'UTC'} from ${formatRfc3339(r.from)}: run ${at} robfig ${want.runs![at] !== undefined ? formatRfc3339(want.runs![at]!) : 'none'}, kjob ${got[at] !== undefined ? formatRfc3339(got[at]!) : 'none'}`);
    }
  });
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} disagreements`);
  assert.ok(compared > 2000, `compared only ${compared}`);
  assert.ok(runs > 90000, `compared only ${runs} runs`);
});

test('robfig and kjob accept and reject the same schedules', () => {
  const specs = [
    '', ' ', '* * * *', '* * * * * *', '60 * * * *', '* 24 * * *', '* * 0 * *', '* * 32 * *', '* * * 13 *', '* * * * 7', '* * * 0 *',
    '*/0 * * * *', '5-1 * * * *', '1-2-3 * * * *', '1/2/3 * * * *', '-1 * * * *', 'a * * * *', '* * * JAN-DEC *', '* * * * MON-SUN',
    '* * * * SUN-SAT', '+5 * * * *', '*-5 * * * *', '?/2 * * * *', ',,, * * * *', '1,,2 * * * *', '@every', '@every ', '@every x',
    '@every 1', '@every -1s', '@every 1.5h', '@every .5m', '@every 1.s', '@hourly ', '@HOURLY', '@reboot', 'TZ=UTC * * * * *',
    'CRON_TZ=Europe/Paris 0 0 * * *', '\t*\t*\n*  * *', '* * * * * \u00a0', '0 0 1 * mon', '* * * * 0x1', '99999999999999999999 * * * *',
  ];
  const answers = runOracle(specs.map((schedule) => ({ schedule, timeZone: null, from: 0, count: 1 })));
  specs.forEach((s, i) => {
    const r = parseSchedule(s);
    assert.equal(isScheduleError(r), answers[i]!.error !== undefined, `${JSON.stringify(s)}: robfig ${answers[i]!.error ?? 'accepts'}, kjob ${isScheduleError(r) ? r.error : 'accepts'}`);
  });
});
