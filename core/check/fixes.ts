/**
 * Quick fixes for a problem: structural ones (quote a scalar YAML 1.1 reads as a boolean/number,
 * rename an unknown field to the close match) are built here; everything else is asked of the rule
 * that produced the problem (Rule.fixes). Never throws.
 */
import type { Problem } from './problem';
import { ruleOf, type DocCheck } from './check';
import type { Fix, Rule } from './rules/types';
import { rules as registry } from './rules/index';

export function fixesFor(check: DocCheck, problem: Problem, rules: readonly Rule[] = registry, log?: (m: string) => void): Fix[] {
  const data = problem.data as Record<string, unknown> | undefined;
  if (problem.code === 'invalid-type' && typeof data?.quote === 'string') {
    return [{ title: `Quote ${data.quote} as the string "${data.quote}"`, edits: [{ start: problem.start, end: problem.end, newText: JSON.stringify(data.quote) }], isPreferred: true }];
  }
  if (problem.code === 'unknown-field' && typeof data?.replace === 'string') {
    return [{ title: `Change to "${data.replace}"`, edits: [{ start: problem.start, end: problem.end, newText: data.replace }], isPreferred: true }];
  }
  const remove = data?.remove as { start: number; end: number } | undefined;
  if (problem.code === 'duplicate-field' && remove && typeof remove.start === 'number' && typeof remove.end === 'number') {
    return [{ title: 'Remove this overridden duplicate', isPreferred: true, edits: [{ start: remove.start, end: remove.end, newText: '' }] }];
  }
  const ctx = check.ctx;
  if (!ctx) return [];
  const out: Fix[] = [];
  // The rule that produced the problem answers; failing that (a problem from elsewhere), the rule
  // whose id is the problem's code.
  const origin = ruleOf(problem);
  const candidates = origin && rules.includes(origin) ? [origin] : rules.filter((r) => problem.code === r.id || ruleCodes(r).includes(problem.code));
  for (const rule of candidates) {
    if (!rule.fixes) continue;
    try {
      out.push(...rule.fixes(ctx, problem));
    } catch (e) {
      log?.(`kjob: fixes of rule "${rule.id}" failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  return out;
}

/** A rule's id may list several codes ("api/a,api/b" or "api/a api/b"). */
function ruleCodes(rule: Rule): string[] {
  return rule.id.split(/[\s,|]+/).filter(Boolean);
}
