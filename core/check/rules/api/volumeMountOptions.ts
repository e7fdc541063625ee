/**
 * volumeMounts options: subPath / subPathExpr (relative, no '..', not both), mountPropagation values
 * (Bidirectional only for privileged containers) and recursiveReadOnly (needs readOnly: true and no
 * propagation). The server reports these at `volumeMounts.<field>` without the mount's index; the
 * diagnostic still sits on the mount's own value. (Names and mountPaths: the volumes rule.)
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { enumFixData, replaceFixes } from './enumFix';
import { at, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { descendingPathIssues } from './securityContext';
import { eachContainer } from './podContainers';

const CODE = 'api/volume-mounts';
const PROPAGATION = ['Bidirectional', 'HostToContainer', 'None'];
const RRO = ['Disabled', 'Enabled', 'IfPossible'];
type Path = (string | number)[];

export const volumeMountOptionsRule: Rule = {
  id: CODE,
  description: 'volumeMounts subPath/subPathExpr, mountPropagation and recursiveReadOnly.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    const push = (rel: Path, errorType: Problem['errorType'] & string, message: string, anchor?: Path, extra?: { data?: unknown }) =>
      out.push(at(ctx, rel, { code: CODE, errorType, message, ...(anchor ? { anchor } : {}), ...(extra ?? {}) }));
    for (const { c, path } of eachContainer(podSpec)) {
      const lp = [...path, 'volumeMounts'];
      const privileged = asObj(c.securityContext)?.privileged === true;
      asArr(c.volumeMounts).forEach((m, i) => {
        const o = asObj(m) ?? {};
        const mp = [...lp, i];
        const subPath = typeof o.subPath === 'string' ? o.subPath : '';
        for (const msg of descendingPathIssues(subPath)) push([...lp, 'subPath'], 'Invalid', `subPath ${JSON.stringify(subPath)} ${msg} (it is a path inside the volume).`, [...mp, 'subPath']);
        const expr = typeof o.subPathExpr === 'string' ? o.subPathExpr : '';
        if (expr) {
          if (subPath) push([...mp, 'subPathExpr'], 'Invalid', 'subPathExpr and subPath are mutually exclusive: keep one.');
          for (const msg of descendingPathIssues(expr)) push([...lp, 'subPathExpr'], 'Invalid', `subPathExpr ${JSON.stringify(expr)} ${msg}.`, [...mp, 'subPathExpr']);
        }
        const prop = o.mountPropagation;
        if (prop !== undefined && prop !== null) {
          if (!PROPAGATION.includes(String(prop))) push([...lp, 'mountPropagation'], 'NotSupported', `Unsupported mountPropagation ${JSON.stringify(prop)}: supported values are "Bidirectional", "HostToContainer", "None".`, [...mp, 'mountPropagation'], enumFixData(prop, PROPAGATION, [...mp, 'mountPropagation']));
          if (prop === 'Bidirectional' && !privileged) push([...lp, 'mountPropagation'], 'Forbidden', 'Bidirectional mount propagation is only available to privileged containers (securityContext.privileged: true).', [...mp, 'mountPropagation']);
        }
        const rro = o.recursiveReadOnly;
        if (rro !== undefined && rro !== null && rro !== 'Disabled') {
          const rp = [...mp, 'recursiveReadOnly'];
          if (!RRO.includes(String(rro))) push([...lp, 'recursiveReadOnly'], 'NotSupported', `Unsupported recursiveReadOnly ${JSON.stringify(rro)}: supported values are "Disabled", "Enabled", "IfPossible".`, rp, enumFixData(rro, RRO, rp));
          else {
            if (o.readOnly !== true) push([...lp, 'recursiveReadOnly'], 'Forbidden', `recursiveReadOnly: ${rro} needs readOnly: true on the mount.`, rp);
            if (prop !== undefined && prop !== null && prop !== 'None') push([...lp, 'recursiveReadOnly'], 'Forbidden', `recursiveReadOnly: ${rro} may only be used when mountPropagation is None or unset.`, rp);
          }
        }
      });
    }
    return out;
  },
  fixes: replaceFixes,
};
