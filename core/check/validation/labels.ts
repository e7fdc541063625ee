/** Label maps and label selectors: validation and matching the way apimachinery does it. */
import { isQualifiedName, isValidLabelValue } from './names';
import { asArr, asObj, type Obj } from '../../workloads/job';

export interface LabelIssue {
  /** Map key the issue is about (for anchoring); the server reports all at the map's path. */
  key: string;
  onKey: boolean;
  message: string;
  /** Identical server errors (same path, value and detail) are reported once: this identifies them. */
  dedupe: string;
}

/** Label keys must be qualified names, values label values. */
export function labelMapIssues(labels: unknown): LabelIssue[] {
  const m = asObj(labels);
  if (!m) return [];
  const out: LabelIssue[] = [];
  const seen = new Set<string>();
  const add = (i: LabelIssue) => {
    if (seen.has(i.dedupe)) return;
    seen.add(i.dedupe);
    out.push(i);
  };
  for (const [k, v] of Object.entries(m)) {
    for (const msg of isQualifiedName(k)) add({ key: k, onKey: true, message: `label key ${JSON.stringify(k)}: ${msg}`, dedupe: `k\u0000${k}\u0000${msg}` });
    const val = v === null || v === undefined ? '' : String(v);
    for (const msg of isValidLabelValue(val)) add({ key: k, onKey: false, message: `label value ${JSON.stringify(val)} of ${JSON.stringify(k)}: ${msg}`, dedupe: `v\u0000${val}\u0000${msg}` });
  }
  return out;
}

export type Selector = { matchLabels: Record<string, string>; exprs: { key: string; op: string; values: string[] }[] };

/** Converts a LabelSelector to a matcher; undefined when the server could not convert it. */
export function toSelector(sel: unknown): Selector | undefined {
  const s = asObj(sel);
  if (!s) return undefined;
  const matchLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObj(s.matchLabels) ?? {})) {
    const val = v === null || v === undefined ? '' : String(v);
    if (isQualifiedName(k).length || isValidLabelValue(val).length) return undefined;
    matchLabels[k] = val;
  }
  const exprs: Selector['exprs'] = [];
  for (const e of asArr(s.matchExpressions)) {
    const o = asObj(e) ?? {};
    const key = typeof o.key === 'string' ? o.key : '';
    const op = typeof o.operator === 'string' ? o.operator : '';
    const values = asArr(o.values).map((v) => String(v));
    if (isQualifiedName(key).length) return undefined;
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) return undefined;
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) return undefined;
    } else return undefined;
    exprs.push({ key, op, values });
  }
  return { matchLabels, exprs };
}

export function matches(sel: Selector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  for (const e of sel.exprs) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.op) {
      case 'In':
        if (!has || !e.values.includes(labels[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(labels[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

export interface SelectorIssue {
  rel: (string | number)[];
  errorType: 'Invalid' | 'Required' | 'Forbidden';
  message: string;
}

/** Syntax errors of a LabelSelector, with paths relative to the selector. */
export function selectorIssues(sel: unknown): SelectorIssue[] {
  const s = asObj(sel);
  if (!s) return [];
  const out: SelectorIssue[] = [];
  for (const i of labelMapIssues(s.matchLabels)) out.push({ rel: ['matchLabels'], errorType: 'Invalid', message: i.message });
  asArr(s.matchExpressions).forEach((e, i) => {
    const o: Obj = asObj(e) ?? {};
    const op = o.operator;
    const values = asArr(o.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) out.push({ rel: ['matchExpressions', i, 'values'], errorType: 'Required', message: 'must be specified when `operator` is \'In\' or \'NotIn\'' });
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) out.push({ rel: ['matchExpressions', i, 'values'], errorType: 'Forbidden', message: 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'' });
    } else {
      out.push({ rel: ['matchExpressions', i, 'operator'], errorType: 'Invalid', message: `not a valid selector operator ${JSON.stringify(op)}: use In, NotIn, Exists or DoesNotExist` });
    }
    const key = typeof o.key === 'string' ? o.key : '';
    for (const m of isQualifiedName(key)) out.push({ rel: ['matchExpressions', i, 'key'], errorType: 'Invalid', message: m });
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(String(v))) out.push({ rel: ['matchExpressions', i, 'values', j], errorType: 'Invalid', message: m });
    });
  });
  return out;
}

export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(asObj(v) ?? {})) out[k] = x === null || x === undefined ? '' : String(x);
  return out;
}
