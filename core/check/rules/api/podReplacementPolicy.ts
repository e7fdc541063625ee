/** spec.podReplacementPolicy: Failed or TerminatingOrFailed; only Failed with a podFailurePolicy. */
import type { Problem } from '../../problem';
import type { Fix, Rule, RuleContext } from '../types';
import { abs, at, view } from '../context';
import { replaceScalarEdit } from '../edits';

const CODE = 'api/pod-replacement-policy';

export const podReplacementPolicyRule: Rule = {
  id: CODE,
  description: 'podReplacementPolicy must be Failed or TerminatingOrFailed, and Failed when podFailurePolicy is set.',
  check(ctx: RuleContext): Problem[] {
    const { spec } = view(ctx);
    const v = spec.podReplacementPolicy;
    if (v === undefined || v === null) return [];
    const hasPfp = spec.podFailurePolicy !== undefined && spec.podFailurePolicy !== null;
    const path = ['spec', 'podReplacementPolicy'];
    if (hasPfp) {
      if (v !== 'Failed') {
        return [at(ctx, path, { code: CODE, errorType: 'NotSupported', message: `Unsupported podReplacementPolicy ${JSON.stringify(v)}: with a podFailurePolicy only "Failed" is supported.`, data: { replace: 'Failed' } })];
      }
    } else if (v !== 'Failed' && v !== 'TerminatingOrFailed') {
      const fixed = ['Failed', 'TerminatingOrFailed'].find((x) => typeof v === 'string' && x.toLowerCase() === v.toLowerCase());
      return [at(ctx, path, { code: CODE, errorType: 'NotSupported', message: `Unsupported podReplacementPolicy ${JSON.stringify(v)}: supported values are "Failed", "TerminatingOrFailed".`, data: { replace: fixed ?? 'Failed' } })];
    }
    return [];
  },
  fixes(ctx: RuleContext, problem: Problem): Fix[] {
    const r = (problem.data as { replace?: string } | undefined)?.replace;
    if (!r) return [];
    const e = replaceScalarEdit(ctx.pdoc, abs(ctx, ['spec', 'podReplacementPolicy']), r);
    return e ? [{ title: `Set podReplacementPolicy: ${r}`, edits: [e], isPreferred: true }] : [];
  },
};
