/** Container ports: names (IANA service names, unique), containerPort required 1-65535, hostPort, protocol. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, int, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { isValidPortName, isValidPortNum } from '../../validation/names';
import { eachContainer } from './podContainers';

const CODE = 'api/ports';

export const portsRule: Rule = {
  id: CODE,
  description: 'Container ports: containerPort 1-65535 required, valid unique names, TCP/UDP/SCTP.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    for (const { c, path } of eachContainer(podSpec)) {
      const names = new Set<string>();
      asArr(c.ports).forEach((pt, j) => {
        const port = asObj(pt) ?? {};
        const p = [...path, 'ports', j];
        if (typeof port.name === 'string' && port.name.length > 0) {
          const msgs = isValidPortName(port.name);
          for (const m of msgs) out.push(at(ctx, [...p, 'name'], { code: CODE, errorType: 'Invalid', message: `Port name ${JSON.stringify(port.name)}: ${m}.` }));
          if (!msgs.length) {
            if (names.has(port.name)) out.push(at(ctx, [...p, 'name'], { code: CODE, errorType: 'Duplicate', message: `Duplicate port name ${JSON.stringify(port.name)}.` }));
            else names.add(port.name);
          }
        }
        const cp = int(port.containerPort) ?? 0;
        if (cp === 0) out.push(at(ctx, [...p, 'containerPort'], { code: CODE, errorType: 'Required', message: 'containerPort is required (1-65535).', anchor: p }));
        else for (const m of isValidPortNum(cp)) out.push(at(ctx, [...p, 'containerPort'], { code: CODE, errorType: 'Invalid', message: `containerPort ${cp}: ${m}.` }));
        const hp = int(port.hostPort) ?? 0;
        if (hp !== 0) for (const m of isValidPortNum(hp)) out.push(at(ctx, [...p, 'hostPort'], { code: CODE, errorType: 'Invalid', message: `hostPort ${hp}: ${m}.` }));
        const proto = port.protocol;
        if (typeof proto === 'string' && !['TCP', 'UDP', 'SCTP'].includes(proto)) {
          out.push(at(ctx, [...p, 'protocol'], { code: CODE, errorType: 'NotSupported', message: `Unsupported protocol ${JSON.stringify(proto)}: supported values are "SCTP", "TCP", "UDP".` }));
        }
      });
    }
    // hostPort conflicts: across all regular containers; each init container on its own
    const hostPorts = new Set<string>();
    for (const { c, path, init } of eachContainer(podSpec)) {
      const seen = init ? new Set<string>() : hostPorts;
      asArr(c.ports).forEach((pt, j) => {
        const port = asObj(pt) ?? {};
        const hp = int(port.hostPort) ?? 0;
        if (hp === 0) return;
        const key = `${typeof port.protocol === 'string' ? port.protocol : 'TCP'}/${typeof port.hostIP === 'string' ? port.hostIP : ''}/${hp}`;
        if (seen.has(key)) out.push(at(ctx, [...path, 'ports', j, 'hostPort'], { code: CODE, errorType: 'Duplicate', message: `hostPort ${key} is already used by another container of this pod.` }));
        else seen.add(key);
      });
    }
    return out;
  },
};
