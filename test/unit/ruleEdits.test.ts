/** The YAML edit helpers quick fixes use: results must parse, keep the file's indentation, and set the value. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../core/yaml/document';
import { applyEdits, indentUnit, insertKeyEdit, removeKeyEdit, removeSeqItemEdit, setValueEdit } from '../../core/check/rules/edits';

function edit(text: string, f: (file: ReturnType<typeof parseFile>) => ReturnType<typeof insertKeyEdit>): { out: string; js: any } {
  const file = parseFile(text);
  const e = f(file);
  assert.ok(e, 'an edit was produced');
  const out = applyEdits(text, [e!]);
  const re = parseFile(out);
  assert.deepEqual(re.docs[0]!.doc.errors, [], `result must be valid YAML:\n${out}`);
  return { out, js: re.docs[0]!.doc.toJS() };
}

const two = `apiVersion: batch/v1
kind: Job
metadata:
  name: x
spec:
  template:
    spec:
      containers:
      - name: main
        image: busybox
`;
const four = `apiVersion: batch/v1
kind: Job
metadata:
    name: x
spec:
    template:
        spec:
            containers:
                -   name: main
                    image: busybox
`;

test('indentUnit detects 2 and 4 spaces', () => {
  assert.equal(indentUnit(two, parseFile(two).docs[0]!), 2);
  assert.equal(indentUnit(four, parseFile(four).docs[0]!), 4);
});

test('insert a key into an existing block map (2 spaces)', () => {
  const { out, js } = edit(two, (f) => insertKeyEdit(f, f.docs[0]!, ['spec', 'template', 'spec'], 'restartPolicy', 'Never'));
  assert.equal(js.spec.template.spec.restartPolicy, 'Never');
  assert.match(out, /\n {4}spec:\n {6}restartPolicy: Never\n {6}containers:/);
});

test('insert a key into an existing block map (4 spaces)', () => {
  const { out, js } = edit(four, (f) => insertKeyEdit(f, f.docs[0]!, ['spec', 'template', 'spec'], 'restartPolicy', 'Never'));
  assert.equal(js.spec.template.spec.restartPolicy, 'Never');
  assert.match(out, /\n {8}spec:\n {12}restartPolicy: Never\n {12}containers:/);
});

test('insert creates missing intermediate maps with the file indentation', () => {
  const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n    name: x\nspec:\n    completions: 2\n';
  const { out, js } = edit(text, (f) => insertKeyEdit(f, f.docs[0]!, ['spec', 'template', 'spec'], 'restartPolicy', 'Never'));
  assert.equal(js.spec.template.spec.restartPolicy, 'Never');
  assert.equal(js.spec.completions, 2);
  assert.match(out, /\n {4}template:\n {8}spec:\n {12}restartPolicy: Never\n {4}completions: 2/);
});

test('insert into a map that is a sequence item', () => {
  const { js } = edit(two, (f) => insertKeyEdit(f, f.docs[0]!, ['spec', 'template', 'spec', 'containers', 0], 'imagePullPolicy', 'IfNotPresent'));
  assert.deepEqual(js.spec.template.spec.containers[0], { imagePullPolicy: 'IfNotPresent', name: 'main', image: 'busybox' });
});

test('insert into flow maps (empty and non-empty, nested creation)', () => {
  const a = edit('kind: Job\nspec: {completions: 3}\n', (f) => insertKeyEdit(f, f.docs[0]!, ['spec'], 'ttlSecondsAfterFinished', '600'));
  assert.deepEqual(a.js.spec, { completions: 3, ttlSecondsAfterFinished: 600 });
  const b = edit('kind: Job\nspec: {}\n', (f) => insertKeyEdit(f, f.docs[0]!, ['spec'], 'completions', '1'));
  assert.deepEqual(b.js.spec, { completions: 1 });
  const c = edit('kind: Job\nspec: { completions: 3 }\n', (f) => insertKeyEdit(f, f.docs[0]!, ['spec', 'template', 'spec'], 'restartPolicy', 'Never'));
  assert.deepEqual(c.js.spec, { completions: 3, template: { spec: { restartPolicy: 'Never' } } });
});

test('setValue replaces an existing scalar, fills an empty value, or inserts', () => {
  const a = edit('spec:\n  completionMode: indexed\n', (f) => setValueEdit(f, f.docs[0]!, ['spec', 'completionMode'], 'Indexed'));
  assert.equal(a.js.spec.completionMode, 'Indexed');
  const b = edit('spec:\n  completions:\n  parallelism: 2\n', (f) => setValueEdit(f, f.docs[0]!, ['spec', 'completions'], '2'));
  assert.deepEqual(b.js.spec, { completions: 2, parallelism: 2 });
  const c = edit('spec:\n  parallelism: 2\n', (f) => setValueEdit(f, f.docs[0]!, ['spec', 'completions'], '2'));
  assert.deepEqual(c.js.spec, { completions: 2, parallelism: 2 });
});

test('remove a sequence item: middle, last, only, flow', () => {
  const text = 'env:\n- name: A\n  value: "1"\n- name: B\n  value: "2"\n- name: C\n  value: "3"\nnext: 1\n';
  assert.deepEqual(edit(text, (f) => removeSeqItemEdit(f, f.docs[0]!, ['env'], 1)).js, { env: [{ name: 'A', value: '1' }, { name: 'C', value: '3' }], next: 1 });
  assert.deepEqual(edit(text, (f) => removeSeqItemEdit(f, f.docs[0]!, ['env'], 2)).js, { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], next: 1 });
  assert.deepEqual(edit('env:\n  - name: A\n    value: "1"\nnext: 1\n', (f) => removeSeqItemEdit(f, f.docs[0]!, ['env'], 0)).js, { env: [], next: 1 });
  assert.deepEqual(edit('env: [{name: A}, {name: B}]\n', (f) => removeSeqItemEdit(f, f.docs[0]!, ['env'], 0)).js, { env: [{ name: 'B' }] });
  assert.deepEqual(edit('env: [{name: A}, {name: B}]\n', (f) => removeSeqItemEdit(f, f.docs[0]!, ['env'], 1)).js, { env: [{ name: 'A' }] });
});

test('remove a map key: middle, last, only (leaves {}), flow', () => {
  const text = 'spec:\n  selector:\n    matchLabels:\n      a: b\n  completions: 2\n  template:\n    metadata:\n      labels:\n        job-name: x\n';
  assert.deepEqual(edit(text, (f) => removeKeyEdit(f, f.docs[0]!, ['spec', 'selector'])).js, { spec: { completions: 2, template: { metadata: { labels: { 'job-name': 'x' } } } } });
  assert.deepEqual(edit(text, (f) => removeKeyEdit(f, f.docs[0]!, ['spec', 'template'])).js, { spec: { selector: { matchLabels: { a: 'b' } }, completions: 2 } });
  assert.deepEqual(edit(text, (f) => removeKeyEdit(f, f.docs[0]!, ['spec', 'template', 'metadata', 'labels', { key: 'job-name' }])).js.spec.template, { metadata: { labels: {} } });
  assert.deepEqual(edit('m: {a: 1, b: 2, c: 3}\n', (f) => removeKeyEdit(f, f.docs[0]!, ['m', 'b'])).js, { m: { a: 1, c: 3 } });
  assert.deepEqual(edit('m: {a: 1, b: 2}\n', (f) => removeKeyEdit(f, f.docs[0]!, ['m', 'b'])).js, { m: { a: 1 } });
});
