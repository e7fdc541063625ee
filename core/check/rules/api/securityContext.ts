/**
 * Pod and container securityContext as the API server checks it on create: user/group ID ranges,
 * sysctl names (and namespaced sysctls with hostNetwork/hostIPC), enum values (fsGroupChangePolicy,
 * supplementalGroupsPolicy, seLinuxChangePolicy, procMount), seccomp and AppArmor profile type vs
 * localhostProfile, privileged or CAP_SYS_ADMIN with allowPrivilegeEscalation: false.
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, int, view } from '../context';
import { asArr, asObj, type Obj } from '../../../workloads/job';
import { eachContainer } from './podContainers';
import { enumFixData, replaceFixes } from './enumFix';

const CODE = 'api/security-context';
const MAX_ID = 2147483647;
const SYSCTL_SEGMENT = '[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SYSCTL_NAME = new RegExp(`^(${SYSCTL_SEGMENT}[\\./])*${SYSCTL_SEGMENT}$`);
const PROFILE_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];

type Path = (string | number)[];
type Push = (rel: Path, errorType: Problem['errorType'] & string, message: string, anchor?: Path, extra?: { data?: unknown }) => void;

const present = (o: Obj, k: string) => o[k] !== undefined && o[k] !== null;
const list = (xs: string[]) => xs.map((x) => JSON.stringify(x)).join(', ');

function idRange(o: Obj, p: Path, f: string, what: string, push: Push): void {
  const v = int(o[f]);
  if (v !== undefined && (v < 0 || v > MAX_ID)) push([...p, f], 'Invalid', `${f} ${v}: a ${what} must be between 0 and ${MAX_ID}, inclusive.`);
}

/** A path below a fixed directory on the node: relative, without '..' elements. */
export function descendingPathIssues(v: string): string[] {
  const out: string[] = [];
  if (v.startsWith('/')) out.push('must be a relative path');
  if (v.split('/').includes('..')) out.push("must not contain '..'");
  return out;
}

function seccomp(o: Obj, p: Path, push: Push): void {
  const sp = asObj(o.seccompProfile);
  if (!sp) return;
  const sp_ = [...p, 'seccompProfile'];
  const type = typeof sp.type === 'string' ? sp.type : '';
  if (type === '') push([...sp_, 'type'], 'Required', 'seccompProfile needs a type: RuntimeDefault, Unconfined or Localhost.', sp_);
  else if (!PROFILE_TYPES.includes(type)) push([...sp_, 'type'], 'NotSupported', `Unsupported seccompProfile type ${JSON.stringify(type)}: supported values are ${list(PROFILE_TYPES)}.`, undefined, enumFixData(type, PROFILE_TYPES, [...sp_, 'type']));
  if (type === 'Localhost') {
    if (!present(sp, 'localhostProfile')) push([...sp_, 'localhostProfile'], 'Required', 'A Localhost seccompProfile needs localhostProfile (a path relative to the kubelet\'s seccomp directory).', sp_);
    else for (const m of descendingPathIssues(String(sp.localhostProfile))) push([...sp_, 'localhostProfile'], 'Invalid', `localhostProfile ${JSON.stringify(String(sp.localhostProfile))}: ${m}.`);
  } else if (present(sp, 'localhostProfile')) {
    push([...sp_, 'localhostProfile'], 'Invalid', 'localhostProfile can only be set when the seccompProfile type is Localhost.');
  }
}

function appArmor(o: Obj, p: Path, push: Push): void {
  const ap = asObj(o.appArmorProfile);
  if (!ap) return;
  const ap_ = [...p, 'appArmorProfile'];
  const type = typeof ap.type === 'string' ? ap.type : '';
  const lp = ap.localhostProfile;
  if (type === 'Localhost') {
    if (lp === undefined || lp === null) push([...ap_, 'localhostProfile'], 'Required', 'A Localhost appArmorProfile needs localhostProfile (the name of a profile loaded on the node).', ap_);
    else {
      const s = String(lp);
      if (s.trim() !== s) push([...ap_, 'localhostProfile'], 'Invalid', 'localhostProfile must not start or end with whitespace.');
      else if (s === '') push([...ap_, 'localhostProfile'], 'Required', 'A Localhost appArmorProfile needs a non-empty localhostProfile.');
      if (Buffer.byteLength(s, 'utf8') > 4095) push([...ap_, 'localhostProfile'], 'TooLong', 'localhostProfile may not be longer than 4095 bytes.');
    }
  } else if (type === 'RuntimeDefault' || type === 'Unconfined') {
    if (lp !== undefined && lp !== null) push([...ap_, 'localhostProfile'], 'Invalid', 'localhostProfile can only be set when the appArmorProfile type is Localhost.');
  } else if (type === '') push([...ap_, 'type'], 'Required', 'appArmorProfile needs a type: RuntimeDefault, Unconfined or Localhost.', ap_);
  else push([...ap_, 'type'], 'NotSupported', `Unsupported appArmorProfile type ${JSON.stringify(type)}: supported values are ${list(PROFILE_TYPES)}.`, undefined, enumFixData(type, PROFILE_TYPES, [...ap_, 'type']));
}

function enumField(o: Obj, p: Path, f: string, values: string[], push: Push): void {
  const v = o[f];
  if (v === undefined || v === null) return;
  if (!values.includes(String(v))) push([...p, f], 'NotSupported', `Unsupported ${f} ${JSON.stringify(v)}: supported values are ${list(values)}.`, undefined, enumFixData(v, values, [...p, f]));
}

