/**
 * Container restartPolicyRules (ContainerRestartRules, on by default from 1.35): a rule needs the
 * container's own restartPolicy, at most 20 rules, a supported action (Restart; RestartAllContainers
 * from 1.36), and exitCodes with operator In or NotIn and at most 255 values. Sidecars (init containers
 * with restartPolicy: Always) may carry rules only from 1.36. Before 1.35 the server drops the field
 * (the version-skew warning says so). The restartPolicy values themselves: api/containers.
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asArr, asObj, type Obj } from '../../../workloads/job';
import { enumFixData, replaceFixes } from './enumFix';

const CODE = 'api/container-restart-rules';
const OPERATORS = ['In', 'NotIn'];

type Path = (string | number)[];

export const restartPolicyRulesRule: Rule = {
  id: CODE,
  description: 'Container restartPolicyRules: need restartPolicy, at most 20, supported action, exitCodes with In/NotIn and at most 255 values; sidecar rules from 1.36.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec, version } = view(ctx);
    if (version < 35) return [];
    const restartAll = version >= 36;
    const actions = restartAll ? ['Restart', 'RestartAllContainers'] : ['Restart'];
    const out: Problem[] = [];
    const base: Path = ['spec', 'template', 'spec'];
    const rulesIssues = (c: Obj, p: Path) => {
      const rules = asArr(c.restartPolicyRules);
      if ((c.restartPolicy === undefined || c.restartPolicy === null) && rules.length > 0) {
        out.push(at(ctx, [...p, 'restartPolicy'], { code: CODE, errorType: 'Required', message: 'restartPolicyRules need the container\'s own restartPolicy (the policy for exits no rule matches), e.g. restartPolicy: Never.', anchor: [...p, 'restartPolicyRules'] }));
      }
      if (rules.length > 20) out.push(at(ctx, [...p, 'restartPolicyRules'], { code: CODE, errorType: 'TooMany', message: `${rules.length} restartPolicyRules: at most 20 are allowed.` }));
      rules.forEach((r, i) => {
        const o = asObj(r) ?? {};
        const rp: Path = [...p, 'restartPolicyRules', i];
        const action = o.action;
        if (!actions.includes(String(action ?? ''))) out.push(at(ctx, [...rp, 'action'], { code: CODE, errorType: 'NotSupported', message: `Unsupported action ${JSON.stringify(action ?? '')}: supported values are ${actions.map((a) => JSON.stringify(a)).join(', ')}.`, ...(action === undefined || action === null ? { anchor: rp } : {}), ...enumFixData(action, actions, [...rp, 'action']) }));
        const ec = asObj(o.exitCodes);
        if (!ec) {
          out.push(at(ctx, [...rp, 'exitCodes'], { code: CODE, errorType: 'Required', message: 'A restart rule needs exitCodes (operator In or NotIn, and values).', anchor: rp }));
          return;
        }
        const ep: Path = [...rp, 'exitCodes'];
        const op = ec.operator;
        if (!OPERATORS.includes(String(op ?? ''))) out.push(at(ctx, [...ep, 'operator'], { code: CODE, errorType: 'NotSupported', message: `Unsupported operator ${JSON.stringify(op ?? '')}: supported values are "In", "NotIn".`, ...(op === undefined || op === null ? { anchor: ep } : {}), ...enumFixData(op, OPERATORS, [...ep, 'operator']) }));
        const values = asArr(ec.values);
        if (values.length > 255) out.push(at(ctx, [...ep, 'values'], { code: CODE, errorType: 'TooMany', message: `${values.length} exit codes: at most 255 are allowed.` }));
      });
    };
    asArr(podSpec.initContainers).forEach((c, i) => {
      const o = asObj(c);
      if (!o) return;
      const p: Path = [...base, 'initContainers', i];
      if (o.restartPolicy === 'Always' && !restartAll) {
        if (asArr(o.restartPolicyRules).length > 0) out.push(at(ctx, [...p, 'restartPolicyRules'], { code: CODE, errorType: 'Forbidden', message: `restartPolicyRules are not allowed on a sidecar (init container with restartPolicy: Always) in Kubernetes 1.${version} (from 1.36).` }));
        return;
      }
      rulesIssues(o, p);
    });
    asArr(podSpec.containers).forEach((c, i) => {
      const o = asObj(c);
      if (o) rulesIssues(o, [...base, 'containers', i]);
    });
    return out;
  },
  fixes: replaceFixes,
};
