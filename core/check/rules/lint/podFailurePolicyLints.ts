/**
 * job/pod-failure-policy-ignore-exit-codes: an Ignore rule on exit codes retries failing pods forever
 * without counting them. job/unreachable-pod-failure-rule: rules are checked in order and the first
 * match wins, so a rule that an earlier rule always pre-empts can never apply.
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { lintAt, severityFor, view } from '../context';
import { asArr, asObj, type Obj } from '../../../workloads/job';

const IGNORE = 'job/pod-failure-policy-ignore-exit-codes';
const UNREACHABLE = 'job/unreachable-pod-failure-rule';

export const ignoreExitCodesRule: Rule = {
  id: IGNORE,
  description: 'A podFailurePolicy rule that Ignores exit codes: those failures are retried forever without counting against backoffLimit.',
  check(ctx: RuleContext): Problem[] {
    const sev = severityFor(ctx, IGNORE, 'warning');
    if (!sev) return [];
    const out: Problem[] = [];
    asArr(asObj(view(ctx).spec.podFailurePolicy)?.rules).forEach((r, i) => {
      const o = asObj(r);
      if (o?.action === 'Ignore' && asObj(o.onExitCodes)) {
        out.push(lintAt(ctx, ['spec', 'podFailurePolicy', 'rules', i, 'action'], IGNORE, sev, 'Ignore on exit codes: pods failing with these codes are replaced without counting against backoffLimit, so a deterministic failure retries forever (bounded only by activeDeadlineSeconds). Ignore is meant for disruptions (onPodConditions DisruptionTarget); use Count or FailJob here.'));
      }
    });
    return out;
  },
};

type Match = { kind: 'codes'; container?: string; op: 'In' | 'NotIn'; values: Set<number> } | { kind: 'conds'; patterns: Set<string> };

function matcher(rule: Obj): Match | undefined {
  const oec = asObj(rule.onExitCodes);
  if (oec) {
    if (oec.operator !== 'In' && oec.operator !== 'NotIn') return undefined;
    return { kind: 'codes', ...(typeof oec.containerName === 'string' ? { container: oec.containerName } : {}), op: oec.operator, values: new Set(asArr(oec.values).filter((v): v is number => typeof v === 'number')) };
  }
  const pats = asArr(rule.onPodConditions);
  if (pats.length) return { kind: 'conds', patterns: new Set(pats.map((p) => `${String(asObj(p)?.type)}=${String(asObj(p)?.status ?? 'True')}`)) };
  return undefined;
}

/** True when every failure `later` matches is already matched by `earlier`. */
function covers(earlier: Match, later: Match): boolean {
  if (earlier.kind === 'conds' && later.kind === 'conds') return [...later.patterns].every((p) => earlier.patterns.has(p));
  if (earlier.kind === 'codes' && later.kind === 'codes') {
    if (earlier.container !== undefined && earlier.container !== later.container) return false;
    if (earlier.op === 'In' && later.op === 'In') return [...later.values].every((v) => earlier.values.has(v));
    if (earlier.op === 'NotIn' && later.op === 'In') return [...later.values].every((v) => !earlier.values.has(v) && v !== 0);
    // exit code 0 never matches any rule (the controller skips successful containers)
    if (earlier.op === 'NotIn' && later.op === 'NotIn') return [...earlier.values].every((v) => v === 0 || later.values.has(v));
  }
  return false;
}

export const unreachableRuleRule: Rule = {
  id: UNREACHABLE,
  description: 'A podFailurePolicy rule that can never match because an earlier rule matches everything it would.',
  check(ctx: RuleContext): Problem[] {
    const sev = severityFor(ctx, UNREACHABLE, 'warning');
    if (!sev) return [];
    const rules = asArr(asObj(view(ctx).spec.podFailurePolicy)?.rules).map((r) => asObj(r) ?? {});
    const ms = rules.map(matcher);
    const out: Problem[] = [];
    ms.forEach((m, i) => {
      if (!m) return;
      for (let j = 0; j < i; j++) {
        const e = ms[j];
        if (e && covers(e, m)) {
          out.push(lintAt(ctx, ['spec', 'podFailurePolicy', 'rules', i], UNREACHABLE, sev, `This rule can never apply: rule ${j} comes first and matches every failure this one would (${String(rules[j]!.action)}). The first matching rule wins; reorder or narrow them.`));
          break;
        }
      }
    });
    return out;
  },
};
