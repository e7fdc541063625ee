/**
 * cronjob/never-fires: a schedule the API server accepts but that has no activation within five
 * years (e.g. `0 0 30 2 *`, 30 February): robfig's Next() returns the zero time, the CronJob
 * controller records an InvalidSchedule warning and never creates a Job.
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { lintAt, severityFor } from '../context';
import { asObj } from '../../../workloads/job';
import { isScheduleError, parseSchedule } from '../../../cron/parse';
import { nextRun } from '../../../cron/next';
import { UTC } from '../../../cron/tz';

const CODE = 'cronjob/never-fires';

export const cronNeverFiresRule: Rule = {
  id: CODE,
  description: 'A CronJob schedule that parses but never matches a date (e.g. 30 February): the controller never creates a Job.',
  check(ctx: RuleContext): Problem[] {
    if (ctx.kind !== 'CronJob') return [];
    const sev = severityFor(ctx, CODE, 'warning');
    if (!sev) return [];
    const schedule = asObj(ctx.value.spec)?.schedule;
    if (typeof schedule !== 'string' || schedule.length > 1000) return [];
    const s = parseSchedule(schedule);
    if (isScheduleError(s) || s.kind !== 'spec') return [];
    // The day-of-month/month combination decides; the zone does not (checked in UTC from a fixed
    // leap-year-spanning start so the result does not depend on today's date).
    if (nextRun(s, Date.UTC(2027, 0, 1) / 1000, UTC) !== undefined) return [];
    return [lintAt(ctx, ['spec', 'schedule'], CODE, sev, `The schedule ${JSON.stringify(schedule)} never fires: no date matches its day-of-month, month and day-of-week fields. The CronJob controller records an InvalidSchedule warning and never creates a Job.`)];
  },
};
