/**
 * The contents of a volume's source, as the API server validates the (first) source it finds:
 * configMap/secret items and modes, downwardAPI items, projected sources, hostPath path and type,
 * emptyDir sizeLimit, gitRepo repository/directory, nfs server/path, csi driver, image reference,
 * generic ephemeral volume claim templates. Whether a volume has a source at all, more than
 * one, and its required name/claimName/path are checked by the volumes rule, which also uses
 * `volumeSourceIssues` here: a mount that names a volume with any error is NotFound on the server.
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { enumFixData, octalModeFixData, replaceFixes } from './enumFix';
import { at, int, view } from '../context';
import { asArr, asObj, type Obj } from '../../../workloads/job';
import { isDNS1123Subdomain, isQualifiedName } from '../../validation/names';
import { labelMapIssues, selectorIssues } from '../../validation/labels';
import { isNegative, parseQuantity } from '../../validation/quantity';
import { descendingPathIssues } from './securityContext';
import { divisorIssue } from '../../validation/divisor';
import { legacyVolumeSourceIssues, type SourceIssue } from './legacyVolumeSources';
import { fieldAvailability } from '../../../schema/availability';
import { versionFacts } from '../../../schema/generated/batch-v1.json';
import type { VersionFacts } from '../../../schema/types';
import { parseMinor, DEFAULT_KUBERNETES_VERSION } from '../../../workloads/versions';
import { signerNameIssues, clusterTrustBundleNameIssues } from '../../validation/signerName';

const CODE = 'api/volume-source';

/** Volume sources in the order the server checks them: [JSON field, path segment the server reports]. */
export const SOURCES: [string, string][] = [
  ['emptyDir', 'emptyDir'], ['hostPath', 'hostPath'], ['gitRepo', 'gitRepo'], ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'], ['secret', 'secret'], ['nfs', 'nfs'], ['iscsi', 'iscsi'], ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'], ['persistentVolumeClaim', 'persistentVolumeClaim'], ['rbd', 'rbd'], ['cinder', 'cinder'],
  ['cephfs', 'cephFS'], ['quobyte', 'quobyte'], ['downwardAPI', 'downwarAPI'], ['fc', 'fc'], ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'], ['azureFile', 'azureFile'], ['vsphereVolume', 'vsphereVolume'], ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'], ['azureDisk', 'azureDisk'], ['storageos', 'storageos'], ['projected', 'projected'],
  ['scaleIO', 'scaleIO'], ['csi', 'csi'], ['ephemeral', 'ephemeral'], ['image', 'image'],
];

/** ObjectMeta fields a claim template may not set, in the server's order: [JSON field, path segment it reports]. */
const TEMPLATE_META_FORBIDDEN: [string, string][] = [
  ['name', 'name'], ['generateName', 'generateName'], ['namespace', 'namespace'], ['selfLink', 'selfLink'], ['uid', 'uID'],
  ['resourceVersion', 'resourceVersion'], ['generation', 'generation'], ['creationTimestamp', 'creationTimestamp'],
  ['deletionTimestamp', 'deletionTimestamp'], ['deletionGracePeriodSeconds', 'deletionGracePeriodSeconds'],
  ['ownerReferences', 'ownerReferences'], ['finalizers', 'finalizers'], ['managedFields', 'managedFields'],
];
const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const HOST_PATH_TYPES = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];
const DOWNWARD_FIELDS = new Set(['metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations', 'metadata.uid']);
const CONVERTIBLE = new Set(['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs', 'spec.host']);
const RESOURCE_FIELDS = new Set(['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory']);

type Path = (string | number | { key: string })[];
export type { SourceIssue } from './legacyVolumeSources';

const present = (o: Obj, k: string) => o[k] !== undefined && o[k] !== null;
const octal = (n: number) => `0${n.toString(8)}`;

