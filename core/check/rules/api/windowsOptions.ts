/**
 * securityContext.windowsOptions as the API server checks it on create (pod and every container):
 * gmsaCredentialSpecName (a DNS subdomain), gmsaCredentialSpec (non-empty, at most 64 KiB),
 * runAsUserName ([DOMAIN\]USER with length and character limits), and hostProcess consistency:
 * the pod's and a container's value must agree, either all containers are HostProcess or none, and
 * HostProcess pods need hostNetwork: true.
 */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asObj, type Obj } from '../../../workloads/job';
import { isDNS1123Subdomain } from '../../validation/names';
import { eachContainer } from './podContainers';

const CODE = 'api/windows-options';
const NETBIOS = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/u;
const DNS_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const DNS_DOMAIN = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
const BAD_USER_CHARS = /["/\\:;|=,+*?<>@[\]]/;
const CTRL = /[\x00-\x1f\x7f]/;

type Path = (string | number)[];
type Push = (rel: Path, errorType: NonNullable<Problem['errorType']>, message: string) => void;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function runAsUserNameIssues(v: string): string[] {
  if (v.length === 0) return ['runAsUserName may not be an empty string'];
  if (CTRL.test(v)) return ['runAsUserName may not contain control characters'];
  const parts = v.split('\\');
  if (parts.length > 2) return ['runAsUserName may contain at most one backslash (DOMAIN\\USER)'];
  const [domain, user] = parts.length === 1 ? ['', parts[0]!] : [parts[0]!, parts[1]!];
  const out: string[] = [];
  if (bytes(domain) >= 256) out.push('the domain of runAsUserName must be shorter than 256 characters');
  if (parts.length === 2 && !(NETBIOS.test(domain) || DNS_DOMAIN.test(domain))) out.push(`the domain ${JSON.stringify(domain)} of runAsUserName is neither a NetBIOS name nor a DNS domain`);
  if (user.length === 0) out.push('the user of runAsUserName may not be empty');
  else if (bytes(user) > 104) out.push('the user of runAsUserName may not be longer than 104 characters');
  if (/^[. ]+$/.test(user)) out.push('the user of runAsUserName may not consist only of periods or spaces');
  if (BAD_USER_CHARS.test(user)) out.push('the user of runAsUserName may not contain any of "/\\:;|=,+*?<>@[]');
  return out;
}

function optionsIssues(w: Obj, p: Path, push: Push): void {
  const wp = [...p, 'windowsOptions'];
  if (typeof w.gmsaCredentialSpecName === 'string') {
    for (const m of isDNS1123Subdomain(w.gmsaCredentialSpecName)) push([...wp, 'gmsaCredentialSpecName'], 'Invalid', `gmsaCredentialSpecName ${JSON.stringify(w.gmsaCredentialSpecName)} (the GMSACredentialSpec resource): ${m}.`);
  }
  if (typeof w.gmsaCredentialSpec === 'string') {
    const l = bytes(w.gmsaCredentialSpec);
    if (l === 0) push([...wp, 'gmsaCredentialSpec'], 'Invalid', 'gmsaCredentialSpec may not be an empty string.');
    else if (l > 64 * 1024) push([...wp, 'gmsaCredentialSpec'], 'Invalid', `gmsaCredentialSpec is ${l} bytes: it must be at most 64 KiB.`);
  }
  if (typeof w.runAsUserName === 'string') {
    for (const m of runAsUserNameIssues(w.runAsUserName)) push([...wp, 'runAsUserName'], 'Invalid', `${m[0]!.toUpperCase()}${m.slice(1)}.`);
  }
}

export const windowsOptionsRule: Rule = {
  id: CODE,
  description: 'securityContext.windowsOptions: gMSA credential spec and name, runAsUserName format, hostProcess consistency between pod, containers and hostNetwork.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec } = view(ctx);
    const out: Problem[] = [];
    const push: Push = (rel, errorType, message) => out.push(at(ctx, rel, { code: CODE, errorType, message }));
    const base: Path = ['spec', 'template', 'spec'];
    const podW = asObj(asObj(podSpec.securityContext)?.windowsOptions);
    if (podW) optionsIssues(podW, [...base, 'securityContext'], push);
    const podHP = typeof podW?.hostProcess === 'boolean' ? podW.hostProcess : undefined;
    let count = 0;
    let hostProcess = 0;
    for (const { c, path } of eachContainer(podSpec)) {
      count++;
      const w = asObj(asObj(c.securityContext)?.windowsOptions);
      if (w) optionsIssues(w, [...path, 'securityContext'], push);
      const hp = typeof w?.hostProcess === 'boolean' ? w.hostProcess : undefined;
      if (podHP !== undefined && hp !== undefined && podHP !== hp) push([...path, 'securityContext', 'windowsOptions', 'hostProcess'], 'Invalid', `hostProcess ${hp} contradicts the pod's hostProcess ${podHP}: when both are set they must be the same.`);
      if (hp === true || (hp === undefined && podHP === true)) hostProcess++;
    }
    if (hostProcess > 0) {
      if (hostProcess !== count) push(base, 'Invalid', 'If any container is a hostProcess container, all containers (init containers included) must be hostProcess containers.');
      if (podSpec.hostNetwork !== true) push([...base, 'hostNetwork'], 'Invalid', 'A pod with hostProcess containers must set hostNetwork: true.');
    }
    return out;
  },
};
