import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFile } from '../../../core/yaml/document';
import { apiErrorProblems, docToObject, parseFieldPath, problemsOnDoc } from '../../../client/src/actions/applyDiagnostics';
import { describeJob } from '../../../client/src/actions/describe';
import { rerunCopy, rerunName } from '../../../client/src/jobs/rerun';
import { LineRing } from '../../../client/src/logs/lineRing';
import { job, pod } from './fixtures';

test('re-run copy: no status, server metadata, owner, generated selector or generated labels', () => {
  const j = job('nightly-123', { cronJob: 'nightly', status: { succeeded: 1 } });
  j.metadata!.labels = { app: 'x', 'batch.kubernetes.io/job-name': 'nightly-123', 'batch.kubernetes.io/controller-uid': 'u' };
  j.metadata!.annotations = { note: 'keep', 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
  j.spec!.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } };
  j.spec!.template = { metadata: { labels: { app: 'x', 'batch.kubernetes.io/controller-uid': 'u', 'batch.kubernetes.io/job-name': 'nightly-123', 'controller-uid': 'u', 'job-name': 'nightly-123' } }, spec: { containers: [{ name: 'main' }] } };
  const c = rerunCopy(j, 'nightly-123-rerun-abc');
  assert.deepEqual(c.metadata, { name: 'nightly-123-rerun-abc', namespace: 'team-a', labels: { app: 'x' }, annotations: { note: 'keep' } });
  assert.equal(c.status, undefined);
  assert.equal(c.spec!.selector, undefined);
  assert.deepEqual(c.spec!.template!.metadata, { labels: { app: 'x' } });
  assert.equal(j.spec!.selector !== undefined, true, 'input untouched');
});

test('re-run copy keeps a manual selector and its labels', () => {
  const j = job('m', { spec: { manualSelector: true, selector: { matchLabels: { 'job-name': 'm' } } } });
  j.spec!.template = { metadata: { labels: { 'job-name': 'm' } }, spec: { containers: [{ name: 'main' }] } };
  const c = rerunCopy(j, 'm2');
  assert.deepEqual(c.spec!.selector, { matchLabels: { 'job-name': 'm' } });
  assert.deepEqual(c.spec!.template!.metadata!.labels, { 'job-name': 'm' });
});

test('re-run names stay DNS labels within 63 characters and do not stack suffixes', () => {
  assert.equal(rerunName('job', 'k2x9'), 'job-rerun-k2x9');
  assert.equal(rerunName('job-rerun-aaaa', 'bbbb'), 'job-rerun-bbbb');
  const long = rerunName('a'.repeat(70), 'zz');
  assert.ok(long.length <= 63 && long.endsWith('-rerun-zz'));
});

test('API field paths parse into segments; Status causes become problems', () => {
  assert.deepEqual(parseFieldPath('spec.template.spec.containers[0].image'), ['spec', 'template', 'spec', 'containers', 0, 'image']);
  assert.deepEqual(parseFieldPath('metadata.labels[app.kubernetes.io/name]'), ['metadata', 'labels', { key: 'app.kubernetes.io/name' }]);
  const status = { kind: 'Status', code: 422, message: 'Job.batch "x" is invalid', details: { causes: [{ field: 'spec.template.spec.containers[0].image', reason: 'FieldValueRequired', message: 'Required value' }] } };
  assert.deepEqual(apiErrorProblems(status), [{ path: ['spec', 'template', 'spec', 'containers', 0, 'image'], field: 'spec.template.spec.containers[0].image', message: 'spec.template.spec.containers[0].image: Required value' }]);
  assert.deepEqual(apiErrorProblems({ message: 'forbidden' }), [{ message: 'forbidden' }]);
});

test('apply errors land on the YAML node the API server named', () => {
  const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: main\n        image: ""\n';
  const pdoc = parseFile(text).docs[0];
  const [p] = problemsOnDoc(pdoc, { details: { causes: [{ field: 'spec.template.spec.containers[0].image', message: 'Required value' }] } });
  assert.equal(text.slice(p.start, p.end), '""');
  assert.equal(p.message, 'spec.template.spec.containers[0].image: Required value');
  const [q] = problemsOnDoc(pdoc, { details: { causes: [{ field: 'spec.completions', message: 'Required value' }] } });
  assert.equal(text.slice(q.start, q.end), 'spec', 'a missing field underlines its nearest parent');
  assert.equal((docToObject(pdoc).metadata as { name: string }).name, 'x');
});

test('describe lists conditions, per-index runs, pods and events in time order', () => {
  const j = job('ix', { indexed: true, completions: 3, status: { completedIndexes: '0,1', succeeded: 2, conditions: [{ type: 'Complete', status: 'True' }] } });
  const text = describeJob(j, [pod(j, 'ix-0', { index: 0, phase: 'Succeeded' })], [
    { type: 'Normal', reason: 'Completed', message: 'Job completed', lastTimestamp: '2026-01-01T00:01:00Z', involvedObject: { kind: 'Job', name: 'ix' } },
    { type: 'Normal', reason: 'SuccessfulCreate', message: 'Created pod: ix-0', lastTimestamp: '2026-01-01T00:00:00Z', involvedObject: { kind: 'Job', name: 'ix' } },
  ]);
  assert.match(text, /State: +Complete/);
  assert.match(text, /Completed indexes: 0,1/);
  assert.match(text, / {2}0-1 succeeded\n {2}2 not started/);
  assert.ok(text.indexOf('SuccessfulCreate') < text.indexOf('Job completed'));
});

test('the log ring keeps the newest lines and says how many it dropped', () => {
  const r = new LineRing(3);
  r.push(['1', '2', '3', '4', '5']);
  assert.deepEqual(r.toArray(), ['3', '4', '5']);
  assert.equal(r.dropped, 2);
  assert.equal(r.text(), '… 2 earlier lines dropped (kjob.logs.maxLines = 3)\n3\n4\n5\n');
});

test('Explain renders the simulator: a failed pod of a running Job waits for its backoff', async () => {
  const { explainText } = await import('../../../client/src/actions/explainText');
  const j = job('ex', { completions: 1, status: { startTime: '2026-01-01T00:00:00Z', failed: 1 } });
  const failed = pod(j, 'ex-1', { phase: 'Failed', created: '2026-01-01T00:00:00Z' });
  failed.status!.containerStatuses![0].state = { terminated: { exitCode: 1, finishedAt: '2026-01-01T00:00:05Z' } };
  const text = explainText(j, [failed], Date.parse('2026-01-01T00:00:06Z'));
  assert.match(text, /^Job team-a\/ex — /);
  assert.match(text, /Next sync:\n {2}sync again in 9s\n/);
  assert.match(text, /Why:\n {2}- pod failure back-off: 1 failure/);
  assert.match(text, /Status after that sync:/);
});
