/** spec.podFailurePolicy rule constraints (actions, operators, exit codes, containers, conditions). */
import type { Problem } from '../../problem';
import type { Fix, Rule, RuleContext } from '../types';
import { abs, at, view } from '../context';
import { asArr, asObj, isObj } from '../../../workloads/job';
import { isQualifiedName } from '../../validation/names';
import { replaceScalarEdit } from '../edits';

const CODE = 'api/pod-failure-policy';
const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const OPERATORS = ['In', 'NotIn'];
const STATUSES = ['False', 'True', 'Unknown'];

function caseFix(v: unknown, allowed: string[]): string | undefined {
  return typeof v === 'string' ? allowed.find((a) => a.toLowerCase() === v.toLowerCase()) : undefined;
}

export const podFailurePolicyRule: Rule = {
  id: CODE,
  description: 'podFailurePolicy rules: valid actions and operators, sorted unique exit codes (no 0 with In), known container names, FailIndex only with backoffLimitPerIndex.',
  check(ctx: RuleContext): Problem[] {
    const { spec, podSpec } = view(ctx);
    const pfp = asObj(spec.podFailurePolicy);
    if (!pfp) return [];
    const out: Problem[] = [];
    const rules = asArr(pfp.rules);
    const base = ['spec', 'podFailurePolicy', 'rules'];
    if (rules.length > 20) out.push(at(ctx, base, { code: CODE, errorType: 'TooMany', message: `Too many podFailurePolicy rules: ${rules.length}, at most 20 are allowed.` }));
    const names = new Set<string>();
    for (const list of ['containers', 'initContainers']) {
      for (const c of asArr(podSpec[list])) {
        const n = asObj(c)?.name;
        names.add(typeof n === 'string' ? n : '');
      }
    }
    const hasBlpi = spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null;
    rules.forEach((r, i) => {
      const rule = asObj(r) ?? {};
      const rp = [...base, i];
      const action = rule.action;
      if (action === undefined || action === null || action === '') {
        out.push(at(ctx, [...rp, 'action'], { code: CODE, errorType: 'Required', message: 'action is required: one of "Count", "FailIndex", "FailJob", "Ignore".', anchor: rp }));
      } else if (action === 'FailIndex') {
        if (!hasBlpi) out.push(at(ctx, [...rp, 'action'], { code: CODE, errorType: 'Invalid', message: 'The FailIndex action requires spec.backoffLimitPerIndex to be set.' }));
      } else if (typeof action === 'string' && !ACTIONS.includes(action)) {
        const fixed = caseFix(action, ACTIONS);
        out.push(at(ctx, [...rp, 'action'], { code: CODE, errorType: 'NotSupported', message: `Unsupported action ${JSON.stringify(action)}: supported values are "Count", "FailIndex", "FailJob", "Ignore".`, ...(fixed ? { data: { replace: fixed, path: [...rp, 'action'] } } : {}) }));
      }
      const oec = rule.onExitCodes;
      const opc = asArr(rule.onPodConditions);
      const hasOec = oec !== undefined && oec !== null;
      if (hasOec) {
        const o = asObj(oec) ?? {};
        const op = rule.onExitCodes && (o.operator as unknown);
        const ep = [...rp, 'onExitCodes'];
        if (op === undefined || op === null || op === '') {
          out.push(at(ctx, [...ep, 'operator'], { code: CODE, errorType: 'Required', message: 'operator is required: "In" or "NotIn".', anchor: ep }));
        } else if (typeof op === 'string' && !OPERATORS.includes(op)) {
          const fixed = caseFix(op, OPERATORS);
          out.push(at(ctx, [...ep, 'operator'], { code: CODE, errorType: 'NotSupported', message: `Unsupported operator ${JSON.stringify(op)}: supported values are "In", "NotIn".`, ...(fixed ? { data: { replace: fixed, path: [...ep, 'operator'] } } : {}) }));
        }
        if (typeof o.containerName === 'string' && !names.has(o.containerName)) {
          out.push(at(ctx, [...ep, 'containerName'], { code: CODE, errorType: 'Invalid', message: `containerName ${JSON.stringify(o.containerName)} must be one of the container or initContainer names in the pod template (${[...names].filter(Boolean).map((n) => JSON.stringify(n)).join(', ') || 'none'}).` }));
        }
        const values = asArr(o.values);
        const vp = [...ep, 'values'];
        if (values.length === 0) out.push(at(ctx, vp, { code: CODE, errorType: 'Invalid', message: 'onExitCodes.values needs at least one exit code.', anchor: o.values === undefined ? ep : vp }));
        else if (values.length > 255) out.push(at(ctx, vp, { code: CODE, errorType: 'TooMany', message: `Too many exit codes: ${values.length}, at most 255 are allowed.` }));
        const seen = new Set<unknown>();
        let ordered = true;
        values.forEach((v, j) => {
          if (op === 'In' && v === 0) out.push(at(ctx, [...vp, j], { code: CODE, errorType: 'Invalid', message: 'Exit code 0 (success) cannot be used with the In operator.' }));
          if (seen.has(v)) out.push(at(ctx, [...vp, j], { code: CODE, errorType: 'Duplicate', message: `Duplicate exit code ${String(v)}.` }));
          else seen.add(v);
          if (j > 0 && typeof v === 'number' && typeof values[j - 1] === 'number' && (values[j - 1] as number) > v) ordered = false;
        });
        if (!ordered) out.push(at(ctx, vp, { code: CODE, errorType: 'Invalid', message: 'Exit codes must be listed in ascending order.' }));
      }
      if (opc.length > 0) {
        const cp = [...rp, 'onPodConditions'];
        if (opc.length > 20) out.push(at(ctx, cp, { code: CODE, errorType: 'TooMany', message: `Too many onPodConditions patterns: ${opc.length}, at most 20 are allowed.` }));
        opc.forEach((pat, j) => {
          const p = isObj(pat) ? pat : {};
          const type = typeof p.type === 'string' ? p.type : '';
          for (const m of isQualifiedName(type)) out.push(at(ctx, [...cp, j, 'type'], { code: CODE, errorType: 'Invalid', message: `Condition type ${JSON.stringify(type)}: ${m}.`, ...(p.type === undefined ? { anchor: [...cp, j] } : {}) }));
          const st = p.status;
          if (st === undefined || st === null || st === '') out.push(at(ctx, [...cp, j, 'status'], { code: CODE, errorType: 'Required', message: 'status is required: "True", "False" or "Unknown".' }));
          else if (typeof st === 'string' && !STATUSES.includes(st)) {
            const fixed = caseFix(st, STATUSES);
            out.push(at(ctx, [...cp, j, 'status'], { code: CODE, errorType: 'NotSupported', message: `Unsupported status ${JSON.stringify(st)}: supported values are "False", "True", "Unknown" (quote them in YAML).`, ...(fixed ? { data: { replace: JSON.stringify(fixed), path: [...cp, j, 'status'] } } : {}) }));
          }
        });
      }
      if (hasOec && opc.length > 0) out.push(at(ctx, rp, { code: CODE, errorType: 'Invalid', message: 'A rule may specify onExitCodes or onPodConditions, not both.' }));
      if (!hasOec && opc.length === 0) out.push(at(ctx, rp, { code: CODE, errorType: 'Invalid', message: 'A rule needs onExitCodes or (non-empty) onPodConditions.' }));
    });
    return out;
  },
  fixes(ctx: RuleContext, problem: Problem): Fix[] {
    const d = problem.data as { replace?: string; path?: (string | number)[] } | undefined;
    if (!d?.replace || !d.path) return [];
    const e = replaceScalarEdit(ctx.pdoc, abs(ctx, d.path), d.replace);
    return e ? [{ title: `Change to ${d.replace}`, edits: [e], isPreferred: true }] : [];
  },
};
