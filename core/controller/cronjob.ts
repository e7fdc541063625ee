/**
 * The CronJob controller in virtual time, driving each Job it creates through the Job simulation
 * (`simulate()`, a black box: the Job's finish time and result). Semantics (see docs/cronjobs.md):
 * the most recent unmet schedule time after max(lastScheduleTime or creation, now - startingDeadline),
 * the more-than-100-missed rule (an event, then the latest time still runs), startingDeadlineSeconds,
 * concurrencyPolicy Allow/Forbid/Replace, suspend (resuming runs at most the latest missed time),
 * history limits (oldest first by start time, then name), Job names `<cronjob>-<minutes since epoch>`,
 * the scheduled-timestamp annotation and status lastScheduleTime/lastSuccessfulTime/active.
 * Pure and deterministic; times are Unix seconds. Syncs happen at schedule times and Job finishes.
 */
import { simulate } from './simulator';
import type { OutcomeScript } from '../kubelet/outcomes';
import { isScheduleError, parseSchedule, type Schedule } from '../cron/parse';
import { nextRun, scheduleZone } from '../cron/next';
import { UTC, formatRfc3339, type Zone } from '../cron/tz';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
const TOO_MANY_MISSED = 100;

export interface CronOutcomeScript {
  /** Job outcome script per run number ("0", "1", …; "*" for the others). */
  runs?: Record<string, OutcomeScript>;
  /** Spec patches of the CronJob (e.g. {"suspend": false}) at seconds after the start. */
  events?: { atSeconds: number; patchSpec: Obj }[];
}

export interface CronJobRun {
  name: string;
  scheduledTime: string;
  createdAtSeconds: number;
  finishedAtSeconds: number | null;
  result: 'Complete' | 'Failed' | null;
  deletedAtSeconds: number | null;
}

export interface CronSimulation {
  jobs: CronJobRun[];
  skipped: { scheduledTime: string; reason: string }[];
  events: { atSeconds: number; type: 'Normal' | 'Warning'; reason: string; message: string }[];
  status: { lastScheduleTime: string | null; lastSuccessfulTime: string | null; active: string[] };
}

export function parseCronOutcomeScript(input: unknown, parseJob: (v: unknown) => { script: OutcomeScript; errors: string[] }): { script: CronOutcomeScript; errors: string[] } {
  const errors: string[] = [];
  const script: CronOutcomeScript = {};
  if (!isObj(input)) return { script, errors: ['expected a JSON object {"runs": {...}, "events": [...]}'] };
  for (const k of Object.keys(input)) if (k !== 'runs' && k !== 'events') errors.push(`${k}: unknown key (expected runs, events)`);
  if (input.runs !== undefined) {
    if (!isObj(input.runs)) errors.push('runs: expected an object of run number -> Job outcome script');
    else {
      script.runs = {};
      for (const [k, v] of Object.entries(input.runs)) {
        if (k !== '*' && !/^\d{1,6}$/.test(k)) errors.push(`runs.${k}: expected a run number or "*"`);
        const r = parseJob(v);
        errors.push(...r.errors.map((e) => `runs.${k}.${e}`));
        script.runs[k] = r.script;
      }
    }
  }
  if (input.events !== undefined) {
    if (!Array.isArray(input.events)) errors.push('events: expected an array');
    else {
      script.events = [];
      input.events.slice(0, 1000).forEach((e, i) => {
        if (!isObj(e) || typeof e.atSeconds !== 'number' || !(e.atSeconds >= 0) || !isObj(e.patchSpec)) errors.push(`events[${i}]: expected {"atSeconds": >= 0, "patchSpec": {...}}`);
        else script.events!.push({ atSeconds: e.atSeconds, patchSpec: e.patchSpec });
      });
    }
  }
  return { script, errors };
}

interface SimJob extends CronJobRun {
  scheduled: number;
  created: number;
  started: number | null;
  finished: number | null;
  deleted: number | null;
}

/** Most recent unmet schedule time ≤ now (the controller's mostRecentScheduleTime), or why none. */
export function mostRecentScheduleTime(s: Schedule, zone: Zone, earliest: number, now: number): { time?: number; tooMany: boolean; error?: string } {
  const t1 = nextRun(s, earliest, zone);
  if (t1 === undefined || t1 > now) {
    if (t1 === undefined) return { tooMany: false, error: 'time difference between two schedules is less than 1 second' };
    return { tooMany: false };
  }
  const t2 = nextRun(s, t1, zone);
  if (t2 === undefined) return { tooMany: false, error: 'time difference between two schedules is less than 1 second' };
  if (now < t2) return { time: t1, tooMany: false };
  const interval = Math.round(t2 - t1);
  if (interval < 1) return { tooMany: false, error: 'time difference between two schedules is less than 1 second' };
  const missed = Math.floor((now - t1) / interval) + 1;
  let t = t1 + (missed - 2) * interval;
  let last: number | undefined;
  for (let n = nextRun(s, t, zone); n !== undefined && n <= now; n = nextRun(s, t, zone)) {
    last = n;
    t = n;
  }
  return { time: last, tooMany: missed > TOO_MANY_MISSED };
}

