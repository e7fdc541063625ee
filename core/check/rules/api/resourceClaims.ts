/**
 * Dynamic resource allocation references: pod-level resourceClaims (unique DNS-label names, exactly
 * one of resourceClaimName / resourceClaimTemplateName) and containers' resources.claims (each names
 * a pod-level claim, no duplicates, request is a DNS label).
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asArr, asObj, type Obj } from '../../../workloads/job';
import { isDNS1123Label, isDNS1123Subdomain } from '../../validation/names';
import { eachContainer } from './podContainers';

const CODE = 'api/resource-claims';
type Path = (string | number)[];
const present = (o: Obj, k: string) => o[k] !== undefined && o[k] !== null;

export const resourceClaimsRule: Rule = {
  id: CODE,
  description: 'Pod resourceClaims (unique names, exactly one source) and container resources.claims naming them.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    const push = (rel: Path, errorType: Problem['errorType'] & string, message: string, anchor?: Path) =>
      out.push(at(ctx, rel, { code: CODE, errorType, message, ...(anchor ? { anchor } : {}) }));
    const base = ['spec', 'template', 'spec', 'resourceClaims'];
    const claims = asArr(podSpec.resourceClaims).map((c) => asObj(c) ?? {});
    const podNames = new Set<string>();
    for (const c of claims) if (typeof c.name === 'string' && c.name) podNames.add(c.name);
    const seen = new Set<string>();
    claims.forEach((c, i) => {
      const p = [...base, i];
      const name = typeof c.name === 'string' ? c.name : '';
      if (!name) push([...p, 'name'], 'Required', 'A pod resource claim needs a name (containers refer to it in resources.claims).', present(c, 'name') ? undefined : p);
      else if (seen.has(name)) push([...p, 'name'], 'Duplicate', `Duplicate resource claim name ${JSON.stringify(name)}.`);
      else {
        for (const m of isDNS1123Label(name)) push([...p, 'name'], 'Invalid', `Resource claim name ${JSON.stringify(name)}: ${m}.`);
        seen.add(name);
      }
      const hasName = present(c, 'resourceClaimName');
      const hasTemplate = present(c, 'resourceClaimTemplateName');
      if (hasName && hasTemplate) push(p, 'Invalid', 'Set either resourceClaimName or resourceClaimTemplateName, not both.', [...p, 'resourceClaimTemplateName']);
      if (!hasName && !hasTemplate) push(p, 'Invalid', 'A pod resource claim must set resourceClaimName (an existing ResourceClaim) or resourceClaimTemplateName (one claim per pod).');
      for (const f of ['resourceClaimName', 'resourceClaimTemplateName']) {
        if (!present(c, f)) continue;
        const v = String(c[f]);
        for (const m of isDNS1123Subdomain(v)) push([...p, f], 'Invalid', `${f} ${JSON.stringify(v)}: ${m}.`);
      }
    });
    for (const { c, path } of eachContainer(podSpec)) {
      const names = new Set<string>();
      asArr(asObj(c.resources)?.claims).forEach((x, j) => {
        const o = asObj(x) ?? {};
        const p = [...path, 'resources', 'claims', j];
        const name = typeof o.name === 'string' ? o.name : '';
        if (!name) {
          push(p, 'Required', 'A container resource claim needs the name of one of the pod\'s resourceClaims.');
          return;
        }
        if (names.has(name)) {
          push(p, 'Duplicate', `Resource claim ${JSON.stringify(name)} is already referenced by this container.`, [...p, 'name']);
        } else {
          let key = name;
          const req = typeof o.request === 'string' ? o.request : '';
          if (req) {
            for (const m of isDNS1123Label(req)) push([...p, 'request'], 'Invalid', `Request name ${JSON.stringify(req)}: ${m}.`);
            key += '/' + req;
          }
          if (names.has(key)) push(p, 'Duplicate', `Resource claim request ${JSON.stringify(key)} is already referenced by this container.`, [...p, 'name']);
          else if (!req) {
            for (const k of names) if (k.includes('/') && k.slice(0, k.indexOf('/')) === name) push(p, 'Duplicate', `Resource claim ${JSON.stringify(name)} is already referenced (by one of its requests) in this container.`, [...p, 'name']);
          }
          names.add(key);
        }
        if (!podNames.has(name)) {
          const known = [...podNames].sort();
          push(p, 'NotFound', `No resource claim named ${JSON.stringify(name)} in spec.template.spec.resourceClaims${known.length ? ` (claims: ${known.join(', ')})` : ' (there are none)'}.`, [...p, 'name']);
        }
      });
    }
    return out;
  },
};
