/**
 * CronJob `schedule` and `timeZone` checks as the API server makes them. The schedule parser is
 * core/cron/parse.ts (the one home of cron syntax, shared with Next() and describe()).
 */
export { cronScheduleError } from '../../cron/parse';
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
