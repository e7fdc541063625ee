/**
 * The old seccomp and AppArmor annotations on the pod template, as the API server still validates
 * them: their values must be profiles it understands, an AppArmor annotation must name a container,
 * and when a profile field is set as well the annotation must agree with it. (That they are
 * deprecated is a create warning: podSpecWarnings.ts.)
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asObj, type Obj } from '../../../workloads/job';
import { descendingPathIssues } from './securityContext';
import { eachContainer } from './podContainers';

const CODE = 'api/security-annotations';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';
type Path = (string | number | { key: string })[];

/** Why a seccomp annotation value is not a profile (empty when it is one). */
function seccompValueIssues(v: string): string[] {
  if (v === 'runtime/default' || v === 'docker/default' || v === 'unconfined') return [];
  if (v.startsWith('localhost/')) return descendingPathIssues(v.slice('localhost/'.length)).map((m) => `the localhost/ profile path ${m}`);
  return ['must be runtime/default, unconfined or localhost/<path>'];
}

/** The field path that disagrees with the annotation, or undefined when they agree. */
function mismatch(kind: 'seccomp' | 'AppArmor', annotation: string, field: Obj): 'type' | 'localhostProfile' | undefined {
  const type = field.type;
  if (type === 'Unconfined') return annotation === 'unconfined' ? undefined : 'type';
  if (type === 'RuntimeDefault') return annotation === 'runtime/default' || (kind === 'seccomp' && annotation === 'docker/default') ? undefined : 'type';
  if (type === 'Localhost') {
    if (!annotation.startsWith('localhost/')) return 'type';
    return typeof field.localhostProfile === 'string' && annotation.slice('localhost/'.length) === field.localhostProfile ? undefined : 'localhostProfile';
  }
  return undefined;
}

export const securityAnnotationsRule: Rule = {
  id: CODE,
  description: 'Seccomp/AppArmor pod template annotations: valid profile values, AppArmor annotations naming a container, agreement with seccompProfile/appArmorProfile fields.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec, spec } = view(ctx);
    const out: Problem[] = [];
    const annotations = asObj(asObj(asObj(spec.template)?.metadata)?.annotations);
    if (!annotations) return out;
    const push = (rel: Path, errorType: Problem['errorType'] & string, message: string, anchor?: Path) =>
      out.push(at(ctx, rel, { code: CODE, errorType, message, ...(anchor ? { anchor } : {}) }));
    const ap: Path = ['spec', 'template', 'metadata', 'annotations'];
    const containers = eachContainer(podSpec);
    const names = new Set(containers.map((x) => x.c.name));
    for (const [k, raw] of Object.entries(annotations)) {
      const v = raw === null || raw === undefined ? '' : String(raw);
      if (k === SECCOMP_POD || k.startsWith(SECCOMP_CONTAINER)) {
        // the server names these paths with the key as a plain child (…annotations.<key>)
        for (const m of seccompValueIssues(v)) push(['spec', 'template', 'annotations', k], 'Invalid', `Seccomp annotation ${k}: ${JSON.stringify(v)} ${m}.`, [...ap, { key: k }]);
      }
      if (k.startsWith(APPARMOR_CONTAINER)) {
        const name = k.slice(APPARMOR_CONTAINER.length);
        const rel: Path = ['spec', 'template', 'annotations', { key: k }];
        if (!names.has(name)) push(rel, 'Invalid', `AppArmor annotation for container ${JSON.stringify(name)}, but the pod has no container of that name.`, [...ap, { key: k }]);
        if (!(v === '' || v === 'runtime/default' || v === 'unconfined' || v.startsWith('localhost/'))) push(rel, 'Invalid', `AppArmor annotation value ${JSON.stringify(v)} is not a profile: use runtime/default, unconfined or localhost/<profile>.`, [...ap, { key: k }]);
      }
    }
    const base = ['spec', 'template', 'spec'];
    const psc = asObj(podSpec.securityContext);
    const podSeccomp = asObj(psc?.seccompProfile);
    if (podSeccomp && SECCOMP_POD in annotations) {
      const f = mismatch('seccomp', String(annotations[SECCOMP_POD] ?? ''), podSeccomp);
      if (f) push([...base, 'securityContext', 'seccompProfile', f], 'Forbidden', `seccompProfile ${f} disagrees with the ${SECCOMP_POD} annotation: remove the annotation.`, [...base, 'securityContext', 'seccompProfile']);
    }
    const windows = asObj(podSpec.os)?.name === 'windows'; // no AppArmor consistency check for Windows pods
    const podAppArmor = asObj(psc?.appArmorProfile);
    // the server visits init containers first; the order only matters for the order of messages
    for (const { c, path } of [...containers.filter((x) => x.init), ...containers.filter((x) => !x.init)]) {
      const sc = asObj(c.securityContext);
      const name = typeof c.name === 'string' ? c.name : '';
      const cSeccomp = asObj(sc?.seccompProfile);
      if (cSeccomp && SECCOMP_CONTAINER + name in annotations) {
        const f = mismatch('seccomp', String(annotations[SECCOMP_CONTAINER + name] ?? ''), cSeccomp);
        if (f) push([...path, 'securityContext', 'seccompProfile', f], 'Forbidden', `seccompProfile ${f} disagrees with the ${SECCOMP_CONTAINER}${name} annotation: remove the annotation.`, [...path, 'securityContext', 'seccompProfile']);
      }
      const profile = asObj(sc?.appArmorProfile) ?? podAppArmor;
      if (!windows && profile && APPARMOR_CONTAINER + name in annotations) {
        const f = mismatch('AppArmor', String(annotations[APPARMOR_CONTAINER + name] ?? ''), profile);
        if (f) push([...path, 'securityContext', 'appArmorProfile', f], 'Forbidden', `appArmorProfile ${f} disagrees with the ${APPARMOR_CONTAINER}${name} annotation: remove the annotation.`, asObj(sc?.appArmorProfile) ? [...path, 'securityContext', 'appArmorProfile'] : [...base, 'securityContext', 'appArmorProfile']);
      }
    }
    return out;
  },
};
