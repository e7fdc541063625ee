import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../core/yaml/document';
import { complete } from '../../core/completion/complete';
import { hover } from '../../core/hover/hover';
import { bundledSchema } from '../../core/schema/schema';

const schema = bundledSchema();
/** `|` marks the cursor. */
function at(src: string) {
  const offset = src.indexOf('|');
  const text = src.slice(0, offset) + src.slice(offset + 1);
  return { text, offset, file: parseFile(text) };
}
const labels = (src: string) => {
  const { file, offset } = at(src);
  return complete(file, offset, schema)?.items.map((i) => i.label) ?? [];
};
const item = (src: string, label: string) => {
  const { file, offset } = at(src);
  return complete(file, offset, schema)?.items.find((i) => i.label === label);
};

const head = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n';

test('JobSpec keys minus present ones, with snippets', () => {
  const l = labels(`${head}spec:\n  parallelism: 2\n  |\n  template:\n    spec: {}\n`);
  assert.ok(l.includes('completions'));
  assert.ok(l.includes('backoffLimitPerIndex'));
  assert.ok(!l.includes('parallelism'), 'present before');
  assert.ok(!l.includes('template'), 'present after');
  assert.ok(l.includes('Pod failure policy'));
  assert.ok(!l.includes('Indexed Job (JOB_COMPLETION_INDEX)'), 'would duplicate parallelism/template');
});

test('insert text fits the type', () => {
  const src = `${head}spec:\n  |\n`;
  assert.equal(item(src, 'completions')?.insertText, 'completions: $0');
  assert.equal(item(src, 'podFailurePolicy')?.insertText, 'podFailurePolicy:\n  $0');
  assert.equal(item(src, 'completionMode')?.insertText, 'completionMode: ${1|Indexed,NonIndexed|}');
  assert.equal(item(src, 'suspend')?.insertText, 'suspend: ${1|true,false|}');
  assert.equal(item(`${head}spec:\n  template:\n    spec:\n      |\n`, 'containers')?.insertText, 'containers:\n- name: $0');
});

test('root keys and kind values; CronJob jobTemplate paths', () => {
  assert.deepEqual(labels(`apiVersion: batch/v1\nkind: Job\n|`).sort(), ['metadata', 'spec', 'status']);
  assert.deepEqual(labels(`apiVersion: batch/v1\nkind: |`).sort(), ['CronJob', 'Job']);
  const l = labels(`apiVersion: batch/v1\nkind: CronJob\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      comp|`);
  assert.ok(l.includes('completionMode') && l.includes('completions'));
});

test('enum values and list items in half-typed, broken YAML', () => {
  // A dangling quote and a bad indent later in the document: still completes.
  const broken = `${head}spec:\n  template:\n    spec:\n      restartPolicy: |\n      containers:\n      - name: "oops\n   bad: [\n`;
  assert.deepEqual(labels(broken), ['Always', 'Never', 'OnFailure']);
  const l = labels(`${head}spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: b\n        imagePullPolicy: |`);
  assert.deepEqual(l, ['Always', 'IfNotPresent', 'Never']);
  const keys = labels(`${head}spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        im|\n`);
  assert.ok(keys.includes('image') && keys.includes('imagePullPolicy') && !keys.includes('name'));
  const inItem = labels(`${head}spec:\n  podFailurePolicy:\n    rules:\n    - |\n`);
  assert.ok(inItem.includes('action') && inItem.includes('onExitCodes'));
  const newItem = labels(`${head}spec:\n  template:\n    spec:\n      containers:\n      |\n`);
  assert.ok(newItem.includes('- name: '));
  assert.deepEqual(labels(`${head}spec:\n  podFailurePolicy:\n    rules:\n    - action: |\n`), ['Count', 'FailIndex', 'FailJob', 'Ignore']);
});

test('other documents get nothing', () => {
  assert.deepEqual(labels(`apiVersion: apps/v1\nkind: Deployment\nspec:\n  |\n`), []);
  assert.deepEqual(labels(`apiVersion: batch/v1\nkind: Job\n---\napiVersion: v1\nkind: ConfigMap\n|\n`), []);
});

test('hover: description, type, path, default, controller note', () => {
  const { file, offset } = at(`${head}spec:\n  backoff|Limit: 3\n  template:\n    spec:\n      containers:\n      - name: a\n        image: b\n`);
  const h = hover(file, offset, schema)!;
  assert.ok(h);
  assert.match(h.markdown, /\*\*backoffLimit\*\* `integer \(int32\)`/);
  assert.match(h.markdown, /`spec\.backoffLimit`/);
  assert.match(h.markdown, /Default: `6`/);
  assert.match(h.markdown, /Job controller:.*BackoffLimitExceeded/);
  const img = at(`${head}spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: bu|sybox\n`);
  const hi = hover(img.file, img.offset, schema)!;
  assert.match(hi.markdown, /`spec\.template\.spec\.containers\[0\]\.image`/);
  const lab = at(`${head}  labels:\n    a|pp: x\nspec: {}\n`);
  assert.match(hover(lab.file, lab.offset, schema)!.markdown, /`metadata\.labels\[app\]`/);
  const other = at(`apiVersion: v1\nkind: Pod\nspec:\n  restart|Policy: Never\n`);
  assert.equal(hover(other.file, other.offset, schema), undefined);
});

