/**
 * The cluster calls behind the Job actions (no vscode): server-side apply with an optional dry run,
 * create, delete with background propagation, suspend/resume, events. Tested on the real apiserver.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { rerunCopy, suspendPatch } from '../jobs/rerun';
import { jobsPath, kubeRequest } from './kube';
import type { EventLike, JobObject } from '../jobs/types';

export const FIELD_MANAGER = 'kjob';

/** Server-side apply when the Job has a name; create when it only has generateName. Strict field validation. */
export function applyJob(kc: KubeConfig, obj: Record<string, unknown>, namespace: string, name: string | undefined, dryRun: boolean): Promise<JobObject> {
  const query = { fieldManager: FIELD_MANAGER, fieldValidation: 'Strict', ...(dryRun ? { dryRun: 'All' } : {}) };
  const body = { ...obj, metadata: { ...((obj.metadata as object) ?? {}), namespace } };
  if (!name) return kubeRequest(kc, 'POST', jobsPath(namespace), { body, query });
  return kubeRequest(kc, 'PATCH', jobsPath(namespace, name), { body, query, contentType: 'application/apply-patch+yaml' });
}

export function getJob(kc: KubeConfig, namespace: string, name: string): Promise<JobObject> {
  return kubeRequest(kc, 'GET', jobsPath(namespace, name));
}

export function deleteJob(kc: KubeConfig, namespace: string, name: string): Promise<unknown> {
  return kubeRequest(kc, 'DELETE', jobsPath(namespace, name), { body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' } });
}

export function setSuspended(kc: KubeConfig, namespace: string, name: string, suspend: boolean): Promise<JobObject> {
  return kubeRequest(kc, 'PATCH', jobsPath(namespace, name), { body: suspendPatch(suspend), contentType: 'application/merge-patch+json' });
}

export async function rerunJob(kc: KubeConfig, namespace: string, name: string, newName: string): Promise<JobObject> {
  const job = await getJob(kc, namespace, name);
  return kubeRequest(kc, 'POST', jobsPath(namespace), { body: rerunCopy(job, newName) });
}

/** Events of one object (by uid), and of pods among `podUids`. */
export async function jobAndPodEvents(kc: KubeConfig, namespace: string, jobUid: string, podUids: Set<string | undefined>): Promise<EventLike[]> {
  const evPath = `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`;
  const jobEvents = await kubeRequest<{ items?: EventLike[] }>(kc, 'GET', evPath, { query: { fieldSelector: `involvedObject.uid=${jobUid}` } });
  let podEvents: EventLike[] = [];
  if (podUids.size) {
    const all = await kubeRequest<{ items?: (EventLike & { involvedObject?: { uid?: string } })[] }>(kc, 'GET', evPath, { query: { fieldSelector: 'involvedObject.kind=Pod' } });
    podEvents = (all.items ?? []).filter((e) => podUids.has(e.involvedObject?.uid));
  }
  return [...(jobEvents.items ?? []), ...podEvents];
}
