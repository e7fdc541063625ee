/**
 * The older in-tree volume plugins the API server still validates on create (iscsi, rbd, cephfs, fc,
 * azureFile, azureDisk, flexVolume, cinder, portworxVolume, quobyte, scaleIO, storageos, flocker,
 * photonPersistentDisk, vsphereVolume, awsElasticBlockStore, gcePersistentDisk, glusterfs): their
 * required fields and value rules. Used by volumeSources (same code, api/volume-source); the
 * deprecation warnings are in podSpecWarnings.
 */
import { int } from '../context';
import { asArr, asObj, type Obj } from '../../../workloads/job';
import { isDNS1123Label } from '../../validation/names';
import { enumFixData } from './enumFix';
import type { Problem } from '../../problem';

type Path = (string | number | { key: string })[];

/** One problem of a volume source, relative to the volume (volumeSources anchors and reports it). */
export interface SourceIssue {
  rel: Path;
  errorType: NonNullable<Problem['errorType']>;
  message: string;
  anchor?: Path;
  data?: unknown;
}

const str = (o: Obj, k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '');
const present = (o: Obj, k: string) => o[k] !== undefined && o[k] !== null;

const EUI = /^eui.[A-Za-z0-9]{16}$/;
const NAA = /^naa.[A-Za-z0-9]{32}$/;
const AZURE_CACHING = ['None', 'ReadOnly', 'ReadWrite'];
const AZURE_KINDS = ['Dedicated', 'Managed', 'Shared'];

/**
 * What the API server's unanchored `iqn\.\d{4}-\d{2}\.([[:alnum:]-.]+)(:[^,;*&$|\s]+)$` accepts:
 * somewhere in `v`, `iqn.YYYY-MM.`, a name, `:` and an identifier running to the end. A scan, not
 * that regex: a JavaScript regex retries every `iqn.` occurrence (quadratic on a repeated one).
 */
export function isIqn(v: string): boolean {
  // The match contains none of the identifier's forbidden characters, so it lies in the tail after the last one.
  let from = 0;
  for (let i = v.length - 1; i >= 0; i--) {
    if (',;*&$|\t\n\f\r '.includes(v[i]!)) {
      from = i + 1;
      break;
    }
  }
  const digit = (i: number) => v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57;
  const nameChar = (c: string) => /[A-Za-z0-9.-]/.test(c);
  let runEnd = -1; // end of the name run last scanned (later starts inside it end there too)
  for (let p = v.indexOf('iqn.', from); p >= 0; p = v.indexOf('iqn.', p + 1)) {
    const q = p + 12; // after `iqn.YYYY-MM.`
    if (!(digit(p + 4) && digit(p + 5) && digit(p + 6) && digit(p + 7) && v[p + 8] === '-' && digit(p + 9) && digit(p + 10) && v[p + 11] === '.')) continue;
    if (q >= v.length || !nameChar(v[q]!)) continue;
    let e = q < runEnd ? runEnd : q;
    while (e < v.length && nameChar(v[e]!)) e++;
    runEnd = e;
    if (v[e] === ':' && e + 1 < v.length) return true;
  }
  return false;
}

/** iSCSI qualified names: iqn.YYYY-MM.domain:name, eui. + 16, naa. + 32 alphanumerics. */
function iscsiNameIssues(v: string, what: string): string[] {
  if (!v.startsWith('iqn') && !v.startsWith('eui') && !v.startsWith('naa')) return [`${what} ${JSON.stringify(v)} must start with iqn, eui or naa`];
  if (v.startsWith('iqn') && !isIqn(v)) return [`${what} ${JSON.stringify(v)} is not a valid iqn name (iqn.YYYY-MM.reversed.domain:identifier)`];
  if (v.startsWith('eui') && !EUI.test(v)) return [`${what} ${JSON.stringify(v)} is not a valid eui name (eui. and 16 alphanumerics)`];
  if (v.startsWith('naa') && !NAA.test(v)) return [`${what} ${JSON.stringify(v)} is not a valid naa name (naa. and 32 alphanumerics)`];
  return [];
}

