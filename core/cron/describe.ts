/** A plain-English reading of a parsed schedule (for hovers, CodeLenses and `kjob schedule`). */
import type { FieldBits, Schedule } from './parse';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function values(f: FieldBits, min: number, max: number): number[] {
  const out: number[] = [];
  for (let v = min; v <= max; v++) if (f.bits[v]) out.push(v);
  return out;
}

/** "1, 3 and 5", runs of 3+ consecutive values as "1–5". */
function list(vs: number[], name: (v: number) => string = String): string {
  const parts: string[] = [];
  for (let i = 0; i < vs.length; ) {
    let j = i;
    while (j + 1 < vs.length && vs[j + 1] === vs[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${name(vs[i]!)}–${name(vs[j]!)}`);
    else for (let k = i; k <= j; k++) parts.push(name(vs[k]!));
    i = j + 1;
  }
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : (parts[0] ?? 'none');
}

/** A step pattern min, min+n, … covering the range: "every n". */
function step(vs: number[], min: number, max: number): number | undefined {
  if (vs.length < 2 || vs[0] !== min) return undefined;
  const n = vs[1]! - vs[0]!;
  if (n < 2 || vs.some((v, i) => v !== min + i * n) || vs[vs.length - 1]! + n <= max) return undefined;
  return n;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function describeSchedule(s: Schedule): string {
  if (s.kind === 'every') return `every ${s.delaySeconds} s, counted from the previous run (not aligned to the clock)`;
  const mins = values(s.minute, 0, 59);
  const hours = values(s.hour, 0, 23);
  let time: string;
  const allMin = mins.length === 60;
  const allHour = hours.length === 24;
  const minStep = step(mins, 0, 59);
  const hourStep = step(hours, 0, 23);
  if (allMin && allHour) time = 'every minute';
  else if (allMin) time = `every minute of hour${hours.length > 1 ? 's' : ''} ${list(hours, pad)}`;
  else if (mins.length === 1 && hours.length <= 6 && !allHour) time = `at ${list(hours.map((h) => h * 60 + mins[0]!), (v) => `${pad(Math.floor(v / 60))}:${pad(v % 60)}`)}`;
  else {
    const m = minStep ? `every ${minStep} minutes` : mins.length === 1 ? `at minute ${mins[0]}` : `at minutes ${list(mins)}`;
    const h = allHour ? (mins.length === 1 ? 'of every hour' : '') : hourStep ? `of every ${hourStep} hours from 00:00` : `of hour${hours.length > 1 ? 's' : ''} ${list(hours, pad)}`;
    time = `${m}${h ? ' ' + h : ''}`;
  }
  const doms = values(s.dom, 1, 31);
  const dows = values(s.dow, 0, 6);
  const domText = `on day${doms.length > 1 ? 's' : ''} ${list(doms)} of the month`;
  const dowText = `on ${list(dows, (d) => DAYS[d]!)}`;
  let days = '';
  const domAll = doms.length === 31;
  const dowAll = dows.length === 7;
  if (s.dom.star || s.dow.star) {
    // AND: both must match
    if (!domAll && !dowAll) days = `${domText} if it is ${list(dows, (d) => DAYS[d]!)}`;
    else if (!domAll) days = domText;
    else if (!dowAll) days = dowText;
  } else if (!domAll && !dowAll) days = `${domText} or ${dowText}`; // OR; a full field makes it every day
  const months = values(s.month, 1, 12);
  const monthText = months.length === 12 ? '' : `in ${list(months, (m) => MONTHS[m - 1]!)}`;
  return [time, days, monthText].filter(Boolean).join(', ');
}
