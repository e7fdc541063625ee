/**
 * LSP tier, version awareness over the wire (the BUILT server): a 1.37 field is a warning, not an
 * unknown-field error; the message follows `kjob.kubernetesVersion` (1.37: gate off by default, 1.36:
 * unknown to that server); hover shows the field's description and version facts.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './lspClient';

const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: v
spec:
  scheduling:
    schedulingPolicy: {}
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
`;
let c: LspClient;

before(async () => {
  c = new LspClient();
  await c.initialize();
});

after(async () => {
  await c.shutdown();
});

async function setVersion(v: string): Promise<void> {
  const before = c.serverRequests.filter((r) => r.method === 'workspace/diagnostic/refresh').length;
  c.settings = { kubernetesVersion: v, lint: { severities: {} } };
  c.notify('workspace/didChangeConfiguration', { settings: null });
  for (let i = 0; i < 100 && c.serverRequests.filter((r) => r.method === 'workspace/diagnostic/refresh').length === before; i++) await new Promise((r) => setTimeout(r, 50));
}

test('spec.scheduling: a warning that follows kjob.kubernetesVersion, never an unknown-field error', async () => {
  const uri = 'file:///fx/versions.yaml';
  await setVersion('1.37');
  c.open(uri, text);
  let d = await c.diagnostics(uri);
  assert.deepEqual(d.filter((x: any) => x.severity === 1), [], 'no errors');
  let w = d.find((x: any) => x.code === 'api/version-skew');
  assert.ok(w, JSON.stringify(d));
  assert.equal(w.severity, 2);
  assert.deepEqual(w.range.start, { line: 5, character: 2 });
  assert.match(w.message, /feature gate WorkloadWithJob \(alpha in 1\.37, off by default\).*silently drops this field/);
  await setVersion('1.36');
  d = await c.diagnostics(uri);
  assert.deepEqual(d.filter((x: any) => x.severity === 1), [], 'no errors');
  w = d.find((x: any) => x.code === 'api/version-skew');
  assert.match(w.message, /the 1\.36 API server does not know this field.*strict decoding error: unknown field "spec\.scheduling"/);
});

test('hover on spec.scheduling: description and version facts', async () => {
  const uri = 'file:///fx/versions-hover.yaml';
  c.open(uri, text);
  const h = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 4 } });
  assert.match(h.contents.value, /\*\*scheduling\*\* `JobSchedulingConfiguration`/);
  assert.match(h.contents.value, /Workload-aware Scheduling configuration/);
  assert.match(h.contents.value, /new in 1\.37; feature gate `WorkloadWithJob`: alpha in 1\.37, off by default/);
});