/** A file path inside the volume: relative, no '..' element, not starting with '..'. */
function localPathIssues(v: string): string[] {
  const out = descendingPathIssues(v);
  if (v.startsWith('..') && !v.startsWith('../')) out.push("must not start with '..'");
  return out;
}

function mode(o: Obj, f: string, p: Path, out: SourceIssue[]): void {
  const m = int(o[f]);
  if (m !== undefined && (m < 0 || m > 0o777)) out.push({ rel: [...p, f], errorType: 'Invalid', message: `${f} ${m} (octal ${m < 0 ? m : octal(m)}) must be between 0 and 0777 octal (511 decimal); in YAML write 0644 or 420, not 644.`, ...octalModeFixData(o[f], [...p, f]) });
}

function keyToPath(items: unknown, p: Path, out: SourceIssue[], paths?: { seen: Set<string>; at: Path }): void {
  asArr(items).forEach((it, i) => {
    const o = asObj(it) ?? {};
    const ip = [...p, 'items', i];
    if (!(typeof o.key === 'string' && o.key)) out.push({ rel: [...ip, 'key'], errorType: 'Required', message: 'An item needs the key to project.', anchor: present(o, 'key') ? undefined : ip });
    const path = typeof o.path === 'string' ? o.path : '';
    if (!path) out.push({ rel: [...ip, 'path'], errorType: 'Required', message: 'An item needs the file path to write the key to.', anchor: present(o, 'path') ? undefined : ip });
    for (const m of localPathIssues(path)) out.push({ rel: [...ip, 'path'], errorType: 'Invalid', message: `Item path ${JSON.stringify(path)}: ${m}.` });
    mode(o, 'mode', ip, out);
    if (paths && path) {
      if (paths.seen.has(path)) out.push({ rel: paths.at, errorType: 'Invalid', message: `Two projected sources write the same path ${JSON.stringify(path)}.`, anchor: [...ip, 'path'] });
      paths.seen.add(path);
    }
  });
}

