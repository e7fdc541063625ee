/** Job pitfall lints: each fires on its pitfall, stays quiet on the correct form, and obeys severity settings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../core/yaml/document';
import { checkFile } from '../../core/check/check';
import type { Severity } from '../../core/check/problem';
import { backoffChainSeconds } from '../../core/check/rules/lint/deadlineVsBackoff';
import { varRefs } from '../../core/check/rules/lint/undefinedVar';
import { LINT_DEFAULTS } from '../../core/check/rules/index';

type Sev = Record<string, Severity | 'off'>;
function codes(text: string, severities: Sev = {}, version = '1.37') {
  return checkFile(parseFile(text), { kubernetesVersion: version, severities }).filter((p) => p.code.startsWith('job/') || p.code === 'api/version-skew');
}
function has(text: string, code: string, severities: Sev = {}) {
  return codes(text, severities).filter((p) => p.code === code);
}

function job(spec: string, container = '', podExtra = 'restartPolicy: Never'): string {
  const ind = (s: string, n: number) => s.split('\n').filter(Boolean).map((l) => ' '.repeat(n) + l).join('\n');
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: lint
spec:
  ttlSecondsAfterFinished: 600
${spec ? ind(spec, 2) + '\n' : ''}  template:
    spec:
${ind(podExtra, 6)}
      containers:
      - name: main
        image: busybox:1.36
${container ? ind(container, 8) + '\n' : ''}`;
}

test('every lint code has a default severity', () => {
  assert.deepEqual(Object.keys(LINT_DEFAULTS).sort(), [
    'cronjob/never-fires', 'job/completion-index-nonindexed', 'job/deadline-shorter-than-backoff', 'job/literal-completion-index', 'job/missing-ttl',
    'job/onfailure-finite-backoff', 'job/parallelism-exceeds-completions', 'job/pod-failure-policy-ignore-exit-codes',
    'job/ttl-in-cronjob', 'job/undefined-var-reference', 'job/unreachable-pod-failure-rule',
  ]);
});

test('a clean Job has no lints', () => {
  assert.deepEqual(codes(job('completionMode: Indexed\ncompletions: 3', 'command: ["sh", "-c", "echo $(JOB_COMPLETION_INDEX)"]')), []);
});

test('literal JOB_COMPLETION_INDEX', () => {
  const env = 'env:\n- name: JOB_COMPLETION_INDEX\n  value: "0"';
  const p = has(job('completionMode: Indexed\ncompletions: 3', env), 'job/literal-completion-index');
  assert.equal(p.length, 1);
  assert.equal(p[0]!.severity, 'warning');
  assert.equal(p[0]!.path, 'spec.template.spec.containers[0].env[0].value');
  const fromField = "env:\n- name: JOB_COMPLETION_INDEX\n  valueFrom:\n    fieldRef:\n      fieldPath: metadata.annotations['batch.kubernetes.io/job-completion-index']";
  assert.equal(has(job('completionMode: Indexed\ncompletions: 3', fromField), 'job/literal-completion-index').length, 0);
});

test('completion index used in a NonIndexed Job: $(VAR), shell $VAR, fieldRef', () => {
  assert.equal(has(job('', 'command: ["sh", "-c", "echo $(JOB_COMPLETION_INDEX)"]'), 'job/completion-index-nonindexed').length, 1);
  assert.equal(has(job('', 'args: ["--shard=$JOB_COMPLETION_INDEX"]'), 'job/completion-index-nonindexed').length, 1);
  const fr = "env:\n- name: IDX\n  valueFrom:\n    fieldRef:\n      fieldPath: metadata.labels['batch.kubernetes.io/job-completion-index']";
  assert.equal(has(job('', fr), 'job/completion-index-nonindexed').length, 1);
  assert.equal(has(job('completionMode: Indexed\ncompletions: 2', fr), 'job/completion-index-nonindexed').length, 0);
  // $(JOB_COMPLETION_INDEX) is not also reported as an undefined variable
  assert.equal(has(job('', 'command: ["echo", "$(JOB_COMPLETION_INDEX)"]'), 'job/undefined-var-reference').length, 0);
});

test('$(VAR) naming an undefined variable', () => {
  const p = has(job('', 'command: ["echo", "$(GREETING)", "$$(LITERAL)"]\nenv:\n- name: OTHER\n  value: x'), 'job/undefined-var-reference');
  assert.equal(p.length, 1);
  assert.match(p[0]!.message, /\$\(GREETING\)/);
  assert.equal(p[0]!.path, 'spec.template.spec.containers[0].command[1]');
  assert.equal(has(job('', 'command: ["echo", "$(GREETING)"]\nenv:\n- name: GREETING\n  value: hi'), 'job/undefined-var-reference').length, 0);
  assert.equal(has(job('', 'command: ["echo", "$(FROM_CM)"]\nenvFrom:\n- configMapRef:\n    name: cm'), 'job/undefined-var-reference').length, 0);
  assert.deepEqual(varRefs('a $(X) $$(Y) $(Z)'), ['X', 'Z']);
  // env values only see earlier entries; the injected JOB_COMPLETION_INDEX comes last
  const envRefs = (spec: string, env: string) => has(job(spec, `env:\n${env}`), 'job/undefined-var-reference').map((p) => p.path);
  assert.deepEqual(envRefs('completionMode: Indexed\ncompletions: 2', '- name: SHARD\n  value: "shard-$(JOB_COMPLETION_INDEX)"'), ['spec.template.spec.containers[0].env[0].value']);
  assert.deepEqual(envRefs('', '- name: A\n  value: "$(B)"\n- name: B\n  value: x'), ['spec.template.spec.containers[0].env[0].value']);
  assert.deepEqual(envRefs('', '- name: B\n  value: x\n- name: A\n  value: "$(B)"'), []);
});

test('OnFailure with a finite backoffLimit', () => {
  assert.equal(has(job('', '', 'restartPolicy: OnFailure'), 'job/onfailure-finite-backoff').length, 1);
  assert.equal(has(job('', '', 'restartPolicy: Never'), 'job/onfailure-finite-backoff').length, 0);
});

test('missing TTL on a standalone Job; TTL inside a CronJob', () => {
  const noTtl = job('').replace('  ttlSecondsAfterFinished: 600\n', '');
  const p = has(noTtl, 'job/missing-ttl');
  assert.equal(p.length, 1);
  assert.equal(p[0]!.severity, 'information');
  const cron = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: c
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      ttlSecondsAfterFinished: 60
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: busybox:1.36
`;
  assert.equal(has(cron, 'job/missing-ttl').length, 0);
  assert.deepEqual(has(cron, 'job/ttl-in-cronjob').map((x) => x.path), ['spec.jobTemplate.spec.ttlSecondsAfterFinished']);
});

test('activeDeadlineSeconds shorter than the backoff chain', () => {
  assert.equal(backoffChainSeconds(6, 600), 10 + 20 + 40 + 80 + 160 + 320);
  assert.equal(backoffChainSeconds(8, 600), 10 + 20 + 40 + 80 + 160 + 320 + 600 + 600);
  assert.equal(backoffChainSeconds(8, 300), 10 + 20 + 40 + 80 + 160 + 300 + 300 + 300);
  assert.equal(has(job('activeDeadlineSeconds: 300'), 'job/deadline-shorter-than-backoff').length, 1); // default backoffLimit 6 needs 630s
  assert.equal(has(job('activeDeadlineSeconds: 700'), 'job/deadline-shorter-than-backoff').length, 0);
  assert.equal(has(job('activeDeadlineSeconds: 60\nbackoffLimit: 2'), 'job/deadline-shorter-than-backoff').length, 0); // 30s
  assert.equal(has(job('activeDeadlineSeconds: 20\nbackoffLimit: 2'), 'job/deadline-shorter-than-backoff').length, 1);
});

test('parallelism greater than completions', () => {
  assert.equal(has(job('completions: 2\nparallelism: 5'), 'job/parallelism-exceeds-completions').length, 1);
  assert.equal(has(job('completions: 5\nparallelism: 2'), 'job/parallelism-exceeds-completions').length, 0);
  assert.equal(has(job('parallelism: 5'), 'job/parallelism-exceeds-completions').length, 0); // work queue
});

test('Ignore on exit codes; unreachable rules', () => {
  const pfp = (rules: string) => job(`podFailurePolicy:\n  rules:\n${rules.split('\n').map((l) => '  ' + l).join('\n')}`);
  assert.equal(has(pfp('- action: Ignore\n  onExitCodes:\n    operator: In\n    values: [3]'), 'job/pod-failure-policy-ignore-exit-codes').length, 1);
  assert.equal(has(pfp('- action: Ignore\n  onPodConditions:\n  - type: DisruptionTarget'), 'job/pod-failure-policy-ignore-exit-codes').length, 0);
  const shadowed = pfp('- action: FailJob\n  onExitCodes:\n    operator: In\n    values: [1, 2, 3]\n- action: Count\n  onExitCodes:\n    operator: In\n    values: [2]');
  assert.deepEqual(has(shadowed, 'job/unreachable-pod-failure-rule').map((p) => p.path), ['spec.podFailurePolicy.rules[1]']);
  const notIn = pfp('- action: FailJob\n  onExitCodes:\n    operator: NotIn\n    values: [5]\n- action: Count\n  onExitCodes:\n    operator: In\n    values: [1]');
  assert.equal(has(notIn, 'job/unreachable-pod-failure-rule').length, 1);
  const notInNotIn = pfp('- action: FailJob\n  onExitCodes:\n    operator: NotIn\n    values: [0, 5]\n- action: Count\n  onExitCodes:\n    operator: NotIn\n    values: [5, 6]');
  assert.equal(has(notInNotIn, 'job/unreachable-pod-failure-rule').length, 1, 'NotIn [0,5] covers NotIn [5,6]: 0 never matches');
  const ok = pfp('- action: FailJob\n  onExitCodes:\n    containerName: main\n    operator: In\n    values: [1]\n- action: Count\n  onExitCodes:\n    operator: In\n    values: [1]');
  assert.equal(has(ok, 'job/unreachable-pod-failure-rule').length, 0);
  const conds = pfp('- action: Ignore\n  onPodConditions:\n  - type: DisruptionTarget\n- action: FailJob\n  onPodConditions:\n  - type: DisruptionTarget\n    status: "True"');
  assert.equal(has(conds, 'job/unreachable-pod-failure-rule').length, 1);
});

test('severities can be changed or turned off per code', () => {
  const t = job('completions: 2\nparallelism: 5');
  assert.equal(has(t, 'job/parallelism-exceeds-completions', { 'job/parallelism-exceeds-completions': 'error' })[0]!.severity, 'error');
  assert.equal(has(t, 'job/parallelism-exceeds-completions', { 'job/parallelism-exceeds-completions': 'off' }).length, 0);
});

test('version awareness: fields an older server drops get a warning', () => {
  const t = job('completionMode: Indexed\ncompletions: 2\nbackoffLimitPerIndex: 1\nmanagedBy: kueue.x-k8s.io/multikueue');
  const at = (v: string) => codes(t, {}, v).filter((p) => p.code === 'api/version-skew').map((p) => p.path);
  assert.deepEqual(at('1.37'), []);
  assert.deepEqual(at('1.31'), ['spec.managedBy']);
  assert.deepEqual(at('1.28'), ['spec.backoffLimitPerIndex', 'spec.managedBy']);
  // an older server drops the field before validating, so no API error is reported about it there
  const bad = job('backoffLimitPerIndex: 1');
  const errs = (v: string) => checkFile(parseFile(bad), { kubernetesVersion: v, severities: {} }).filter((p) => p.code === 'api/backoff-limit-per-index').length;
  assert.equal(errs('1.37'), 1);
  assert.equal(errs('1.28'), 0);
  const msg = codes(t, {}, '1.31').find((p) => p.code === 'api/version-skew')!.message;
  assert.match(msg, /alpha in 1\.31 \(feature gate JobManagedBy, off by default\).*silently drops/);
});
