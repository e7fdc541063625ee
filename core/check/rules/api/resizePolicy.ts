/**
 * Container resizePolicy (in-place resize): cpu/memory only, once each, NotRequired or
 * RestartContainer; with the pod's restartPolicy Never (most Jobs) only NotRequired is allowed, and
 * an init container that is not a sidecar may not ask for RestartContainer either. Most errors are
 * reported at `resizePolicy` itself, without the entry's index.
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { eachContainer } from './podContainers';
import { enumFixData, replaceFixes } from './enumFix';

const CODE = 'api/resize-policy';
const RESOURCES = ['cpu', 'memory'];
const POLICIES = ['NotRequired', 'RestartContainer'];
type Path = (string | number)[];

export const resizePolicyRule: Rule = {
  id: CODE,
  description: 'resizePolicy entries: cpu/memory once each, NotRequired/RestartContainer, only NotRequired with restartPolicy Never or in a non-sidecar init container.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    const push = (rel: Path, errorType: Problem['errorType'] & string, message: string, anchor?: Path, extra?: { data?: unknown }) =>
      out.push(at(ctx, rel, { code: CODE, errorType, message, ...(anchor ? { anchor } : {}), ...(extra ?? {}) }));
    const never = podSpec.restartPolicy === 'Never';
    for (const { c, path, init } of eachContainer(podSpec)) {
      const lp = [...path, 'resizePolicy'];
      const seen = new Set<string>();
      asArr(c.resizePolicy).forEach((e, i) => {
        const o = asObj(e) ?? {};
        const ep = [...lp, i];
        const res = typeof o.resourceName === 'string' ? o.resourceName : '';
        const pol = typeof o.restartPolicy === 'string' ? o.restartPolicy : '';
        if (seen.has(res)) push(ep, 'Duplicate', `resizePolicy for ${JSON.stringify(res)} is given twice.`);
        seen.add(res);
        if (!res) push(lp, 'Required', 'A resizePolicy entry needs a resourceName: cpu or memory.', ep);
        else if (!RESOURCES.includes(res)) push(lp, 'NotSupported', `Unsupported resourceName ${JSON.stringify(res)}: supported values are "cpu", "memory".`, [...ep, 'resourceName'], enumFixData(res, RESOURCES, [...ep, 'resourceName']));
        if (!pol) push(lp, 'Required', 'A resizePolicy entry needs a restartPolicy: NotRequired or RestartContainer.', ep);
        else if (!POLICIES.includes(pol)) push(lp, 'NotSupported', `Unsupported restartPolicy ${JSON.stringify(pol)}: supported values are "NotRequired", "RestartContainer".`, [...ep, 'restartPolicy'], enumFixData(pol, POLICIES, [...ep, 'restartPolicy']));
        if (never && pol !== 'NotRequired') push(lp, 'Invalid', 'With the pod\'s restartPolicy Never, a resize may not restart the container: use NotRequired.', o.restartPolicy === undefined ? ep : [...ep, 'restartPolicy']);
        if (init && c.restartPolicy !== 'Always' && pol === 'RestartContainer') push([...ep, 'restartPolicy'], 'Invalid', 'An init container that is not a sidecar may not use RestartContainer.');
      });
    }
    return out;
  },
  fixes: replaceFixes,
};
