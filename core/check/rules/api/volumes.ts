/** Volumes (DNS-label names, unique) and volumeMounts (name an existing volume, unique mountPath). */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asArr, asObj, type Obj } from '../../../workloads/job';
import { isDNS1123Label } from '../../validation/names';
import { eachContainer } from './podContainers';
import { SOURCES, volumeSourceIssues, type SourceIssue } from './volumeSources';

const CODE = 'api/volumes';

const REQUIRED: Record<string, string> = { configMap: 'name', secret: 'secretName', persistentVolumeClaim: 'claimName', hostPath: 'path' };

/** The volume's own errors (source count, required source field, name); `seen` holds the usable names so far. */
export function volumeIssues(o: Obj, p: (string | number)[], seen: Set<string>): SourceIssue[] {
  const out: SourceIssue[] = [];
  const present = SOURCES.filter(([json]) => o[json] !== undefined && o[json] !== null);
  if (present.length === 0) {
    out.push({ rel: p, errorType: 'Required', message: `Volume ${JSON.stringify(o.name ?? '')} must specify a volume type (emptyDir: {}, configMap, secret, persistentVolumeClaim, …). Note that \`emptyDir:\` with no value is null; write \`emptyDir: {}\`.` });
  }
  present.slice(1).forEach(([json, server]) => out.push({ rel: [...p, server], errorType: 'Forbidden', message: `A volume may not specify more than 1 volume type (${present[0]![0]} and ${json}).`, anchor: [...p, json] }));
  const first = present[0]?.[0];
  const src = first ? asObj(o[first]) ?? {} : {};
  const required = first ? REQUIRED[first] : undefined;
  if (required && (typeof src[required] !== 'string' || src[required] === '')) {
    out.push({ rel: [...p, first!, required], errorType: 'Required', message: `${first}.${required} is required.`, anchor: [...p, first!] });
  }
  const name = typeof o.name === 'string' ? o.name : '';
  if (!name) out.push({ rel: [...p, 'name'], errorType: 'Required', message: 'A volume needs a name.', anchor: p });
  else for (const m of isDNS1123Label(name)) out.push({ rel: [...p, 'name'], errorType: 'Invalid', message: `Volume name ${JSON.stringify(name)}: ${m}.` });
  if (seen.has(name)) out.push({ rel: [...p, 'name'], errorType: 'Duplicate', message: `Duplicate volume name ${JSON.stringify(name)}.` });
  return out;
}

/** The volumes a container may mount (or use as a block device): name → volume, only those without errors. */
export function usableVolumes(podSpec: Obj, version?: number): Map<string, Obj> {
  const out = new Map<string, Obj>();
  const names = new Set<string>();
  asArr(podSpec.volumes).forEach((v, i) => {
    const o = asObj(v) ?? {};
    const p = ['spec', 'template', 'spec', 'volumes', i];
    if (volumeIssues(o, p, names).length === 0 && volumeSourceIssues(o, p, version).length === 0) {
      const name = typeof o.name === 'string' ? o.name : '';
      names.add(name);
      out.set(name, o);
    }
  });
  return out;
}

export const volumesRule: Rule = {
  id: CODE,
  description: 'Volume names are unique DNS labels; every volumeMount names an existing volume and has a unique mountPath.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec, version } = view(ctx);
    const out: Problem[] = [];
    // Only volumes without any error are usable: a mount naming a broken volume is NotFound too.
    const vols = new Set<string>();
    asArr(podSpec.volumes).forEach((v, i) => {
      const o = asObj(v) ?? {};
      const p = ['spec', 'template', 'spec', 'volumes', i];
      const issues = volumeIssues(o, p, vols);
      for (const x of issues) out.push(at(ctx, x.rel, { code: CODE, errorType: x.errorType, message: x.message, ...(x.anchor ? { anchor: x.anchor } : {}) }));
      // a volume with any error (also in its source's contents) cannot be mounted: mounts naming it are NotFound
      if (issues.length === 0 && volumeSourceIssues(o, p, version).length === 0) vols.add(typeof o.name === 'string' ? o.name : '');
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
