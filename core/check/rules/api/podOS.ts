/**
 * Fields that cannot apply to the operating system named in spec.os: Windows options on a Linux pod,
 * and the Linux-only security settings (user/group IDs, seccomp, AppArmor, SELinux, sysctls,
 * capabilities, host namespaces, …) on a Windows pod. Checked only when os.name itself is valid.
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asObj, type Obj } from '../../../workloads/job';
import { eachContainer } from './podContainers';

const CODE = 'api/pod-os';
const POD_LINUX_ONLY = ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'fsGroup', 'fsGroupChangePolicy', 'sysctls', 'runAsUser', 'runAsGroup', 'supplementalGroups', 'supplementalGroupsPolicy', 'seLinuxChangePolicy'];
const CONTAINER_LINUX_ONLY = ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged', 'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup'];

const set = (o: Obj | undefined, k: string) => !!o && o[k] !== undefined && o[k] !== null;

export const podOSRule: Rule = {
  id: CODE,
  description: 'spec.os: no windowsOptions on a linux pod; no Linux-only security settings or host namespaces on a windows pod.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    const os = asObj(podSpec.os)?.name;
    if (os !== 'linux' && os !== 'windows') return out;
    const base = ['spec', 'template', 'spec'];
    const forbid = (rel: (string | number)[], message: string) => out.push(at(ctx, rel, { code: CODE, errorType: 'Forbidden', message }));
    const psc = asObj(podSpec.securityContext);
    // the server visits init containers first; order does not change the set of errors
    const containers = [...eachContainer(podSpec).filter((x) => x.init), ...eachContainer(podSpec).filter((x) => !x.init)];
    if (os === 'linux') {
      if (set(psc, 'windowsOptions')) forbid([...base, 'securityContext', 'windowsOptions'], 'windowsOptions cannot be set for a linux pod (spec.os.name: linux).');
      for (const { c, path } of containers) {
        if (set(asObj(c.securityContext), 'windowsOptions')) forbid([...path, 'securityContext', 'windowsOptions'], 'windowsOptions cannot be set for a linux pod (spec.os.name: linux).');
      }
      return out;
    }
    for (const f of POD_LINUX_ONLY) {
      if (f === 'sysctls' ? Array.isArray(psc?.sysctls) && psc!.sysctls.length > 0 : set(psc, f)) forbid([...base, 'securityContext', f], `securityContext.${f} cannot be set for a windows pod (spec.os.name: windows).`);
    }
    if (set(podSpec, 'hostUsers')) forbid([...base, 'hostUsers'], 'hostUsers cannot be set for a windows pod.');
    if (podSpec.hostPID === true) forbid([...base, 'hostPID'], 'hostPID cannot be set for a windows pod.');
    if (podSpec.hostIPC === true) forbid([...base, 'hostIPC'], 'hostIPC cannot be set for a windows pod.');
    if (set(podSpec, 'shareProcessNamespace')) forbid([...base, 'shareProcessNamespace'], 'shareProcessNamespace cannot be set for a windows pod.');
    for (const { c, path } of containers) {
      const sc = asObj(c.securityContext);
      for (const f of CONTAINER_LINUX_ONLY) if (set(sc, f)) forbid([...path, 'securityContext', f], `securityContext.${f} cannot be set for a container of a windows pod (spec.os.name: windows).`);
    }
    return out;
  },
};
