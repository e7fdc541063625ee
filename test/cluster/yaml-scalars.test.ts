/**
 * Plain scalars the way kubectl reads them (go-yaml v2 through sigs.k8s.io/yaml), on the real
 * kubectl and apiserver: the values kubectl sends back from a server dry-run must be the values kjob
 * reads from the same text, and kjob must report no type error where the server accepts the Job.
 * Fails (does not skip) when KUBECONFIG is missing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkText } from '../../core/check/check';
import { parseFile } from '../../core/yaml/document';
import { kubeconfigPath, kubectl } from '../harness/cluster';

// Plain scalars where YAML 1.1 as written and go-yaml v2 disagree, or nearly do.
const VALUES = ['.', 'e3', '.e3', '1:20', '1:20.5', '190:20:30', '.5', '5.', '1e3', '0x1F', '017', 'yes', 'Off', '~', '0b101', '1_000', '+12', '-.5e3'];

const job = (value: string) =>
  [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: yaml-scalars',
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '      - name: main',
    '        image: busybox',
    '        workingDir: .',
    '        env:',
    '        - name: V',
    `          value: ${value}`,
    '',
  ].join('\n');

for (const v of VALUES) {
  test(`env value ${v} (and workingDir: .): kjob reads it as kubectl does`, async () => {
    kubeconfigPath();
    const text = job(v);
    const r = await kubectl(['create', '--dry-run=server', '-n', 'default', '-o', 'json', '-f', '-'], { input: text });
    const errors = checkText(text).filter((p) => p.severity === 'error');
    if (r.code === 0) {
      // kubectl sent a string: kjob reads the same string and reports nothing.
      const sent = JSON.parse(r.stdout).spec.template.spec.containers[0];
      const ours = (parseFile(text).docs[0]!.doc.toJS() as { spec: { template: { spec: { containers: { workingDir: unknown; env: { value: unknown }[] }[] } } } }).spec.template.spec.containers[0]!;
      assert.equal(ours.env[0]!.value ?? undefined, sent.env[0].value, "null is an absent value"); // `~`: the server drops a null value
      assert.equal(ours.workingDir, sent.workingDir);
      assert.deepEqual(errors.map((p) => p.message), []);
    } else {
      // kubectl read a number or boolean, which the server refuses for a string field: kjob says so on that value.
      assert.match(r.stderr, /value|unmarshal|decode/i);
      assert.deepEqual(errors.map((p) => p.path), ['spec.template.spec.containers[0].env[0].value'], `kubectl: ${r.stderr.trim()}`);
    }
  });
}
