/**
 * With hostNetwork: true a container listens on the node's own ports, so a hostPort, when given,
 * must equal the containerPort (the server checks regular containers only; an unset hostPort is
 * filled in from containerPort when the pod is created).
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, int, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';

const CODE = 'api/host-network';

export const hostNetworkRule: Rule = {
  id: CODE,
  description: 'hostNetwork: true requires hostPort (when set) to equal containerPort.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    if (podSpec.hostNetwork !== true) return out;
    asArr(podSpec.containers).forEach((c, i) => {
      asArr(asObj(c)?.ports).forEach((pt, j) => {
        const o = asObj(pt) ?? {};
        const hp = int(o.hostPort) ?? 0;
        const cp = int(o.containerPort) ?? 0;
        if (hp !== 0 && hp !== cp) {
          out.push(at(ctx, ['spec', 'template', 'spec', 'containers', i, 'ports', j, 'hostPort'], { code: CODE, errorType: 'Invalid', message: `hostPort ${hp} must match containerPort ${cp} when hostNetwork is true (or leave hostPort out).` }));
        }
      });
    });
    return out;
  },
};
