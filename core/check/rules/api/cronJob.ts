/** CronJob-level fields: schedule (cron syntax, no TZ= prefix), timeZone, concurrencyPolicy, deadlines, history limits. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { int } from '../context';
import { asObj } from '../../../workloads/job';
import { cronScheduleError, timeZoneError } from '../../validation/cron';
import { problemAt } from '../../../yaml/document';

const CODE = 'api/cronjob';

export const cronJobRule: Rule = {
  id: CODE,
  description: 'CronJob schedule, timeZone, concurrencyPolicy, startingDeadlineSeconds and history limits.',
  check(ctx: RuleContext): Problem[] {
    if (ctx.kind !== 'CronJob') return [];
    const spec = asObj(ctx.value.spec) ?? {};
    const out: Problem[] = [];
    const err = (path: string[], errorType: 'Required' | 'Invalid' | 'NotSupported', message: string) =>
      out.push(problemAt(ctx.pdoc, path, { code: CODE, severity: 'error', errorType, message }));
    const schedule = spec.schedule;
    if (schedule === undefined || schedule === null || schedule === '') err(['spec', 'schedule'], 'Required', 'A CronJob needs a schedule, e.g. "*/5 * * * *" or "@hourly".');
    else if (typeof schedule === 'string') {
      const e = cronScheduleError(schedule);
      if (e) err(['spec', 'schedule'], 'Invalid', `Invalid schedule ${JSON.stringify(schedule)}: ${e}. Use five fields (minute hour day-of-month month day-of-week) or @hourly/@daily/@weekly/@monthly/@yearly/@every <duration>.`);
      if (schedule.includes('TZ')) err(['spec', 'schedule'], 'Invalid', 'Cannot use TZ or CRON_TZ in the schedule: set spec.timeZone instead.');
    }
    const tz = spec.timeZone;
    if (typeof tz === 'string') {
      const e = timeZoneError(tz);
      if (e) err(['spec', 'timeZone'], 'Invalid', `${e}.`);
    }
    const cp = spec.concurrencyPolicy;
    if (typeof cp === 'string' && cp !== '' && !['Allow', 'Forbid', 'Replace'].includes(cp)) {
      err(['spec', 'concurrencyPolicy'], 'NotSupported', `Unsupported concurrencyPolicy ${JSON.stringify(cp)}: supported values are "Allow", "Forbid", "Replace".`);
    }
    for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
      const v = int(spec[f]);
      if (v !== undefined && v < 0) err(['spec', f], 'Invalid', `${f} must be greater than or equal to 0.`);
    }
    return out;
  },
};
