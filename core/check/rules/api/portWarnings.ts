/**
 * The API server's create warnings about container ports, over init containers, then containers
 * (the server's visiting order): hostIP without hostPort; the same containerPort/protocol declared
 * twice (duplicate), or once with and once without a hostPort (overlapping), or with the same hostPort
 * where only one names a hostIP (dangerously ambiguous); a port name used by two containers.
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, int, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { formatPath } from '../../../yaml/fieldPath';

const CODE = 'api/warning';

export const portWarningsRule: Rule = {
  id: 'api/warning-ports',
  description: 'Create warnings for container ports: hostIP without hostPort, duplicate / overlapping / ambiguous containerPort declarations, a port name used twice in the pod.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    const w = (rel: (string | number)[], message: string) => out.push(at(ctx, rel, { code: CODE, severity: 'warning', message }));
    const visit: { path: (string | number)[]; ports: unknown[] }[] = [];
    for (const list of ['initContainers', 'containers']) {
      asArr(podSpec[list]).forEach((c, i) => visit.push({ path: ['spec', 'template', 'spec', list, i], ports: asArr(asObj(c)?.ports) }));
    }
    const byPort = new Map<string, { where: string; hostIP: string; hostPort: number }[]>();
    const names = new Map<string, string>();
    for (const { path, ports } of visit) {
      ports.forEach((pt, j) => {
        const o = asObj(pt) ?? {};
        const rel = [...path, 'ports', j];
        const where = formatPath([...ctx.jobPath, ...rel]);
        const hostIP = typeof o.hostIP === 'string' ? o.hostIP : '';
        const hostPort = int(o.hostPort) ?? 0;
        if (hostIP && hostPort === 0) w(rel, `hostIP ${JSON.stringify(hostIP)} is set without a hostPort: it has no effect.`);
        const key = `${int(o.containerPort) ?? 0}/${typeof o.protocol === 'string' && o.protocol ? o.protocol : 'TCP'}`;
        const others = byPort.get(key) ?? [];
        for (const other of others) {
          if (hostIP === other.hostIP && hostPort === other.hostPort) w(rel, `Duplicate port definition with ${other.where}.`);
          else if (hostPort === 0 || other.hostPort === 0) w(rel, `Overlapping port definition with ${other.where} (the same containerPort/protocol, once with and once without a hostPort).`);
          else if (hostPort === other.hostPort && (hostIP === '') !== (other.hostIP === '')) w(rel, `Dangerously ambiguous port definition with ${other.where} (the same hostPort, only one of them with a hostIP).`);
        }
        others.push({ where, hostIP, hostPort });
        byPort.set(key, others);
        const name = typeof o.name === 'string' ? o.name : '';
        if (name) {
          const prev = names.get(name);
          if (prev) w(rel, `Duplicate port name ${JSON.stringify(name)} with ${prev}: services and probes that select the port by name will use ${prev}.`);
          else names.set(name, where);
        }
      });
    }
    return out;
  },
};
