/**
 * The API server's create warnings about the pod template beyond containers: deprecated node labels
 * (nodeSelector, node affinity, topologySpreadConstraints), invalid label values in preferred node
 * affinity (accepted, but never match), null labelSelectors in pod (anti-)affinity and spread
 * constraints (match no pod), deprecated pod annotations (critical-pod, sysctls, seccomp, AppArmor),
 * deprecated or removed volume plugins, and duplicate hostAliases IPs.
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asArr, asObj, type Obj } from '../../../workloads/job';
import { isValidLabelValue } from '../../validation/names';
import { eachContainer } from './podContainers';
import { canonicalIP, parseIP } from './ip';
import { isWhole, parseQuantity } from '../../validation/quantity';

const CODE = 'api/warning';
type Path = (string | number | { key: string })[];

/** Deprecated node labels and what to use instead (the server's list). */
const DEPRECATED_NODE_LABELS: Record<string, string> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region': 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone': 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type': 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
  'app.kubernetes.io/created-by': 'deprecated since v1.9',
  'scheduler.alpha.kubernetes.io/preferAvoidPods': 'deprecated since v1.22; use Taints and Tolerations instead',
  'node-role.kubernetes.io/master': 'use "node-role.kubernetes.io/control-plane" instead',
};

const DEPRECATED_ANNOTATIONS: Record<string, string> = {
  'scheduler.alpha.kubernetes.io/critical-pod': 'non-functional since v1.16; use the priorityClassName field instead',
  'security.alpha.kubernetes.io/sysctls': 'non-functional since v1.11; use securityContext.sysctls instead',
  'security.alpha.kubernetes.io/unsafe-sysctls': 'non-functional since v1.11; use securityContext.sysctls instead',
};

/** [JSON field, path segment the server reports, message] */
const DEPRECATED_VOLUMES: [string, string, string][] = [
  ['photonPersistentDisk', 'photonPersistentDisk', 'deprecated in v1.11, non-functional since v1.16'],
  ['gitRepo', 'gitRepo', 'deprecated in v1.11 and disabled since v1.33: clone the repository in an init container into an emptyDir instead'],
  ['scaleIO', 'scaleIO', 'deprecated in v1.16, non-functional since v1.22'],
  ['flocker', 'flocker', 'deprecated in v1.22, non-functional since v1.25'],
  ['storageos', 'storageOS', 'deprecated in v1.22, non-functional since v1.25'],
  ['quobyte', 'quobyte', 'deprecated in v1.22, non-functional since v1.25'],
  ['glusterfs', 'glusterfs', 'deprecated in v1.25, non-functional since v1.26'],
  ['cephfs', 'cephfs', 'deprecated in v1.28, non-functional since v1.31'],
  ['rbd', 'rbd', 'deprecated in v1.28, non-functional since v1.31'],
];

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';

const present = (o: Obj | undefined, k: string) => !!o && o[k] !== undefined && o[k] !== null;

/** The appArmorProfile field an old annotation value stands for (to compare with the pod's field). */
function appArmorFromAnnotation(v: string): { type: string; localhostProfile?: string } | undefined {
  if (v === 'runtime/default') return { type: 'RuntimeDefault' };
  if (v === 'unconfined') return { type: 'Unconfined' };
  if (v.startsWith('localhost/')) return { type: 'Localhost', localhostProfile: v.slice('localhost/'.length) };
  return undefined;
}

