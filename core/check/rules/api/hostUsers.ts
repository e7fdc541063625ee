/**
 * hostUsers: false (a user namespace for the pod) cannot be combined with the host's network, PID
 * or IPC namespaces, nor with raw block volumeDevices. The server spells two of these paths with a
 * capital letter (spec.HostPID, spec.HostIPC); kjob reports the same paths.
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asArr } from '../../../workloads/job';
import { eachContainer } from './podContainers';

const CODE = 'api/host-users';

export const hostUsersRule: Rule = {
  id: CODE,
  description: 'hostUsers: false forbids hostNetwork, hostPID, hostIPC and volumeDevices.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    if (podSpec.hostUsers !== false) return out;
    const base = ['spec', 'template', 'spec'];
    const forbid = (rel: (string | number)[], field: string, anchor: (string | number)[]) =>
      out.push(at(ctx, rel, { code: CODE, errorType: 'Forbidden', message: `${field} cannot be used with hostUsers: false (the pod runs in its own user namespace).`, anchor }));
    if (podSpec.hostNetwork === true) forbid([...base, 'hostNetwork'], 'hostNetwork: true', [...base, 'hostNetwork']);
    if (podSpec.hostPID === true) forbid([...base, 'HostPID'], 'hostPID: true', [...base, 'hostPID']);
    if (podSpec.hostIPC === true) forbid([...base, 'HostIPC'], 'hostIPC: true', [...base, 'hostIPC']);
    for (const { c, path } of eachContainer(podSpec)) {
      if (asArr(c.volumeDevices).length > 0) forbid([...path, 'volumeDevices'], 'volumeDevices', [...path, 'volumeDevices']);
    }
    return out;
  },
};
