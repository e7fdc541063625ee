/**
 * The Job controller engine, simulated in virtual time. Cases follow the upstream controller's
 * unit-test tables (job_controller_test.go, backoff_utils_test.go, pod_failure_policy_test.go,
 * success_policy_test.go, indexed_job_utils_test.go) and the Kubernetes Job documentation's
 * examples, restated as simulate / explain cases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, type SimulationResult } from '../../core/controller/simulator';
import { backoffDelay, newBackoffRecord, remainingTime } from '../../core/controller/backoff';
import { matchPodFailurePolicy } from '../../core/controller/podFailurePolicy';
import { matchSuccessPolicy } from '../../core/controller/successPolicy';
import { podGenerateName } from '../../core/controller/podFactory';
import { IndexSet } from '../../core/workloads/indexRanges';
import type { CPod } from '../../core/controller/types';
import type { OutcomeScript } from '../../core/kubelet/outcomes';

type Obj = Record<string, unknown>;

function job(name: string, spec: Obj, podSpec: Obj = {}): Obj {
  const { template, ...rest } = spec as { template?: Obj };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { ...rest, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }], ...podSpec, ...((template?.spec as Obj) ?? {}) } } },
  };
}

const terminal = (r: SimulationResult) => r.status.conditions.filter((c) => c.status === 'True' && (c.type === 'Complete' || c.type === 'Failed')).map((c) => `${c.type}/${c.reason}`)[0];
const types = (r: SimulationResult) => r.status.conditions.map((c) => `${c.type}=${c.status}/${c.reason}`);
const perIndex = (r: SimulationResult) => {
  const m: Record<string, number> = {};
  for (const p of r.pods) m[String(p.index ?? '*')] = (m[String(p.index ?? '*')] ?? 0) + 1;
  return m;
};
const run = (j: Obj, script: OutcomeScript = {}) => simulate(j, { script });

test('docs "pi" example: one pod, SuccessCriteriaMet then Complete (CompletionsReached)', () => {
  const r = run(job('pi', {}));
  assert.equal(terminal(r), 'Complete/CompletionsReached');
  assert.deepEqual(types(r), ['SuccessCriteriaMet=True/CompletionsReached', 'Complete=True/CompletionsReached']);
  assert.equal(r.status.conditions[0].message, 'Reached expected number of succeeded pods');
  assert.equal(r.status.succeeded, 1);
  assert.equal(r.status.completionTimeSeconds, r.status.conditions[1].atSeconds);
  assert.equal(r.status.startTimeSeconds, 0);
  assert.equal(r.pods.length, 1);
  assert.match(r.pods[0].name, /^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test('back-off: replacements after 10 s, 20 s, 40 s ...; backoffLimit 6 means 7 pods, then BackoffLimitExceeded', () => {
  const r = run(job('fail', { backoffLimit: 6 }), { default: { exitCode: 1, durationSeconds: 1 } });
  assert.equal(terminal(r), 'Failed/BackoffLimitExceeded');
  assert.deepEqual(types(r), ['FailureTarget=True/BackoffLimitExceeded', 'Failed=True/BackoffLimitExceeded']);
  assert.equal(r.status.conditions[0].message, 'Job has reached the specified backoff limit');
  assert.equal(r.pods.length, 7);
  assert.equal(r.status.failed, 7);
  const gaps = r.pods.slice(1).map((p, i) => p.createdAtSeconds - r.pods[i].finishedAtSeconds!);
  assert.deepEqual(gaps, [10, 20, 40, 80, 160, 320]);
});

test('back-off delay doubles from 10 s and is capped at 600 s (the code; the docs say 6 minutes)', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map(backoffDelay), [0, 10, 20, 40, 80, 160, 320, 600, 600, 600]);
  assert.equal(remainingTime(1, 100, 104), 6);
  assert.equal(remainingTime(2, 100, 130), 0);
  assert.equal(remainingTime(0, undefined, 5), 0);
});

function pod(name: string, fields: Partial<CPod> & { exit?: number; finishedAt?: number; init?: { name: string; exit: number }[] } = {}): CPod {
  const { exit, finishedAt, init, ...rest } = fields;
  return {
    name,
    namespace: 'ns',
    uid: name,
    creationTime: 0,
    phase: exit === undefined ? 'Running' : exit === 0 ? 'Succeeded' : 'Failed',
    finalizer: true,
    annotations: {},
    labels: {},
    containerStatuses: exit === undefined ? [{ name: 'main', restartCount: 0, running: true }] : [{ name: 'main', restartCount: 0, terminated: { exitCode: exit, finishedAt: finishedAt ?? 10 } }],
    initContainerStatuses: (init ?? []).map((c) => ({ name: c.name, restartCount: 0, terminated: { exitCode: c.exit, finishedAt: finishedAt ?? 10 } })),
    conditions: [],
    ...rest,
  };
}

test('back-off record (backoff_utils_test): failures add up, a later success resets, failures after it count', () => {
  const none = { failuresAfterLastSuccess: 0 };
  assert.deepEqual(newBackoffRecord(none, [], [pod('a', { exit: 1, finishedAt: 5 }), pod('b', { exit: 1, finishedAt: 7 })]), { failuresAfterLastSuccess: 2, lastFailureTime: 7 });
  assert.deepEqual(newBackoffRecord({ failuresAfterLastSuccess: 3, lastFailureTime: 2 }, [pod('s', { exit: 0, finishedAt: 10 })], []), { failuresAfterLastSuccess: 0, lastFailureTime: undefined });
  assert.deepEqual(newBackoffRecord({ failuresAfterLastSuccess: 3, lastFailureTime: 2 }, [pod('s', { exit: 0, finishedAt: 10 })], [pod('f1', { exit: 1, finishedAt: 9 }), pod('f2', { exit: 1, finishedAt: 12 })]), { failuresAfterLastSuccess: 1, lastFailureTime: 12 });
  // A failure in the same second as the success does not count.
  assert.deepEqual(newBackoffRecord(none, [pod('s', { exit: 0, finishedAt: 10 })], [pod('f', { exit: 1, finishedAt: 10 })]), { failuresAfterLastSuccess: 0, lastFailureTime: undefined });
});

test('pod failure policy (pod_failure_policy_test): first matching rule wins; exit code 0 and running containers never match', () => {
  const policy = {
    rules: [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
      { action: 'UnknownAction', onExitCodes: { operator: 'In', values: [1] } },
      { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [1, 2, 3] } },
      { action: 'Count', onExitCodes: { operator: 'NotIn', values: [5] } },
    ],
  };
  const m1 = matchPodFailurePolicy(policy, pod('p1', { exit: 2 }));
  assert.equal(m1.failJobMessage, 'Container main for pod ns/p1 failed with exit code 2 matching FailJob rule at index 2');
  assert.equal(m1.countFailed, true);
  const ignored = matchPodFailurePolicy(policy, pod('p2', { exit: 2, conditions: [{ type: 'DisruptionTarget', status: 'True' }] }));
  assert.deepEqual([ignored.action, ignored.countFailed, ignored.failJobMessage], ['Ignore', false, undefined]);
  // Condition with status False does not match the default status True.
  assert.equal(matchPodFailurePolicy(policy, pod('p3', { exit: 2, conditions: [{ type: 'DisruptionTarget', status: 'False' }] })).action, 'FailJob');
  assert.equal(matchPodFailurePolicy(policy, pod('p4', { exit: 5 })).action, undefined);
  assert.equal(matchPodFailurePolicy(policy, pod('p5', { exit: 7 })).action, 'Count');
  // Init containers are checked after the regular ones.
  const init = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] };
  const p6 = pod('p6', { phase: 'Failed', init: [{ name: 'setup', exit: 42 }] });
  p6.containerStatuses = [{ name: 'main', restartCount: 0 }];
  assert.equal(matchPodFailurePolicy(init, p6).failJobMessage, 'Container setup for pod ns/p6 failed with exit code 42 matching FailJob rule at index 0');
  const cond = { rules: [{ action: 'FailJob', onPodConditions: [{ type: 'ConfigIssue' }] }] };
  assert.equal(matchPodFailurePolicy(cond, pod('p7', { exit: 1, conditions: [{ type: 'ConfigIssue', status: 'True' }] })).failJobMessage, 'Pod ns/p7 has condition ConfigIssue matching FailJob rule at index 0');
});

test('success policy (success_policy_test): indexes, count, both; empty index lists are skipped', () => {
  const s = IndexSet.parse('0,2-4');
  assert.equal(matchSuccessPolicy({ rules: [{ succeededIndexes: '0,3' }] }, 10, s), 'Matched rules at index 0');
  assert.equal(matchSuccessPolicy({ rules: [{ succeededIndexes: '0,1' }] }, 10, s), undefined);
  assert.equal(matchSuccessPolicy({ rules: [{ succeededCount: 5 }, { succeededCount: 4 }] }, 10, s), 'Matched rules at index 1');
  assert.equal(matchSuccessPolicy({ rules: [{ succeededIndexes: '1-3', succeededCount: 2 }] }, 10, s), 'Matched rules at index 0');
  assert.equal(matchSuccessPolicy({ rules: [{ succeededIndexes: '1-3', succeededCount: 3 }] }, 10, s), undefined);
  assert.equal(matchSuccessPolicy({ rules: [{ succeededIndexes: '20-30' }, { succeededCount: 1 }] }, 10, s), 'Matched rules at index 1');
  assert.equal(matchSuccessPolicy({ rules: [{ succeededCount: 1 }] }, 10, new IndexSet()), undefined);
});

test('Indexed: lowest missing index first, hostnames, index annotation + label, JOB_COMPLETION_INDEX env', () => {
  const r = simulate(job('idx', { completionMode: 'Indexed', completions: 5, parallelism: 2 }), { script: { default: { durationSeconds: 2 }, indexes: { '0': [{ durationSeconds: 10 }] } } });
  assert.deepEqual(r.pods.map((p) => p.index), [0, 1, 2, 3, 4]);
  assert.equal(r.status.completedIndexes, '0-4');
  const p0 = r.apiPods.find((p) => (p.metadata as Obj).name === r.pods[0].name)!;
  const meta = p0.metadata as { annotations: Record<string, string>; labels: Record<string, string>; generateName: string; finalizers?: string[] };
  assert.equal(meta.annotations['batch.kubernetes.io/job-completion-index'], '0');
  assert.equal(meta.labels['batch.kubernetes.io/job-completion-index'], '0');
  assert.equal(meta.labels['batch.kubernetes.io/job-name'], 'idx');
  assert.equal(meta.generateName, 'idx-0-');
  const spec = p0.spec as { hostname: string; containers: { env: Obj[] }[] };
  assert.equal(spec.hostname, 'idx-0');
  assert.deepEqual(spec.containers[0].env, [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }]);
});

test('generateName keeps "-<index>-" and cuts the job name to fit 58 characters', () => {
  const long = 'a'.repeat(62);
  assert.equal(podGenerateName(long, 12).length, 58);
  assert.ok(podGenerateName(long, 12).endsWith('a-12-'));
  assert.equal(podGenerateName('short', 3), 'short-3-');
});

test('docs: backoffLimitPerIndex example: index failure counts, failedIndexes, FailedIndexes', () => {
  // completions 10, parallelism 3, backoffLimitPerIndex 1: odd indexes always fail.
  const indexes: Record<string, { exitCode: number }[]> = {};
  for (let i = 1; i < 10; i += 2) indexes[String(i)] = [{ exitCode: 1 }, { exitCode: 1 }];
  const r = run(job('job-backoff-limit-per-index-example', { completionMode: 'Indexed', completions: 10, parallelism: 3, backoffLimitPerIndex: 1 }), { indexes });
  assert.equal(terminal(r), 'Failed/FailedIndexes');
  assert.equal(r.status.completedIndexes, '0,2,4,6,8');
  assert.equal(r.status.failedIndexes, '1,3,5,7,9');
  assert.equal(r.status.succeeded, 5);
  assert.equal(r.status.failed, 10);
  assert.equal(r.status.conditions[0].message, 'Job has failed indexes');
  const odd = r.pods.filter((p) => p.index === 1);
  assert.deepEqual(odd.map((p) => p.annotations['batch.kubernetes.io/job-index-failure-count']), ['0', '1']);
});

test('maxFailedIndexes exceeded fails the Job at once and deletes running pods', () => {
  const r = run(job('mfi', { completionMode: 'Indexed', completions: 4, parallelism: 4, backoffLimitPerIndex: 0, maxFailedIndexes: 0 }, { terminationGracePeriodSeconds: 1 }), {
    default: { durationSeconds: 60 },
    indexes: { '2': [{ exitCode: 1, durationSeconds: 1 }] },
  });
  assert.equal(terminal(r), 'Failed/MaxFailedIndexesExceeded');
  assert.equal(r.status.failedIndexes, '2');
  assert.equal(r.status.failed, 4); // the failed index + 3 running pods deleted as the Job failed
  const ft = r.status.conditions.find((c) => c.type === 'FailureTarget')!;
  const f = r.status.conditions.find((c) => c.type === 'Failed')!;
  assert.ok(f.atSeconds > ft.atSeconds, 'Failed waits for the deleted pods to terminate');
});

test('FailIndex and Ignore rules with backoffLimitPerIndex; ignored failures go to the ignored-failure-count annotation', () => {
  const r = run(
    job('pfi', {
      completionMode: 'Indexed',
      completions: 3,
      parallelism: 3,
      backoffLimitPerIndex: 1,
      podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }, { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
    }),
    { default: { durationSeconds: 2 }, indexes: { '0': [{ exitCode: 42 }], '1': [{ evictedAfterSeconds: 1 }, { exitCode: 0 }] } },
  );
  assert.equal(terminal(r), 'Failed/FailedIndexes');
  assert.equal(r.status.failedIndexes, '0');
  assert.equal(r.status.completedIndexes, '1,2');
  assert.equal(r.status.failed, 1);
  const i1 = r.pods.filter((p) => p.index === 1);
  assert.equal(i1[1].annotations['batch.kubernetes.io/job-index-failure-count'], '0');
  assert.equal(i1[1].annotations['batch.kubernetes.io/job-index-ignored-failure-count'], '1');
});

test('docs: podFailurePolicy FailJob on exit code 42 (job-pod-failure-policy-failjob example)', () => {
  const r = run(job('job-pod-failure-policy-failjob', { completions: 8, parallelism: 2, backoffLimit: 6, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } }] } }), {
    indexes: { '*': [{ exitCode: 42, durationSeconds: 1 }] },
    default: { durationSeconds: 3 },
  });
  assert.equal(terminal(r), 'Failed/PodFailurePolicy');
  assert.match(r.status.conditions[0].message, /^Container main for pod default\/job-pod-failure-policy-failjob-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 0$/);
  assert.equal(r.status.conditions[0].message, r.status.conditions[1].message);
});

test('docs: Ignore DisruptionTarget does not count towards backoffLimit 0', () => {
  const r = run(job('ignore', { backoffLimit: 0, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } }), {
    indexes: { '*': [{ evictedAfterSeconds: 1, durationSeconds: 5 }, { evictedAfterSeconds: 1, durationSeconds: 5 }] },
  });
  assert.equal(terminal(r), 'Complete/CompletionsReached');
  assert.equal(r.status.failed, 0);
  assert.equal(r.pods.length, 3);
});

test('successPolicy: SuccessCriteriaMet (SuccessPolicy) deletes the rest, Complete after they terminate; not counted as failed', () => {
  const r = run(job('sp', { completionMode: 'Indexed', completions: 5, parallelism: 5, successPolicy: { rules: [{ succeededIndexes: '0,1', succeededCount: 1 }] } }, { terminationGracePeriodSeconds: 2 }), {
    default: { durationSeconds: 100 },
    indexes: { '1': [{ durationSeconds: 3 }] },
  });
  assert.deepEqual(types(r), ['SuccessCriteriaMet=True/SuccessPolicy', 'Complete=True/SuccessPolicy']);
  assert.equal(r.status.conditions[0].message, 'Matched rules at index 0');
  assert.equal(r.status.failed, 0);
  assert.equal(r.status.succeeded, 1);
  assert.equal(r.status.completedIndexes, '1');
  // Killed at the end of the 2 s grace period; the pod update is synced 1 s later.
  assert.equal(r.status.conditions[1].atSeconds - r.status.conditions[0].atSeconds, 3);
});

test('activeDeadlineSeconds: DeadlineExceeded; running pods are deleted and counted as failed', () => {
  const r = run(job('ads', { completions: 3, parallelism: 2, activeDeadlineSeconds: 10 }, { terminationGracePeriodSeconds: 1 }), { default: { durationSeconds: 100 } });
  assert.equal(terminal(r), 'Failed/DeadlineExceeded');
  assert.equal(r.status.conditions[0].message, 'Job was active longer than specified deadline');
  assert.equal(r.status.conditions[0].atSeconds, 10);
  assert.equal(r.status.failed, 2);
});

test('suspend: created suspended (no pods, no startTime), resumed by an event (startTime reset, JobResumed)', () => {
  const r = run(job('sus', { suspend: true, completions: 2, parallelism: 2, activeDeadlineSeconds: 5 }), { default: { durationSeconds: 2 }, events: [{ atSeconds: 30, patchSpec: { suspend: false } }] });
  assert.equal(terminal(r), 'Complete/CompletionsReached');
  assert.deepEqual(types(r), ['Suspended=False/JobResumed', 'SuccessCriteriaMet=True/CompletionsReached', 'Complete=True/CompletionsReached']);
  assert.equal(r.status.startTimeSeconds, 30);
  assert.ok(r.pods.every((p) => p.createdAtSeconds >= 30));
  const sus = r.timeline.find((t) => t.kind === 'condition' && t.message.startsWith('Suspended=True'));
  assert.ok(sus && sus.message.includes('JobSuspended: Job suspended'));
});

test('suspend while running deletes pods without counting them; resume recreates them', () => {
  const r = run(job('sus2', { completionMode: 'Indexed', completions: 2, parallelism: 2 }, { terminationGracePeriodSeconds: 1 }), {
    indexes: { '0': [{ durationSeconds: 50 }, { durationSeconds: 1 }], '1': [{ durationSeconds: 50 }, { durationSeconds: 1 }] },
    events: [{ atSeconds: 5, patchSpec: { suspend: true } }, { atSeconds: 20, patchSpec: { suspend: false } }],
  });
  assert.equal(terminal(r), 'Complete/CompletionsReached');
  assert.equal(r.status.failed, 0);
  assert.deepEqual(perIndex(r), { '0': 2, '1': 2 });
});

test('work queue (completions unset): after the first success no new pods; Complete when none is active', () => {
  const r = run(job('wq', { parallelism: 3 }), { indexes: { '*': [{ durationSeconds: 1 }, { durationSeconds: 5 }, { exitCode: 1, durationSeconds: 8 }] } });
  assert.equal(terminal(r), 'Complete/CompletionsReached');
  assert.equal(r.pods.length, 3);
  assert.equal(r.status.succeeded, 2);
  assert.equal(r.status.failed, 1);
  assert.equal(r.status.completionTimeSeconds, 9);
});

test('podReplacementPolicy: TerminatingOrFailed replaces a deleted pod at once, Failed waits until it is Failed', () => {
  const script: OutcomeScript = { indexes: { '*': [{ deletedAfterSeconds: 1, terminationGracePeriodSeconds: 20, durationSeconds: 100 }, { durationSeconds: 1 }] } };
  const a = run(job('tof', { podReplacementPolicy: 'TerminatingOrFailed' }), script);
  const b = run(job('f', { podReplacementPolicy: 'Failed' }), script);
  assert.equal(terminal(a), 'Complete/CompletionsReached');
  assert.equal(terminal(b), 'Complete/CompletionsReached');
  // TerminatingOrFailed: counted at deletion (t=1), replaced after the 10 s back-off measured from the deletion.
  assert.equal(a.pods[1].createdAtSeconds, 11);
  // Failed: counted when the pod is Failed (killed at t=21), replaced 10 s after that.
  assert.equal(b.pods[1].createdAtSeconds, 31);
  assert.equal(a.status.failed, 1);
  assert.equal(b.status.failed, 1);
});

test('restartPolicy OnFailure: restarts are counted against backoffLimit (>=)', () => {
  const r = run(job('of', { backoffLimit: 2, template: { spec: { restartPolicy: 'OnFailure' } } }), { default: { exitCode: 1, durationSeconds: 1 } });
  assert.equal(terminal(r), 'Failed/BackoffLimitExceeded');
  assert.equal(r.pods.length, 1);
  assert.equal(r.status.failed, 1);
});

test('ttlSecondsAfterFinished: the Job is deleted ttl seconds after Complete', () => {
  const r = run(job('ttl', { ttlSecondsAfterFinished: 100 }));
  assert.equal(r.deletedAtSeconds, r.status.completionTimeSeconds! + 100);
  assert.ok(r.timeline.some((t) => t.kind === 'ttl'));
});

test('managedBy another controller: nothing happens', () => {
  const r = run(job('mb', { managedBy: 'example.com/other' }));
  assert.equal(r.pods.length, 0);
  assert.deepEqual(r.status.conditions, []);
});

test('init container failure fails the pod; its exit code is matched by onExitCodes', () => {
  const r = run(job('init', { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [3] } }] } }, { initContainers: [{ name: 'setup', image: 'busybox' }] }), {
    default: { initExitCodes: { setup: 3 } },
  });
  assert.equal(terminal(r), 'Failed/PodFailurePolicy');
  assert.match(r.status.conditions[0].message, /^Container setup for pod default\/init-[a-z0-9]{5} failed with exit code 3 matching FailJob rule at index 0$/);
  assert.deepEqual(r.pods[0].exitCodes, { setup: 3 });
});

test('deterministic: the same input gives the same output', () => {
  const j = job('det', { completionMode: 'Indexed', completions: 20, parallelism: 4, backoffLimitPerIndex: 2 });
  const s: OutcomeScript = { default: { durationSeconds: 3 }, indexes: { '3': [{ exitCode: 1 }], '7': [{ exitCode: 2 }, { exitCode: 2 }] } };
  assert.equal(JSON.stringify(simulate(j, { script: s })), JSON.stringify(simulate(j, { script: s })));
});

test('an Indexed Job without completions is rejected with a clear message', () => {
  assert.throws(() => run(job('bad', { completionMode: 'Indexed', parallelism: 2 })), /spec.completions: Required value/);
});

test('ttlSecondsAfterFinished: the API-shaped snapshot keeps every pod of the finished Job (Local group shows all attempts)', () => {
  const r = simulate(job('ttl2', { completionMode: 'Indexed', completions: 2, parallelism: 2, ttlSecondsAfterFinished: 0 }), { script: { default: { durationSeconds: 1 }, indexes: { '1': [{ exitCode: 1 }] } } });
  assert.equal(terminal(r), 'Complete/CompletionsReached');
  assert.equal(r.deletedAtSeconds, r.status.completionTimeSeconds);
  const idx = r.apiPods.map((p) => ((p.metadata as Obj).annotations as Record<string, string>)['batch.kubernetes.io/job-completion-index']).sort();
  assert.deepEqual(idx, ['0', '1', '1']);
});
