/** job/onfailure-finite-backoff: restartPolicy OnFailure with a finite backoffLimit loses logs when the Job fails. */
import type { Problem } from '../../problem';
import type { Fix, Rule, RuleContext } from '../types';
import { abs, int, lintAt, severityFor, view } from '../context';
import { setValueEdit } from '../edits';

const CODE = 'job/onfailure-finite-backoff';

export const onFailureBackoffRule: Rule = {
  id: CODE,
  description: 'restartPolicy OnFailure with a finite backoffLimit: when the Job fails its pods are deleted, and their logs with them.',
  check(ctx: RuleContext): Problem[] {
    const sev = severityFor(ctx, CODE, 'warning');
    if (!sev) return [];
    const { podSpec, spec } = view(ctx);
    if (podSpec.restartPolicy !== 'OnFailure') return [];
    const bl = int(spec.backoffLimit) ?? 6;
    if (bl >= 2147483647) return [];
    return [
      lintAt(ctx, ['spec', 'template', 'spec', 'restartPolicy'], CODE, sev, `With restartPolicy OnFailure, when the Job reaches its backoffLimit (${bl}) the controller deletes the running pods, and the logs of every retry go with them. Use restartPolicy: Never to keep failed pods for debugging.`),
    ];
  },
  fixes(ctx: RuleContext): Fix[] {
    const e = setValueEdit(ctx.file, ctx.pdoc, abs(ctx, ['spec', 'template', 'spec', 'restartPolicy']), 'Never');
    return e ? [{ title: 'Set restartPolicy: Never', edits: [e], isPreferred: true }] : [];
  },
};
