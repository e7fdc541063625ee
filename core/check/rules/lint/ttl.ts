/**
 * job/missing-ttl: a standalone Job without ttlSecondsAfterFinished piles up after it finishes.
 * job/ttl-in-cronjob: TTL in a CronJob's jobTemplate fights the CronJob's history limits.
 */
import type { Problem } from '../../problem';
import type { Fix, Rule, RuleContext } from '../types';
import { abs, lintAt, severityFor } from '../context';
import { asObj } from '../../../workloads/job';
import { insertKeyEdit } from '../edits';

const MISSING = 'job/missing-ttl';
const CRON = 'job/ttl-in-cronjob';
export const DEFAULT_TTL = 86400;

export const missingTtlRule: Rule = {
  id: MISSING,
  description: 'A standalone Job without ttlSecondsAfterFinished stays in the cluster after it finishes.',
  check(ctx: RuleContext): Problem[] {
    if (ctx.kind !== 'Job') return [];
    const sev = severityFor(ctx, MISSING, 'information');
    if (!sev) return [];
    const spec = asObj(ctx.job.spec);
    if (!spec || (spec.ttlSecondsAfterFinished !== undefined && spec.ttlSecondsAfterFinished !== null)) return [];
    return [lintAt(ctx, ['spec', 'ttlSecondsAfterFinished'], MISSING, sev, 'No ttlSecondsAfterFinished: this Job and its pods stay in the cluster after it finishes until someone deletes them. Set a TTL so they are cleaned up automatically.')];
  },
  fixes(ctx: RuleContext): Fix[] {
    const e = insertKeyEdit(ctx.file, ctx.pdoc, abs(ctx, ['spec']), 'ttlSecondsAfterFinished', String(DEFAULT_TTL));
    return e ? [{ title: `Add ttlSecondsAfterFinished: ${DEFAULT_TTL} (1 day)`, edits: [e], isPreferred: true }] : [];
  },
};

export const ttlInCronJobRule: Rule = {
  id: CRON,
  description: 'ttlSecondsAfterFinished inside a CronJob jobTemplate, where successfulJobsHistoryLimit/failedJobsHistoryLimit already clean up.',
  check(ctx: RuleContext): Problem[] {
    if (ctx.kind !== 'CronJob') return [];
    const sev = severityFor(ctx, CRON, 'information');
    if (!sev) return [];
    const spec = asObj(ctx.job.spec);
    if (!spec || spec.ttlSecondsAfterFinished === undefined || spec.ttlSecondsAfterFinished === null) return [];
    return [lintAt(ctx, ['spec', 'ttlSecondsAfterFinished'], CRON, sev, 'The CronJob already keeps successfulJobsHistoryLimit (default 3) and failedJobsHistoryLimit (default 1) Jobs; a TTL here deletes finished Jobs earlier, so the history (and the logs of the last failure) may be gone when you look.')];
  },
};
