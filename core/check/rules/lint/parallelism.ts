/** job/parallelism-exceeds-completions: parallelism above completions never runs more pods than remain. */
import type { Problem } from '../../problem';
import type { Fix, Rule, RuleContext } from '../types';
import { abs, int, lintAt, severityFor } from '../context';
import { asObj } from '../../../workloads/job';
import { replaceScalarEdit } from '../edits';

const CODE = 'job/parallelism-exceeds-completions';

export const parallelismRule: Rule = {
  id: CODE,
  description: 'parallelism greater than completions (the extra parallelism is never used).',
  check(ctx: RuleContext): Problem[] {
    const sev = severityFor(ctx, CODE, 'information');
    if (!sev) return [];
    const spec = asObj(ctx.job.spec) ?? {};
    const p = int(spec.parallelism);
    const c = int(spec.completions);
    if (p === undefined || c === undefined || p <= c) return [];
    return [lintAt(ctx, ['spec', 'parallelism'], CODE, sev, `parallelism (${p}) is greater than completions (${c}): the controller never runs more pods than the completions remaining, so at most ${c} run at once. Did you mean completions: ${p}?`, { completions: c })];
  },
  fixes(ctx: RuleContext, problem: Problem): Fix[] {
    const c = (problem.data as { completions?: number } | undefined)?.completions;
    if (c === undefined) return [];
    const e = replaceScalarEdit(ctx.pdoc, abs(ctx, ['spec', 'parallelism']), String(c));
    return e ? [{ title: `Set parallelism: ${c}`, edits: [e] }] : [];
  },
};
