/** Pod scheduling fields: tolerations (operator/value/effect/key) and nodeSelector labels. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { isQualifiedName, isValidLabelValue } from '../../validation/names';
import { labelMapIssues } from '../../validation/labels';

const CODE = 'api/scheduling';
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export const schedulingRule: Rule = {
  id: CODE,
  description: 'Tolerations (Exists/Equal operators, values, NoExecute-only tolerationSeconds, effects) and nodeSelector labels.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    const base = ['spec', 'template', 'spec'];
    asArr(podSpec.tolerations).forEach((t, i) => {
      const o = asObj(t) ?? {};
      const p = [...base, 'tolerations', i];
      const key = typeof o.key === 'string' ? o.key : '';
      const op = typeof o.operator === 'string' ? o.operator : '';
      const value = typeof o.value === 'string' ? o.value : '';
      const effect = typeof o.effect === 'string' ? o.effect : '';
      if (key) for (const m of isQualifiedName(key)) out.push(at(ctx, [...p, 'key'], { code: CODE, errorType: 'Invalid', message: `Toleration key ${JSON.stringify(key)}: ${m}.` }));
      if (!key && op !== 'Exists') out.push(at(ctx, [...p, 'operator'], { code: CODE, errorType: 'Invalid', message: 'operator must be Exists when key is empty (that tolerates every taint).', anchor: o.operator === undefined ? p : [...p, 'operator'] }));
      if (o.tolerationSeconds !== undefined && o.tolerationSeconds !== null && effect !== 'NoExecute') {
        out.push(at(ctx, [...p, 'effect'], { code: CODE, errorType: 'Invalid', message: "effect must be 'NoExecute' when tolerationSeconds is set.", anchor: o.effect === undefined ? [...p, 'tolerationSeconds'] : [...p, 'effect'] }));
      }
      if (op === 'Equal' || op === '') {
        const errs = isValidLabelValue(value);
        if (errs.length) out.push(at(ctx, [...p, 'operator'], { code: CODE, errorType: 'Invalid', message: `Toleration value ${JSON.stringify(value)}: ${errs.join('; ')}.`, anchor: [...p, 'value'] }));
      } else if (op === 'Exists') {
        if (value) out.push(at(ctx, [...p, 'operator'], { code: CODE, errorType: 'Invalid', message: "value must be empty when operator is 'Exists'.", anchor: [...p, 'value'] }));
      } else {
        // Lt/Gt need the TaintTolerationComparisonOperators gate (alpha, off by default in 1.35-1.37)
        out.push(at(ctx, [...p, 'operator'], { code: CODE, errorType: 'NotSupported', message: `Unsupported toleration operator ${JSON.stringify(op)}: supported values are "Equal", "Exists".` }));
      }
      if (effect && !EFFECTS.includes(effect)) out.push(at(ctx, [...p, 'effect'], { code: CODE, errorType: 'NotSupported', message: `Unsupported effect ${JSON.stringify(effect)}: supported values are "NoSchedule", "PreferNoSchedule", "NoExecute".` }));
    });
    for (const i of labelMapIssues(podSpec.nodeSelector)) {
      out.push(at(ctx, [...base, 'nodeSelector'], { code: CODE, errorType: 'Invalid', message: `nodeSelector ${i.message}.`, anchor: [...base, 'nodeSelector', { key: i.key }] }));
    }
    return out;
  },
};
