/**
 * Quick fixes end to end: check a manifest, take the fix offered for a problem code, apply it, and the
 * result must be valid YAML, keep the file's indentation and no longer have that problem.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../core/yaml/document';
import { checkFileDetailed } from '../../core/check/check';
import { fixesFor } from '../../core/check/fixes';
import { applyEdits } from '../../core/check/rules/edits';

const SETTINGS = { kubernetesVersion: '1.37', severities: {} };

function job(spec: string, podSpec = 'restartPolicy: Never\n', indent = 2, name = 'fix-me'): string {
  const i = (n: number) => ' '.repeat(indent * n);
  const block = (s: string, n: number) => s.trimEnd().split('\n').map((l) => (l ? i(n) + l.replace(/^( +)/, (m) => ' '.repeat((m.length / 2) * indent)) : l)).join('\n');
  return `apiVersion: batch/v1\nkind: Job\nmetadata:\n${i(1)}name: ${name}\nspec:\n${spec ? block(spec, 1) + '\n' : ''}${i(1)}template:\n${i(2)}spec:\n${podSpec ? block(podSpec, 3) + '\n' : ''}${i(3)}containers:\n${i(3)}- name: main\n${i(3)}  image: busybox:1.36\n`;
}

function fixOnce(text: string, code: string, path?: string): { out: string; title: string } {
  const file = parseFile(text);
  const detailed = checkFileDetailed(file, SETTINGS);
  for (const d of detailed.docs) {
    const p = d.problems.find((x) => x.code === code && (path === undefined || x.path === path));
    if (!p) continue;
    const fixes = fixesFor(d, p);
    assert.ok(fixes.length > 0, `no fix for ${code} at ${p.path}`);
    const out = applyEdits(text, fixes[0]!.edits);
    const re = parseFile(out);
    for (const doc of re.docs) assert.deepEqual(doc.doc.errors, [], `invalid YAML after "${fixes[0]!.title}":\n${out}`);
    const after = checkFileDetailed(re, SETTINGS).problems.filter((x) => x.code === code && (path === undefined || x.path === p.path));
    assert.deepEqual(after.map((x) => x.message), [], `still reported after "${fixes[0]!.title}":\n${out}`);
    return { out, title: fixes[0]!.title };
  }
  assert.fail(`no problem ${code} ${path ?? ''} in:\n${text}\n${detailed.problems.map((x) => `${x.code} ${x.path}`).join('\n')}`);
}

for (const indent of [2, 4]) {
  test(`add restartPolicy: Never when it is missing (${indent}-space file)`, () => {
    const { out, title } = fixOnce(job('', '', indent), 'api/restart-policy');
    assert.equal(title, 'Set restartPolicy: Never');
    assert.ok(out.includes(`\n${' '.repeat(indent * 3)}restartPolicy: Never\n${' '.repeat(indent * 3)}containers:`), out);
  });
  test(`add completions for an Indexed Job (${indent}-space file)`, () => {
    const { out } = fixOnce(job('completionMode: Indexed\nparallelism: 4', undefined, indent), 'api/completion-mode');
    assert.ok(out.includes(`\n${' '.repeat(indent)}completions: 4\n`), out);
  });
  test(`add ttlSecondsAfterFinished (${indent}-space file)`, () => {
    const { out } = fixOnce(job('backoffLimit: 2', undefined, indent), 'job/missing-ttl');
    assert.ok(out.includes(`\n${' '.repeat(indent)}ttlSecondsAfterFinished: 86400\n`), out);
  });
}

test('restartPolicy: Always and never are replaced by Never', () => {
  assert.match(fixOnce(job('', 'restartPolicy: Always'), 'api/restart-policy').out, /restartPolicy: Never/);
  assert.match(fixOnce(job('', 'restartPolicy: never'), 'api/restart-policy').out, /restartPolicy: Never/);
});

test('OnFailure with a podFailurePolicy becomes Never', () => {
  const t = job('podFailurePolicy:\n  rules:\n  - action: FailJob\n    onExitCodes:\n      operator: In\n      values: [1]', 'restartPolicy: OnFailure');
  assert.match(fixOnce(t, 'api/restart-policy').out, /restartPolicy: Never/);
});

test('enum case fixes: completionMode, podFailurePolicy action and operator, podReplacementPolicy', () => {
  assert.match(fixOnce(job('completionMode: indexed\ncompletions: 2'), 'api/completion-mode').out, /completionMode: Indexed\n/);
  const pfp = 'podFailurePolicy:\n  rules:\n  - action: failjob\n    onExitCodes:\n      operator: notin\n      values: [0]';
  const once = fixOnce(job(pfp), 'api/pod-failure-policy', 'spec.podFailurePolicy.rules[0].action').out;
  assert.match(once, /action: FailJob/);
  assert.match(fixOnce(once, 'api/pod-failure-policy', 'spec.podFailurePolicy.rules[0].onExitCodes.operator').out, /operator: NotIn/);
  const prp = 'podReplacementPolicy: TerminatingOrFailed\npodFailurePolicy:\n  rules:\n  - action: FailJob\n    onExitCodes:\n      operator: In\n      values: [1]';
  assert.match(fixOnce(job(prp), 'api/pod-replacement-policy').out, /podReplacementPolicy: Failed/);
});

test('remove a literal JOB_COMPLETION_INDEX', () => {
  const t = job('completionMode: Indexed\ncompletions: 3').replace('  image: busybox:1.36\n', '  image: busybox:1.36\n        env:\n        - name: JOB_COMPLETION_INDEX\n          value: "0"\n        - name: KEEP\n          value: "1"\n');
  const { out } = fixOnce(t, 'job/literal-completion-index');
  assert.ok(!out.includes('JOB_COMPLETION_INDEX'), out);
  assert.ok(out.includes('- name: KEEP'), out);
});

test('rename to a valid DNS label: container and Job', () => {
  const t = job('').replace('- name: main', '- name: Main_Worker');
  assert.match(fixOnce(t, 'api/containers').out, /- name: main-worker\n/);
  assert.match(fixOnce(job('', undefined, 2, 'My_Job'), 'api/name').out, /name: my-job\n/);
});

test('OnFailure lint → Never; parallelism > completions → parallelism = completions', () => {
  assert.match(fixOnce(job('', 'restartPolicy: OnFailure'), 'job/onfailure-finite-backoff').out, /restartPolicy: Never/);
  assert.match(fixOnce(job('completions: 2\nparallelism: 5'), 'job/parallelism-exceeds-completions').out, /parallelism: 2\n/);
});

test('CronJob jobTemplate fixes use the CronJob paths', () => {
  const t = 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: main\n            image: busybox:1.36\n';
  const { out } = fixOnce(t, 'api/restart-policy', 'spec.jobTemplate.spec.template.spec.restartPolicy');
  assert.ok(out.includes('\n          restartPolicy: Never\n          containers:'), out);
});

test('re-created from `kubectl get -o yaml`: remove the generated selector and uid labels', () => {
  const t = `apiVersion: batch/v1
kind: Job
metadata:
  name: again
spec:
  selector:
    matchLabels:
      batch.kubernetes.io/controller-uid: 5e1b6a1c-0000-4000-8000-000000000001
  template:
    metadata:
      labels:
        batch.kubernetes.io/controller-uid: 5e1b6a1c-0000-4000-8000-000000000001
        controller-uid: 5e1b6a1c-0000-4000-8000-000000000001
        job-name: again
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
`;
  let out = fixOnce(t, 'api/selector', 'spec.selector').out;
  out = fixOnce(out, 'api/selector', 'spec.template.metadata.labels[controller-uid]').out;
  out = fixOnce(out, 'api/selector', 'spec.template.metadata.labels[batch.kubernetes.io/controller-uid]').out;
  const left = checkFileDetailed(parseFile(out), SETTINGS).problems.filter((p) => p.severity === 'error');
  assert.deepEqual(left.map((p) => `${p.code} ${p.path}`), [], out);
  assert.ok(out.includes('job-name: again'), out);
});

test('Indexed hostname too long: the rename fits <name>-<completions-1> into 63 characters', () => {
  const t = job('completionMode: Indexed\ncompletions: 100', undefined, 2, 'x'.repeat(62));
  const { out } = fixOnce(t, 'api/name', 'metadata.name');
  assert.match(out, new RegExp(`name: ${'x'.repeat(60)}\n`), out);
});
