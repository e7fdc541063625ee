/**
 * Runs every registered rule over the Job/CronJob documents of a parsed file. A rule that throws is
 * reported as an internal problem instead of crashing the caller.
 */
import type { Problem } from '../problem';
import type { ParsedFile } from '../../yaml/document';
import type { CheckSettings, Fix, RuleContext } from './types';
import { contextFor, DEFAULT_SETTINGS } from './context';
import { rules, ruleForCode } from './index';

export function runRulesOn(ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  for (const rule of rules) {
    try {
      out.push(...rule.check(ctx));
    } catch (e) {
      out.push({ start: ctx.pdoc.start, end: ctx.pdoc.start + 1, severity: 'hint', code: 'internal', path: null, message: `kjob rule ${rule.id} failed: ${(e as Error).message}` });
    }
  }
  return out;
}

export function runRules(file: ParsedFile, settings: CheckSettings = DEFAULT_SETTINGS): Problem[] {
  const out: Problem[] = [];
  for (const pdoc of file.docs) {
    const ctx = contextFor(file, pdoc, settings);
    if (ctx) out.push(...runRulesOn(ctx));
  }
  return out;
}

/** Quick fixes for a problem produced by runRules on the same file. */
export function fixesFor(file: ParsedFile, problem: Problem, settings: CheckSettings = DEFAULT_SETTINGS): Fix[] {
  const rule = ruleForCode(problem.code);
  if (!rule?.fixes) return [];
  const pdoc = file.docs.find((d) => problem.start >= d.start && problem.start <= d.end);
  const ctx = pdoc && contextFor(file, pdoc, settings);
  if (!ctx) return [];
  try {
    return rule.fixes(ctx, problem);
  } catch {
    return [];
  }
}