/** Whether Go's net.SplitHostPort accepts `s` (host:port, [ipv6]:port). */
function isHostPort(s: string): boolean {
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0 || s[end + 1] !== ':') return false;
    const host = s.slice(1, end);
    const port = s.slice(end + 2);
    return !/[[\]]/.test(host) && !/[[\]]/.test(port) && !port.includes(':') ? true : false;
  }
  const parts = s.split(':');
  if (parts.length !== 2) return false;
  return !/[[\]]/.test(s);
}

const required = (out: SourceIssue[], s: Obj, sp: Path, f: string, message: string) => {
  if (!str(s, f)) out.push({ rel: [...sp, f], errorType: 'Required', message, anchor: present(s, f) ? undefined : sp });
};

function partition(out: SourceIssue[], s: Obj, sp: Path): void {
  const v = int(s.partition);
  if (v !== undefined && (v < 0 || v > 255)) out.push({ rel: [...sp, 'partition'], errorType: 'Invalid', message: `partition ${v} must be between 0 and 255, inclusive.` });
}

/**
 * Issues of legacy source `first` (its JSON field) in volume `o` at `p`; undefined when `first` is not
 * one of these plugins.
 */
export function legacyVolumeSourceIssues(first: string, o: Obj, p: Path): SourceIssue[] | undefined {
  const s = asObj(o[first]) ?? {};
  const out: SourceIssue[] = [];
  const sp: Path = [...p, first];
  switch (first) {
    case 'gcePersistentDisk': {
      const gp: Path = [...p, 'persistentDisk']; // the server reports this source as persistentDisk
      if (!str(s, 'pdName')) out.push({ rel: [...gp, 'pdName'], errorType: 'Required', message: 'gcePersistentDisk needs pdName (the GCE disk name).', anchor: present(s, 'pdName') ? [...sp, 'pdName'] : sp });
      const v = int(s.partition);
      if (v !== undefined && (v < 0 || v > 255)) out.push({ rel: [...gp, 'partition'], errorType: 'Invalid', message: `partition ${v} must be between 0 and 255, inclusive.`, anchor: [...sp, 'partition'] });
      break;
    }
    case 'awsElasticBlockStore':
      required(out, s, sp, 'volumeID', 'awsElasticBlockStore needs volumeID (the EBS volume ID).');
      partition(out, s, sp);
      break;
    case 'iscsi': {
      required(out, s, sp, 'targetPortal', 'iscsi needs targetPortal (ip:port of the target).');
      const iqn = str(s, 'iqn');
      if (!iqn) out.push({ rel: [...sp, 'iqn'], errorType: 'Required', message: 'iscsi needs iqn (the target\'s qualified name).', anchor: present(s, 'iqn') ? undefined : sp });
      else for (const m of iscsiNameIssues(iqn, 'iqn')) out.push({ rel: [...sp, 'iqn'], errorType: 'Invalid', message: `${m}.` });
      const lun = int(s.lun);
      if (lun !== undefined && (lun < 0 || lun > 255)) out.push({ rel: [...sp, 'lun'], errorType: 'Invalid', message: `lun ${lun} must be between 0 and 255, inclusive.` });
      if ((s.chapAuthDiscovery === true || s.chapAuthSession === true) && !asObj(s.secretRef)) out.push({ rel: [...sp, 'secretRef'], errorType: 'Required', message: 'CHAP authentication needs secretRef (the Secret with the CHAP credentials).', anchor: sp });
      if (typeof s.initiatorName === 'string') {
        // the server reports this field in lower case
        for (const m of iscsiNameIssues(s.initiatorName, 'initiatorName')) out.push({ rel: [...sp, 'initiatorname'], errorType: 'Invalid', message: `${m}.`, anchor: [...sp, 'initiatorName'] });
        const name = typeof o.name === 'string' ? o.name : '';
        const total = `${name}:${str(s, 'targetPortal')}`;
        if (total.length > 64) out.push({ rel: [...p, 'name'], errorType: 'Invalid', message: `With iscsi.initiatorName set, "<volume name>:<targetPortal>" (${total.length} characters) must be at most 64 characters.` });
      }
      break;
    }
    case 'glusterfs':
      required(out, s, sp, 'endpoints', 'glusterfs needs endpoints (the Endpoints object naming the Gluster servers).');
      required(out, s, sp, 'path', 'glusterfs needs path (the Gluster volume name).');
      break;
    case 'flocker': {
      const name = str(s, 'datasetName');
      const uuid = str(s, 'datasetUUID');
      if (!name && !uuid) out.push({ rel: sp, errorType: 'Required', message: 'flocker needs one of datasetName and datasetUUID.' });
      if (name && uuid) out.push({ rel: sp, errorType: 'Invalid', message: 'flocker may set only one of datasetName and datasetUUID.' });
      if (name.includes('/')) out.push({ rel: [...sp, 'datasetName'], errorType: 'Invalid', message: `datasetName ${JSON.stringify(name)} must not contain '/'.` });
      break;
    }
    case 'rbd':
      if (asArr(s.monitors).length === 0) out.push({ rel: [...sp, 'monitors'], errorType: 'Required', message: 'rbd needs at least one Ceph monitor.', anchor: present(s, 'monitors') ? undefined : sp });
      required(out, s, sp, 'image', 'rbd needs image (the rados image name).');
      break;
    case 'cinder': {
      required(out, s, sp, 'volumeID', 'cinder needs volumeID.');
      const ref = asObj(s.secretRef);
      if (ref && !str(ref, 'name')) out.push({ rel: [...sp, 'secretRef', 'name'], errorType: 'Required', message: 'secretRef needs the name of a Secret.', anchor: [...sp, 'secretRef'] });
      break;
    }
    case 'cephfs':
      if (asArr(s.monitors).length === 0) out.push({ rel: [...p, 'cephfs', 'monitors'], errorType: 'Required', message: 'cephfs needs at least one Ceph monitor.', anchor: present(s, 'monitors') ? [...sp, 'monitors'] : sp });
      break;
    case 'quobyte': {
      const registry = str(s, 'registry');
      const tenant = str(s, 'tenant');
      if (!registry) out.push({ rel: [...sp, 'registry'], errorType: 'Required', message: 'quobyte needs registry (host:port, or several separated by commas).', anchor: present(s, 'registry') ? undefined : sp });
      else if (tenant.length >= 65) out.push({ rel: [...sp, 'tenant'], errorType: 'Required', message: 'quobyte tenant must be a UUID of at most 64 characters.' });
      else for (const pair of registry.split(',')) {
        if (!isHostPort(pair)) out.push({ rel: [...sp, 'registry'], errorType: 'Invalid', message: `registry entry ${JSON.stringify(pair)} is not a host:port pair.` });
      }
      required(out, s, sp, 'volume', 'quobyte needs volume (the Quobyte volume name).');
      break;
    }
    case 'fc': {
      const wwns = asArr(s.targetWWNs);
      const wwids = asArr(s.wwids);
      if (wwns.length === 0 && wwids.length === 0) out.push({ rel: [...sp, 'targetWWNs'], errorType: 'Required', message: 'fc needs targetWWNs (with lun) or wwids.', anchor: present(s, 'targetWWNs') ? undefined : sp });
      if (wwns.length > 0 && wwids.length > 0) out.push({ rel: [...sp, 'targetWWNs'], errorType: 'Invalid', message: 'fc may set only one of targetWWNs and wwids.' });
      if (wwns.length > 0) {
        const lun = int(s.lun);
        if (!present(s, 'lun')) out.push({ rel: [...sp, 'lun'], errorType: 'Required', message: 'fc needs lun when targetWWNs is set.', anchor: sp });
        else if (lun !== undefined && (lun < 0 || lun > 255)) out.push({ rel: [...sp, 'lun'], errorType: 'Invalid', message: `lun ${lun} must be between 0 and 255, inclusive.` });
      }
      break;
    }
    case 'flexVolume': {
      required(out, s, sp, 'driver', 'flexVolume needs driver (the name of the driver on the node).');
      for (const k of Object.keys(asObj(s.options) ?? {})) {
        const slash = k.indexOf('/');
        const ns = `.${(slash >= 0 ? k.slice(0, slash) : k).toLowerCase()}`;
        if (ns.endsWith('.kubernetes.io') || ns.endsWith('.k8s.io')) out.push({ rel: [...sp, 'options', { key: k }], errorType: 'Invalid', message: `Option ${JSON.stringify(k)}: the kubernetes.io and k8s.io namespaces are reserved.`, anchor: [...sp, 'options', k] });
      }
      break;
    }
    case 'azureFile':
      required(out, s, sp, 'secretName', 'azureFile needs secretName (the Secret with the storage account name and key).');
      required(out, s, sp, 'shareName', 'azureFile needs shareName.');
      break;
    case 'azureDisk': {
      required(out, s, sp, 'diskName', 'azureDisk needs diskName.');
      const uri = str(s, 'diskURI');
      if (!uri) out.push({ rel: [...sp, 'diskURI'], errorType: 'Required', message: 'azureDisk needs diskURI.', anchor: present(s, 'diskURI') ? undefined : sp });
      if (present(s, 'cachingMode') && !AZURE_CACHING.includes(String(s.cachingMode))) out.push({ rel: [...sp, 'cachingMode'], errorType: 'NotSupported', message: `Unsupported cachingMode ${JSON.stringify(s.cachingMode)}: supported values are "None", "ReadOnly", "ReadWrite".`, ...enumFixData(s.cachingMode, AZURE_CACHING, [...sp, 'cachingMode']) });
      const kind = present(s, 'kind') ? String(s.kind) : 'Shared'; // defaulted to Shared
      if (!AZURE_KINDS.includes(kind)) out.push({ rel: [...sp, 'kind'], errorType: 'NotSupported', message: `Unsupported kind ${JSON.stringify(kind)}: supported values are "Dedicated", "Managed", "Shared".`, ...enumFixData(s.kind, AZURE_KINDS, [...sp, 'kind']) });
      const anchor = present(s, 'diskURI') ? undefined : sp;
      if (kind === 'Managed' && !uri.startsWith('/subscriptions/')) out.push({ rel: [...sp, 'diskURI'], errorType: 'NotSupported', message: 'A Managed azureDisk needs a diskURI of the form /subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}.', anchor });
      if (kind !== 'Managed' && !uri.startsWith('https://')) out.push({ rel: [...sp, 'diskURI'], errorType: 'NotSupported', message: `A ${kind} (blob) azureDisk needs a diskURI of the form https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd (kind defaults to Shared; use kind: Managed for managed disks).`, anchor });
      break;
    }
    case 'vsphereVolume':
      required(out, s, sp, 'volumePath', 'vsphereVolume needs volumePath.');
      break;
    case 'photonPersistentDisk':
      required(out, s, sp, 'pdID', 'photonPersistentDisk needs pdID.');
      break;
    case 'portworxVolume':
      required(out, s, sp, 'volumeID', 'portworxVolume needs volumeID.');
      break;
    case 'scaleIO':
      required(out, s, sp, 'gateway', 'scaleIO needs gateway (the API gateway URL).');
      required(out, s, sp, 'system', 'scaleIO needs system (the storage system name).');
      required(out, s, sp, 'volumeName', 'scaleIO needs volumeName.');
      break;
    case 'storageos': {
      const vn = str(s, 'volumeName');
      if (!vn) out.push({ rel: [...sp, 'volumeName'], errorType: 'Required', message: 'storageos needs volumeName.', anchor: present(s, 'volumeName') ? undefined : sp });
      else for (const m of isDNS1123Label(vn)) out.push({ rel: [...sp, 'volumeName'], errorType: 'Invalid', message: `volumeName ${JSON.stringify(vn)}: ${m}.` });
      const vns = str(s, 'volumeNamespace');
      if (vns) for (const m of isDNS1123Label(vns)) out.push({ rel: [...sp, 'volumeNamespace'], errorType: 'Invalid', message: `volumeNamespace ${JSON.stringify(vns)}: ${m}.` });
      const ref = asObj(s.secretRef);
      if (ref && !str(ref, 'name')) out.push({ rel: [...sp, 'secretRef', 'name'], errorType: 'Required', message: 'secretRef needs the name of a Secret.', anchor: [...sp, 'secretRef'] });
      break;
    }
    default:
      return undefined;
  }
  return out;
}
