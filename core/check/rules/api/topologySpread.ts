/**
 * topologySpreadConstraints as the API server validates them: maxSkew > 0, topologyKey required,
 * whenUnsatisfiable values, no two constraints with the same {topologyKey, whenUnsatisfiable},
 * minDomains > 0 and only with DoNotSchedule, nodeAffinityPolicy/nodeTaintsPolicy values,
 * matchLabelKeys (need a labelSelector; valid label keys) and the labelSelector itself.
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { enumFixData, replaceFixes } from './enumFix';
import { at, int, view } from '../context';
import { asArr, asObj, type Obj } from '../../../workloads/job';
import { isQualifiedName } from '../../validation/names';
import { selectorIssues } from '../../validation/labels';

const CODE = 'api/topology-spread';
const WHEN = ['DoNotSchedule', 'ScheduleAnyway'];
const POLICIES = ['Honor', 'Ignore'];
type Path = (string | number)[];

const present = (o: Obj, k: string) => o[k] !== undefined && o[k] !== null;

export const topologySpreadRule: Rule = {
  id: CODE,
  description: 'topologySpreadConstraints: maxSkew, topologyKey, whenUnsatisfiable, duplicates, minDomains, node inclusion policies, matchLabelKeys, labelSelector.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    const push = (rel: Path, errorType: Problem['errorType'] & string, message: string, anchor?: Path, extra?: { data?: unknown }) =>
      out.push(at(ctx, rel, { code: CODE, errorType, message, ...(anchor ? { anchor } : {}), ...(extra ?? {}) }));
    const list = asArr(podSpec.topologySpreadConstraints).map((c) => asObj(c) ?? {});
    list.forEach((c, i) => {
      const p = ['spec', 'template', 'spec', 'topologySpreadConstraints', i];
      const skew = int(c.maxSkew) ?? 0;
      if (skew <= 0) push([...p, 'maxSkew'], 'Invalid', `maxSkew ${skew} must be greater than zero.`, present(c, 'maxSkew') ? undefined : p);
      const key = typeof c.topologyKey === 'string' ? c.topologyKey : '';
      if (!key) push([...p, 'topologyKey'], 'Required', 'A spread constraint needs a topologyKey, e.g. topology.kubernetes.io/zone or kubernetes.io/hostname.', present(c, 'topologyKey') ? undefined : p);
      const when = typeof c.whenUnsatisfiable === 'string' ? c.whenUnsatisfiable : '';
      if (!WHEN.includes(when)) {
        push([...p, 'whenUnsatisfiable'], 'NotSupported', present(c, 'whenUnsatisfiable') ? `Unsupported whenUnsatisfiable ${JSON.stringify(when)}: supported values are "DoNotSchedule", "ScheduleAnyway".` : 'A spread constraint needs whenUnsatisfiable: DoNotSchedule or ScheduleAnyway.', present(c, 'whenUnsatisfiable') ? undefined : p, enumFixData(when, WHEN, [...p, 'whenUnsatisfiable']));
      }
      const later = list.slice(i + 1).findIndex((o) => (typeof o.topologyKey === 'string' ? o.topologyKey : '') === key && (typeof o.whenUnsatisfiable === 'string' ? o.whenUnsatisfiable : '') === when);
      if (later >= 0) {
        push([...p, '{topologyKey, whenUnsatisfiable}'], 'Duplicate', `Constraint ${i + later + 1} spreads over the same {${key}, ${when}}: merge them into one.`, present(c, 'topologyKey') ? [...p, 'topologyKey'] : p);
      }
      if (present(c, 'minDomains')) {
        const md = int(c.minDomains) ?? 0;
        if (md <= 0) push([...p, 'minDomains'], 'Invalid', `minDomains ${md} must be greater than zero.`);
        if (when !== 'DoNotSchedule') push([...p, 'minDomains'], 'Invalid', `minDomains can only be used with whenUnsatisfiable: DoNotSchedule${when ? `, not ${when}` : ''}.`);
      }
      for (const f of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
        if (present(c, f) && !POLICIES.includes(String(c[f]))) push([...p, f], 'NotSupported', `Unsupported ${f} ${JSON.stringify(c[f])}: supported values are "Honor", "Ignore".`, undefined, enumFixData(c[f], POLICIES, [...p, f]));
      }
      const keys = asArr(c.matchLabelKeys).map(String);
      const sel = asObj(c.labelSelector);
      if (keys.length > 0) {
        if (!sel) push([...p, 'matchLabelKeys'], 'Forbidden', 'matchLabelKeys may not be set when labelSelector is not set.');
        else {
          keys.forEach((k, j) => {
            for (const m of isQualifiedName(k)) push([...p, 'matchLabelKeys', j], 'Invalid', `Label key ${JSON.stringify(k)}: ${m}.`);
          });
          const index = new Map<string, number>();
          keys.forEach((k, j) => index.set(k, j));
          const seen = new Set(Object.keys(asObj(sel.matchLabels) ?? {}));
          for (const e of asArr(sel.matchExpressions)) {
            const k = String(asObj(e)?.key ?? '');
            const j = index.get(k);
            if (j !== undefined && seen.has(k)) push([...p, j], 'Invalid', `Label key ${JSON.stringify(k)} is in both matchLabelKeys and labelSelector.`, [...p, 'matchLabelKeys', j]);
            seen.add(k);
          }
        }
      }
      for (const s of selectorIssues(c.labelSelector)) push([...p, 'labelSelector', ...s.rel], s.errorType, `labelSelector: ${s.message}.`);
    });
    return out;
  },
  fixes: replaceFixes,
};
