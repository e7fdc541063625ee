/**
 * CronJob schedules as Kubernetes reads them: robfig/cron v3's ParseStandard (five fields or an
 * @descriptor, optional TZ=/CRON_TZ= prefix), which both the API server (validation) and the CronJob
 * controller use. The result is either an error message or a schedule: bit sets per field (as robfig
 * keeps them, with the "star" flag that switches the day-of-month/day-of-week rule from OR to AND)
 * or a constant delay (@every).
 *
 * Linear in the length of the spec: one pass to split, one per field; no regular expression that can
 * backtrack. The error messages are kjob's own wording of robfig's errors.
 */

export interface FieldBits {
  /** bits[v] = 1 when value v is in the field. */
  bits: Uint8Array;
  /** `*` or `?` (without a step > 1) was part of the field. */
  star: boolean;
  /** True when no value is set (e.g. a field made only of commas). */
  empty: boolean;
}

export interface SpecSchedule {
  kind: 'spec';
  minute: FieldBits;
  hour: FieldBits;
  dom: FieldBits;
  month: FieldBits;
  dow: FieldBits;
  /** The TZ=/CRON_TZ= prefix's zone, if any (the controller adds one from spec.timeZone). */
  timeZone?: string;
  /** The five fields as written (descriptors expanded), for describe(). */
  fields: [string, string, string, string, string];
  descriptor?: string;
}

export interface DelaySchedule {
  kind: 'every';
  /** Whole seconds, at least 1. */
  delaySeconds: number;
  timeZone?: string;
  descriptor: string;
}

export type Schedule = SpecSchedule | DelaySchedule;

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: { name: string; b: Bounds }[] = [
  { name: 'minute', b: { min: 0, max: 59 } },
  { name: 'hour', b: { min: 0, max: 23 } },
  { name: 'day of month', b: { min: 1, max: 31 } },
  { name: 'month', b: { min: 1, max: 12, names: Object.fromEntries(MONTHS.map((m, i) => [m, i + 1])) } },
  { name: 'day of week', b: { min: 0, max: 6, names: Object.fromEntries(DAYS.map((d, i) => [d, i])) } },
];

const DESCRIPTORS: Record<string, [string, string, string, string, string]> = {
  '@yearly': ['0', '0', '1', '1', '*'],
  '@annually': ['0', '0', '1', '1', '*'],
  '@monthly': ['0', '0', '1', '*', '*'],
  '@weekly': ['0', '0', '*', '*', '0'],
  '@daily': ['0', '0', '*', '*', '*'],
  '@midnight': ['0', '0', '*', '*', '*'],
  '@hourly': ['0', '*', '*', '*', '*'],
};

/** Go's strconv.Atoi syntax: optional sign, then ASCII digits. */
function atoi(s: string): number | undefined {
  let i = s[0] === '+' || s[0] === '-' ? 1 : 0;
  if (i === s.length) return undefined;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(s);
}

function intOrName(s: string, b: Bounds): number | string {
  const named = b.names?.[s.toLowerCase()];
  if (named !== undefined && Object.prototype.hasOwnProperty.call(b.names, s.toLowerCase())) return named;
  const n = atoi(s);
  if (n === undefined) return `cannot parse ${JSON.stringify(s)} as a number`;
  if (n < 0) return `negative number (${n}) not allowed: ${s}`;
  return n;
}

/** Adds one range expression (`a`, `a-b`, `a-b/n`, `a/n`, `*`, `*​/n`) to `f`; returns an error or undefined. */
function addRange(expr: string, b: Bounds, f: FieldBits): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowHigh[0] === '*' || lowHigh[0] === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    const s = intOrName(lowHigh[0]!, b);
    if (typeof s === 'string') return s;
    start = s;
    if (lowHigh.length === 1) end = start;
    else if (lowHigh.length === 2) {
      const e = intOrName(lowHigh[1]!, b);
      if (typeof e === 'string') return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const st = intOrName(rangeAndStep[1]!, { min: 0, max: 0 });
    if (typeof st === 'string') return st;
    step = st;
    if (lowHigh.length === 1) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  for (let v = start; v <= end; v += step) f.bits[v] = 1;
  f.empty = false;
  if (star) f.star = true;
  return undefined;
}