/** Which kernel namespace a sysctl belongs to (only the ones the server checks). */
function sysctlNamespace(name: string): 'net' | 'ipc' | undefined {
  let n = name;
  const sep = n.search(/[./]/);
  if (sep >= 0 && n[sep] === '/') n = n.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'));
  const star = n.indexOf('*');
  if (star >= 0) n = n.slice(0, star);
  if (['kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced', 'kernel.shm', 'kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.msg'].includes(n)) return 'ipc';
  if (n.startsWith('net.')) return 'net';
  if (n.startsWith('fs.mqueue.')) return 'ipc';
  return undefined;
}

export const securityContextRule: Rule = {
  id: CODE,
  description: 'Pod and container securityContext: UID/GID ranges, sysctls, seccomp/AppArmor profiles, procMount, policy enums, privileged vs allowPrivilegeEscalation.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec, version } = view(ctx);
    const out: Problem[] = [];
    const push: Push = (rel, errorType, message, anchor, extra) => out.push(at(ctx, rel, { code: CODE, errorType, message, ...(anchor ? { anchor } : {}), ...(extra ?? {}) }));
    const base = ['spec', 'template', 'spec'];
    const psc = asObj(podSpec.securityContext);
    if (psc) {
      const p = [...base, 'securityContext'];
      idRange(psc, p, 'fsGroup', 'group ID', push);
      idRange(psc, p, 'runAsUser', 'user ID', push);
      idRange(psc, p, 'runAsGroup', 'group ID', push);
      asArr(psc.supplementalGroups).forEach((g, i) => {
        const v = int(g);
        if (v !== undefined && (v < 0 || v > MAX_ID)) push([...p, 'supplementalGroups', i], 'Invalid', `Supplemental group ${v}: a group ID must be between 0 and ${MAX_ID}, inclusive.`);
      });
      const names = new Set<string>();
      asArr(psc.sysctls).forEach((s, i) => {
        const o = asObj(s) ?? {};
        const sp = [...p, 'sysctls', i, 'name'];
        const name = typeof o.name === 'string' ? o.name : '';
        if (!name) push(sp, 'Required', 'A sysctl needs a name, e.g. net.ipv4.ip_local_port_range.', [...p, 'sysctls', i]);
        else if (name.length > 253 || !SYSCTL_NAME.test(name)) push(sp, 'Invalid', `Sysctl name ${JSON.stringify(name)} is not valid: lowercase segments separated by '.' or '/', at most 253 characters (e.g. kernel.shm_rmid_forced).`);
        else if (names.has(name)) push(sp, 'Duplicate', `Sysctl ${JSON.stringify(name)} is set twice.`);
        const ns = sysctlNamespace(name);
        if (ns === 'net' && podSpec.hostNetwork === true) push(sp, 'Invalid', `Sysctl ${JSON.stringify(name)} may not be set when hostNetwork is true (it would change the node's network namespace).`);
        if (ns === 'ipc' && podSpec.hostIPC === true) push(sp, 'Invalid', `Sysctl ${JSON.stringify(name)} may not be set when hostIPC is true (it would change the node's IPC namespace).`);
        names.add(name);
      });
      enumField(psc, p, 'fsGroupChangePolicy', ['Always', 'OnRootMismatch'], push);
      seccomp(psc, p, push);
      appArmor(psc, p, push);
      enumField(psc, p, 'supplementalGroupsPolicy', ['Merge', 'Strict'], push);
      // MountOption needs the SELinuxMount feature, on by default from 1.37
      enumField(psc, p, 'seLinuxChangePolicy', version >= 37 ? ['MountOption', 'Recursive'] : ['Recursive'], push);
    }
    if (podSpec.shareProcessNamespace === true && podSpec.hostPID === true) {
      push([...base, 'shareProcessNamespace'], 'Invalid', 'shareProcessNamespace and hostPID cannot both be enabled.');
    }
    const hostUsers = podSpec.hostUsers !== false;
    for (const { c, path } of eachContainer(podSpec)) {
      const sc = asObj(c.securityContext);
      if (!sc) continue;
      const p = [...path, 'securityContext'];
      idRange(sc, p, 'runAsUser', 'user ID', push);
      idRange(sc, p, 'runAsGroup', 'group ID', push);
      if (present(sc, 'procMount')) {
        enumField(sc, p, 'procMount', ['Default', 'Unmasked'], push);
        if (hostUsers && sc.procMount === 'Unmasked') push([...p, 'procMount'], 'Invalid', 'procMount: Unmasked needs a user namespace: set spec.template.spec.hostUsers to false.');
      }
      seccomp(sc, p, push);
      if (sc.allowPrivilegeEscalation === false) {
        if (sc.privileged === true) push(p, 'Invalid', 'allowPrivilegeEscalation: false contradicts privileged: true (a privileged container can always escalate).');
        for (const cap of asArr(asObj(sc.capabilities)?.add)) {
          if (cap === 'CAP_SYS_ADMIN') push(p, 'Invalid', 'allowPrivilegeEscalation: false cannot be combined with capabilities.add CAP_SYS_ADMIN.');
        }
      }
      appArmor(sc, p, push);
    }
    return out;
  },
  fixes: replaceFixes,
};
