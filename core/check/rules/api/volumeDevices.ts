/**
 * volumeDevices (raw block volumes): each names a usable persistentVolumeClaim or ephemeral volume,
 * has a unique name and devicePath without '..', and neither its name nor its path is also used by a
 * volumeMount of the same container (the server reports that on both sides).
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { eachContainer } from './podContainers';
import { usableVolumes } from './volumes';

const CODE = 'api/volume-devices';
type Path = (string | number)[];

export const volumeDevicesRule: Rule = {
  id: CODE,
  description: 'volumeDevices name a PVC or ephemeral volume, unique names and device paths, no overlap with volumeMounts.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    const push = (rel: Path, errorType: Problem['errorType'] & string, message: string, anchor?: Path) =>
      out.push(at(ctx, rel, { code: CODE, errorType, message, ...(anchor ? { anchor } : {}) }));
    let vols: ReturnType<typeof usableVolumes> | undefined;
    for (const { c, path } of eachContainer(podSpec)) {
      const devices = asArr(c.volumeDevices).map((d) => asObj(d) ?? {});
      if (devices.length === 0) continue;
      vols ??= usableVolumes(podSpec, view(ctx).version);
      const mounts = asArr(c.volumeMounts).map((m) => asObj(m) ?? {});
      const mountNames = new Set(mounts.map((m) => String(m.name ?? '')));
      const mountPaths = new Set(mounts.map((m) => String(m.mountPath ?? '')));
      const deviceNames = new Set(devices.map((d) => String(d.name ?? '')));
      const devicePathsAll = new Set(devices.map((d) => String(d.devicePath ?? '')));
      const names = new Set<string>();
      const paths = new Set<string>();
      devices.forEach((d, i) => {
        const p = [...path, 'volumeDevices', i];
        const name = typeof d.name === 'string' ? d.name : '';
        const dp = typeof d.devicePath === 'string' ? d.devicePath : '';
        const vol = vols!.get(name);
        if (!name) push([...p, 'name'], 'Required', 'A volumeDevice needs the name of a volume.', p);
        if (names.has(name)) push([...p, 'name'], 'Invalid', `volumeDevice name ${JSON.stringify(name)} must be unique in the container.`);
        if (vol && !(vol.persistentVolumeClaim || vol.ephemeral)) push([...p, 'name'], 'Invalid', `Volume ${JSON.stringify(name)} cannot be a block device: only persistentVolumeClaim and ephemeral volumes can.`);
        if (!vol) push([...p, 'name'], 'NotFound', `No usable volume named ${JSON.stringify(name)} in spec.template.spec.volumes.`, name ? undefined : p);
        if (!dp) push([...p, 'devicePath'], 'Required', 'A volumeDevice needs a devicePath, e.g. /dev/xvda.', p);
        if (paths.has(dp)) push([...p, 'devicePath'], 'Invalid', `devicePath ${JSON.stringify(dp)} must be unique in the container.`);
        if (dp && dp.split('/').includes('..')) push([...p, 'devicePath'], 'Invalid', `devicePath ${JSON.stringify(dp)} may not contain '..'.`);
        else paths.add(dp);
        if (mountNames.has(name)) push([...p, 'name'], 'Invalid', `Volume ${JSON.stringify(name)} is also in this container's volumeMounts: use it either as a mount or as a device.`);
        if (mountPaths.has(dp)) push([...p, 'devicePath'], 'Invalid', `devicePath ${JSON.stringify(dp)} is also a mountPath of this container.`);
        if (name) names.add(name);
      });
      mounts.forEach((m, j) => {
        const p = [...path, 'volumeMounts', j];
        const name = String(m.name ?? '');
        const mp = String(m.mountPath ?? '');
        if (deviceNames.has(name)) push([...p, 'name'], 'Invalid', `Volume ${JSON.stringify(name)} is also in this container's volumeDevices.`);
        if (devicePathsAll.has(mp)) push([...p, 'mountPath'], 'Invalid', `mountPath ${JSON.stringify(mp)} is also a devicePath of this container.`);
      });
    }
    return out;
  },
};
