/**
 * (Job spec, outcome script) pairs for the simulator's differential test: each runs on the real
 * kube-controller-manager with the test kubelet and in the simulator; the results must agree.
 * Cases avoid real races (a deadline never lands within seconds of a pod's end; pods that must
 * finish in a fixed order have well separated durations), since the cluster's timing jitters.
 */
import type { OutcomeScript } from '../../core/kubelet/outcomes';

export interface DiffCase {
  name: string;
  spec: Record<string, unknown>;
  outcomes: OutcomeScript;
  /** Extra containers (the first is always "main"). */
  containers?: string[];
  initContainers?: string[];
  /** Expected terminal condition (a sanity check that the case exercises what it says). */
  expect: 'Complete' | 'Failed';
}

const never = { restartPolicy: 'Never' };

export function diffCases(): DiffCase[] {
  const cases: DiffCase[] = [];
  const add = (c: DiffCase) => cases.push(c);

  // A. NonIndexed successes.
  for (const [c, p] of [[1, 1], [3, 2], [5, 3], [4, 4]] as const) {
    add({ name: `nonindexed-ok-c${c}-p${p}`, spec: { completions: c, parallelism: p }, outcomes: { default: { exitCode: 0, durationSeconds: 1.5 } }, expect: 'Complete' });
  }
  // B. NonIndexed, failures then success (parallelism 1: attempts are sequential).
  for (const f of [1, 2]) {
    const list = [...Array.from({ length: f }, () => ({ exitCode: 1, durationSeconds: 1 })), { exitCode: 0, durationSeconds: 1 }];
    add({ name: `nonindexed-retry-${f}`, spec: { completions: 1, parallelism: 1, backoffLimit: 6 }, outcomes: { indexes: { '*': list } }, expect: 'Complete' });
  }
  // C. backoffLimit exhausted.
  for (const bl of [0, 1, 2]) {
    add({ name: `backofflimit-${bl}`, spec: { backoffLimit: bl }, outcomes: { default: { exitCode: 3, durationSeconds: 1 } }, expect: 'Failed' });
  }
  add({ name: 'backofflimit-parallel', spec: { completions: 4, parallelism: 2, backoffLimit: 1 }, outcomes: { default: { exitCode: 2, durationSeconds: 1 } }, expect: 'Failed' });
  // D. Work queue (completions unset).
  add({ name: 'workqueue-ok', spec: { parallelism: 3 }, outcomes: { default: { exitCode: 0, durationSeconds: 2 } }, expect: 'Complete' });
  add({ name: 'workqueue-fail', spec: { parallelism: 2, backoffLimit: 1 }, outcomes: { default: { exitCode: 1, durationSeconds: 1 } }, expect: 'Failed' });
  // E. Indexed with retries.
  add({ name: 'indexed-ok', spec: { completionMode: 'Indexed', completions: 5, parallelism: 2 }, outcomes: { default: { durationSeconds: 1 } }, expect: 'Complete' });
  add({ name: 'indexed-retry-one', spec: { completionMode: 'Indexed', completions: 4, parallelism: 4 }, outcomes: { default: { durationSeconds: 1 }, indexes: { '2': [{ exitCode: 1, durationSeconds: 1 }] } }, expect: 'Complete' });
  add({ name: 'indexed-retry-two', spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimit: 4 }, outcomes: { default: { durationSeconds: 1 }, indexes: { '0': [{ exitCode: 5 }, { exitCode: 5 }] } }, expect: 'Complete' });
  add({ name: 'indexed-backofflimit', spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimit: 1 }, outcomes: { default: { durationSeconds: 4 }, indexes: { '1': [{ exitCode: 1, durationSeconds: 1 }, { exitCode: 1, durationSeconds: 1 }] } }, expect: 'Failed' });
  add({ name: 'indexed-p1', spec: { completionMode: 'Indexed', completions: 3, parallelism: 1 }, outcomes: { default: { durationSeconds: 0.5 } }, expect: 'Complete' });
  // F/G. podFailurePolicy FailJob (exit codes, container name, init containers, NotIn).
  const failJob42 = { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] } };
  add({ name: 'pfp-failjob-nonindexed', spec: { completions: 2, parallelism: 1, backoffLimit: 6, ...failJob42 }, outcomes: { indexes: { '*': [{ exitCode: 1, durationSeconds: 1 }, { exitCode: 42, durationSeconds: 1 }] } }, expect: 'Failed' });
  add({ name: 'pfp-failjob-indexed', spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, ...failJob42 }, outcomes: { default: { durationSeconds: 6 }, indexes: { '1': [{ exitCode: 42, durationSeconds: 1 }] } }, expect: 'Failed' });
  add({ name: 'pfp-failjob-container', containers: ['side'], spec: { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'side', operator: 'In', values: [7] } }] } }, outcomes: { default: { exitCodes: { side: 7 }, durationSeconds: 1 } }, expect: 'Failed' });
  add({ name: 'pfp-other-container-counts', containers: ['side'], spec: { backoffLimit: 1, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'side', operator: 'In', values: [7] } }] } }, outcomes: { default: { exitCode: 7, durationSeconds: 1 } }, expect: 'Failed' });
  add({ name: 'pfp-failjob-init', initContainers: ['setup'], spec: { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [5] } }] } }, outcomes: { default: { initExitCodes: { setup: 5 }, durationSeconds: 1 } }, expect: 'Failed' });
  add({ name: 'pfp-init-count', initContainers: ['setup'], spec: { backoffLimit: 1, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [9] } }] } }, outcomes: { indexes: { '*': [{ initExitCodes: { setup: 5 } }, { initExitCodes: { setup: 5 } }] } }, expect: 'Failed' });
  add({ name: 'pfp-notin', spec: { backoffLimit: 6, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [1, 2] } }] } }, outcomes: { indexes: { '*': [{ exitCode: 1, durationSeconds: 1 }, { exitCode: 3, durationSeconds: 1 }] } }, expect: 'Failed' });
  add({ name: 'pfp-rule-order', spec: { backoffLimit: 0, podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [4] } }, { action: 'FailJob', onExitCodes: { operator: 'In', values: [4, 5] } }] } }, outcomes: { indexes: { '*': [{ exitCode: 4, durationSeconds: 1 }, { exitCode: 0, durationSeconds: 1 }] } }, expect: 'Complete' });
  // H/I. Ignore (DisruptionTarget on eviction) and Count.
  const ignoreDisruption = { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } };
  add({ name: 'pfp-ignore-eviction', spec: { backoffLimit: 0, ...ignoreDisruption }, outcomes: { indexes: { '*': [{ evictedAfterSeconds: 1, durationSeconds: 5 }, { exitCode: 0, durationSeconds: 1 }] } }, expect: 'Complete' });
  add({ name: 'pfp-ignore-eviction-indexed', spec: { completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimit: 0, ...ignoreDisruption }, outcomes: { default: { durationSeconds: 1 }, indexes: { '1': [{ evictedAfterSeconds: 1, durationSeconds: 5 }, { exitCode: 0, durationSeconds: 1 }] } }, expect: 'Complete' });
  add({ name: 'pfp-eviction-counted', spec: { backoffLimit: 0, podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [99] } }] } }, outcomes: { indexes: { '*': [{ evictedAfterSeconds: 1, durationSeconds: 5 }] } }, expect: 'Failed' });
  add({ name: 'pfp-count', spec: { backoffLimit: 1, podFailurePolicy: { rules: [{ action: 'Count', onExitCodes: { operator: 'In', values: [3] } }, { action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [0] } }] } }, outcomes: { indexes: { '*': [{ exitCode: 3, durationSeconds: 1 }, { exitCode: 0, durationSeconds: 1 }] } }, expect: 'Complete' });
  add({ name: 'pfp-condition-failjob', spec: { podFailurePolicy: { rules: [{ action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget' }] }] } }, outcomes: { indexes: { '*': [{ evictedAfterSeconds: 1, durationSeconds: 5 }] } }, expect: 'Failed' });
  // J/K. backoffLimitPerIndex, maxFailedIndexes, FailIndex.
  add({ name: 'perindex-failedindexes', spec: { completionMode: 'Indexed', completions: 4, parallelism: 4, backoffLimitPerIndex: 1 }, outcomes: { default: { durationSeconds: 1 }, indexes: { '1': [{ exitCode: 1 }, { exitCode: 1 }] } }, expect: 'Failed' });
  add({ name: 'perindex-recovers', spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 1 }, outcomes: { default: { durationSeconds: 1 }, indexes: { '2': [{ exitCode: 1 }, { exitCode: 0 }] } }, expect: 'Complete' });
  add({ name: 'perindex-zero', spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 0 }, outcomes: { default: { durationSeconds: 1 }, indexes: { '0': [{ exitCode: 1 }], '2': [{ exitCode: 1 }] } }, expect: 'Failed' });
  add({ name: 'perindex-maxfailed', spec: { completionMode: 'Indexed', completions: 4, parallelism: 2, backoffLimitPerIndex: 0, maxFailedIndexes: 0 }, outcomes: { default: { durationSeconds: 3 }, indexes: { '0': [{ exitCode: 1, durationSeconds: 1 }] } }, expect: 'Failed' });
  add({ name: 'perindex-maxfailed-ok', spec: { completionMode: 'Indexed', completions: 4, parallelism: 4, backoffLimitPerIndex: 0, maxFailedIndexes: 1 }, outcomes: { default: { durationSeconds: 1 }, indexes: { '3': [{ exitCode: 1 }] } }, expect: 'Failed' });
  add({ name: 'perindex-global-limit', spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 2, backoffLimit: 1 }, outcomes: { default: { durationSeconds: 5 }, indexes: { '0': [{ exitCode: 1, durationSeconds: 1 }], '1': [{ exitCode: 1, durationSeconds: 1 }] } }, expect: 'Failed' });
  add({ name: 'failindex-rule', spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 3, podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }] } }, outcomes: { default: { durationSeconds: 1 }, indexes: { '1': [{ exitCode: 42 }] } }, expect: 'Failed' });
  add({ name: 'failindex-ignore-mix', spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 0, podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }, { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } }, outcomes: { default: { durationSeconds: 1 }, indexes: { '0': [{ evictedAfterSeconds: 1, durationSeconds: 4 }, { exitCode: 0 }], '2': [{ exitCode: 42 }] } }, expect: 'Failed' });
  // L. successPolicy (the remaining pods are deleted; grace 1).
  add({ name: 'successpolicy-indexes', spec: { completionMode: 'Indexed', completions: 4, parallelism: 4, successPolicy: { rules: [{ succeededIndexes: '0' }] } }, outcomes: { default: { durationSeconds: 30 }, indexes: { '0': [{ durationSeconds: 1 }] } }, expect: 'Complete' });
  add({ name: 'successpolicy-count', spec: { completionMode: 'Indexed', completions: 5, parallelism: 5, successPolicy: { rules: [{ succeededCount: 2 }] } }, outcomes: { default: { durationSeconds: 30 }, indexes: { '3': [{ durationSeconds: 1 }], '4': [{ durationSeconds: 2 }] } }, expect: 'Complete' });
  add({ name: 'successpolicy-both', spec: { completionMode: 'Indexed', completions: 5, parallelism: 5, successPolicy: { rules: [{ succeededIndexes: '0-2', succeededCount: 1 }] } }, outcomes: { default: { durationSeconds: 30 }, indexes: { '2': [{ durationSeconds: 1 }] } }, expect: 'Complete' });
  add({ name: 'successpolicy-second-rule', spec: { completionMode: 'Indexed', completions: 4, parallelism: 4, successPolicy: { rules: [{ succeededIndexes: '3' }, { succeededCount: 2 }] } }, outcomes: { default: { durationSeconds: 30 }, indexes: { '0': [{ durationSeconds: 1 }], '1': [{ durationSeconds: 2 }] } }, expect: 'Complete' });
  // M. activeDeadlineSeconds.
  add({ name: 'deadline-nonindexed', spec: { completions: 2, parallelism: 2, activeDeadlineSeconds: 10 }, outcomes: { default: { durationSeconds: 60 } }, expect: 'Failed' });
  add({ name: 'deadline-indexed', spec: { completionMode: 'Indexed', completions: 4, parallelism: 2, activeDeadlineSeconds: 25 }, outcomes: { default: { durationSeconds: 1 }, indexes: { '2': [{ durationSeconds: 90 }], '3': [{ durationSeconds: 90 }] } }, expect: 'Failed' });
  add({ name: 'backofflimit-with-deadline', spec: { backoffLimit: 0, activeDeadlineSeconds: 40 }, outcomes: { default: { exitCode: 1, durationSeconds: 1 } }, expect: 'Failed' });
  // N. suspend / resume.
  add({ name: 'suspend-created-resumed', spec: { suspend: true, completions: 2, parallelism: 2 }, outcomes: { default: { durationSeconds: 1 }, events: [{ atSeconds: 3, patchSpec: { suspend: false } }] }, expect: 'Complete' });
  add({ name: 'suspend-running-resume', spec: { completionMode: 'Indexed', completions: 2, parallelism: 2 }, outcomes: { indexes: { '0': [{ durationSeconds: 60 }, { durationSeconds: 1 }], '1': [{ durationSeconds: 60 }, { durationSeconds: 1 }] }, events: [{ atSeconds: 10, patchSpec: { suspend: true } }, { atSeconds: 20, patchSpec: { suspend: false } }] }, expect: 'Complete' });
  add({ name: 'suspend-deadline-reset', spec: { suspend: true, activeDeadlineSeconds: 12 }, outcomes: { default: { durationSeconds: 2 }, events: [{ atSeconds: 15, patchSpec: { suspend: false } }] }, expect: 'Complete' });
  // O. podReplacementPolicy with deleted pods.
  add({ name: 'replace-terminating-or-failed', spec: { completions: 1, parallelism: 1, backoffLimit: 3, podReplacementPolicy: 'TerminatingOrFailed' }, outcomes: { indexes: { '*': [{ deletedAfterSeconds: 1, terminationGracePeriodSeconds: 4, durationSeconds: 30 }, { durationSeconds: 1 }] } }, expect: 'Complete' });
  add({ name: 'replace-failed', spec: { completions: 1, parallelism: 1, backoffLimit: 3, podReplacementPolicy: 'Failed' }, outcomes: { indexes: { '*': [{ deletedAfterSeconds: 1, terminationGracePeriodSeconds: 4, durationSeconds: 30 }, { durationSeconds: 1 }] } }, expect: 'Complete' });
  add({ name: 'replace-failed-indexed', spec: { completionMode: 'Indexed', completions: 2, parallelism: 2, podReplacementPolicy: 'Failed' }, outcomes: { default: { durationSeconds: 1 }, indexes: { '1': [{ deletedAfterSeconds: 1, terminationGracePeriodSeconds: 3, durationSeconds: 30 }] } }, expect: 'Complete' });
  add({ name: 'replace-deleted-limit', spec: { backoffLimit: 0 }, outcomes: { indexes: { '*': [{ deletedAfterSeconds: 1, terminationGracePeriodSeconds: 2, durationSeconds: 30 }] } }, expect: 'Failed' });
  // P. restartPolicy OnFailure.
  add({ name: 'onfailure-recovers', spec: { backoffLimit: 3, template: { spec: { restartPolicy: 'OnFailure' } } }, outcomes: { indexes: { '*': [{ exitCode: 1, durationSeconds: 1 }, { exitCode: 0, durationSeconds: 1 }] } }, expect: 'Complete' });
  add({ name: 'onfailure-limit', spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'OnFailure' } } }, outcomes: { default: { exitCode: 1, durationSeconds: 1 } }, expect: 'Failed' });
  add({ name: 'onfailure-indexed', spec: { completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimit: 1, template: { spec: { restartPolicy: 'OnFailure' } } }, outcomes: { default: { durationSeconds: 1 }, indexes: { '1': [{ exitCode: 1, durationSeconds: 1 }] } }, expect: 'Failed' });
  // Q. ttlSecondsAfterFinished.
  add({ name: 'ttl-complete', spec: { ttlSecondsAfterFinished: 2 }, outcomes: { default: { durationSeconds: 1 } }, expect: 'Complete' });
  add({ name: 'ttl-failed', spec: { backoffLimit: 0, ttlSecondsAfterFinished: 1 }, outcomes: { default: { exitCode: 1, durationSeconds: 1 } }, expect: 'Failed' });
  // R. Spec patches while running.
  add({ name: 'parallelism-raise', spec: { completions: 4, parallelism: 1 }, outcomes: { default: { durationSeconds: 20 }, events: [{ atSeconds: 8, patchSpec: { parallelism: 3 } }] }, expect: 'Complete' });
  add({ name: 'indexed-parallelism-raise', spec: { completionMode: 'Indexed', completions: 4, parallelism: 1 }, outcomes: { default: { durationSeconds: 20 }, events: [{ atSeconds: 8, patchSpec: { parallelism: 4 } }] }, expect: 'Complete' });
  // Deleted pods under TerminatingOrFailed are failed-for-the-job: with backoffLimitPerIndex 0 the
  // controller marks their indexes failed while they terminate.
  add({ name: 'perindex-terminating-after-failure', spec: { completionMode: 'Indexed', completions: 4, parallelism: 4, backoffLimitPerIndex: 0, maxFailedIndexes: 0, template: { spec: { terminationGracePeriodSeconds: 5 } } }, outcomes: { default: { durationSeconds: 60 }, indexes: { '2': [{ exitCode: 1, durationSeconds: 1 }] } }, expect: 'Failed' });
  add({ name: 'perindex-suspend-resume', spec: { completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimitPerIndex: 1, template: { spec: { terminationGracePeriodSeconds: 5 } } }, outcomes: { indexes: { '0': [{ durationSeconds: 90 }, { durationSeconds: 1 }], '1': [{ durationSeconds: 90 }, { durationSeconds: 1 }] }, events: [{ atSeconds: 10, patchSpec: { suspend: true } }, { atSeconds: 25, patchSpec: { suspend: false } }] }, expect: 'Complete' });
  return cases;
}

/** The Job object for a case (the same object goes to the cluster and to the simulator). */
export function caseJob(c: DiffCase, outcomesAnnotation: string): Record<string, unknown> {
  const { template, ...rest } = c.spec as { template?: { spec?: Record<string, unknown> } };
  const container = (name: string) => ({ name, image: 'busybox:1.36', command: ['sh', '-c', 'echo kjob'] });
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: c.name, labels: { 'kjob-diff': '1' }, annotations: { [outcomesAnnotation]: JSON.stringify(c.outcomes) } },
    spec: {
      ...rest,
      template: {
        metadata: { labels: { 'kjob-diff': '1' } },
        spec: {
          ...never,
          terminationGracePeriodSeconds: 1,
          ...(c.initContainers ? { initContainers: c.initContainers.map(container) } : {}),
          containers: ['main', ...(c.containers ?? [])].map(container),
          ...(template?.spec ?? {}),
        },
      },
    },
  };
}