export const podSpecWarningsRule: Rule = {
  id: 'api/warning-pod-spec',
  description: 'Create warnings: deprecated node labels, deprecated annotations and volume plugins, null label selectors, invalid preferred node affinity values, duplicate hostAliases IPs.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec, spec } = view(ctx);
    const out: Problem[] = [];
    const w = (rel: Path, message: string, anchor?: Path) => out.push(at(ctx, rel, { code: CODE, severity: 'warning', message, ...(anchor ? { anchor } : {}) }));
    const base = ['spec', 'template', 'spec'];
    for (const k of Object.keys(asObj(podSpec.nodeSelector) ?? {})) {
      const msg = DEPRECATED_NODE_LABELS[k];
      if (msg) w([...base, 'nodeSelector', { key: k }], `Node label ${k} is ${msg}.`);
    }
    const aff = asObj(podSpec.affinity);
    const na = asObj(aff?.nodeAffinity);
    const termWarnings = (term: Obj, p: Path, checkValues: boolean) => {
      asArr(term.matchExpressions).forEach((e, j) => {
        const o = asObj(e) ?? {};
        const key = typeof o.key === 'string' ? o.key : '';
        const msg = DEPRECATED_NODE_LABELS[key];
        if (msg) w([...p, 'matchExpressions', j, 'key'], `Node label ${key} is ${msg}.`);
        if (checkValues) {
          asArr(o.values).forEach((v, k) => {
            const s = String(v);
            for (const m of isValidLabelValue(s)) w([...p, 'matchExpressions', j, 'values', k], `${JSON.stringify(s)} is not a valid label value (${m}): no node can match it.`);
          });
        }
      });
    };
    if (na) {
      const rp = [...base, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'];
      asArr(asObj(na.requiredDuringSchedulingIgnoredDuringExecution)?.nodeSelectorTerms).forEach((t, i) => termWarnings(asObj(t) ?? {}, [...rp, 'nodeSelectorTerms', i], false));
      asArr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
        termWarnings(asObj(asObj(t)?.preference) ?? {}, [...base, 'affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i, 'preference'], true),
      );
    }
    asArr(podSpec.topologySpreadConstraints).forEach((c, i) => {
      const o = asObj(c) ?? {};
      const p = [...base, 'topologySpreadConstraints', i];
      const key = typeof o.topologyKey === 'string' ? o.topologyKey : '';
      const msg = DEPRECATED_NODE_LABELS[key];
      if (msg) w([...p, 'topologyKey'], `Node label ${key} is ${msg}.`);
      if (!present(o, 'labelSelector')) w([...p, 'labelSelector'], 'Without a labelSelector this constraint matches no pod, so it spreads nothing.', p);
    });
    for (const kind of ['podAffinity', 'podAntiAffinity']) {
      const pa = asObj(aff?.[kind]);
      if (!pa) continue;
      const kp = [...base, 'affinity', kind];
      asArr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
        const p = [...kp, 'requiredDuringSchedulingIgnoredDuringExecution', i];
        if (!present(asObj(t), 'labelSelector')) w([...p, 'labelSelector'], 'Without a labelSelector this term matches no pod.', p);
      });
      asArr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
        const p = [...kp, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm'];
        if (!present(asObj(asObj(t)?.podAffinityTerm), 'labelSelector')) w([...p, 'labelSelector'], 'Without a labelSelector this term matches no pod.', present(asObj(t), 'podAffinityTerm') ? p : p.slice(0, -1));
      });
    }
    // annotations of the pod template
    const annotations = asObj(asObj(asObj(spec.template)?.metadata)?.annotations) ?? {};
    const ap = ['spec', 'template', 'metadata', 'annotations'];
    for (const [k, msg] of Object.entries(DEPRECATED_ANNOTATIONS)) if (k in annotations) w([...ap, { key: k }], `Annotation ${k} is ${msg}.`);
    const psc = asObj(podSpec.securityContext);
    if (SECCOMP_POD in annotations && !present(psc, 'seccompProfile')) {
      w([...ap, { key: SECCOMP_POD }], 'The seccomp annotation is non-functional since v1.27: use securityContext.seccompProfile instead.');
    }
    const podAppArmor = asObj(psc?.appArmorProfile);
    const visit = [...eachContainer(podSpec).filter((x) => x.init), ...eachContainer(podSpec).filter((x) => !x.init)];
    for (const { c } of visit) {
      const name = typeof c.name === 'string' ? c.name : '';
      const sc = asObj(c.securityContext);
      const sk = SECCOMP_CONTAINER + name;
      if (sk in annotations && !present(sc, 'seccompProfile')) w([...ap, { key: sk }], 'The seccomp annotation is non-functional since v1.27: use the container\'s securityContext.seccompProfile instead.');
      const ak = APPARMOR_CONTAINER + name;
      if (ak in annotations && !present(sc, 'appArmorProfile')) {
        const asField = appArmorFromAnnotation(String(annotations[ak] ?? ''));
        const same = !!podAppArmor && !!asField && podAppArmor.type === asField.type && (podAppArmor.localhostProfile ?? undefined) === asField.localhostProfile;
        if (!same) w([...ap, { key: ak }], 'The AppArmor annotation is deprecated since v1.30: use securityContext.appArmorProfile instead.');
      }
    }
    asArr(podSpec.volumes).forEach((v, i) => {
      const o = asObj(v) ?? {};
      for (const [json, seg, msg] of DEPRECATED_VOLUMES) {
        if (present(o, json)) w([...base, 'volumes', i, seg], `The ${json} volume type is ${msg}.`, [...base, 'volumes', i, json]);
      }
      // generic ephemeral volumes: storage sizes must be whole bytes
      const res = asObj(asObj(asObj(asObj(o.ephemeral)?.volumeClaimTemplate)?.spec)?.resources);
      for (const kind of ['requests', 'limits']) {
        const raw = asObj(res?.[kind])?.storage;
        const q = raw === undefined || raw === null ? undefined : parseQuantity(raw);
        if (q && !isWhole(q)) {
          const rp = [...base, 'volumes', i, 'ephemeral', 'volumeClaimTemplate', 'spec', 'resources', kind];
          w([...rp, { key: 'storage' }], `Fractional byte value ${JSON.stringify(String(raw))} is invalid, must be an integer${typeof raw === 'string' && /m$/.test(raw) ? ` ("m" means milli: did you mean ${raw.slice(0, -1)}Mi?)` : ''}.`, [...rp, 'storage']);
        }
      }
    });
    // overlapping file paths inside one configMap/secret/downwardAPI/projected volume; the server's
    // warning names the volume instead of a field path, so the problem carries that prefix as its key
    asArr(podSpec.volumes).forEach((v, i) => {
      const o = asObj(v) ?? {};
      const vp = [...base, 'volumes', i];
      const vname = JSON.stringify(typeof o.name === 'string' ? o.name : '');
      const overlap = (desc: string, entries: { path: string; source: string; at: Path }[]) => {
        const seen: { path: string; source: string }[] = [];
        for (const e of entries) {
          const path = trimTrailingSlashes(e.path);
          if (path) {
            for (const x of seen) {
              if (!x.path) continue;
              if ((x.path + '/').startsWith(path + '/') || (path + '/').startsWith(x.path + '/')) {
                const show = (q: { path: string; source: string }) => `${JSON.stringify(q.path)}${q.source ? ` (${q.source})` : ''}`;
                const key = `volume ${vname} (${desc})`;
                out.push({ ...at(ctx, e.at, { code: CODE, severity: 'warning', message: `Volume ${vname}: file ${show({ path, source: e.source })} overlaps with ${show(x)}; one of them hides the other.` }), data: { warningKey: key } });
              }
            }
          }
          seen.push({ path, source: e.source });
        }
      };
      const items = (list: unknown, p: Path, source: string) => asArr(list).map((it, j) => ({ path: String(asObj(it)?.path ?? ''), source, at: [...p, 'items', j, 'path'] as Path }));
      const cm = asObj(o.configMap);
      if (cm && Array.isArray(cm.items)) overlap(`ConfigMap ${JSON.stringify(String(cm.name ?? ''))}`, items(cm.items, [...vp, 'configMap'], ''));
      const sec = asObj(o.secret);
      if (sec && Array.isArray(sec.items)) overlap(`Secret ${JSON.stringify(String(sec.secretName ?? ''))}`, items(sec.items, [...vp, 'secret'], ''));
      const dw = asObj(o.downwardAPI);
      if (dw && Array.isArray(dw.items)) overlap('DownwardAPI', items(dw.items, [...vp, 'downwardAPI'], ''));
      const pr = asObj(o.projected);
      if (pr) {
        const all: { path: string; source: string; at: Path }[] = [];
        asArr(pr.sources).forEach((src, j) => {
          const so = asObj(src) ?? {};
          const sp = [...vp, 'projected', 'sources', j];
          if (Object.values(so).every((x) => x === undefined || x === null)) {
            out.push({ ...at(ctx, sp, { code: CODE, severity: 'warning', message: `Volume ${vname}: an empty projected source projects nothing.` }), data: { warningKey: `volume ${vname} (Projected) has no sources provided` } });
            return;
          }
          const cmo = asObj(so.configMap);
          const seco = asObj(so.secret);
          const dwo = asObj(so.downwardAPI);
          const tok = asObj(so.serviceAccountToken);
          if (cmo && Array.isArray(cmo.items)) all.push(...items(cmo.items, [...sp, 'configMap'], `ConfigMap ${JSON.stringify(String(cmo.name ?? ''))}`));
          else if (seco && Array.isArray(seco.items)) all.push(...items(seco.items, [...sp, 'secret'], `Secret ${JSON.stringify(String(seco.name ?? ''))}`));
          else if (dwo && Array.isArray(dwo.items)) all.push(...items(dwo.items, [...sp, 'downwardAPI'], 'DownwardAPI'));
          else if (tok) all.push({ path: String(tok.path ?? ''), source: 'ServiceAccountToken', at: [...sp, 'serviceAccountToken', 'path'] });
        });
        overlap('Projected', all);
      }
    });
    // IP addresses in a form the server accepts but does not prefer
    const ipWarning = (rel: Path, v: string) => {
      const ip = parseIP(v);
      if (!ip) return;
      const canon = canonicalIP(ip);
      if (ip.leadingZeros || ip.mapped) w(rel, `Non-standard IP address ${JSON.stringify(v)}: write ${JSON.stringify(canon)}.`);
      else if (ip.v6 && canon !== v) w(rel, `IPv6 address ${JSON.stringify(v)} should be written in canonical form ${JSON.stringify(canon)}.`);
    };
    asArr(asObj(podSpec.dnsConfig)?.nameservers).forEach((v, i) => ipWarning([...base, 'dnsConfig', 'nameservers', i], String(v ?? '')));
    asArr(podSpec.hostAliases).forEach((a, i) => ipWarning([...base, 'hostAliases', i, 'ip'], String(asObj(a)?.ip ?? '')));
    const aliases = asArr(podSpec.hostAliases);
    if (aliases.length > 1) {
      const ips = new Set<string>();
      aliases.forEach((a, i) => {
        const ip = String(asObj(a)?.ip ?? '');
        if (ips.has(ip)) w([...base, 'hostAliases', i, 'ip'], `Duplicate hostAliases IP ${JSON.stringify(ip)}: merge the hostnames into one entry.`);
        else ips.add(ip);
      });
    }
    return out;
  },
};

/** `p` without trailing slashes (a scan: `/\/+$/` is quadratic on a long run of slashes). */
function trimTrailingSlashes(p: string): string {
  let end = p.length;
  while (end > 0 && p[end - 1] === '/') end--;
  return p.slice(0, end);
}
