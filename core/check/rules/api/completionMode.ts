/** completionMode values and the Indexed-only requirements (completions set, parallelism cap). */
import type { Problem } from '../../problem';
import type { Fix, Rule, RuleContext } from '../types';
import { abs, at, int, str, view } from '../context';
import { replaceScalarEdit, setValueEdit } from '../edits';

export const completionModeRule: Rule = {
  id: 'api/completion-mode',
  description: 'completionMode must be NonIndexed or Indexed; Indexed Jobs need completions and at most 100000 parallelism.',
  check(ctx: RuleContext): Problem[] {
    const { spec } = view(ctx);
    const out: Problem[] = [];
    const mode = spec.completionMode;
    if (mode === undefined || mode === null) return out;
    const m = str(mode);
    if (m !== undefined && m !== 'NonIndexed' && m !== 'Indexed') {
      const fixed = ['NonIndexed', 'Indexed'].find((v) => v.toLowerCase() === m.toLowerCase().replace(/[-_ ]/g, ''));
      out.push(
        at(ctx, ['spec', 'completionMode'], {
          code: 'api/completion-mode',
          errorType: 'NotSupported',
          message: `Unsupported completionMode ${JSON.stringify(m)}: supported values are "NonIndexed", "Indexed" (case-sensitive).`,
          ...(fixed ? { data: { replace: fixed } } : {}),
        }),
      );
    }
    if (m === 'Indexed') {
      if (spec.completions === undefined || spec.completions === null) {
        const rawPar = (ctx.job.spec as Record<string, unknown> | undefined)?.parallelism;
        out.push(
          at(ctx, ['spec', 'completions'], {
            code: 'api/completion-mode',
            errorType: 'Required',
            message:
              (ctx.kind === 'Job' && rawPar !== undefined && rawPar !== null
                ? 'completions is required when completion mode is Indexed (it is only defaulted to 1 when parallelism is unset too).'
                : 'completions is required when completion mode is Indexed.') +
              (spec.successPolicy !== undefined && spec.successPolicy !== null
                ? ' (With a successPolicy, kube-apiserver 1.37.2 crashes on this request instead of reporting it: the connection is reset.)'
                : ''),
            data: { addCompletions: int(spec.parallelism) && int(spec.parallelism)! > 0 ? int(spec.parallelism) : 1 },
          }),
        );
      }
      const p = int(spec.parallelism);
      if (p !== undefined && p > 100000) {
        out.push(at(ctx, ['spec', 'parallelism'], { code: 'api/completion-mode', errorType: 'Invalid', message: `parallelism must be less than or equal to 100000 when completion mode is Indexed, got ${p}.` }));
      }
    }
    return out;
  },
  fixes(ctx: RuleContext, problem: Problem): Fix[] {
    const d = problem.data as { replace?: string; addCompletions?: number } | undefined;
    if (d?.replace) {
      const e = replaceScalarEdit(ctx.pdoc, abs(ctx, ['spec', 'completionMode']), d.replace);
      return e ? [{ title: `Change to ${d.replace}`, edits: [e], isPreferred: true }] : [];
    }
    if (d?.addCompletions !== undefined) {
      const e = setValueEdit(ctx.file, ctx.pdoc, abs(ctx, ['spec', 'completions']), String(d.addCompletions));
      return e ? [{ title: `Add completions: ${d.addCompletions}`, edits: [e], isPreferred: true }] : [];
    }
    return [];
  },
};