test('block scalar list items are skipped; nested lists and comments', () => {
  const afterBlock = labels(`${head}spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        args:\n        - >\n          echo\n          done\n        ^\n`.replace('^', '|'));
  assert.ok(afterBlock.includes('image') && !afterBlock.includes('name'), afterBlock.join());
  const env = labels(`${head}spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        env:\n        - name: X\n          |\n`);
  assert.deepEqual(env.sort(), ['value', 'valueFrom']);
  const commented = labels(`${head}# c\nspec:\n  # another\n  |\n`);
  assert.ok(commented.includes('completions'));
});

test('system-populated fields sort last', () => {
  const { file, offset } = at(`${head}  |\nspec: {}\n`);
  const items = complete(file, offset, schema)!.items;
  const uid = items.find((i) => i.label === 'uid')!;
  const labelsItem = items.find((i) => i.label === 'labels')!;
  assert.ok(uid.sortText! > labelsItem.sortText!);
  assert.match(uid.detail!, /set by the system/);
});

test('fieldRef.fieldPath offers the documented fields and the completion-index annotation', () => {
  const l = labels(`${head}spec:\n  completionMode: Indexed\n  template:\n    spec:\n      containers:\n      - name: a\n        env:\n        - name: I\n          valueFrom:\n            fieldRef:\n              fieldPath: |\n`);
  assert.ok(l.includes("metadata.annotations['batch.kubernetes.io/job-completion-index']"), l.join());
  assert.ok(l.includes('metadata.name') && l.includes('status.podIP'));
});

test('renaming an existing key inserts the name only', () => {
  const it = item(`${head}spec:\n  compl|etions: 3\n`, 'completionMode');
  assert.equal(it?.insertText, 'completionMode');
  const { file, offset } = at(`${head}spec:\n  compl|etions: 3\n`);
  const r = complete(file, offset, schema)!;
  assert.equal(file.text.slice(r.start, r.end), 'completions');
});

test('values right after the colon keep the space', () => {
  assert.equal(item(`${head}spec:\n  completionMode:|\n`, 'Indexed')?.insertText, ' Indexed');
  assert.equal(item(`${head}spec:\n  completionMode: |\n`, 'Indexed')?.insertText, 'Indexed');
});

test('a typed space opens value lists only, never key lists', () => {
  const v = at(`${head}spec:\n  completionMode: |\n`);
  assert.deepEqual(complete(v.file, v.offset, schema, { triggerCharacter: ' ' })?.items.map((i) => i.label), ['Indexed', 'NonIndexed']);
  const k = at(`${head}spec:\n  |\n`);
  assert.equal(complete(k.file, k.offset, schema, { triggerCharacter: ' ' }), undefined);
  assert.ok(complete(k.file, k.offset, schema)!.items.length > 10);
});

test('field documentation includes the default', () => {
  assert.match(item(`${head}spec:\n  |\n`, 'backoffLimit')!.documentation!, /Default: `6`/);
});

test('CRLF documents complete the same', () => {
  const src = `${head}spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        imagePullPolicy: |\n        image: b\n`.replace(/\n/g, '\r\n');
  assert.deepEqual(labels(src), ['Always', 'IfNotPresent', 'Never']);
  const keys = labels(`${head}spec:\n  parallelism: 1\n  |\n  template: {}\n`.replace(/\n/g, '\r\n'));
  assert.ok(keys.includes('completions') && !keys.includes('parallelism') && !keys.includes('template'));
});

test('no completion inside comments; a # inside quotes is not a comment', () => {
  assert.deepEqual(labels(`${head}spec:\n  # comp|\n`), []);
  assert.deepEqual(labels(`${head}spec:\n  completionMode: Indexed # or |\n`), []);
  assert.ok(labels(`${head}  annotations:\n    a: "#x"\nspec:\n  |\n`).includes('completions'));
});

test('hover works on a key the YAML parser cannot place (broken YAML)', () => {
  const { file, offset } = at(`${head}spec:\n  template:\n    spec:\n      containers:\n      - name: "oops\n        imagePull|Policy: x\n`);
  const h = hover(file, offset, schema);
  assert.ok(h);
  assert.match(h.markdown, /`spec\.template\.spec\.containers\[0\]\.imagePullPolicy`/);
});
