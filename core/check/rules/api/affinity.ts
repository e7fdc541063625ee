/**
 * Affinity as the API server validates it: node selector terms (operators and their values, label
 * keys and values, matchFields on metadata.name), preferred weights 1-100, pod (anti-)affinity terms
 * (label/namespace selectors, namespaces, topologyKey, matchLabelKeys/mismatchLabelKeys).
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, int, view } from '../context';
import { asArr, asObj, type Obj } from '../../../workloads/job';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from '../../validation/names';
import { selectorIssues } from '../../validation/labels';

const CODE = 'api/affinity';
type Path = (string | number)[];
type Push = (rel: Path, errorType: Problem['errorType'] & string, message: string, anchor?: Path) => void;

const present = (o: Obj | undefined, k: string) => !!o && o[k] !== undefined && o[k] !== null;

function nodeSelectorTerm(term: Obj, p: Path, checkValues: boolean, push: Push): void {
  asArr(term.matchExpressions).forEach((e, j) => {
    const o = asObj(e) ?? {};
    const ep = [...p, 'matchExpressions', j];
    const values = asArr(o.values);
    const op = o.operator;
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) push([...ep, 'values'], 'Required', `Operator ${op} needs at least one value.`, ep);
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) push([...ep, 'values'], 'Forbidden', `Operator ${op} takes no values.`);
    } else if (op === 'Gt' || op === 'Lt') {
      if (values.length !== 1) push([...ep, 'values'], 'Required', `Operator ${op} needs exactly one value (an integer).`, present(o, 'values') ? undefined : ep);
    } else {
      push([...ep, 'operator'], 'Invalid', `${JSON.stringify(op ?? '')} is not a node selector operator: use In, NotIn, Exists, DoesNotExist, Gt or Lt.`, present(o, 'operator') ? undefined : ep);
    }
    const key = typeof o.key === 'string' ? o.key : '';
    for (const m of isQualifiedName(key)) push([...ep, 'key'], 'Invalid', `Label key ${JSON.stringify(key)}: ${m}.`, present(o, 'key') ? undefined : ep);
    if (checkValues) {
      values.forEach((v, k) => {
        for (const m of isValidLabelValue(String(v))) push([...ep, 'values', k], 'Invalid', `Label value ${JSON.stringify(String(v))}: ${m}.`);
      });
    }
  });
  asArr(term.matchFields).forEach((e, j) => {
    const o = asObj(e) ?? {};
    const ep = [...p, 'matchFields', j];
    const values = asArr(o.values);
    const op = o.operator;
    if (op === 'In' || op === 'NotIn') {
      if (values.length !== 1) push([...ep, 'values'], 'Required', `matchFields with ${op} needs exactly one value (a node name).`, present(o, 'values') ? undefined : ep);
    } else {
      push([...ep, 'operator'], 'Invalid', `${JSON.stringify(op ?? '')} is not valid in matchFields: use In or NotIn.`, present(o, 'operator') ? undefined : ep);
    }
    if (o.key !== 'metadata.name') {
      push([...ep, 'key'], 'Invalid', `${JSON.stringify(o.key ?? '')} is not a node field selector key: the only one is metadata.name.`, present(o, 'key') ? undefined : ep);
    } else {
      values.forEach((v, k) => {
        for (const m of isDNS1123Subdomain(String(v))) push([...ep, 'values', k], 'Invalid', `Node name ${JSON.stringify(String(v))}: ${m}.`);
      });
    }
  });
}

function weight(o: Obj, p: Path, push: Push): void {
  const w = int(o.weight) ?? 0;
  if (w <= 0 || w > 100) push([...p, 'weight'], 'Invalid', `weight ${w} must be in the range 1-100.`, present(o, 'weight') ? undefined : p);
}

function podAffinityTerm(t: Obj, p: Path, push: Push): void {
  for (const sel of ['labelSelector', 'namespaceSelector']) {
    for (const i of selectorIssues(t[sel])) push([...p, sel, ...i.rel], i.errorType, `${sel}: ${i.message}.`);
  }
  for (const ns of asArr(t.namespaces)) {
    for (const m of isDNS1123Label(String(ns))) push([...p, 'namespace'], 'Invalid', `Namespace ${JSON.stringify(String(ns))}: ${m}.`, [...p, 'namespaces']);
  }
  const match = asArr(t.matchLabelKeys).map(String);
  const mismatch = asArr(t.mismatchLabelKeys).map(String);
  const sel = asObj(t.labelSelector);
  for (const [f, keys] of [['matchLabelKeys', match], ['mismatchLabelKeys', mismatch]] as const) {
    if (keys.length === 0) continue;
    if (!sel) {
      push([...p, f], 'Forbidden', `${f} may not be set when labelSelector is not set.`);
      continue;
    }
    keys.forEach((k, i) => {
      for (const m of isQualifiedName(k)) push([...p, f, i], 'Invalid', `Label key ${JSON.stringify(k)}: ${m}.`);
    });
  }
  if (sel) {
    const index = new Map<string, number>();
    match.forEach((k, i) => index.set(k, i));
    const seen = new Set(Object.keys(asObj(sel.matchLabels) ?? {}));
    for (const e of asArr(sel.matchExpressions)) {
      const key = String(asObj(e)?.key ?? '');
      const i = index.get(key);
      // the server reports this at the term with the key's index appended (a quirk of its path building)
      if (i !== undefined && seen.has(key)) push([...p, i], 'Invalid', `Label key ${JSON.stringify(key)} is in both matchLabelKeys and labelSelector.`, [...p, 'matchLabelKeys', i]);
      seen.add(key);
    }
  }
  const mis = new Set(mismatch);
  match.forEach((k, i) => {
    if (mis.has(k)) push([...p, 'matchLabelKeys', i], 'Invalid', `Label key ${JSON.stringify(k)} is in both matchLabelKeys and mismatchLabelKeys.`);
  });
  const tk = typeof t.topologyKey === 'string' ? t.topologyKey : '';
  const tkAnchor = present(t, 'topologyKey') ? undefined : p;
  if (!tk) push([...p, 'topologyKey'], 'Required', 'A pod (anti-)affinity term needs a topologyKey, e.g. kubernetes.io/hostname or topology.kubernetes.io/zone.', tkAnchor);
  for (const m of isQualifiedName(tk)) push([...p, 'topologyKey'], 'Invalid', `topologyKey ${JSON.stringify(tk)}: ${m}.`, tkAnchor);
}

export const affinityRule: Rule = {
  id: CODE,
  description: 'Node affinity terms (operators, values, matchFields), weights 1-100, pod (anti-)affinity terms (selectors, topologyKey, matchLabelKeys).',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    const push: Push = (rel, errorType, message, anchor) => out.push(at(ctx, rel, { code: CODE, errorType, message, ...(anchor ? { anchor } : {}) }));
    const aff = asObj(podSpec.affinity);
    if (!aff) return out;
    const base = ['spec', 'template', 'spec', 'affinity'];
    const na = asObj(aff.nodeAffinity);
    if (na) {
      const np = [...base, 'nodeAffinity'];
      const req = asObj(na.requiredDuringSchedulingIgnoredDuringExecution);
      if (req) {
        const rp = [...np, 'requiredDuringSchedulingIgnoredDuringExecution'];
        const terms = asArr(req.nodeSelectorTerms);
        if (terms.length === 0) push([...rp, 'nodeSelectorTerms'], 'Required', 'requiredDuringSchedulingIgnoredDuringExecution needs at least one node selector term.', present(req, 'nodeSelectorTerms') ? undefined : rp);
        terms.forEach((t, i) => nodeSelectorTerm(asObj(t) ?? {}, [...rp, 'nodeSelectorTerms', i], true, push));
      }
      asArr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
        const o = asObj(t) ?? {};
        const pp = [...np, 'preferredDuringSchedulingIgnoredDuringExecution', i];
        weight(o, pp, push);
        // invalid label values are tolerated in preferred terms (the server warns instead)
        nodeSelectorTerm(asObj(o.preference) ?? {}, [...pp, 'preference'], false, push);
      });
    }
    for (const kind of ['podAffinity', 'podAntiAffinity']) {
      const pa = asObj(aff[kind]);
      if (!pa) continue;
      const kp = [...base, kind];
      asArr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => podAffinityTerm(asObj(t) ?? {}, [...kp, 'requiredDuringSchedulingIgnoredDuringExecution', i], push));
      asArr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
        const o = asObj(t) ?? {};
        const pp = [...kp, 'preferredDuringSchedulingIgnoredDuringExecution', i];
        weight(o, pp, push);
        podAffinityTerm(asObj(o.podAffinityTerm) ?? {}, [...pp, 'podAffinityTerm'], push);
      });
    }
    return out;
  },
};