/** DownwardAPI files: the server reports them at the downwardAPI block itself, not at items[i]. */
function downwardItems(items: unknown, p: Path, itemsBase: Path, out: SourceIssue[], paths?: { seen: Set<string>; at: Path }): void {
  asArr(items).forEach((it, i) => {
    const o = asObj(it) ?? {};
    const ip = [...itemsBase, 'items', i];
    const path = typeof o.path === 'string' ? o.path : '';
    if (!path) out.push({ rel: [...p, 'path'], errorType: 'Required', message: 'A downwardAPI item needs a file path.', anchor: ip });
    for (const m of localPathIssues(path)) out.push({ rel: [...p, 'path'], errorType: 'Invalid', message: `Item path ${JSON.stringify(path)}: ${m}.`, anchor: [...ip, 'path'] });
    const fr = asObj(o.fieldRef);
    const rf = asObj(o.resourceFieldRef);
    if (fr) {
      const fp = typeof fr.fieldPath === 'string' ? fr.fieldPath : '';
      const api = typeof fr.apiVersion === 'string' ? fr.apiVersion : 'v1';
      const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fp);
      if (!fp) out.push({ rel: [...p, 'fieldRef', 'fieldPath'], errorType: 'Required', message: 'fieldRef needs a fieldPath.', anchor: [...ip, 'fieldRef'] });
      else if (api !== 'v1') out.push({ rel: [...p, 'fieldRef', 'fieldPath'], errorType: 'Invalid', message: `Unsupported fieldRef apiVersion ${JSON.stringify(api)}: use v1.`, anchor: [...ip, 'fieldRef'] });
      else if (sub) {
        const key = sub[1] === 'metadata.annotations' ? sub[2]!.toLowerCase() : sub[2]!;
        for (const m of isQualifiedName(key)) out.push({ rel: [...p, 'fieldRef'], errorType: 'Invalid', message: `fieldRef subscript ${JSON.stringify(sub[2])}: ${m}.`, anchor: [...ip, 'fieldRef', 'fieldPath'] });
      } else if (!CONVERTIBLE.has(fp)) {
        out.push({ rel: [...p, 'fieldRef', 'fieldPath'], errorType: 'Invalid', message: `fieldPath ${JSON.stringify(fp)} is not a pod field the downward API knows.`, anchor: [...ip, 'fieldRef', 'fieldPath'] });
      } else if (!DOWNWARD_FIELDS.has(fp)) {
        out.push({ rel: [...p, 'fieldRef', 'fieldPath'], errorType: 'NotSupported', message: `Unsupported fieldPath ${JSON.stringify(fp)} in a volume: supported are ${[...DOWNWARD_FIELDS].join(', ')} (use an env var for the others).`, anchor: [...ip, 'fieldRef', 'fieldPath'] });
      }
      if (rf) out.push({ rel: p, errorType: 'Invalid', message: 'A downwardAPI item may not set both fieldRef and resourceFieldRef.', anchor: ip });
    } else if (rf) {
      const res = typeof rf.resource === 'string' ? rf.resource : '';
      if (!(typeof rf.containerName === 'string' && rf.containerName)) out.push({ rel: [...p, 'resourceFieldRef', 'containerName'], errorType: 'Required', message: 'In a volume, resourceFieldRef needs the containerName whose resources to read.', anchor: [...ip, 'resourceFieldRef'] });
      else if (!res) out.push({ rel: [...p, 'resourceFieldRef', 'resource'], errorType: 'Required', message: 'resourceFieldRef needs a resource, e.g. limits.memory.', anchor: [...ip, 'resourceFieldRef'] });
      else if (!RESOURCE_FIELDS.has(res) && !res.startsWith('requests.hugepages-') && !res.startsWith('limits.hugepages-')) {
        out.push({ rel: [...p, 'resourceFieldRef', 'resource'], errorType: 'NotSupported', message: `Unsupported resource ${JSON.stringify(res)}: supported values are ${[...RESOURCE_FIELDS].join(', ')}.`, anchor: [...ip, 'resourceFieldRef', 'resource'] });
      }
      const dm = divisorIssue(res, rf.divisor);
      if (dm) out.push({ rel: [...p, 'resourceFieldRef', 'divisor'], errorType: 'Invalid', message: dm, anchor: [...ip, 'resourceFieldRef', 'divisor'] });
    } else out.push({ rel: p, errorType: 'Required', message: 'A downwardAPI item needs fieldRef or resourceFieldRef.', anchor: ip });
    const md = int(o.mode);
    if (md !== undefined && (md < 0 || md > 0o777)) out.push({ rel: [...p, 'mode'], errorType: 'Invalid', message: `mode ${md} must be between 0 and 0777 octal (511 decimal).`, anchor: [...ip, 'mode'] });
    if (paths && path) {
      if (paths.seen.has(path)) out.push({ rel: paths.at, errorType: 'Invalid', message: `Two projected sources write the same path ${JSON.stringify(path)}.`, anchor: [...ip, 'path'] });
      paths.seen.add(path);
    }
  });
}

/** A projected file path: required, local, not '..'-prefixed, unique across the volume's sources. */
function projectedPath(v: unknown, rel: Path, volume: Path, out: SourceIssue[], paths: { seen: Set<string>; at: Path }, what: string): void {
  const path = typeof v === 'string' ? v : '';
  for (const m of localPathIssues(path)) out.push({ rel, errorType: 'Invalid', message: `${what} ${JSON.stringify(path)}: ${m}.` });
  if (paths.seen.has(path)) out.push({ rel: volume, errorType: 'Invalid', message: `Two projected sources write the same path ${JSON.stringify(path)}.`, anchor: rel });
  paths.seen.add(path);
}

