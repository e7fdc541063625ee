/**
 * The next activation of a schedule after a time, step for step as robfig/cron v3's Next() (the
 * CronJob controller's): search month, then day, then hour, then minute on wall-clock values in the
 * schedule's zone, the hour and minute steps being absolute (+1h, +1m), the day step a calendar day
 * (so a wall time skipped by a DST gap never matches and one repeated by a DST fold matches twice),
 * giving up after five years (the zero time: `undefined` here).
 */
import type { FieldBits, Schedule, SpecSchedule } from './parse';
import { UTC, addDate, dateIn, fieldsIn, loadZone, type Zone } from './tz';

/**
 * The zone a schedule is read in: its TZ= prefix (the controller adds one from spec.timeZone), else
 * `fallback` (robfig's time.Local: the zone of the time passed in; kjob uses UTC unless told).
 * Undefined when the zone name is unknown.
 */
export function scheduleZone(s: Schedule, fallback: Zone = UTC): Zone | undefined {
  return s.timeZone !== undefined ? loadZone(s.timeZone) : fallback;
}

const has = (f: FieldBits, v: number) => f.bits[v] === 1;

function dayMatches(s: SpecSchedule, dom: number, dow: number): boolean {
  const domMatch = has(s.dom, dom);
  const dowMatch = has(s.dow, dow);
  if (s.dom.star || s.dow.star) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

/**
 * The first activation strictly after Unix time `t` (seconds), or undefined when there is none
 * within five years (robfig returns the zero time). `zone` is where the fields are matched.
 */
export function nextRun(s: Schedule, t: number, zone: Zone): number | undefined {
  if (s.kind === 'every') return Math.floor(t) + s.delaySeconds;
  // A field without any value can never match: robfig would search five years minute by minute.
  if (s.minute.empty || s.hour.empty || s.dom.empty || s.month.empty || s.dow.empty) return undefined;
  let u = Math.floor(t) + 1;
  let added = false;
  const yearLimit = fieldsIn(u, zone).year + 5;
  // Each pass of the outer loop is robfig's WRAP label; a pass either returns or moves at least a
  // month/day/hour/minute forward, and the year limit ends it.
  // robfig loops forever when a whole calendar day is skipped (Pacific/Apia, 30 December 2011); kjob
  // gives up after more steps than five years of a valid search can take.
  let steps = 0;
  wrap: for (;;) {
    if (++steps > 20000) return undefined;
    let c = fieldsIn(u, zone);
    if (c.year > yearLimit) return undefined;

    while (!has(s.month, c.month)) {
      if (!added) {
        added = true;
        u = dateIn(c.year, c.month, 1, 0, 0, 0, zone);
      }
      u = addDate(u, zone, 0, 1, 0);
      c = fieldsIn(u, zone);
      if (c.month === 1) continue wrap;
    }

    while (!dayMatches(s, c.day, c.weekday)) {
      if (!added) {
        added = true;
        u = dateIn(c.year, c.month, c.day, 0, 0, 0, zone);
      }
      u = addDate(u, zone, 0, 0, 1);
      if (++steps > 20000) return undefined;
      c = fieldsIn(u, zone);
      // midnight may not exist (DST): back to 0h, or on to the next day's 0h
      if (c.hour !== 0) {
        u += c.hour > 12 ? (24 - c.hour) * 3600 : -c.hour * 3600;
        c = fieldsIn(u, zone);
      }
      if (c.day === 1) continue wrap;
    }

    while (!has(s.hour, c.hour)) {
      if (!added) {
        added = true;
        u = dateIn(c.year, c.month, c.day, c.hour, 0, 0, zone);
      }
      u += 3600;
      c = fieldsIn(u, zone);
      if (c.hour === 0) continue wrap;
    }

    while (!has(s.minute, c.minute)) {
      if (!added) {
        added = true;
        u = Math.floor(u / 60) * 60;
      }
      u += 60;
      c = fieldsIn(u, zone);
      if (c.minute === 0) continue wrap;
    }

    // seconds: robfig's standard parser fixes them at 0
    while (c.second !== 0) {
      if (!added) {
        added = true;
        u = Math.floor(u);
      }
      // robfig steps one second at a time until second 0; with one offset over the stretch that is
      // a single jump (the same instant), otherwise step as robfig does.
      const k = 60 - c.second;
      if (k > 1 && zone.offsetAt(u) === zone.offsetAt(u + k)) u += k - 1;
      u += 1;
      c = fieldsIn(u, zone);
      if (c.second === 0) continue wrap;
    }
    return u;
  }
}

/** The next `count` activations after `t` (fewer when the schedule stops firing). */
export function nextRuns(s: Schedule, t: number, zone: Zone, count: number): number[] {
  const out: number[] = [];
  let u = t;
  for (let i = 0; i < count; i++) {
    const n = nextRun(s, u, zone);
    if (n === undefined) break;
    out.push(n);
    u = n;
  }
  return out;
}
