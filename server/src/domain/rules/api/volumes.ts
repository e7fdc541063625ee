/** Volumes (DNS-label names, unique) and volumeMounts (name an existing volume, unique mountPath). */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asArr, asObj } from '../../defaults/job';
import { isDNS1123Label } from '../../validation/names';
import { eachContainer } from './podContainers';

const CODE = 'api/volumes';

export const volumesRule: Rule = {
  id: CODE,
  description: 'Volume names are unique DNS labels; every volumeMount names an existing volume and has a unique mountPath.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    const vols = new Set<string>();
    asArr(podSpec.volumes).forEach((v, i) => {
      const o = asObj(v) ?? {};
      const p = ['spec', 'template', 'spec', 'volumes', i];
      const name = typeof o.name === 'string' ? o.name : '';
      if (!name) out.push(at(ctx, [...p, 'name'], { code: CODE, errorType: 'Required', message: 'A volume needs a name.', anchor: p }));
      else {
        const msgs = isDNS1123Label(name);
        for (const m of msgs) out.push(at(ctx, [...p, 'name'], { code: CODE, errorType: 'Invalid', message: `Volume name ${JSON.stringify(name)}: ${m}.` }));
        if (!msgs.length && vols.has(name)) out.push(at(ctx, [...p, 'name'], { code: CODE, errorType: 'Duplicate', message: `Duplicate volume name ${JSON.stringify(name)}.` }));
      }
      if (name) vols.add(name);
    });
    for (const { c, path } of eachContainer(podSpec)) {
      const mountPaths = new Set<string>();
      asArr(c.volumeMounts).forEach((m, j) => {
        const o = asObj(m) ?? {};
        const p = [...path, 'volumeMounts', j];
        const name = typeof o.name === 'string' ? o.name : '';
        if (!name) out.push(at(ctx, [...p, 'name'], { code: CODE, errorType: 'Required', message: 'A volumeMount needs the name of a volume.', anchor: p }));
        if (!vols.has(name)) {
          const known = [...vols];
          out.push(at(ctx, [...p, 'name'], { code: CODE, errorType: 'NotFound', message: `No volume named ${JSON.stringify(name)} in spec.template.spec.volumes${known.length ? ` (volumes: ${known.join(', ')})` : ' (there are no volumes)'}.`, ...(name ? {} : { anchor: p }) }));
        }
        const mp = typeof o.mountPath === 'string' ? o.mountPath : '';
        if (!mp) out.push(at(ctx, [...p, 'mountPath'], { code: CODE, errorType: 'Required', message: 'A volumeMount needs a mountPath.', anchor: p }));
        if (mountPaths.has(mp)) out.push(at(ctx, [...p, 'mountPath'], { code: CODE, errorType: 'Invalid', message: `mountPath ${JSON.stringify(mp)} must be unique within the container.` }));
        mountPaths.add(mp);
      });
    }
    return out;
  },
};
