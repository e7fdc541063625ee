/** CLI tier: the built `kjob` (cli/out/cli.js) `simulate` and `explain` commands. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'cli', 'out', 'cli.js');

function kjob(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'kjob-sim-cli-'));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

test('simulate --format json: {status, pods, timeline} of the indexed-retry example', () => {
  const r = kjob('simulate', 'examples/indexed-retry.yaml', '--outcomes', 'examples/indexed-retry.outcomes.json', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out).sort(), ['pods', 'status', 'timeline']);
  assert.deepEqual(Object.keys(out.status).sort(), ['active', 'completedIndexes', 'completionTimeSeconds', 'conditions', 'failed', 'failedIndexes', 'ready', 'startTimeSeconds', 'succeeded', 'terminating']);
  assert.equal(out.status.failedIndexes, '3');
  assert.equal(out.status.completedIndexes, '0-2,4,5');
  assert.deepEqual(
    out.status.conditions.map((c: { type: string; reason: string }) => `${c.type}/${c.reason}`),
    ['FailureTarget/FailedIndexes', 'Failed/FailedIndexes'],
  );
  const pod = out.pods[0];
  assert.deepEqual(Object.keys(pod).sort(), ['annotations', 'attempt', 'createdAtSeconds', 'exitCodes', 'finishedAtSeconds', 'index', 'name', 'phase']);
  assert.ok(out.timeline.every((t: { atSeconds: number; kind: string; message: string }) => typeof t.atSeconds === 'number' && t.kind && t.message));
});

test('simulate text report: result, status, pods and timeline', () => {
  const r = kjob('simulate', 'examples/indexed-retry.yaml', '--outcomes', 'examples/indexed-retry.outcomes.json');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Result: Failed \(FailedIndexes\) at \d+s: Job has failed indexes$/m);
  assert.match(r.stdout, /^ {2}failedIndexes: "3"$/m);
  assert.match(r.stdout, /^Timeline:$/m);
});

test('simulate reads the kjob.dev/outcomes annotation when no --outcomes is given', () => {
  const p = file(
    'ann.yaml',
    `apiVersion: batch/v1
kind: Job
metadata:
  name: ann
  annotations:
    kjob.dev/outcomes: '{"default": {"exitCode": 1}}'
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox}]
`,
  );
  const r = kjob('simulate', p, '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).status.failed, 2);
});

test('simulate: clear errors, exit 2 (missing file, invalid Job, bad outcome script, bad flags)', () => {
  let r = kjob('simulate', join(tmp, 'nope.yaml'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read .*nope\.yaml: ENOENT/);
  r = kjob('simulate');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /FILE is required/);
  r = kjob('simulate', 'examples/indexed-retry.yaml', '--format', 'xml');
  assert.equal(r.code, 2);
  const bad = file('bad.json', '{"default": {"exitCode": "one"}, "extra": 1}');
  r = kjob('simulate', 'examples/indexed-retry.yaml', '--outcomes', bad);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /default\.exitCode: expected an integer/);
  assert.match(r.stderr, /extra: unknown key/);
  const invalid = file('invalid.yaml', 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n      containers: [{name: c, image: busybox}]\n');
  r = kjob('simulate', invalid);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /the API server would reject Job x/);
  const none = file('none.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
  r = kjob('simulate', none);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no batch\/v1 Job or CronJob document/);
});

const T0 = '2026-03-01T10:00:00Z';
const jobJson = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'e', namespace: 'ns', uid: 'u', creationTimestamp: T0 },
  spec: { completions: 3, parallelism: 3, completionMode: 'Indexed', backoffLimit: 6, suspend: false, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } },
  status: { startTime: T0, active: 1 },
};
const podJson = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'e-0-abcde',
        namespace: 'ns',
        uid: 'p0',
        creationTimestamp: T0,
        finalizers: ['batch.kubernetes.io/job-tracking'],
        annotations: { 'batch.kubernetes.io/job-completion-index': '0' },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'e', uid: 'u', controller: true }],
      },
      spec: {},
      status: { phase: 'Running', containerStatuses: [{ name: 'main', restartCount: 0, state: { running: {} } }] },
    },
  ],
};

test('explain --format json: creates the missing indexes 1 and 2', () => {
  const j = file('job.json', JSON.stringify(jobJson));
  const p = file('pods.json', JSON.stringify(podJson));
  const r = kjob('explain', '--job', j, '--pods', p, '--now', '2026-03-01T10:00:05Z', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out).sort(), ['actions', 'reasons', 'status']);
  assert.deepEqual(out.actions, { create: [{ index: 1 }, { index: 2 }], delete: [], removeFinalizers: [], requeueAfterSeconds: null });
  assert.equal(out.status.active, 3);
  assert.ok(out.reasons.some((x: string) => x.includes('index(es) 1,2')));
  const t = kjob('explain', '--job', j, '--pods', p, '--now', '2026-03-01T10:00:05Z');
  assert.equal(t.code, 0);
  assert.match(t.stdout, /create 2 pod\(s\) for index\(es\) 1,2/);
});

test('explain: usage errors exit 2', () => {
  assert.equal(kjob('explain').code, 2);
  const j = file('job2.json', JSON.stringify(jobJson));
  const r = kjob('explain', '--job', j, '--pods', file('p2.json', '{not json'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /pods file .* is not valid JSON/);
  const r2 = kjob('explain', '--job', j, '--pods', file('p3.json', '[]'), '--now', 'yesterday');
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /--now: expected an RFC3339 time/);
});