function parseField(field: string, b: Bounds): FieldBits | string {
  const f: FieldBits = { bits: new Uint8Array(64), star: false, empty: true };
  for (const expr of field.split(',')) {
    if (expr === '') continue;
    const err = addRange(expr, b, f);
    if (err) return err;
  }
  return f;
}

function isSpace(c: number): boolean {
  // Go's strings.Fields splits on Unicode white space; these are the ASCII and Latin-1 ones plus
  // the other Unicode spaces.
  return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** strings.Fields in one pass; stops collecting after `limit` fields but keeps counting. */
function fieldsOf(s: string, limit: number): { fields: string[]; count: number } {
  const fields: string[] = [];
  let count = 0;
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const sp = i === s.length || isSpace(s.charCodeAt(i));
    if (sp) {
      if (start >= 0) {
        count++;
        if (fields.length < limit) fields.push(s.slice(start, i));
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  return { fields, count };
}

/** Go's time.ParseDuration (the forms it accepts), in nanoseconds; undefined when it fails. */
export function parseGoDuration(s: string): number | undefined {
  const UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let i = 0;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    i = 1;
  }
  if (s.slice(i) === '0') return 0;
  if (i === s.length) return undefined;
  let total = 0;
  while (i < s.length) {
    const numStart = i;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    const intPart = s.slice(numStart, i);
    let frac = '';
    if (s[i] === '.') {
      i++;
      const fs = i;
      while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      frac = s.slice(fs, i);
    }
    if (intPart === '' && frac === '') return undefined;
    const unitStart = i;
    while (i < s.length && !(s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) && s[i] !== '.') i++;
    const unit = UNITS[s.slice(unitStart, i)];
    if (unit === undefined) return undefined;
    total += Number(intPart || '0') * unit + (frac ? Number(`0.${frac}`) * unit : 0);
    if (total > 9223372036854775807) return undefined;
  }
  return neg ? -total : total;
}

/** Parses a schedule; returns it or an error message. */
export function parseSchedule(spec: string): Schedule | { error: string } {
  if (spec.length === 0) return { error: 'empty spec string' };
  let s = spec;
  let timeZone: string | undefined;
  if (s.startsWith('TZ=') || s.startsWith('CRON_TZ=')) {
    const i = s.indexOf(' ');
    if (i < 0) return { error: `invalid schedule format: no fields after ${s}` };
    timeZone = s.slice(s.indexOf('=') + 1, i);
    s = s.slice(i).trim();
  }
  if (s.startsWith('@')) {
    const d = DESCRIPTORS[s];
    if (d && Object.prototype.hasOwnProperty.call(DESCRIPTORS, s)) return specFrom([...d], timeZone, s) as SpecSchedule;
    if (s.startsWith('@every ')) {
      const ns = parseGoDuration(s.slice(7));
      if (ns === undefined) return { error: `failed to parse duration ${s}` };
      const secs = Math.max(1, Math.floor(ns / 1e9));
      return { kind: 'every', delaySeconds: secs, timeZone, descriptor: s };
    }
    return { error: `unrecognized descriptor: ${s}` };
  }
  const { fields, count } = fieldsOf(s, 5);
  if (count !== 5) {
    const all = count > 5 ? fieldsOf(s, count).fields : fields;
    return { error: `expected exactly 5 fields, found ${count}: [${all.join(' ')}]` };
  }
  return specFrom(fields as [string, string, string, string, string], timeZone);
}

function specFrom(fields: [string, string, string, string, string], timeZone: string | undefined, descriptor?: string): SpecSchedule | { error: string } {
  const bits: FieldBits[] = [];
  for (let i = 0; i < 5; i++) {
    const f = parseField(fields[i]!, FIELDS[i]!.b);
    if (typeof f === 'string') return { error: `${FIELDS[i]!.name}: ${f}` };
    bits.push(f);
  }
  return { kind: 'spec', minute: bits[0]!, hour: bits[1]!, dom: bits[2]!, month: bits[3]!, dow: bits[4]!, timeZone, fields, descriptor };
}

export function isScheduleError(r: Schedule | { error: string }): r is { error: string } {
  return 'error' in r;
}

/** The API server's check of `schedule`: an error message, or undefined when it parses. */
export function cronScheduleError(spec: string): string | undefined {
  const r = parseSchedule(spec);
  return isScheduleError(r) ? r.error : undefined;
}