function clusterTrustBundleIssues(c: Obj, cp: Path, volume: Path, out: SourceIssue[], paths: { seen: Set<string>; at: Path }): void {
  const usingName = present(c, 'name');
  const usingSigner = present(c, 'signerName');
  if (usingName && usingSigner) out.push({ rel: cp, errorType: 'Invalid', message: 'clusterTrustBundle takes either name or signerName (with labelSelector), not both.' });
  else if (usingName) {
    const name = String(c.name);
    if (!name) out.push({ rel: [...cp, 'name'], errorType: 'Required', message: 'clusterTrustBundle name must be a valid object name.' });
    for (const m of clusterTrustBundleNameIssues(name)) out.push({ rel: [...cp, 'name'], errorType: 'Invalid', message: `ClusterTrustBundle name ${JSON.stringify(name)}: ${m}.` });
    if (present(c, 'labelSelector')) out.push({ rel: [...cp, 'labelSelector'], errorType: 'Invalid', message: 'labelSelector must be unset when clusterTrustBundle names a bundle (it selects bundles by signerName).' });
  } else if (usingSigner) {
    const signer = String(c.signerName);
    if (!signer) out.push({ rel: [...cp, 'signerName'], errorType: 'Required', message: 'clusterTrustBundle signerName must be a valid signer name.' });
    for (const x of signerNameIssues(signer)) out.push({ rel: [...cp, 'signerName'], errorType: x.errorType, message: x.message });
    for (const si of selectorIssues(c.labelSelector)) out.push({ rel: [...cp, 'labelSelector', ...si.rel], errorType: si.errorType, message: `labelSelector: ${si.message}.` });
  } else out.push({ rel: cp, errorType: 'Required', message: 'clusterTrustBundle needs name or signerName.' });
  const path = typeof c.path === 'string' ? c.path : '';
  if (!path) out.push({ rel: [...cp, 'path'], errorType: 'Required', message: 'clusterTrustBundle needs the file path to write the bundle to.', anchor: present(c, 'path') ? undefined : cp });
  projectedPath(c.path, [...cp, 'path'], volume, out, paths, 'clusterTrustBundle path');
}

const NEWEST = parseMinor(DEFAULT_KUBERNETES_VERSION);

/**
 * Whether a server of minor `version` drops this projected source before validating it (its feature
 * gate is off by default there; api/version-skew warns), from the generated gate facts.
 */
function projectionDropped(field: 'clusterTrustBundle' | 'podCertificate', version: number): boolean {
  const f = (versionFacts as unknown as VersionFacts).types.V1VolumeProjection?.[field];
  return !!f && fieldAvailability(f, version) !== undefined;
}

const KEY_TYPES = ['RSA3072', 'RSA4096', 'ECDSAP256', 'ECDSAP384', 'ECDSAP521', 'ED25519'];

