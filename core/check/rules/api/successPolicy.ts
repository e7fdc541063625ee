/** spec.successPolicy: Indexed only; rules with succeededIndexes and/or succeededCount within completions. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, int, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { parseIndexes } from '../../validation/indexes';

const CODE = 'api/success-policy';

export const successPolicyRule: Rule = {
  id: CODE,
  description: 'successPolicy requires Indexed completion mode; each rule needs succeededIndexes or succeededCount within completions.',
  check(ctx: RuleContext): Problem[] {
    const { spec } = view(ctx);
    const sp = spec.successPolicy;
    if (sp === undefined || sp === null) return [];
    const base = ['spec', 'successPolicy'];
    if (spec.completionMode !== 'Indexed') {
      return [at(ctx, base, { code: CODE, errorType: 'Invalid', message: 'successPolicy requires completionMode: Indexed.' })];
    }
    const out: Problem[] = [];
    const rules = asArr(asObj(sp)?.rules);
    const rp = [...base, 'rules'];
    if (rules.length === 0) out.push(at(ctx, rp, { code: CODE, errorType: 'Required', message: 'successPolicy needs at least one rule.' }));
    if (rules.length > 20) out.push(at(ctx, rp, { code: CODE, errorType: 'TooMany', message: `Too many successPolicy rules: ${rules.length}, at most 20 are allowed.` }));
    const completions = int(spec.completions);
    if (completions === undefined) return out; // the server cannot evaluate the rules without completions (the completions error is reported)
    rules.forEach((r, i) => {
      const rule = asObj(r) ?? {};
      const p = [...rp, i];
      const idx = rule.succeededIndexes;
      const count = rule.succeededCount;
      const hasIdx = typeof idx === 'string';
      const hasCount = count !== undefined && count !== null;
      if (!hasIdx && !hasCount) out.push(at(ctx, p, { code: CODE, errorType: 'Required', message: 'A successPolicy rule needs succeededIndexes, succeededCount, or both.' }));
      let total = 0;
      if (hasIdx) {
        const ip = [...p, 'succeededIndexes'];
        if (Buffer.byteLength(idx) > 65536) out.push(at(ctx, ip, { code: CODE, errorType: 'TooLong', message: 'succeededIndexes may not be more than 65536 bytes.' }));
        const res = parseIndexes(idx, completions);
        if ('error' in res) out.push(at(ctx, ip, { code: CODE, errorType: 'Invalid', message: `error parsing succeededIndexes: ${res.error} (expected e.g. "0,2,5-9", increasing, each below completions=${completions}).` }));
        else total = res.total;
      }
      const c = int(count);
      if (c !== undefined) {
        const cp = [...p, 'succeededCount'];
        if (c < 0) out.push(at(ctx, cp, { code: CODE, errorType: 'Invalid', message: 'succeededCount must be greater than or equal to 0.' }));
        if (c > completions) out.push(at(ctx, cp, { code: CODE, errorType: 'Invalid', message: `succeededCount must be less than or equal to ${completions} (the number of specified completions).` }));
        if (hasIdx && c > total) out.push(at(ctx, cp, { code: CODE, errorType: 'Invalid', message: `succeededCount must be less than or equal to ${total} (the number of indexes in succeededIndexes).` }));
      }
    });
    return out;
  },
};
