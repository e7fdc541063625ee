/** spec.template.spec.restartPolicy: Jobs need OnFailure or Never (an omitted value defaults to Always). */
import type { Problem } from '../../problem';
import type { Fix, Rule, RuleContext } from '../types';
import { at, abs, str, view } from '../context';
import { setValueEdit } from '../edits';

const PATH = ['spec', 'template', 'spec', 'restartPolicy'];

export const restartPolicyRule: Rule = {
  id: 'api/restart-policy',
  description: 'A Job pod template must use restartPolicy OnFailure or Never; with a podFailurePolicy only Never.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec, spec } = view(ctx);
    const rp = str(podSpec.restartPolicy) ?? '';
    const raw = str((ctx.job as { spec?: { template?: { spec?: { restartPolicy?: unknown } } } }).spec?.template?.spec?.restartPolicy);
    const out: Problem[] = [];
    if (rp === 'Always' || rp === '') {
      out.push(
        at(ctx, PATH, {
          code: 'api/restart-policy',
          errorType: 'Required',
          message:
            raw === undefined
              ? 'restartPolicy is missing, so the server defaults it to "Always", which a Job does not allow: set "OnFailure" or "Never".'
              : 'A Job cannot use restartPolicy "Always": valid values are "OnFailure" and "Never".',
          data: { fix: 'set-never' },
        }),
      );
    } else if (rp !== 'OnFailure' && rp !== 'Never') {
      const fixed = ['Always', 'OnFailure', 'Never'].find((v) => v.toLowerCase() === rp.toLowerCase());
      // Pod validation and the Job check both reject it: the server reports two errors on this path.
      if (!['Always', 'OnFailure', 'Never'].includes(rp)) {
        out.push(
          at(ctx, PATH, {
            code: 'api/restart-policy',
            errorType: 'NotSupported',
            message: `Unsupported restartPolicy ${JSON.stringify(rp)} for a pod: supported values are "Always", "OnFailure", "Never" (case-sensitive).`,
            data: { fix: fixed && fixed !== 'Always' ? fixed : 'Never' },
          }),
        );
      }
      out.push(
        at(ctx, PATH, {
          code: 'api/restart-policy',
          errorType: 'NotSupported',
          message: `Unsupported restartPolicy ${JSON.stringify(rp)} for a Job: supported values are "OnFailure", "Never".`,
          data: { fix: fixed && fixed !== 'Always' ? fixed : 'Never' },
        }),
      );
    } else if (spec.podFailurePolicy !== undefined && spec.podFailurePolicy !== null && rp !== 'Never') {
      out.push(
        at(ctx, PATH, {
          code: 'api/restart-policy',
          errorType: 'Invalid',
          message: 'Only restartPolicy "Never" is supported when podFailurePolicy is specified (the policy needs to see failed pods).',
          data: { fix: 'Never' },
        }),
      );
    }
    return out;
  },
  fixes(ctx: RuleContext, problem: Problem): Fix[] {
    const d = problem.data as { fix?: string } | undefined;
    const value = d?.fix === 'set-never' || !d?.fix ? 'Never' : d.fix;
    const edit = setValueEdit(ctx.file, ctx.pdoc, abs(ctx, PATH), value);
    return edit ? [{ title: `Set restartPolicy: ${value}`, edits: [edit], isPreferred: true }] : [];
  },
};
