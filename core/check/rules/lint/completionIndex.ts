/**
 * job/literal-completion-index: JOB_COMPLETION_INDEX given a literal value (the controller only
 * injects it when absent, so every pod sees the literal).
 * job/completion-index-nonindexed: the completion index used in a NonIndexed Job, where it never exists.
 */
import type { Problem } from '../../problem';
import type { Fix, Rule, RuleContext } from '../types';
import { abs, lintAt, severityFor, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { eachContainer } from '../api/podContainers';
import { removeSeqItemEdit } from '../edits';

const LITERAL = 'job/literal-completion-index';
const NONINDEXED = 'job/completion-index-nonindexed';
const ANNOTATION = 'batch.kubernetes.io/job-completion-index';

export const literalCompletionIndexRule: Rule = {
  id: LITERAL,
  description: 'JOB_COMPLETION_INDEX set to a literal value in a container env.',
  check(ctx: RuleContext): Problem[] {
    const sev = severityFor(ctx, LITERAL, 'warning');
    if (!sev) return [];
    const { podSpec, indexed } = view(ctx);
    const out: Problem[] = [];
    for (const { c, path } of eachContainer(podSpec)) {
      asArr(c.env).forEach((e, j) => {
        const o = asObj(e);
        if (o?.name !== 'JOB_COMPLETION_INDEX' || o.value === undefined || o.value === null || (o.valueFrom !== undefined && o.valueFrom !== null)) return;
        const msg = indexed
          ? `JOB_COMPLETION_INDEX is set to the literal ${JSON.stringify(String(o.value))}: the Job controller only injects the real index when the variable is absent, so every pod gets this same value. Remove the entry.`
          : `JOB_COMPLETION_INDEX is set to the literal ${JSON.stringify(String(o.value))}: it is the same in every pod. The real per-pod index exists only with completionMode: Indexed.`;
        out.push(lintAt(ctx, [...path, 'env', j, 'value'], LITERAL, sev, msg, { seq: [...path, 'env'], index: j }));
      });
    }
    return out;
  },
  fixes(ctx: RuleContext, problem: Problem): Fix[] {
    const d = problem.data as { seq?: (string | number)[]; index?: number } | undefined;
    if (!d?.seq || d.index === undefined) return [];
    const e = removeSeqItemEdit(ctx.file, ctx.pdoc, abs(ctx, d.seq), d.index);
    return e ? [{ title: 'Remove the literal JOB_COMPLETION_INDEX (the controller injects the real index)', edits: [e], isPreferred: true }] : [];
  },
};

const SHELL_REF = /\$(?:\{JOB_COMPLETION_INDEX\}|JOB_COMPLETION_INDEX\b|\(JOB_COMPLETION_INDEX\))/;

export const completionIndexNonIndexedRule: Rule = {
  id: NONINDEXED,
  description: 'The completion index (env var, $(JOB_COMPLETION_INDEX), fieldRef to the completion-index annotation/label) used in a NonIndexed Job.',
  check(ctx: RuleContext): Problem[] {
    const sev = severityFor(ctx, NONINDEXED, 'warning');
    if (!sev) return [];
    const { podSpec, indexed } = view(ctx);
    if (indexed) return [];
    const out: Problem[] = [];
    const why = 'but this Job is NonIndexed, so the completion index never exists (add completionMode: Indexed and completions).';
    for (const { c, path } of eachContainer(podSpec)) {
      const definesLiteral = asArr(c.env).some((e) => asObj(e)?.name === 'JOB_COMPLETION_INDEX' && asObj(e)?.value !== undefined);
      asArr(c.env).forEach((e, j) => {
        const fp = asObj(asObj(asObj(e)?.valueFrom)?.fieldRef)?.fieldPath;
        if (typeof fp === 'string' && fp.includes(ANNOTATION)) {
          out.push(lintAt(ctx, [...path, 'env', j, 'valueFrom', 'fieldRef', 'fieldPath'], NONINDEXED, sev, `This reads the pod's completion-index ${fp.startsWith('metadata.labels') ? 'label' : 'annotation'}, ${why} The variable will be empty.`));
        }
      });
      if (definesLiteral) continue;
      for (const k of ['command', 'args']) {
        asArr(c[k]).forEach((a, j) => {
          if (typeof a === 'string' && SHELL_REF.test(a)) out.push(lintAt(ctx, [...path, k, j], NONINDEXED, sev, `This uses JOB_COMPLETION_INDEX, ${why}`));
        });
      }
    }
    return out;
  },
};
