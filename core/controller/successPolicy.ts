/** successPolicy (Indexed Jobs): rules in order; the first satisfied rule makes SuccessCriteriaMet. */
import { IndexSet } from '../workloads/indexRanges';
import type { SuccessPolicyRule } from './types';

export function matchSuccessPolicy(policy: { rules: SuccessPolicyRule[] } | undefined, completions: number, succeeded: IndexSet): string | undefined {
  if (!policy || succeeded.size === 0) return undefined;
  const rules = policy.rules ?? [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const wanted = IndexSet.parse(rule.succeededIndexes, completions);
      if (wanted.size === 0) continue;
      let hits = 0;
      for (const r of wanted.intervals()) {
        for (let x = r.first; x <= r.last; x++) if (succeeded.has(x)) hits++;
      }
      if (rule.succeededCount === undefined || rule.succeededCount === null) {
        if (hits === wanted.size) return `Matched rules at index ${i}`;
      } else if (hits >= rule.succeededCount) return `Matched rules at index ${i}`;
    } else if (rule.succeededCount !== undefined && rule.succeededCount !== null && succeeded.size >= rule.succeededCount) {
      return `Matched rules at index ${i}`;
    }
  }
  return undefined;
}
