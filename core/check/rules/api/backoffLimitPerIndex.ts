/** backoffLimitPerIndex / maxFailedIndexes: Indexed only, and the bounds for very large Jobs. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, int, view } from '../context';

const CODE = 'api/backoff-limit-per-index';

export const backoffLimitPerIndexRule: Rule = {
  id: CODE,
  description: 'backoffLimitPerIndex and maxFailedIndexes need Indexed completion mode and stay within the completions-dependent limits.',
  check(ctx: RuleContext): Problem[] {
    const { spec } = view(ctx);
    const out: Problem[] = [];
    const has = (k: string) => spec[k] !== undefined && spec[k] !== null;
    const blpi = has('backoffLimitPerIndex');
    const mfi = int(spec.maxFailedIndexes);
    if (has('maxFailedIndexes') && !blpi) {
      out.push(at(ctx, ['spec', 'backoffLimitPerIndex'], { code: CODE, errorType: 'Required', message: 'backoffLimitPerIndex is required when maxFailedIndexes is specified.', anchor: ['spec', 'maxFailedIndexes'] }));
    }
    const mode = spec.completionMode;
    if (mode === 'Indexed') {
      const completions = int(spec.completions);
      const parallelism = int(spec.parallelism);
      if (completions !== undefined && mfi !== undefined && mfi > completions) {
        out.push(at(ctx, ['spec', 'maxFailedIndexes'], { code: CODE, errorType: 'Invalid', message: `maxFailedIndexes (${mfi}) must be less than or equal to completions (${completions}).` }));
      }
      if (mfi !== undefined && mfi > 100000) {
        out.push(at(ctx, ['spec', 'maxFailedIndexes'], { code: CODE, errorType: 'Invalid', message: 'maxFailedIndexes must be less than or equal to 100000.' }));
      }
      if (completions !== undefined && completions > 100000 && blpi) {
        if (!has('maxFailedIndexes')) {
          out.push(at(ctx, ['spec', 'maxFailedIndexes'], { code: CODE, errorType: 'Required', message: 'maxFailedIndexes must be specified when completions is above 100000 and backoffLimitPerIndex is used.' }));
        }
        if (parallelism !== undefined && parallelism > 10000) {
          out.push(at(ctx, ['spec', 'parallelism'], { code: CODE, errorType: 'Invalid', message: 'parallelism must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index.' }));
        }
        if (mfi !== undefined && mfi > 10000) {
          out.push(at(ctx, ['spec', 'maxFailedIndexes'], { code: CODE, errorType: 'Invalid', message: 'maxFailedIndexes must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index.' }));
        }
      }
    }
    // Only an unset or explicit NonIndexed mode gets "requires indexed"; an unsupported value gets neither.
    if (mode === undefined || mode === null || mode === 'NonIndexed') {
      if (blpi) out.push(at(ctx, ['spec', 'backoffLimitPerIndex'], { code: CODE, errorType: 'Invalid', message: 'backoffLimitPerIndex requires completionMode: Indexed.' }));
      if (has('maxFailedIndexes')) out.push(at(ctx, ['spec', 'maxFailedIndexes'], { code: CODE, errorType: 'Invalid', message: 'maxFailedIndexes requires completionMode: Indexed.' }));
    }
    return out;
  },
};
