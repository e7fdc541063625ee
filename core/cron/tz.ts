/**
 * Wall-clock arithmetic in an IANA time zone, the way Go's time package does it, for cron's Next().
 * Times are Unix seconds (may be fractional). Offsets come from the ICU time-zone database built
 * into Node (Intl, full ICU, offline), cached as per-zone transition tables built on first use of a
 * ~1-year chunk: one Intl call per day of the chunk plus a binary search to the second per
 * transition. Two transitions less than a day apart that cancel each other out would be missed (none
 * exists in the tz database for the years cron schedules care about).
 *
 * The only Go behaviours cron needs: time.Date (normalising overflowing fields, and choosing an
 * offset for a wall time that does not exist or exists twice), AddDate, Add, Truncate and the field
 * getters. time.Date picks the offset as Go's implementation does: the offset in force at the wall
 * time read as UTC, then the offset in force at that guess minus the first offset.
 */

export interface Zone {
  readonly name: string;
  /** Offset east of UTC, in seconds, in force at Unix time `unix`. */
  offsetAt(unix: number): number;
}

export const UTC: Zone = { name: 'UTC', offsetAt: () => 0 };

const CHUNK = 1 << 25; // seconds (~388 days)
const DAY = 86400;

class IntlZone implements Zone {
  private readonly fmt: Intl.DateTimeFormat;
  /** chunk index -> [transition instants ascending, offset before the first, offsets after each]. */
  private readonly chunks = new Map<number, { at: number[]; offsets: number[] }>();
  constructor(readonly name: string) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The offset at a whole second, read from ICU ("12/7/1874, 13:43:58"). */
  private raw(unix: number): number {
    const s = this.fmt.format(unix * 1000);
    const m = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)$/.exec(s);
    if (!m) throw new Error(`unexpected ICU date format ${JSON.stringify(s)} for ${this.name}`);
    const wall = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000;
    // Date.UTC maps years 0-99 to 1900-1999; cron never asks about those years.
    return wall - unix;
  }

  private chunk(k: number): { at: number[]; offsets: number[] } {
    let c = this.chunks.get(k);
    if (c) return c;
    const from = k * CHUNK;
    const to = from + CHUNK;
    const at: number[] = [];
    const offsets: number[] = [this.raw(from)];
    let prevT = from;
    let prev = offsets[0]!;
    for (let t = from + DAY; ; t += DAY) {
      const tt = Math.min(t, to - 1);
      const o = this.raw(tt);
      if (o !== prev) {
        // the first second at which the offset is no longer `prev`
        let lo = prevT;
        let hi = tt;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.raw(mid) === prev) lo = mid;
          else hi = mid;
        }
        at.push(hi);
        offsets.push(o);
        prev = o;
      }
      prevT = tt;
      if (tt >= to - 1) break;
    }
    c = { at, offsets };
    this.chunks.set(k, c);
    return c;
  }

  offsetAt(unix: number): number {
    const s = Math.floor(unix);
    const c = this.chunk(Math.floor(s / CHUNK));
    const at = c.at;
    let i = 0;
    while (i < at.length && at[i]! <= s) i++;
    return c.offsets[i]!;
  }
}

const zones = new Map<string, Zone>();

/** The zone for an IANA name, or undefined when ICU does not know it. "UTC" is Go's time.UTC. */
export function loadZone(name: string): Zone | undefined {
  if (name === 'UTC' || name === '') return UTC;
  let z = zones.get(name);
  if (z) return z;
  try {
    z = new IntlZone(name);
  } catch {
    return undefined;
  }
  if (zones.size > 1000) zones.clear();
  zones.set(name, z);
  return z;
}

/** The zone this process runs in (kube-controller-manager reads schedules without timeZone in its own). */
export function localZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

// ---- civil calendar (proleptic Gregorian), days since 1970-01-01 -------------------------------

export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Civil {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday */
  weekday: number;
}

export function civilFromSeconds(local: number): Civil {
  const s = Math.floor(local);
  const days = Math.floor(s / DAY);
  const sod = s - days * DAY;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {
    year,
    month,
    day,
    hour: Math.floor(sod / 3600),
    minute: Math.floor((sod % 3600) / 60),
    second: sod % 60,
    weekday: (((days + 4) % 7) + 7) % 7,
  };
}

/** The wall-clock fields of instant `unix` in `zone` (Go's t.In(zone).Date()/Clock()/Weekday()). */
export function fieldsIn(unix: number, zone: Zone): Civil {
  return civilFromSeconds(unix + zone.offsetAt(unix));
}

/**
 * Go's time.Date(year, month, day, hour, min, sec, 0, zone): fields may overflow (month 13, day 32)
 * and are normalised; a wall time skipped or repeated by a transition gets Go's choice of offset.
 */
export function dateIn(year: number, month: number, day: number, hour: number, minute: number, second: number, zone: Zone): number {
  const m0 = month - 1;
  const y = year + Math.floor(m0 / 12);
  const m = (((m0 % 12) + 12) % 12) + 1;
  const wall = (daysFromCivil(y, m, 1) + day - 1) * DAY + hour * 3600 + minute * 60 + second;
  const guess = zone.offsetAt(wall);
  if (guess === 0) return wall;
  return wall - zone.offsetAt(wall - guess);
}

/** Go's t.AddDate(years, months, days) for t in `zone`. */
export function addDate(unix: number, zone: Zone, years: number, months: number, days: number): number {
  const c = fieldsIn(unix, zone);
  return dateIn(c.year + years, c.month + months, c.day + days, c.hour, c.minute, c.second, zone) + (unix - Math.floor(unix));
}

/** RFC 3339 of instant `unix` with the zone's offset (Z for a zero offset), whole seconds. */
export function formatRfc3339(unix: number, zone: Zone = UTC): string {
  const off = zone.offsetAt(unix);
  const c = civilFromSeconds(unix + off);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${p(c.year, 4)}-${p(c.month)}-${p(c.day)}T${p(c.hour)}:${p(c.minute)}:${p(c.second)}`;
  if (zone === UTC) return `${date}Z`;
  const a = Math.abs(off);
  // RFC 3339 offsets have minutes only; Go's format drops the seconds of an LMT offset the same way.
  return `${date}${off < 0 ? '-' : '+'}${p(Math.floor(a / 3600))}:${p(Math.floor((a % 3600) / 60))}`;
}

/** Parses an RFC 3339 timestamp to Unix seconds, or undefined. */
export function parseRfc3339(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return undefined;
  const [mo, d, h, mi, se] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return undefined;
  let off = 0;
  const z = m[8]!;
  if (z !== 'Z' && z !== 'z') off = (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 3600 + Number(z.slice(4, 6)) * 60);
  return (daysFromCivil(Number(m[1]), mo, d) * DAY + h * 3600 + mi * 60 + se - off) + (m[7] ? Number(m[7]) : 0);
}
