/**
 * Explain on API objects: the next sync of the Job controller for a Job and its pods, as
 * `kubectl get job -o json` / `kubectl get pods -o json` print them. Cases restate
 * job_controller_test.go table entries (TestSyncJobPastDeadline, TestFirstPendingIndexes,
 * podReplacementPolicy, finished Jobs, managedBy).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../core/controller/explain';

type Obj = Record<string, unknown>;
const T0 = Date.parse('2026-03-01T10:00:00Z') / 1000;
const iso = (s: number) => new Date((T0 + s) * 1000).toISOString().replace('.000Z', 'Z');

function apiJob(spec: Obj, status: Obj = {}): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j', namespace: 'ns', uid: 'job-uid', creationTimestamp: iso(0) },
    spec: { parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } }, ...spec },
    status: { startTime: iso(0), ...status },
  };
}

let n = 0;
function apiPod(o: { phase: string; index?: number; exit?: number; finishedAt?: number; deletedAt?: number; finalizer?: boolean; ready?: boolean; failureCount?: number; created?: number }): Obj {
  const name = `j-${o.index ?? ''}${o.index !== undefined ? '-' : ''}p${n++}`;
  const annotations: Record<string, string> = {};
  if (o.index !== undefined) annotations['batch.kubernetes.io/job-completion-index'] = String(o.index);
  if (o.failureCount !== undefined) annotations['batch.kubernetes.io/job-index-failure-count'] = String(o.failureCount);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'ns',
      uid: name,
      creationTimestamp: iso(o.created ?? 0),
      annotations,
      labels: { 'batch.kubernetes.io/controller-uid': 'job-uid' },
      ...(o.finalizer === false ? {} : { finalizers: ['batch.kubernetes.io/job-tracking'] }),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'job-uid', controller: true }],
      ...(o.deletedAt !== undefined ? { deletionTimestamp: iso(o.deletedAt), deletionGracePeriodSeconds: 30 } : {}),
    },
    spec: { nodeName: 'node' },
    status: {
      phase: o.phase,
      conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False', lastTransitionTime: iso(o.finishedAt ?? 0) }],
      containerStatuses: [
        o.exit !== undefined ? { name: 'main', restartCount: 0, state: { terminated: { exitCode: o.exit, finishedAt: iso(o.finishedAt ?? 5) } } } : { name: 'main', restartCount: 0, state: { running: {} } },
      ],
    },
  };
}

test('TestSyncJobPastDeadline: deadline exceeded and a failed pod with backoffLimit 0 -> BackoffLimitExceeded', () => {
  const r = explain(apiJob({ backoffLimit: 0, activeDeadlineSeconds: 10 }), { items: [apiPod({ phase: 'Failed', exit: 1, finishedAt: 5 })] }, T0 + 15);
  const types = r.status.conditions.map((c) => `${c.type}/${c.reason}`);
  assert.deepEqual(types, ['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded']);
  assert.equal(r.status.failed, 1);
  assert.deepEqual(r.actions.removeFinalizers.length, 1);
});

test('deadline exceeded with a running pod: FailureTarget DeadlineExceeded, the pod is deleted, Failed waits', () => {
  const running = apiPod({ phase: 'Running', ready: true });
  const r = explain(apiJob({ activeDeadlineSeconds: 10 }, { active: 1, ready: 1 }), { items: [running] }, T0 + 12);
  assert.deepEqual(r.status.conditions.map((c) => c.type), ['FailureTarget']);
  assert.equal(r.status.conditions[0].message, 'Job was active longer than specified deadline');
  assert.deepEqual(r.actions.delete, [(running.metadata as Obj).name]);
  assert.equal(r.status.terminating, 1);
  assert.equal(r.status.failed, 1);
  assert.ok(r.reasons.some((x) => x.includes('waits for 1 terminating')));
});

test('deadline not reached: re-queue for the remaining time', () => {
  const r = explain(apiJob({ activeDeadlineSeconds: 100 }, { active: 1 }), { items: [apiPod({ phase: 'Running' })] }, T0 + 40);
  assert.equal(r.actions.requeueAfterSeconds, 60);
  assert.deepEqual(r.actions.create, []);
});

test('TestFirstPendingIndexes: active {0,1}, count 3 -> create 2,3,4', () => {
  const r = explain(apiJob({ completionMode: 'Indexed', completions: 10, parallelism: 5 }), { items: [apiPod({ phase: 'Running', index: 0 }), apiPod({ phase: 'Running', index: 1 })] }, T0 + 1);
  assert.deepEqual(r.actions.create, [{ index: 2 }, { index: 3 }, { index: 4 }]);
});

test('TestFirstPendingIndexes: active {6}, succeeded {4,5} (status), completions 6 -> 0,1,2,3', () => {
  const r = explain(apiJob({ completionMode: 'Indexed', completions: 6, parallelism: 6 }, { completedIndexes: '4,5', succeeded: 2 }), { items: [apiPod({ phase: 'Running', index: 6 })] }, T0 + 1);
  // index 6 is out of range: that pod is deleted first, nothing is created in the same sync
  assert.equal(r.actions.delete.length, 1);
  assert.deepEqual(r.actions.create, []);
  const r2 = explain(apiJob({ completionMode: 'Indexed', completions: 6, parallelism: 6 }, { completedIndexes: '4,5', succeeded: 2 }), { items: [] }, T0 + 1);
  assert.deepEqual(r2.actions.create, [{ index: 0 }, { index: 1 }, { index: 2 }, { index: 3 }]);
});

test('a succeeded pod is counted: completedIndexes and finalizer removal', () => {
  const p = apiPod({ phase: 'Succeeded', index: 1, exit: 0 });
  const r = explain(apiJob({ completionMode: 'Indexed', completions: 3, parallelism: 1 }, { completedIndexes: '0', succeeded: 1 }), { items: [p] }, T0 + 10);
  assert.equal(r.status.completedIndexes, '0,1');
  assert.equal(r.status.succeeded, 2);
  assert.deepEqual(r.actions.removeFinalizers, [(p.metadata as Obj).name]);
  assert.deepEqual(r.actions.create, [{ index: 2 }]);
});

test('global back-off: a failure 4 s ago blocks creation for 6 s more', () => {
  const r = explain(apiJob({}, { failed: 0 }), { items: [apiPod({ phase: 'Failed', exit: 1, finishedAt: 10 })] }, T0 + 14);
  assert.deepEqual(r.actions.create, []);
  assert.equal(r.actions.requeueAfterSeconds, 6);
  assert.equal(r.status.failed, 1);
  assert.ok(r.reasons.some((x) => x.includes('back-off')));
});

test('podReplacementPolicy: a terminating pod is replaced at once (TerminatingOrFailed) or not (Failed)', () => {
  const term = () => apiPod({ phase: 'Running', deletedAt: 20 });
  const a = explain(apiJob({ podReplacementPolicy: 'TerminatingOrFailed', backoffLimit: 6 }), { items: [term()] }, T0 + 40);
  assert.equal(a.status.failed, 1, 'counted as failed while terminating');
  assert.equal(a.status.terminating, 1);
  // the failure time is deletionTimestamp - grace = 20 - 30 < 0: back-off already elapsed
  assert.deepEqual(a.actions.create, [{}]);
  const b = explain(apiJob({ podReplacementPolicy: 'Failed', podFailurePolicy: { rules: [] } }), { items: [term()] }, T0 + 40);
  assert.equal(b.status.failed, 0);
  assert.deepEqual(b.actions.create, []);
  assert.ok(b.reasons.some((x) => x.includes('podReplacementPolicy Failed')));
});

test('backoffLimitPerIndex: the failed pod keeps its finalizer until the replacement exists; the replacement gets failure-count 1', () => {
  const failed = apiPod({ phase: 'Failed', index: 0, exit: 1, finishedAt: 5, failureCount: 0 });
  const job = apiJob({ completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimitPerIndex: 2, backoffLimit: 2147483647 }, { failedIndexes: '' });
  const early = explain(job, { items: [failed, apiPod({ phase: 'Running', index: 1, failureCount: 0 })] }, T0 + 8);
  assert.deepEqual(early.actions.create, []);
  assert.equal(early.actions.requeueAfterSeconds, 7);
  assert.deepEqual(early.actions.removeFinalizers, []);
  assert.equal(early.status.failed, 0);
  const late = explain(job, { items: [failed, apiPod({ phase: 'Running', index: 1, failureCount: 0 })] }, T0 + 16);
  assert.deepEqual(late.actions.create, [{ index: 0 }]);
  assert.deepEqual(late.actions.removeFinalizers, []);
});

test('a finished Job: nothing to do; TTL deletion is announced', () => {
  const r = explain(
    apiJob({ ttlSecondsAfterFinished: 60 }, { succeeded: 1, completionTime: iso(10), conditions: [{ type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'm', lastTransitionTime: iso(10) }] }),
    { items: [] },
    T0 + 30,
  );
  assert.deepEqual(r.actions, { create: [], delete: [], removeFinalizers: [], requeueAfterSeconds: null });
  assert.ok(r.reasons.some((x) => x.includes('finished')));
});

test('managedBy another controller: skipped', () => {
  const r = explain(apiJob({ managedBy: 'kueue.x-k8s.io/multikueue' }), { items: [] }, T0 + 1);
  assert.deepEqual(r.actions.create, []);
  assert.match(r.reasons[0], /managedBy/);
});

test('pods of other Jobs are ignored; bad input gets a clear error', () => {
  const other = apiPod({ phase: 'Running' });
  (other.metadata as Obj).ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name: 'x', uid: 'other', controller: true }];
  const r = explain(apiJob({}), { items: [other] }, T0 + 1);
  assert.deepEqual(r.actions.create, [{}]);
  assert.throws(() => explain({ kind: 'Pod' }, { items: [] }, T0), /expected a batch\/v1 Job/);
  assert.throws(() => explain(apiJob({}), 'nope', T0), /pods: expected/);
});
