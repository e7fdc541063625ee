import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../core/yaml/document';
import { checkFile, checkFileDetailed } from '../../core/check/check';
import { fixesFor } from '../../core/check/fixes';
import type { Rule } from '../../core/check/rules/types';

const settings = { kubernetesVersion: '1.36', severities: {} };
const noRules: Rule[] = [];
const check = (text: string, rules: Rule[] = noRules) => checkFile(parseFile(text), settings, { rules });
const codes = (text: string) => check(text).map((p) => `${p.code} ${p.path}`);

const job = (spec: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
${spec}`;

const podTemplate = `  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: perl:5.34
`;

test('a valid Job has no structural problems', () => {
  assert.deepEqual(check(job(`  completions: 3\n  parallelism: 2\n${podTemplate}`)), []);
});

test('unknown fields are errors with the API server path and a close-match suggestion', () => {
  const text = job(`  completion: 3\n${podTemplate}        imagePolicy: Always\n`);
  const ps = check(text);
  assert.deepEqual(ps.map((p) => [p.code, p.path]), [
    ['unknown-field', 'spec.completion'],
    ['unknown-field', 'spec.template.spec.containers[0].imagePolicy'],
  ]);
  assert.match(ps[0].message, /unknown field "spec.completion".*did you mean "completions"/);
  assert.equal(text.slice(ps[0].start, ps[0].end), 'completion');
});

test('duplicate keys: the overridden (earlier) one gets a warning, the last one is what is checked', () => {
  const text = job(`  parallelism: 1\n  parallelism: two\n${podTemplate}`);
  const ps = check(text);
  assert.deepEqual(ps.map((p) => [p.code, p.path, p.severity]), [
    ['duplicate-field', 'spec.parallelism', 'warning'],
    ['invalid-type', 'spec.parallelism', 'error'],
  ]);
  assert.equal(ps[0].start, text.indexOf('parallelism'));
  assert.match(ps[0].message, /later "parallelism".*overrides this one/);
  // The value rules see is the last one, as kubectl sends it.
  let seen: unknown;
  const spy: Rule = { id: 'test/spy', description: '', check: (ctx) => { seen = (ctx.job.spec as any).parallelism; return []; } };
  check(job(`  parallelism: 1\n  parallelism: 2\n${podTemplate}`), [spy]);
  assert.equal(seen, 2);
});

test('wrong types: string for int32, int32 overflow, float, list for object', () => {
  assert.deepEqual(codes(job(`  parallelism: two\n${podTemplate}`)), ['invalid-type spec.parallelism']);
  const ov = check(job(`  backoffLimit: 2147483648\n${podTemplate}`));
  assert.equal(ov.length, 1);
  assert.match(ov[0].message, /out of range for int32/);
  assert.deepEqual(codes(job(`  backoffLimit: 2147483647\n${podTemplate}`)), []);
  assert.deepEqual(codes(job(`  completions: 1.5\n${podTemplate}`)), ['invalid-type spec.completions']);
  assert.deepEqual(codes(job(`  selector: []\n${podTemplate}`)), ['invalid-type spec.selector']);
  assert.deepEqual(codes(job(`  activeDeadlineSeconds: 9007199254740000\n${podTemplate}`)), []);
});

test('unquoted True / yes / numbers where strings are expected (YAML 1.1), with a quoting fix', () => {
  const text = job(`  podFailurePolicy:
    rules:
    - action: Ignore
      onPodConditions:
      - type: DisruptionTarget
        status: True
${podTemplate}        env:
        - name: DEBUG
          value: yes
        - name: PORT
          value: 8080
        args: [--flag, on]
`);
  const r = checkFileDetailed(parseFile(text), settings, { rules: noRules });
  assert.deepEqual(r.problems.map((p) => p.path), [
    'spec.podFailurePolicy.rules[0].onPodConditions[0].status',
    'spec.template.spec.containers[0].env[0].value',
    'spec.template.spec.containers[0].env[1].value',
    'spec.template.spec.containers[0].args[1]',
  ]);
  assert.match(r.problems[0].message, /YAML 1\.1 reads unquoted True as a boolean/);
  const fixes = fixesFor(r.docs[0], r.problems[0], noRules);
  assert.deepEqual(fixes[0].edits, [{ start: r.problems[0].start, end: r.problems[0].end, newText: '"True"' }]);
  // Quantities and IntOrString accept numbers.
  assert.deepEqual(codes(job(`${podTemplate}        resources:\n          limits:\n            cpu: 1\n            memory: 1Gi\n        ports:\n        - containerPort: 80\n`)), []);
});

test('CronJob jobTemplate is checked with CronJob paths; other documents are left alone', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
spec:
  bogus: 1
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      backofLimit: 2
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: c, image: busybox}]
`;
  assert.deepEqual(codes(text), ['unknown-field spec.jobTemplate.spec.backofLimit']);
});

