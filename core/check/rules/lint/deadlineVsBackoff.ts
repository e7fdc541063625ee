/** job/deadline-shorter-than-backoff: activeDeadlineSeconds ends the Job before the allowed retries can run. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { int, lintAt, severityFor, view } from '../context';

const CODE = 'job/deadline-shorter-than-backoff';

/**
 * Seconds of back-off delay before the last allowed retry starts: the Job controller waits
 * 10s, 20s, 40s, … after each failed pod (restartPolicy Never), capped at 10 minutes
 * (DefaultJobPodFailureBackOff / MaxJobPodFailureBackOff in pkg/controller/job, 1.36 and 1.37; the
 * Job docs still say six minutes). The kubelet's container restart back-off (OnFailure) doubles
 * from 10s and is capped at 5 minutes.
 */
export function backoffChainSeconds(retries: number, capSeconds: number): number {
  let total = 0;
  let delay = 10;
  for (let i = 0; i < retries; i++) {
    total += Math.min(delay, capSeconds);
    if (delay < capSeconds) delay *= 2;
    if (total > 1e9) break;
  }
  return total;
}

export const deadlineVsBackoffRule: Rule = {
  id: CODE,
  description: 'activeDeadlineSeconds shorter than the back-off delays the allowed retries need.',
  check(ctx: RuleContext): Problem[] {
    const sev = severityFor(ctx, CODE, 'warning');
    if (!sev) return [];
    const { spec, podSpec } = view(ctx);
    const ads = int(spec.activeDeadlineSeconds);
    if (ads === undefined || ads < 0) return [];
    if (spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null) return [];
    const bl = int(spec.backoffLimit) ?? 6;
    if (bl <= 0 || bl >= 2147483647) return [];
    const onFailure = podSpec.restartPolicy === 'OnFailure';
    const need = backoffChainSeconds(bl, onFailure ? 300 : 600);
    if (ads >= need) return [];
    return [
      lintAt(ctx, ['spec', 'activeDeadlineSeconds'], CODE, sev, `activeDeadlineSeconds (${ads}s) is shorter than the back-off delays alone for backoffLimit ${bl} (${need}s: 10s doubling per failure, capped at ${onFailure ? '5 min by the kubelet' : '10 min by the Job controller'}), before counting any pod run time. The deadline will end the Job before it can use its retries; raise the deadline or lower backoffLimit.`),
    ];
  },
};