export interface CronSimOptions {
  script?: CronOutcomeScript;
  /** CronJob creation (Unix seconds). */
  fromSeconds: number;
  /** Length of the simulation in seconds. */
  durationSeconds: number;
}

export function simulateCronJob(cronJob: Obj, opts: CronSimOptions): CronSimulation {
  const meta = isObj(cronJob.metadata) ? cronJob.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : 'cronjob';
  let spec: Obj = { ...(isObj(cronJob.spec) ? cronJob.spec : {}) };
  const from = opts.fromSeconds;
  const until = from + opts.durationSeconds;
  const script = opts.script ?? {};
  const out: CronSimulation = { jobs: [], skipped: [], events: [], status: { lastScheduleTime: null, lastSuccessfulTime: null, active: [] } };
  const event = (t: number, type: 'Normal' | 'Warning', reason: string, message: string) => out.events.push({ atSeconds: t - from, type, reason, message });
  const tzName = typeof spec.timeZone === 'string' ? spec.timeZone : undefined;
  const parsed = parseSchedule(tzName !== undefined ? `TZ=${tzName} ${String(spec.schedule)}` : String(spec.schedule));
  if (isScheduleError(parsed)) {
    event(from, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${parsed.error}`);
    return out;
  }
  const zone = scheduleZone(parsed);
  if (!zone) {
    event(from, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${tzName}`);
    return out;
  }
  const annotationZone = zone === UTC || tzName === undefined ? UTC : zone;
  const jobs: SimJob[] = [];
  let active: SimJob[] = [];
  /** Jobs not deleted (the scans below stay short: history limits delete the old ones). */
  let kept: SimJob[] = [];
  let lastSchedule: number | undefined;
  let lastSuccess: number | undefined;
  let runNo = 0;
  const skippedSeen = new Set<string>();
  const outcomes = new Map<OutcomeScript, { cond?: { type: string; atSeconds: number }; start: number | null; horizon: number }>();
  const skip = (t: number, reason: string) => {
    const key = `${t}/${reason}`;
    if (skippedSeen.has(key)) return;
    skippedSeen.add(key);
    out.skipped.push({ scheduledTime: formatRfc3339(t), reason });
  };
  const tmpl = isObj(spec.jobTemplate) ? spec.jobTemplate : {};
  const tmeta = isObj(tmpl.metadata) ? tmpl.metadata : {};
  const num = (v: unknown, d: number | undefined) => (typeof v === 'number' ? v : d);
  const del = (j: SimJob, t: number, why: string) => {
    j.deleted = t;
    if (j.finished === null || j.finished > t) j.finished = null;
    active = active.filter((a) => a !== j);
    kept = kept.filter((a) => a !== j);
    event(t, 'Normal', 'SuccessfulDelete', `Deleted job ${j.name}${why}`);
  };

  const sync = (now: number) => {
    // active list upkeep and lastSuccessfulTime
    for (const j of [...active]) {
      if (j.finished !== null && j.finished <= now) {
        active = active.filter((a) => a !== j);
        event(now, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.name}, condition: ${j.result}`);
      }
    }
    for (const j of kept) if (j.result === 'Complete' && j.finished !== null && j.finished <= now && j.deleted === null && (lastSuccess === undefined || j.finished > lastSuccess)) lastSuccess = j.finished;
    // history limits
    for (const [result, limit] of [['Complete', num(spec.successfulJobsHistoryLimit, 3)], ['Failed', num(spec.failedJobsHistoryLimit, 1)]] as const) {
      if (limit === undefined) continue;
      const done = kept.filter((j) => j.deleted === null && j.result === result && j.finished !== null && j.finished <= now);
      done.sort((a, b) => (a.started ?? Infinity) - (b.started ?? Infinity) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const j of done.slice(0, Math.max(0, done.length - limit))) del(j, now, '');
    }
    if (spec.suspend === true) return;
    const sds = num(spec.startingDeadlineSeconds, undefined);
    let earliest = lastSchedule ?? from;
    if (sds !== undefined && now - sds > earliest) earliest = now - sds;
    const m = mostRecentScheduleTime(parsed, zone, earliest, now);
    if (m.error) {
      event(now, 'Warning', 'InvalidSchedule', `invalid schedule: ${String(spec.schedule)} : ${m.error}`);
      return;
    }
    if (m.tooMany) event(now, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    const scheduled = m.time;
    if (scheduled === undefined) return;
    if (sds !== undefined && scheduled + sds < now) {
      skip(scheduled, 'MissSchedule');
      return;
    }
    if (lastSchedule === scheduled) return;
    const jobName = `${name}-${Math.floor(scheduled / 60)}`;
    if (active.some((j) => j.name === jobName)) return;
    const policy = spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && active.length) {
      skip(scheduled, 'JobAlreadyActive');
      return;
    }
    if (policy === 'Replace') for (const j of [...active]) del(j, now, ' (Replace)');
    const jobObj: Obj = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { ...tmeta, name: jobName, namespace: meta.namespace, annotations: { ...(isObj(tmeta.annotations) ? tmeta.annotations : {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: formatRfc3339(scheduled, annotationZone) } },
      spec: isObj(tmpl.spec) ? tmpl.spec : {},
    };
    const jobScript = script.runs?.[String(runNo)] ?? script.runs?.['*'] ?? {};
    runNo++;
    // Jobs of one template with one outcome script run alike (only pod names differ): simulate once.
    let outcome = outcomes.get(jobScript);
    if (!outcome || (outcome.cond === undefined && outcome.horizon < until - now)) {
      const r = simulate(jobObj, { script: jobScript, epochSeconds: now, maxSeconds: Math.max(1, until - now + 1), timeline: false });
      const c = r.status.conditions.find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
      outcome = { cond: c ? { type: c.type, atSeconds: c.atSeconds } : undefined, start: r.status.startTimeSeconds, horizon: until - now };
      outcomes.set(jobScript, outcome);
    }
    const cond = outcome.cond;
    const r = { status: { startTimeSeconds: outcome.start } };
    const j: SimJob = {
      name: jobName,
      scheduledTime: formatRfc3339(scheduled),
      createdAtSeconds: now - from,
      finishedAtSeconds: null,
      result: null,
      deletedAtSeconds: null,
      scheduled,
      created: now,
      started: r.status.startTimeSeconds !== null ? now + r.status.startTimeSeconds : null,
      finished: cond ? now + cond.atSeconds : null,
      deleted: null,
    };
    (j as SimJob & { planned: string | null }).planned = cond ? cond.type : null;
    j.result = null;
    jobs.push(j);
    kept.push(j);
    active.push(j);
    lastSchedule = scheduled;
    event(now, 'Normal', 'SuccessfulCreate', `Created job ${jobName}`);
  };

  // Virtual clock: sync at creation, at every schedule time, at every Job finish and every spec patch.
  const patches = [...(script.events ?? [])].sort((a, b) => a.atSeconds - b.atSeconds);
  let now = from;
  let tick = nextRun(parsed, from, zone);
  sync(now);
  for (let guard = 0; guard < 10_000_000; guard++) {
    const finishes = active.map((j) => j.finished).filter((f): f is number => f !== null && f > now);
    const nextFinish = finishes.length ? Math.min(...finishes) : Infinity;
    const nextPatch = patches.length ? from + patches[0]!.atSeconds : Infinity;
    const t = Math.min(tick ?? Infinity, nextFinish, nextPatch);
    if (!(t <= until)) break;
    now = t;
    // results become visible when the Job finishes
    for (const j of kept) if (j.finished !== null && j.finished <= now && j.result === null) j.result = (j as SimJob & { planned: 'Complete' | 'Failed' }).planned;
    while (patches.length && from + patches[0]!.atSeconds <= now) spec = { ...spec, ...patches.shift()!.patchSpec };
    if (tick !== undefined && tick <= now) tick = nextRun(parsed, now, zone);
    sync(now);
  }
  for (const j of jobs) {
    j.finishedAtSeconds = j.finished !== null && j.finished <= until ? j.finished - from : null;
    if (j.finishedAtSeconds === null) j.result = null;
    j.deletedAtSeconds = j.deleted !== null ? j.deleted - from : null;
    out.jobs.push({ name: j.name, scheduledTime: j.scheduledTime, createdAtSeconds: j.createdAtSeconds, finishedAtSeconds: j.finishedAtSeconds, result: j.result, deletedAtSeconds: j.deletedAtSeconds });
  }
  // a time skipped while a Job was active and started once it finished is not skipped
  const ran = new Set(out.jobs.map((j) => j.scheduledTime));
  out.skipped = out.skipped.filter((x) => !ran.has(x.scheduledTime));
  out.status = {
    lastScheduleTime: lastSchedule !== undefined ? formatRfc3339(lastSchedule) : null,
    lastSuccessfulTime: lastSuccess !== undefined ? formatRfc3339(lastSuccess) : null,
    active: active.map((j) => j.name),
  };
  return out;
}
