/**
 * LSP tier: the BUILT server (server/out/server.js) over --stdio, real JSON-RPC.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, caret, root } from './lspClient';

const fixture = (n: string) => readFileSync(join(root, 'test', 'fixtures', n), 'utf8');
let c: LspClient;

before(async () => {
  c = new LspClient();
  const init = await c.initialize();
  assert.equal(init.capabilities.textDocumentSync.change, 2, 'incremental sync');
  assert.ok(init.capabilities.diagnosticProvider, 'pull diagnostics');
  assert.ok(init.capabilities.completionProvider && init.capabilities.hoverProvider && init.capabilities.codeActionProvider);
});

after(async () => {
  await c.shutdown();
});

test('tutorial fixtures have no errors; a Deployment in the same file is left alone', async () => {
  for (const f of ['indexed-job.yaml', 'indexed-job-fieldref.yaml', 'work-queue-job.yaml', 'pod-failure-policy-job.yaml', 'multi-doc.yaml']) {
    const uri = `file:///fx/${f}`;
    c.open(uri, fixture(f));
    const d = await c.diagnostics(uri);
    assert.deepEqual(d.filter((x: any) => x.severity === 1).map((x: any) => x.message), [], f);
  }
  const multi = await c.diagnostics('file:///fx/multi-doc.yaml');
  const text = fixture('multi-doc.yaml');
  const depStart = text.indexOf('kind: Deployment');
  const depEnd = text.indexOf('kind: CronJob');
  const lineOf = (o: number) => text.slice(0, o).split('\n').length - 1;
  assert.ok(multi.every((x: any) => x.range.start.line < lineOf(depStart) || x.range.start.line > lineOf(depEnd)), 'nothing inside the Deployment');
});

test('structural errors with API-server paths and exact ranges', async () => {
  const uri = 'file:///fx/invalid-job.yaml';
  const text = fixture('invalid-job.yaml');
  c.open(uri, text);
  const d = await c.diagnostics(uri);
  const errors = d.filter((x: any) => x.severity === 1);
  const by = (code: string) => errors.filter((x: any) => x.code === code).map((x: any) => x.data.path);
  assert.deepEqual(by('invalid-type'), ['spec.parallelism', 'spec.backoffLimit', 'spec.podFailurePolicy.rules[0].onPodConditions[0].status']);
  assert.deepEqual(by('unknown-field'), ['spec.completion']);
  const dup = d.filter((x: any) => x.code === 'duplicate-field');
  assert.deepEqual(dup.map((x: any) => [x.data.path, x.severity, x.range.start.line]), [['spec.template.spec.containers[0].imagePullPolicy', 2, 20]]);
  const two = errors.find((x: any) => x.data.path === 'spec.parallelism');
  const lines = text.split('\n');
  assert.equal(lines[two.range.start.line].slice(two.range.start.character, two.range.end.character), 'two');
  assert.equal(two.source, 'kjob');
});

test('incremental didChange updates diagnostics (one edit in the middle of a multi-doc file)', async () => {
  const uri = 'file:///fx/edit.yaml';
  const text = fixture('multi-doc.yaml');
  c.open(uri, text, 1);
  assert.equal((await c.diagnostics(uri)).filter((x: any) => x.severity === 1).length, 0);
  // Replace "concurrencyPolicy: Forbid" value with "Forbidd" → nothing structural; then break a type.
  const lines = text.split('\n');
  const li = lines.findIndex((l) => l.includes('backoffLimit: 2'));
  const ch = lines[li].indexOf('2');
  c.change(uri, 2, [{ range: { start: { line: li, character: ch }, end: { line: li, character: ch + 1 } }, text: 'x' }]);
  const d = await c.diagnostics(uri);
  const e = d.filter((x: any) => x.severity === 1);
  assert.deepEqual(e.map((x: any) => x.data.path), ['spec.jobTemplate.spec.backoffLimit']);
  assert.equal(e[0].range.start.line, li);
  // Undo.
  c.change(uri, 3, [{ range: { start: { line: li, character: ch }, end: { line: li, character: ch + 1 } }, text: '2' }]);
  assert.equal((await c.diagnostics(uri)).filter((x: any) => x.severity === 1).length, 0);
});

test('completion: keys, enum values, snippets; on half-typed YAML', async () => {
  const uri = 'file:///fx/complete.yaml';
  const { text, line, character } = caret('apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  completionMode: |\n  template:\n    spec:\n      containers:\n      - name: "unterminated\n');
  c.open(uri, text);
  const r = await c.request('textDocument/completion', { textDocument: { uri }, position: { line, character } });
  assert.deepEqual(r.items.map((i: any) => i.label).sort(), ['Indexed', 'NonIndexed']);
  const k = caret('apiVersion: batch/v1\nkind: Job\nspec:\n  |\n');
  c.change(uri, 2, [{ text: k.text }]);
  const r2 = await c.request('textDocument/completion', { textDocument: { uri }, position: { line: k.line, character: k.character } });
  const labels = r2.items.map((i: any) => i.label);
  assert.ok(labels.includes('backoffLimitPerIndex') && labels.includes('podFailurePolicy'));
  const snip = r2.items.find((i: any) => i.label === 'Indexed Job (JOB_COMPLETION_INDEX)');
  assert.ok(snip, 'Indexed Job snippet');
  assert.equal(snip.insertTextFormat, 2);
  assert.match(snip.textEdit.newText, /completionMode: Indexed[\s\S]*\\\$JOB_COMPLETION_INDEX/);
  assert.deepEqual(snip.textEdit.range, { start: { line: k.line, character: 2 }, end: { line: k.line, character: 2 } });
});

test('hover: description, type, path, default', async () => {
  const uri = 'file:///fx/hover.yaml';
  c.open(uri, fixture('indexed-job.yaml'));
  const lines = fixture('indexed-job.yaml').split('\n');
  const li = lines.findIndex((l) => l.includes('completionMode'));
  const h = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: li, character: 5 } });
  assert.equal(h.contents.kind, 'markdown');
  assert.match(h.contents.value, /\*\*completionMode\*\* `string \(enum\)`/);
  assert.match(h.contents.value, /`spec\.completionMode`/);
  assert.match(h.contents.value, /Default: `NonIndexed`/);
  assert.match(h.contents.value, /JOB_COMPLETION_INDEX/);
  assert.deepEqual(h.range.start, { line: li, character: 2 });
});

test('code action: quote an unquoted True', async () => {
  const uri = 'file:///fx/fix.yaml';
  const text = fixture('invalid-job.yaml');
  c.open(uri, text);
  const d = await c.diagnostics(uri);
  const t = d.find((x: any) => x.data.path === 'spec.podFailurePolicy.rules[0].onPodConditions[0].status');
  const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: t.range, context: { diagnostics: [t] } });
  const a = actions.find((x: any) => /Quote/.test(x.title));
  assert.ok(a, JSON.stringify(actions));
  assert.deepEqual(a.edit.changes[uri], [{ range: t.range, newText: '"True"' }]);
});

test('settings are read per resource: severity override turns a code off', async () => {
  c.settings = { kubernetesVersion: '1.36', lint: { severities: { 'unknown-field': 'off' } } };
  const refreshesBefore = c.serverRequests.filter((r) => r.method === 'workspace/diagnostic/refresh').length;
  c.notify('workspace/didChangeConfiguration', { settings: null });
  for (let i = 0; i < 100 && c.serverRequests.filter((r) => r.method === 'workspace/diagnostic/refresh').length === refreshesBefore; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(c.serverRequests.filter((r) => r.method === 'workspace/diagnostic/refresh').length, refreshesBefore + 1, 'asks the client to re-pull diagnostics');
  const uri = 'file:///fx/settings.yaml';
  c.open(uri, fixture('invalid-job.yaml'));
  const d = await c.diagnostics(uri);
  assert.ok(!d.some((x: any) => x.code === 'unknown-field'));
  assert.ok(c.serverRequests.some((r) => r.method === 'workspace/configuration' && r.params.items[0].section === 'kjob' && r.params.items[0].scopeUri === uri));
  c.settings = { kubernetesVersion: '1.36', lint: { severities: {} } };
  c.notify('workspace/didChangeConfiguration', { settings: null });
});

test('bad input over the wire: binary, deep nesting, tabs; the server stays up', async () => {
  const bin = Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
  c.open('file:///fx/bin.yaml', bin);
  assert.deepEqual(await c.diagnostics('file:///fx/bin.yaml'), []);
  const deep = `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  selector: ${'['.repeat(1000)}${']'.repeat(1000)}\n`;
  c.open('file:///fx/deep.yaml', deep);
  assert.ok((await c.diagnostics('file:///fx/deep.yaml')).some((x: any) => x.data.path === 'spec.selector'));
  c.open('file:///fx/tabs.yaml', 'apiVersion: batch/v1\nkind: Job\nmetadata:\n\tname: x\n');
  assert.ok((await c.diagnostics('file:///fx/tabs.yaml')).some((x: any) => x.code === 'yaml-syntax'));
  for (const uri of ['file:///fx/bin.yaml', 'file:///fx/deep.yaml', 'file:///fx/tabs.yaml']) {
    await c.request('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 1 } });
    await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 4 } });
  }
  assert.equal(c.proc.exitCode, null, 'server still running');
  const h = await c.request('textDocument/hover', { textDocument: { uri: 'file:///fx/deep.yaml' }, position: { line: 5, character: 4 } });
  assert.match(h.contents.value, /spec\.selector/);
});

test('closing a document drops it; requests for unknown documents return empty results', async () => {
  c.notify('textDocument/didClose', { textDocument: { uri: 'file:///fx/deep.yaml' } });
  assert.deepEqual(await c.diagnostics('file:///fx/deep.yaml'), []);
  assert.equal(await c.request('textDocument/hover', { textDocument: { uri: 'file:///fx/deep.yaml' }, position: { line: 5, character: 4 } }), null);
});

test("code action: a rule's quick fix arrives as a workspace edit that resolves the problem", async () => {
  const uri = 'file:///fx/rulefix.yaml';
  const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: fixme\nspec:\n  ttlSecondsAfterFinished: 60\n  template:\n    spec:\n      containers:\n      - name: main\n        image: busybox:1.36\n';
  c.open(uri, text, 1);
  const d = await c.diagnostics(uri);
  const rp = d.find((x: any) => x.code === 'api/restart-policy');
  assert.ok(rp, JSON.stringify(d.map((x: any) => x.code)));
  const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: rp.range, context: { diagnostics: [rp] } });
  const fix = actions.find((a: any) => /restartPolicy/.test(a.title));
  assert.ok(fix, JSON.stringify(actions.map((a: any) => a.title)));
  assert.equal(fix.kind, 'quickfix');
  // Apply the edits (from the end backwards) and re-check.
  const lines = text.split('\n');
  const offset = (p: any) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let fixed = text;
  for (const e of [...fix.edit.changes[uri]].sort((a: any, b: any) => offset(b.range.start) - offset(a.range.start))) {
    fixed = fixed.slice(0, offset(e.range.start)) + e.newText + fixed.slice(offset(e.range.end));
  }
  c.change(uri, 2, [{ text: fixed }]);
  const after = await c.diagnostics(uri);
  assert.ok(!after.some((x: any) => x.code === 'api/restart-policy'), fixed);
});

test('kjob.openapiFile: checks, completion and hover use that OpenAPI v3 document; a bad file falls back', async () => {
  const uri = 'file:///fx/openapi.yaml';
  const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  parallelism: 2\n  completions: 3\n  \n';
  c.settings = { kubernetesVersion: '1.36', lint: { severities: {} }, openapiFile: join(root, 'test', 'fixtures', 'openapi', 'tiny-batch-v1.json') };
  c.notify('workspace/didChangeConfiguration', { settings: null });
  c.open(uri, text);
  const d = await c.diagnostics(uri);
  assert.deepEqual(d.filter((x: any) => x.code === 'unknown-field').map((x: any) => x.data.path), ['spec.completions']);
  const r = await c.request('textDocument/completion', { textDocument: { uri }, position: { line: 7, character: 2 } });
  assert.deepEqual(r.items.filter((i: any) => i.kind === 5).map((i: any) => i.label).sort(), ['mode']);
  c.settings = { ...c.settings, openapiFile: join(root, 'test', 'fixtures', 'no-such-openapi.json') };
  c.notify('workspace/didChangeConfiguration', { settings: null });
  const back = await c.diagnostics(uri);
  assert.deepEqual(back.filter((x: any) => x.code === 'unknown-field'), []);
  assert.match(c.stderr + JSON.stringify(c.notifications), /cannot use .*no-such-openapi\.json/);
  c.settings = { kubernetesVersion: '1.36', lint: { severities: {} } };
  c.notify('workspace/didChangeConfiguration', { settings: null });
});

test('a big multi-document file (checked on two threads when opened) gets the same diagnostics and quick fixes as one thread', async () => {
  // ≥ 256 KB and ≥ 32 documents: the server checks the second half of the chunks in its worker.
  const docs: string[] = [];
  const kinds = ['indexed-job.yaml', 'work-queue-job.yaml', 'pod-failure-policy-job.yaml', 'multi-doc.yaml'];
  for (let i = 0; i < 420; i++) docs.push(i === 15 || i === 400 ? fixture('invalid-job.yaml') : fixture(kinds[i % kinds.length]));
  const text = docs.map((d) => d.replace(/^---\n/, '')).join('---\n');
  assert.ok(text.length >= 256 * 1024, `${text.length} characters`);
  // The first open starts the worker (it is used once it has warmed up): open the file again later.
  c.open('file:///fx/big-two-threads-first.yaml', text);
  await c.diagnostics('file:///fx/big-two-threads-first.yaml');
  await new Promise((r) => setTimeout(r, 1500));
  const uri = 'file:///fx/big-two-threads.yaml';
  c.open(uri, text);
  const d = await c.diagnostics(uri);
  const { LanguageService } = await import('../../server/src/service/languageService');
  const expected = new LanguageService().diagnostics({ uri, version: 1, getText: () => text });
  const errorLines = expected.filter((x) => x.severity === 1).map((x) => x.range.start.line);
  const half = text.split('\n').length / 2;
  assert.ok(errorLines.some((l) => l < half) && errorLines.some((l) => l > half), 'both invalid Jobs are reported');
  assert.deepEqual(d, JSON.parse(JSON.stringify(expected)));
  // A quick fix in the second half (a chunk the worker checked) still works.
  const last = d.filter((x: any) => x.data.path === 'spec.podFailurePolicy.rules[0].onPodConditions[0].status').at(-1);
  assert.ok(last.range.start.line > text.split('\n').length / 2, 'the problem is in the second half');
  const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: last.range, context: { diagnostics: [last] } });
  assert.ok(actions.find((x: any) => /Quote/.test(x.title)), JSON.stringify(actions));
});

test('the check worker (the server bundle as a worker thread) returns the same problems as checking here', async () => {
  const { CheckPool } = await import('../../server/src/service/checkWorker');
  const { checkFileDetailed, DEFAULT_CHECK_SETTINGS } = await import('../../core/check/check');
  const { parseFile } = await import('../../core/yaml/document');
  const { serverPath } = await import('./lspClient');
  const logs: string[] = [];
  const pool = new CheckPool({ script: serverPath, log: (m) => logs.push(m) });
  try {
    const texts = ['invalid-job.yaml', 'indexed-job.yaml', 'multi-doc.yaml'].map(fixture);
    const got = await pool.check(texts, DEFAULT_CHECK_SETTINGS);
    assert.ok(got, `the worker answered (${logs.join('; ')})`);
    const want = texts.map((t) => checkFileDetailed(parseFile(t), DEFAULT_CHECK_SETTINGS).problems);
    assert.deepEqual(got, JSON.parse(JSON.stringify(want)));
    assert.ok(got[0].some((p) => p.code === 'invalid-type'));
    // The service with this worker: once it is warm, opening a big file shares the chunks with it,
    // with the same diagnostics (and quick fixes) as checking on one thread.
    const { LanguageService } = await import('../../server/src/service/languageService');
    for (let i = 0; i < 100 && !pool.ready; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(pool.ready, 'the worker warmed up');
    const kinds = ['indexed-job.yaml', 'work-queue-job.yaml', 'pod-failure-policy-job.yaml', 'invalid-job.yaml'];
    const text = Array.from({ length: 600 }, (_, i) => fixture(kinds[i % kinds.length]).replace(/^---\n/, '')).join('---\n');
    const doc = { uri: 'file:///big.yaml', version: 1, getText: () => text };
    const before = pool.requested;
    const svc = new LanguageService({ pool });
    const d = await svc.diagnosticsAsync(doc);
    // How much the worker checks depends on the machine's load (this thread takes over whatever it
    // has not answered when this thread is done), but it is always given work.
    assert.ok(pool.requested > before, 'the worker was given chunks');
    assert.deepEqual(d, new LanguageService().diagnostics(doc));
    const last = d.filter((x) => x.data && (x.data as { path: string }).path === 'spec.podFailurePolicy.rules[0].onPodConditions[0].status').at(-1)!;
    const actions = svc.codeActions(doc, last.range, undefined, [last]);
    assert.ok(actions.some((a) => /Quote/.test(a.title)), JSON.stringify(actions));
  } finally {
    pool.dispose();
  }
});
