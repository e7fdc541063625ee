/**
 * CronJob schedules as the API server parses them (robfig/cron v3 ParseStandard: five fields or a
 * @descriptor). Returns an error message, or undefined when the schedule parses.
 */
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
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const GO_DURATION = /^[-+]?(0|((\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

function atoi(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

function intOrName(s: string, b: Bounds): number | string {
  const named = b.names?.[s.toLowerCase()];
  if (named !== undefined) return named;
  const n = atoi(s);
  if (n === undefined) return `cannot parse ${JSON.stringify(s)} as a number`;
  if (n < 0) return `negative number (${n}) not allowed: ${s}`;
  return n;
}

function checkRange(expr: string, b: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  if (lowHigh[0] === '*' || lowHigh[0] === '?') {
    start = b.min;
    end = b.max;
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
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

export function cronScheduleError(spec: string): string | undefined {
  if (spec.length === 0) return 'empty spec string';
  let s = spec;
  if (s.startsWith('TZ=') || s.startsWith('CRON_TZ=')) {
    const i = s.indexOf(' ');
    if (i < 0) return `invalid schedule format: no fields after ${s}`;
    s = s.slice(i).trim();
  }
  if (s.startsWith('@')) {
    if (DESCRIPTORS.has(s)) return undefined;
    if (s.startsWith('@every ')) return GO_DURATION.test(s.slice(7)) ? undefined : `failed to parse duration ${s}`;
    return `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    for (const expr of fields[i]!.split(',').filter((x) => x !== '')) {
      const err = checkRange(expr, FIELDS[i]!.b);
      if (err) return `${FIELDS[i]!.name}: ${err}`;
    }
  }
  return undefined;
}

/** A time zone name Go's time.LoadLocation would accept (approximated with the ICU zone database). */
export function timeZoneError(tz: string): string | undefined {
  if (tz.length === 0) return 'timeZone must be nil or non-empty string';
  for (const part of tz.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part)) return `unknown time zone ${tz}`;
  }
  if (tz.toLowerCase() === 'local') return 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    return `unknown time zone ${tz}`;
  }
  return undefined;
}
