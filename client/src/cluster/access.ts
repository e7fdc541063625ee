/**
 * Access probing with SelfSubjectAccessReview: users who may not list namespaces still get their
 * context's namespace plus a configured list, instead of a 403 for the whole context.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { kubeRequest } from './kube';

export interface ResourceAttributes {
  verb: string;
  resource: string;
  group?: string;
  namespace?: string;
}

export async function canI(kc: KubeConfig, attrs: ResourceAttributes): Promise<boolean> {
  const review = await kubeRequest(kc, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { group: attrs.group ?? '', ...attrs } } },
  });
  return !!review?.status?.allowed;
}

/** The namespaces to show, context namespace first. */
export function planNamespaces(o: { listed?: string[]; contextNamespace: string; configured: string[] }): string[] {
  const out: string[] = [];
  const add = (n: string) => {
    if (n && !out.includes(n)) out.push(n);
  };
  add(o.contextNamespace);
  if (o.listed) [...o.listed].sort().forEach(add);
  else o.configured.forEach(add);
  return out;
}

export interface NamespaceAccess {
  jobs: boolean;
  pods: boolean;
}

export async function probeNamespace(kc: KubeConfig, namespace: string): Promise<NamespaceAccess> {
  const [lj, wj, lp, wp] = await Promise.all([
    canI(kc, { verb: 'list', group: 'batch', resource: 'jobs', namespace }),
    canI(kc, { verb: 'watch', group: 'batch', resource: 'jobs', namespace }),
    canI(kc, { verb: 'list', resource: 'pods', namespace }),
    canI(kc, { verb: 'watch', resource: 'pods', namespace }),
  ]);
  return { jobs: lj && wj, pods: lp && wp };
}
