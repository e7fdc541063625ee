/** Container resources: names, quantities (parse, non-negative), requests <= limits. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asObj } from '../../../workloads/job';
import { compareQuantity, isIntegerResource, isNegative, isNativeResource, isOvercommitAllowed, isStandardContainerResource, isStandardResource, isWhole, parseQuantity, QUANTITY_FORMAT_MESSAGE, type Quantity } from '../../validation/quantity';
import { isQualifiedName } from '../../validation/names';
import { eachContainer } from './podContainers';

const CODE = 'api/resources';

export const resourcesRule: Rule = {
  id: CODE,
  description: 'Container resource requests and limits: valid names and quantities, requests not above limits.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    for (const { c, path } of eachContainer(podSpec)) {
      const res = asObj(c.resources);
      if (!res) continue;
      const rp = [...path, 'resources'];
      const parsed: Record<'limits' | 'requests', Record<string, Quantity>> = { limits: {}, requests: {} };
      for (const kind of ['limits', 'requests'] as const) {
        for (const [name, raw] of Object.entries(asObj(res[kind]) ?? {})) {
          const kp = [...rp, kind, { key: name }];
          const q = parseQuantity(raw);
          if (!q) {
            // A malformed quantity fails decoding (HTTP 400), before field validation.
            out.push(at(ctx, kp, { code: 'api/quantity', message: `${JSON.stringify(raw)} is not a valid quantity for ${name}: ${QUANTITY_FORMAT_MESSAGE} (e.g. 500m, 1, 128Mi, 2Gi). The server rejects the whole request when decoding it.` }));
            continue;
          }
          parsed[kind][name] = q;
          const nameMsgs = isQualifiedName(name);
          for (const m of nameMsgs) out.push(at(ctx, kp, { code: CODE, errorType: 'Invalid', message: `Resource name ${JSON.stringify(name)}: ${m}.` }));
          if (!nameMsgs.length) {
            if (!name.includes('/')) {
              // The server checks twice: a standard resource at all, then one containers may request.
              if (!isStandardResource(name)) out.push(at(ctx, kp, { code: CODE, errorType: 'Invalid', message: `${JSON.stringify(name)} is not a standard resource type: use cpu, memory, ephemeral-storage, hugepages-<size>, or a domain-prefixed extended resource such as example.com/gpu.` }));
              if (!isStandardContainerResource(name)) out.push(at(ctx, kp, { code: CODE, errorType: 'Invalid', message: `${JSON.stringify(name)} is not a resource containers can request (cpu, memory, ephemeral-storage, hugepages-<size>, or a domain-prefixed extended resource).` }));
            }
          }
          if (isNegative(q)) out.push(at(ctx, kp, { code: CODE, errorType: 'Invalid', message: `${name} must be greater than or equal to 0.` }));
          if (isIntegerResource(name) && !isWhole(q)) out.push(at(ctx, kp, { code: CODE, errorType: 'Invalid', message: `${name} is an extended resource and must be a whole number.` }));
        }
      }
      for (const [name, req] of Object.entries(parsed.requests)) {
        const lim = parsed.limits[name];
        if (lim) {
          const cmp = compareQuantity(req, lim);
          if (cmp !== 0 && !isOvercommitAllowed(name)) {
            out.push(at(ctx, [...rp, 'requests'], { code: CODE, errorType: 'Invalid', message: `The ${name} request (${req.text}) must equal its limit (${lim.text}): ${name} cannot be overcommitted.`, anchor: [...rp, 'requests', { key: name }] }));
          } else if (cmp > 0) {
            out.push(at(ctx, [...rp, 'requests'], { code: CODE, errorType: 'Invalid', message: `The ${name} request (${req.text}) must be less than or equal to the ${name} limit (${lim.text}).`, anchor: [...rp, 'requests', { key: name }] }));
          }
        } else if (!isOvercommitAllowed(name)) {
          out.push(at(ctx, [...rp, 'limits'], { code: CODE, errorType: 'Required', message: `${name} has a request but no limit: a limit must be set for resources that cannot be overcommitted (extended resources, hugepages).`, anchor: [...rp, 'requests', { key: name }] }));
        }
      }
      const all = [...Object.keys(parsed.limits), ...Object.keys(parsed.requests)];
      if (all.some((n) => n.startsWith('hugepages-')) && !all.some((n) => n === 'cpu' || n === 'memory')) {
        out.push(at(ctx, rp, { code: CODE, errorType: 'Forbidden', message: 'HugePages require a cpu or memory request or limit.' }));
      }
      void isNativeResource;
    }
    return out;
  },
};
