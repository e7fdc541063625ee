/**
 * LSP tier: API-server-parity diagnostics, lints and their quick fixes through the BUILT server over
 * stdio: codes, field paths, ranges on the offending value or nearest parent key, code actions whose
 * edits produce valid YAML that no longer has the problem.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { LspClient } from './lspClient';

let c: LspClient;
before(async () => {
  c = new LspClient();
  await c.initialize();
  c.settings = { kubernetesVersion: '1.37', lint: { severities: {} } };
  c.notify('workspace/didChangeConfiguration', { settings: null });
});
after(async () => {
  await c.shutdown();
});

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
    name: shard
spec:
    completionMode: indexed
    parallelism: 4
    template:
        spec:
            containers:
            -   name: worker
                image: busybox:1.36
                env:
                -   name: JOB_COMPLETION_INDEX
                    value: "0"
`;

function applyLsp(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const off = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

test('API-server errors and lints arrive with codes, paths and ranges on the right text', async () => {
  const uri = 'file:///rules/shard.yaml';
  c.open(uri, JOB);
  const d = await c.diagnostics(uri);
  const lines = JOB.split('\n');
  const textOf = (x: any) => lines[x.range.start.line]!.slice(x.range.start.character, x.range.end.character);
  const mode = d.find((x: any) => x.code === 'api/completion-mode');
  assert.ok(mode, JSON.stringify(d));
  assert.equal(mode.severity, 1);
  assert.equal(mode.data.path, 'spec.completionMode');
  assert.equal(textOf(mode), 'indexed');
  const rp = d.find((x: any) => x.code === 'api/restart-policy');
  assert.equal(rp.data.path, 'spec.template.spec.restartPolicy');
  assert.equal(textOf(rp), 'spec', 'missing field: underlined on the nearest existing parent key');
  assert.equal(rp.range.start.line, 8);
  const lit = d.find((x: any) => x.code === 'job/literal-completion-index');
  assert.equal(lit.severity, 2);
  assert.equal(textOf(lit), '"0"');
});

test('quick fixes over LSP: fix enum case, add completions, set restartPolicy, remove the literal index; result is valid and clean', async () => {
  const uri = 'file:///rules/fix.yaml';
  let text = JOB;
  let version = 1;
  c.open(uri, text, version);
  // fixing the enum case makes the Indexed rules apply: completions is then required (parallelism is set)
  for (const code of ['api/completion-mode', 'api/completion-mode', 'api/restart-policy', 'job/literal-completion-index']) {
    const d = await c.diagnostics(uri);
    const diag = d.find((x: any) => x.code === code);
    assert.ok(diag, `${code} in ${JSON.stringify(d.map((x: any) => x.code))}`);
    const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
    const a = actions.find((x: any) => x.kind === 'quickfix' && x.edit?.changes?.[uri]);
    assert.ok(a, `a quick fix for ${code}: ${JSON.stringify(actions)}`);
    text = applyLsp(text, a.edit.changes[uri]);
    parse(text); // throws on invalid YAML
    c.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
  }
  const after = await c.diagnostics(uri);
  assert.deepEqual(after.filter((x: any) => x.severity === 1).map((x: any) => `${x.code} ${x.data.path}`), []);
  assert.match(text, /\n {4}completionMode: Indexed\n/);
  assert.match(text, /\n {4}completions: 4\n/);
  assert.match(text, /\n {12}restartPolicy: Never\n {12}containers:/, '4-space indentation kept');
  assert.ok(!text.includes('JOB_COMPLETION_INDEX'));
});

test('lint severities from settings: change and turn off', async () => {
  const uri = 'file:///rules/sev.yaml';
  const text = JOB.replace('completionMode: indexed', 'completionMode: Indexed\n    completions: 4');
  c.settings = { kubernetesVersion: '1.37', lint: { severities: { 'job/literal-completion-index': 'error', 'job/missing-ttl': 'off' } } };
  c.notify('workspace/didChangeConfiguration', { settings: null });
  c.open(uri, text);
  const d = await c.diagnostics(uri);
  assert.equal(d.find((x: any) => x.code === 'job/literal-completion-index')?.severity, 1);
  assert.ok(!d.some((x: any) => x.code === 'job/missing-ttl'));
  c.settings = { kubernetesVersion: '1.37', lint: { severities: {} } };
  c.notify('workspace/didChangeConfiguration', { settings: null });
});