function podCertificateIssues(c: Obj, cp: Path, volume: Path, out: SourceIssue[], paths: { seen: Set<string>; at: Path }): void {
  const signer = typeof c.signerName === 'string' ? c.signerName : '';
  for (const x of signerNameIssues(signer)) out.push({ rel: [...cp, 'signerName'], errorType: x.errorType, message: x.message, anchor: present(c, 'signerName') ? undefined : cp });
  for (const k of Object.keys(asObj(c.userAnnotations) ?? {})) {
    const key = k.toLowerCase();
    const ap: Path = [...cp, 'userAnnotations'];
    if (!key) out.push({ rel: ap, errorType: 'Required', message: 'A userAnnotations key may not be empty.' });
    else {
      const ms = isQualifiedName(key);
      for (const m of ms) out.push({ rel: ap, errorType: 'Invalid', message: `userAnnotations key ${JSON.stringify(k)}: ${m}.`, anchor: [...ap, k] });
      if (ms.length === 0 && key.split('/').length !== 2) out.push({ rel: ap, errorType: 'Invalid', message: `userAnnotations key ${JSON.stringify(k)} must be domain-prefixed, e.g. example.com/${key}.`, anchor: [...ap, k] });
    }
  }
  const kt = typeof c.keyType === 'string' ? c.keyType : '';
  if (!KEY_TYPES.includes(kt)) out.push({ rel: [...cp, 'keyType'], errorType: 'NotSupported', message: `Unsupported keyType ${JSON.stringify(kt)}: supported values are ${KEY_TYPES.map((k) => JSON.stringify(k)).join(', ')}.`, anchor: present(c, 'keyType') ? undefined : cp, ...enumFixData(c.keyType, KEY_TYPES, [...cp, 'keyType']) });
  const exp = int(c.maxExpirationSeconds);
  if (exp !== undefined) {
    const host = signer.split('/')[0]!;
    const max = host === 'kubernetes.io' || host.endsWith('.kubernetes.io') ? 86400 : 7862400;
    if (exp < 3600) out.push({ rel: [...cp, 'maxExpirationSeconds'], errorType: 'Invalid', message: `maxExpirationSeconds ${exp} must be at least 3600 (one hour).` });
    if (exp > max) out.push({ rel: [...cp, 'maxExpirationSeconds'], errorType: 'Invalid', message: `maxExpirationSeconds ${exp} must be at most ${max} for signer ${JSON.stringify(signer)}.` });
  }
  let n = 0;
  for (const f of ['credentialBundlePath', 'keyPath', 'certificateChainPath']) {
    if (!(typeof c[f] === 'string' && c[f])) continue;
    n++;
    projectedPath(c[f], [...cp, f], volume, out, paths, f);
  }
  if (n === 0) out.push({ rel: cp, errorType: 'Required', message: 'podCertificate needs at least one of credentialBundlePath, keyPath and certificateChainPath.' });
}

