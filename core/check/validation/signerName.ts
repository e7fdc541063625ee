/**
 * Certificate signer names ("example.com/signer-name") and ClusterTrustBundle object names, as the
 * API server checks them where a pod references them (projected clusterTrustBundle/podCertificate).
 */
import type { ErrorType } from '../problem';
import { isDNS1123Label, isDNS1123Subdomain } from './names';

export interface NameIssue { errorType: ErrorType; message: string }

export function signerNameIssues(signer: string): NameIssue[] {
  if (!signer) return [{ errorType: 'Required', message: 'A signerName is required, e.g. example.com/my-signer.' }];
  const segs = signer.split('/');
  if (segs.length !== 2) return [{ errorType: 'Invalid', message: `signerName ${JSON.stringify(signer)} must be a domain and a path: example.com/signer-name.` }];
  const [domain, path] = segs as [string, string];
  const out: NameIssue[] = [];
  if (domain.length > 253) out.push({ errorType: 'TooLong', message: 'The signerName domain may not be longer than 253 characters.' });
  const labels = domain.split('.');
  for (const l of labels) {
    const ms = isDNS1123Label(l);
    if (ms.length === 0) continue;
    for (const m of ms) out.push({ errorType: 'Invalid', message: `signerName domain label ${JSON.stringify(l)}: ${m}.` });
    break;
  }
  if (labels.length < 2) out.push({ errorType: 'Invalid', message: `signerName domain ${JSON.stringify(domain)} needs at least two dot-separated segments (example.com).` });
  for (const l of path.split('.')) {
    const ms = isDNS1123Subdomain(l);
    if (ms.length === 0) continue;
    for (const m of ms) out.push({ errorType: 'Invalid', message: `signerName path segment ${JSON.stringify(l)}: ${m}.` });
    break;
  }
  if (signer.length > 571) out.push({ errorType: 'TooLong', message: 'signerName may not be longer than 571 characters.' });
  return out;
}

/** A ClusterTrustBundle name: "<signer with ':' for '/'>:<suffix>" or, without a signer, a DNS subdomain without ':'. */
export function clusterTrustBundleNameIssues(name: string): string[] {
  const cut = name.lastIndexOf(':');
  return isDNS1123Subdomain(cut >= 0 ? name.slice(cut + 1) : name);
}
