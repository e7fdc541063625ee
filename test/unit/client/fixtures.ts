/** Small builders for API-shaped Jobs and pods used by the explorer's unit tests. */
import type { JobObject, PodObject } from '../../../client/src/jobs/types';

let rv = 100;
export function nextRv(): string {
  return String(++rv);
}

export function job(name: string, o: { ns?: string; uid?: string; indexed?: boolean; completions?: number | null; parallelism?: number; status?: JobObject['status']; spec?: Partial<NonNullable<JobObject['spec']>>; created?: string; cronJob?: string } = {}): JobObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: o.ns ?? 'team-a',
      uid: o.uid ?? `uid-${name}`,
      resourceVersion: nextRv(),
      creationTimestamp: o.created ?? '2026-01-01T00:00:00Z',
      ...(o.cronJob ? { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: o.cronJob, uid: `cj-${o.cronJob}`, controller: true }] } : {}),
    },
    spec: {
      completions: o.completions === undefined ? 1 : o.completions,
      parallelism: o.parallelism ?? 1,
      ...(o.indexed ? { completionMode: 'Indexed' } : { completionMode: 'NonIndexed' }),
      template: { spec: { containers: [{ name: 'main', image: 'busybox' }], restartPolicy: 'Never' } },
      ...(o.spec ?? {}),
    },
    status: o.status ?? {},
  };
}

export type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export function pod(j: JobObject, name: string, o: { index?: number; phase?: Phase; created?: string; failureCount?: number; exitCode?: number; restarts?: number; deleting?: boolean; containerRunning?: boolean } = {}): PodObject {
  const phase = o.phase ?? 'Running';
  const state =
    phase === 'Succeeded' || phase === 'Failed'
      ? { terminated: { exitCode: o.exitCode ?? (phase === 'Succeeded' ? 0 : 1) } }
      : phase === 'Running' || o.containerRunning
        ? { running: { startedAt: '2026-01-01T00:00:01Z' } }
        : { waiting: { reason: 'ContainerCreating' } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: j.metadata!.namespace,
      uid: `uid-${name}`,
      resourceVersion: nextRv(),
      creationTimestamp: o.created ?? '2026-01-01T00:00:00Z',
      labels: {
        'batch.kubernetes.io/job-name': j.metadata!.name!,
        'batch.kubernetes.io/controller-uid': j.metadata!.uid!,
        ...(o.index !== undefined ? { 'batch.kubernetes.io/job-completion-index': String(o.index) } : {}),
      },
      annotations: {
        ...(o.index !== undefined ? { 'batch.kubernetes.io/job-completion-index': String(o.index) } : {}),
        ...(o.failureCount !== undefined ? { 'batch.kubernetes.io/job-index-failure-count': String(o.failureCount) } : {}),
      },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: j.metadata!.name, uid: j.metadata!.uid, controller: true }],
      ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:01:00Z' } : {}),
    },
    spec: { containers: [{ name: 'main' }], restartPolicy: 'Never' },
    status: { phase, containerStatuses: [{ name: 'main', restartCount: o.restarts ?? 0, state }] },
  };
}

/** A copy with a new resourceVersion and changes applied (objects are never mutated in place). */
export function modified<T extends { metadata?: { resourceVersion?: string } }>(o: T, change: (c: T) => void): T {
  const c = structuredClone(o);
  c.metadata!.resourceVersion = nextRv();
  change(c);
  return c;
}