test('a crashing rule becomes an internal-error problem, other rules still run', () => {
  const logs: string[] = [];
  const boom: Rule = { id: 'test/boom', description: 'throws', check: () => { throw new Error('kaput'); } };
  const ok: Rule = { id: 'test/ok', description: 'reports', check: (ctx) => [{ start: ctx.pdoc.start, end: ctx.pdoc.start + 1, severity: 'hint', code: 'test/ok', path: null, message: 'ok' }] };
  const ps = checkFile(parseFile(job(podTemplate)), settings, { rules: [boom, ok], log: (m) => logs.push(m) });
  assert.deepEqual(ps.map((p) => p.code).sort(), ['internal-error', 'test/ok']);
  assert.match(logs[0], /kaput/);
});

test('severity overrides: change and turn off', () => {
  const text = job(`  completion: 3\n  parallelism: x\n${podTemplate}`);
  const ps = checkFile(parseFile(text), { kubernetesVersion: '1.36', severities: { 'unknown-field': 'warning', 'invalid-type': 'off' } }, { rules: noRules });
  assert.deepEqual(ps.map((p) => [p.code, p.severity]), [['unknown-field', 'warning']]);
});

test('rules see the decoded value: CronJob job object and jobPath', () => {
  let seen: unknown;
  const spy: Rule = { id: 'test/spy', description: '', check: (ctx) => { seen = { kind: ctx.kind, jobPath: ctx.jobPath, parallelism: (ctx.job.spec as any)?.parallelism }; return []; } };
  checkFile(parseFile(`apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      parallelism: 4\n`), settings, { rules: [spy] });
  assert.deepEqual(seen, { kind: 'CronJob', jobPath: ['spec', 'jobTemplate'], parallelism: 4 });
});

test('duplicate field quick fix removes the overridden lines (value included)', () => {
  const text = job(`  parallelism:\n    1\n  template:\n    spec:\n      restartPolicy: Never\n      containers: []\n  parallelism: 2\n  completions: 2\n`);
  const r = checkFileDetailed(parseFile(text), settings, { rules: noRules });
  const dup = r.problems.find((p) => p.code === 'duplicate-field')!;
  const [fix] = fixesFor(r.docs[0], dup, noRules);
  const e = fix.edits[0];
  const after = text.slice(0, e.start) + e.newText + text.slice(e.end);
  assert.equal(after, job(`  template:\n    spec:\n      restartPolicy: Never\n      containers: []\n  parallelism: 2\n  completions: 2\n`));
});

test('quick fixes come from the rule that produced the problem, whatever its code', () => {
  const emitter: Rule = {
    id: 'test/emitter',
    description: '',
    check: (ctx) => [{ start: ctx.pdoc.start, end: ctx.pdoc.start + 1, severity: 'warning', code: 'test/other-code', path: null, message: 'm' }],
    fixes: () => [{ title: 'from emitter', edits: [] }],
  };
  const greedy: Rule = { id: 'test/other-code', description: '', check: () => [], fixes: () => [{ title: 'from greedy', edits: [] }] };
  const r = checkFileDetailed(parseFile(job(podTemplate)), { kubernetesVersion: '1.36', severities: { 'test/other-code': 'error' } }, { rules: [emitter, greedy] });
  const p = r.problems.find((x) => x.code === 'test/other-code')!;
  assert.equal(p.severity, 'error');
  assert.deepEqual(fixesFor(r.docs[0], p, [emitter, greedy]).map((f) => f.title), ['from emitter']);
});

test('targeting a newer Kubernetes than the schema: unknown fields become honest warnings', () => {
  const text = job(`  completion: 3\n${podTemplate}`);
  const newer = checkFile(parseFile(text), { kubernetesVersion: '1.99', severities: {} }, { rules: noRules });
  assert.deepEqual(newer.map((p) => [p.code, p.severity]), [['unknown-field', 'warning']]);
  assert.match(newer[0].message, /schema is Kubernetes 1\.37; a 1\.99 API server may know this field/);
  const same = checkFile(parseFile(text), { kubernetesVersion: '1.36', severities: {} }, { rules: noRules });
  assert.equal(same[0].severity, 'error');
});
