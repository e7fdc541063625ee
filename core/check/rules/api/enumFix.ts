/**
 * Quick fixes shared by the pod-template rules: an enum value written in the wrong case or spelling
 * (`doNotSchedule` → `DoNotSchedule`, `runtime/default` → `RuntimeDefault`) and a file mode written as
 * decimal digits that were meant as octal (`777` → `511`, i.e. 0777). The problem's `data` carries
 * the Job-relative path of the scalar to replace and its replacement.
 */
import type { Problem } from '../../problem';
import type { Fix, RuleContext } from '../types';
import { abs } from '../context';
import { replaceScalarEdit } from '../edits';
import type { FieldPath } from '../../../yaml/fieldPath';

export interface ReplaceData {
  replace: string;
  valuePath: FieldPath;
  title?: string;
}

const norm = (s: string) => s.toLowerCase().replace(/[-_ /.]/g, '');

/** The allowed value the user most likely meant, when it differs only in case or separators. */
export function enumFix(value: unknown, allowed: string[]): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const n = norm(value);
  return allowed.find((a) => a !== '' && norm(a) === n);
}

/** `data` for a problem whose value at `valuePath` can be replaced by one of `allowed`. */
export function enumFixData(value: unknown, allowed: string[], valuePath: FieldPath): { data: ReplaceData } | Record<string, never> {
  const fixed = enumFix(value, allowed);
  return fixed ? { data: { replace: fixed, valuePath } } : {};
}

/** `data` for a mode like 644 or 777 that only makes sense as octal digits. */
export function octalModeFixData(value: unknown, valuePath: FieldPath): { data: ReplaceData } | Record<string, never> {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || !/^[0-7]{3,4}$/.test(String(value))) return {};
  const n = parseInt(String(value), 8);
  if (n > 0o777) return {};
  return { data: { replace: String(n), valuePath, title: `Change to ${n} (octal 0${String(value).replace(/^0/, '')})` } };
}

export function replaceFixes(ctx: RuleContext, problem: Problem): Fix[] {
  const d = problem.data as ReplaceData | undefined;
  if (!d || typeof d.replace !== 'string' || !Array.isArray(d.valuePath)) return [];
  const e = replaceScalarEdit(ctx.pdoc, abs(ctx, d.valuePath), d.replace);
  return e ? [{ title: d.title ?? `Change to ${d.replace}`, edits: [e], isPreferred: true }] : [];
}
