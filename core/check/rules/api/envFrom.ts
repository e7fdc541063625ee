/**
 * Container envFrom: the prefix must make valid variable names, each entry has exactly one of
 * configMapRef/secretRef, and that reference names a ConfigMap/Secret (DNS subdomain; a trailing '-'
 * is tolerated as the server validates these names as prefixes).
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { isDNS1123Subdomain, isEnvVarName } from '../../validation/names';
import { eachContainer } from './podContainers';

const CODE = 'api/env-from';
type Path = (string | number)[];

export const envFromRule: Rule = {
  id: CODE,
  description: 'envFrom: exactly one of configMapRef or secretRef with a valid name; prefix forms valid env var names.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec, version } = view(ctx);
    const out: Problem[] = [];
    const push = (rel: Path, errorType: Problem['errorType'] & string, message: string, anchor?: Path) =>
      out.push(at(ctx, rel, { code: CODE, errorType, message, ...(anchor ? { anchor } : {}) }));
    for (const { c, path } of eachContainer(podSpec)) {
      const lp = [...path, 'envFrom'];
      const listErrors = new Set<string>(); // identical errors at the list path are reported once
      asArr(c.envFrom).forEach((e, i) => {
        const o = asObj(e) ?? {};
        const p = [...lp, i];
        const prefix = typeof o.prefix === 'string' ? o.prefix : '';
        if (prefix) for (const m of isEnvVarName(prefix, version >= 32)) push([...p, 'prefix'], 'Invalid', `envFrom prefix ${JSON.stringify(prefix)}: ${m}.`);
        const sources: string[] = [];
        for (const [ref, kind] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const) {
          if (o[ref] === undefined || o[ref] === null) continue;
          sources.push(ref);
          const r = asObj(o[ref]) ?? {};
          const name = typeof r.name === 'string' ? r.name : '';
          if (!name) push([...p, ref, 'name'], 'Required', `${ref} needs the name of a ${kind}.`, [...p, ref]);
          else {
            const masked = name.endsWith('-') ? name.slice(0, -1) + 'a' : name;
            for (const m of isDNS1123Subdomain(masked)) push([...p, ref, 'name'], 'Invalid', `${kind} name ${JSON.stringify(name)}: ${m}.`);
          }
        }
        // the server reports these at the envFrom list, not at the entry
        const kind = sources.length === 0 ? 'none' : sources.length > 1 ? 'both' : '';
        if (kind && !listErrors.has(kind)) {
          listErrors.add(kind);
          push(lp, 'Invalid', kind === 'none' ? 'Each envFrom entry must specify configMapRef or secretRef.' : 'An envFrom entry may not have both configMapRef and secretRef: use two entries.', p);
        }
      });
    }
    return out;
  },
};