/** Issues in the first volume source of volume `o` at Job-relative path `p` (volumes[i]). */
export function volumeSourceIssues(o: Obj, p: Path, version: number = NEWEST): SourceIssue[] {
  const out: SourceIssue[] = [];
  const first = SOURCES.find(([json]) => present(o, json))?.[0];
  if (!first) return out;
  const s = asObj(o[first]) ?? {};
  const sp = [...p, first];
  switch (first) {
    case 'emptyDir': {
      if (present(s, 'sizeLimit')) {
        const q = parseQuantity(s.sizeLimit);
        if (q && isNegative(q)) out.push({ rel: [...sp, 'sizeLimit'], errorType: 'Forbidden', message: `sizeLimit ${JSON.stringify(String(s.sizeLimit))} may not be negative.` });
      }
      break;
    }
    case 'hostPath': {
      const path = typeof s.path === 'string' ? s.path : '';
      if (!path) break; // Required: the volumes rule
      if (path.split('/').includes('..')) out.push({ rel: [...sp, 'path'], errorType: 'Invalid', message: `hostPath ${JSON.stringify(path)} must not contain '..'.` });
      if (present(s, 'type') && !HOST_PATH_TYPES.includes(String(s.type))) out.push({ rel: [...sp, 'type'], errorType: 'NotSupported', message: `Unsupported hostPath type ${JSON.stringify(s.type)}: supported values are ${HOST_PATH_TYPES.map((t) => JSON.stringify(t)).join(', ')}.`, ...enumFixData(s.type, HOST_PATH_TYPES, [...sp, 'type']) });
      break;
    }
    case 'gitRepo': {
      if (!(typeof s.repository === 'string' && s.repository)) out.push({ rel: [...sp, 'repository'], errorType: 'Required', message: 'gitRepo needs a repository URL.', anchor: sp });
      const dir = typeof s.directory === 'string' ? s.directory : '';
      for (const m of descendingPathIssues(dir)) out.push({ rel: [...sp, 'directory'], errorType: 'Invalid', message: `gitRepo directory ${JSON.stringify(dir)}: ${m}.` });
      break;
    }
    case 'nfs': {
      const server = typeof s.server === 'string' ? s.server : '';
      const path = typeof s.path === 'string' ? s.path : '';
      if (!server) out.push({ rel: [...sp, 'server'], errorType: 'Required', message: 'An nfs volume needs the server (hostname or IP).', anchor: present(s, 'server') ? undefined : sp });
      if (!path) out.push({ rel: [...sp, 'path'], errorType: 'Required', message: 'An nfs volume needs the exported path.', anchor: present(s, 'path') ? undefined : sp });
      // the server also reports an empty path as not absolute
      if (!path.startsWith('/')) out.push({ rel: [...sp, 'path'], errorType: 'Invalid', message: `nfs path ${JSON.stringify(path)} must be an absolute path (the export on the server, e.g. /exports/data).`, anchor: present(s, 'path') ? undefined : sp });
      break;
    }
    case 'csi': {
      const driver = typeof s.driver === 'string' ? s.driver : '';
      if (!driver) out.push({ rel: [...sp, 'driver'], errorType: 'Required', message: 'A csi volume needs the driver name, e.g. secrets-store.csi.k8s.io.', anchor: present(s, 'driver') ? undefined : sp });
      else {
        if (driver.length > 63) out.push({ rel: [...sp, 'driver'], errorType: 'TooLong', message: `CSI driver name ${JSON.stringify(driver)} may not be longer than 63 characters.` });
        for (const m of isDNS1123Subdomain(driver.toLowerCase())) out.push({ rel: [...sp, 'driver'], errorType: 'Invalid', message: `CSI driver name ${JSON.stringify(driver)}: ${m}.` });
      }
      const ref = asObj(s.nodePublishSecretRef);
      if (ref) {
        const name = typeof ref.name === 'string' ? ref.name : '';
        if (!name) out.push({ rel: [...sp, 'nodePublishSecretRef', 'name'], errorType: 'Required', message: 'nodePublishSecretRef needs the name of a Secret.', anchor: [...sp, 'nodePublishSecretRef'] });
        // the server reports an invalid name at csi.name (sic)
        else for (const m of isDNS1123Subdomain(name)) out.push({ rel: [...sp, 'name'], errorType: 'Invalid', message: `Secret name ${JSON.stringify(name)}: ${m}.`, anchor: [...sp, 'nodePublishSecretRef', 'name'] });
      }
      break;
    }
    case 'image': {
      if (!(typeof s.reference === 'string' && s.reference)) out.push({ rel: [...sp, 'reference'], errorType: 'Required', message: 'An image volume needs the reference of the image (or artifact) to mount.', anchor: present(s, 'reference') ? undefined : sp });
      if (present(s, 'pullPolicy') && !['Always', 'IfNotPresent', 'Never'].includes(String(s.pullPolicy))) out.push({ rel: [...sp, 'pullPolicy'], errorType: 'NotSupported', message: `Unsupported pullPolicy ${JSON.stringify(s.pullPolicy)}: supported values are "Always", "IfNotPresent", "Never".`, ...enumFixData(s.pullPolicy, ['Always', 'IfNotPresent', 'Never'], [...sp, 'pullPolicy']) });
      break;
    }
    case 'secret':
    case 'configMap':
      mode(s, 'defaultMode', sp, out);
      keyToPath(s.items, sp, out);
      break;
    case 'downwardAPI':
      mode(s, 'defaultMode', sp, out);
      downwardItems(s.items, sp, sp, out);
      break;
    case 'ephemeral': {
      const t = asObj(s.volumeClaimTemplate);
      if (!t) {
        out.push({ rel: [...sp, 'volumeClaimTemplate'], errorType: 'Required', message: 'An ephemeral volume needs a volumeClaimTemplate (the PVC to create for each pod).', anchor: sp });
        break;
      }
      const mp = [...sp, 'volumeClaimTemplate', 'metadata'];
      const meta = asObj(t.metadata) ?? {};
      for (const k of Object.keys(asObj(meta.annotations) ?? {})) {
        for (const m of isQualifiedName(k.toLowerCase())) out.push({ rel: [...mp, 'annotations'], errorType: 'Invalid', message: `Claim template annotation key ${JSON.stringify(k)}: ${m}.`, anchor: [...mp, 'annotations', k] });
      }
      for (const li of labelMapIssues(meta.labels)) out.push({ rel: [...mp, 'labels'], errorType: 'Invalid', message: `Claim template ${li.message}.`, anchor: [...mp, 'labels', li.key] });
      for (const [f, reported] of TEMPLATE_META_FORBIDDEN) {
        const v = meta[f];
        if (v === undefined || v === null || v === '' || (v === 0 && f === 'generation')) continue; // deletionGracePeriodSeconds is a pointer: 0 is set
        out.push({ rel: [...mp, reported], errorType: 'Forbidden', message: `metadata.${f} cannot be set in a claim template (only labels and annotations; the PVC is named <pod>-<volume>).`, anchor: [...mp, f] });
      }
      const tp = [...sp, 'volumeClaimTemplate', 'spec'];
      const ts = asObj(t.spec) ?? {};
      const modes = asArr(ts.accessModes).map(String);
      if (modes.length === 0) out.push({ rel: [...tp, 'accessModes'], errorType: 'Required', message: 'The claim needs at least one access mode, e.g. ReadWriteOnce.', anchor: present(ts, 'accessModes') ? undefined : present(t, 'spec') ? tp : [...sp, 'volumeClaimTemplate'] });
      for (const m of modes) if (!ACCESS_MODES.includes(m)) out.push({ rel: [...tp, 'accessModes'], errorType: 'NotSupported', message: `Unsupported access mode ${JSON.stringify(m)}: supported values are ${ACCESS_MODES.map((x) => JSON.stringify(x)).join(', ')}.` });
      if (modes.includes('ReadWriteOncePod') && modes.some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m))) out.push({ rel: [...tp, 'accessModes'], errorType: 'Forbidden', message: 'ReadWriteOncePod cannot be combined with other access modes.' });
      for (const si of selectorIssues(ts.selector)) out.push({ rel: [...tp, 'selector', ...si.rel], errorType: si.errorType, message: `selector: ${si.message}.` });
      const req = asObj(asObj(ts.resources)?.requests);
      const rp: Path = [...tp, 'resources', { key: 'storage' }];
      if (!req || req.storage === undefined || req.storage === null) out.push({ rel: rp, errorType: 'Required', message: 'The claim needs resources.requests.storage, e.g. 1Gi.', anchor: req ? [...tp, 'resources', 'requests'] : present(ts, 'resources') ? [...tp, 'resources'] : present(t, 'spec') ? tp : [...sp, 'volumeClaimTemplate'] });
      else {
        const q = parseQuantity(req.storage);
        if (q && q.num <= 0n) out.push({ rel: rp, errorType: 'Invalid', message: `Storage request ${JSON.stringify(String(req.storage))} must be greater than zero.`, anchor: [...tp, 'resources', 'requests', 'storage'] });
      }
      if (typeof ts.storageClassName === 'string' && ts.storageClassName) for (const m of isDNS1123Subdomain(ts.storageClassName)) out.push({ rel: [...tp, 'storageClassName'], errorType: 'Invalid', message: `storageClassName ${JSON.stringify(ts.storageClassName)}: ${m}.` });
      if (present(ts, 'volumeMode') && !['Block', 'Filesystem'].includes(String(ts.volumeMode))) out.push({ rel: [...tp, 'volumeMode'], errorType: 'NotSupported', message: `Unsupported volumeMode ${JSON.stringify(ts.volumeMode)}: supported values are "Block", "Filesystem".`, ...enumFixData(ts.volumeMode, ['Block', 'Filesystem'], [...tp, 'volumeMode']) });
      break;
    }
    case 'projected': {
      mode(s, 'defaultMode', sp, out);
      const paths = { seen: new Set<string>(), at: sp };
      asArr(s.sources).forEach((src, i) => {
        const so = asObj(src) ?? {};
        const srcp = [...sp, 'sources', i];
        const dropped = (k: string) => (k === 'clusterTrustBundle' || k === 'podCertificate') && projectionDropped(k, version);
        const kinds = Object.keys(so).filter((k) => present(so, k) && !dropped(k) && ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle', 'podCertificate'].includes(k));
        for (const k of ['secret', 'configMap']) {
          const r = asObj(so[k]);
          if (!r) continue;
          if (!(typeof r.name === 'string' && r.name)) out.push({ rel: [...srcp, k, 'name'], errorType: 'Required', message: `A projected ${k} needs a name.`, anchor: [...srcp, k] });
          keyToPath(r.items, [...srcp, k], out, paths);
        }
        const d = asObj(so.downwardAPI);
        if (d) downwardItems(d.items, [...srcp, 'downwardAPI'], [...srcp, 'downwardAPI'], out, paths);
        const t = asObj(so.serviceAccountToken);
        if (t) {
          const tp = [...srcp, 'serviceAccountToken'];
          const exp = int(t.expirationSeconds) ?? 3600; // defaulted to one hour
          if (exp < 600) out.push({ rel: [...tp, 'expirationSeconds'], errorType: 'Invalid', message: `expirationSeconds ${exp} is less than 10 minutes (600).` });
          if (exp > 2 ** 32) out.push({ rel: [...tp, 'expirationSeconds'], errorType: 'Invalid', message: `expirationSeconds ${exp} is larger than 2^32 seconds.` });
          const path = typeof t.path === 'string' ? t.path : '';
          // the server reports the token's path at the projected volume, not at the source
          if (!path) out.push({ rel: [...sp, 'path'], errorType: 'Required', message: 'serviceAccountToken needs the file path to write the token to.', anchor: tp });
          else for (const m of localPathIssues(path)) out.push({ rel: [...sp, 'path'], errorType: 'Invalid', message: `Token path ${JSON.stringify(path)}: ${m}.`, anchor: [...tp, 'path'] });
        }
        const ctb = asObj(so.clusterTrustBundle);
        if (ctb && !dropped('clusterTrustBundle')) clusterTrustBundleIssues(ctb, [...srcp, 'clusterTrustBundle'], sp, out, paths);
        const pc = asObj(so.podCertificate);
        if (pc && !dropped('podCertificate')) podCertificateIssues(pc, [...srcp, 'podCertificate'], sp, out, paths);
        if (kinds.length > 1) out.push({ rel: srcp, errorType: 'Forbidden', message: `A projected source may specify only one of secret, configMap, downwardAPI, serviceAccountToken… (has ${kinds.join(', ')}): use one list entry each.` });
      });
      break;
    }
    default:
      out.push(...(legacyVolumeSourceIssues(first, o, p) ?? []));
  }
  return out;
}

export const volumeSourcesRule: Rule = {
  id: CODE,
  description: 'Volume source contents: configMap/secret/downwardAPI/projected items (relative paths, no "..", modes 0-0777), hostPath path and type, emptyDir sizeLimit, gitRepo.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec, version } = view(ctx);
    const out: Problem[] = [];
    asArr(podSpec.volumes).forEach((v, i) => {
      const o = asObj(v);
      if (!o) return;
      for (const x of volumeSourceIssues(o, ['spec', 'template', 'spec', 'volumes', i], version)) {
        out.push(at(ctx, x.rel, { code: CODE, errorType: x.errorType, message: x.message, ...(x.anchor ? { anchor: x.anchor } : {}), ...(x.data !== undefined ? { data: x.data } : {}) }));
      }
    });
    return out;
  },
  fixes: replaceFixes,
};
