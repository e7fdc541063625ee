/** Integer JobSpec fields that must be >= 0. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, int, view } from '../context';

const FIELDS = ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes'];

export const nonNegativeRule: Rule = {
  id: 'api/non-negative',
  description: 'parallelism, completions, activeDeadlineSeconds, backoffLimit, ttlSecondsAfterFinished, backoffLimitPerIndex and maxFailedIndexes must be >= 0.',
  check(ctx: RuleContext): Problem[] {
    const { spec } = view(ctx);
    const out: Problem[] = [];
    for (const f of FIELDS) {
      const v = int(spec[f]);
      if (v !== undefined && v < 0) {
        const hint = f === 'ttlSecondsAfterFinished' ? ' (to keep a finished Job forever, omit the field)' : '';
        out.push(at(ctx, ['spec', f], { code: 'api/non-negative', errorType: 'Invalid', message: `${f} must be greater than or equal to 0, got ${v}${hint}.` }));
      }
    }
    return out;
  },
};
