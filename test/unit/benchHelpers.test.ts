// Unit tests for the benchmark helpers (scripts/bench/): the LSP stdio client, the schema
// converter, the input generator, statistics, the BENCHMARKS.md block writer and the profile
// summarizer. No timing assertions: benchmarks are not tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseAllDocuments } from 'yaml';
import { FrameDecoder, LspClient, encodeFrame } from '../../scripts/bench/lspClient';
import { toJsonSchema, typeToJsonSchema, QUANTITY_PATTERN } from '../../scripts/bench/jsonSchema';
import { bigJobFile, invalidJobs, jobYaml, multiJobFile, positionAt, validJobs } from '../../scripts/bench/gen';
import { median, pairedRatio, percentile, summarize } from '../../scripts/bench/stats';
import { anchor, placeBefore, readBlock, removeBlock, replaceBlock, RESULTS_FILE, writeSection, type Section } from '../../scripts/bench/report';
import { lspSection } from '../../scripts/bench/lspReport';
import type { LspBenchResult } from '../../scripts/bench/lsp';
import { decodeMappings, summarizeProfile } from '../../scripts/bench/profile';
import { bundledSchema } from '../../core/schema/schema';
import type { SchemaData } from '../../core/schema/types';

test('FrameDecoder: frames split across chunks, several per chunk, multi-byte bodies', () => {
  const a = encodeFrame({ jsonrpc: '2.0', id: 1, result: { text: 'héllo ✓' } });
  const b = encodeFrame({ jsonrpc: '2.0', method: 'x', params: [1, 2] });
  const all = Buffer.concat([a, b]);
  const dec = new FrameDecoder();
  const got = [];
  for (let i = 0; i < all.length; i += 7) got.push(...dec.push(all.subarray(i, i + 7)));
  assert.deepEqual(got, [
    { jsonrpc: '2.0', id: 1, result: { text: 'héllo ✓' } },
    { jsonrpc: '2.0', method: 'x', params: [1, 2] },
  ]);
  assert.deepEqual(new FrameDecoder().push(all).length, 2);
  assert.throws(() => new FrameDecoder().push(Buffer.from('Bogus: 1\r\n\r\n{}')), /Content-Length/);
});

// A tiny LSP server: answers initialize, asks the client for configuration when a document opens,
// and publishes one diagnostic per line of the document, echoing the configuration value.
const FAKE_SERVER = `
let buf = Buffer.alloc(0); let next = 100; const pending = new Map();
const send = (m) => { const b = Buffer.from(JSON.stringify(m)); process.stdout.write('Content-Length: ' + b.length + '\\r\\n\\r\\n'); process.stdout.write(b); };
process.stdin.on('data', (c) => {
  buf = Buffer.concat([buf, c]);
  for (;;) {
    const h = buf.indexOf('\\r\\n\\r\\n'); if (h < 0) return;
    const len = Number(/Content-Length: (\\d+)/.exec(buf.subarray(0, h).toString())[1]);
    if (buf.length < h + 4 + len) return;
    const m = JSON.parse(buf.subarray(h + 4, h + 4 + len).toString()); buf = buf.subarray(h + 4 + len);
    if (m.method === 'initialize') send({ jsonrpc: '2.0', id: m.id, result: { capabilities: { hoverProvider: true } } });
    else if (m.method === 'textDocument/hover') send({ jsonrpc: '2.0', id: m.id, result: { contents: 'line ' + m.params.position.line } });
    else if (m.method === 'shutdown') send({ jsonrpc: '2.0', id: m.id, result: null });
    else if (m.method === 'exit') process.exit(0);
    else if (m.method === 'textDocument/didOpen') {
      const id = next++; const doc = m.params.textDocument;
      pending.set(id, doc);
      send({ jsonrpc: '2.0', id, method: 'workspace/configuration', params: { items: [{ section: 'fake' }] } });
    } else if (m.id !== undefined && pending.has(m.id)) {
      const doc = pending.get(m.id); pending.delete(m.id);
      const diagnostics = doc.text.split('\\n').filter(Boolean).map((l, i) => ({ range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } }, message: m.result[0].prefix + l }));
      send({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: doc.uri, version: doc.version, diagnostics } });
    }
  }
});
`;

test('LspClient: requests, server-to-client configuration requests, pushed diagnostics, memory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kjob-lspclient-'));
  const script = join(dir, 'fake-server.js');
  writeFileSync(script, FAKE_SERVER);
  const c = new LspClient(script, [], { settings: { fake: { prefix: 'seen: ' } } });
  try {
    const init = await c.initialize('file:///tmp');
    assert.equal(init.capabilities.hoverProvider, true);
    const uri = 'file:///tmp/a.yaml';
    const diags = c.nextDiagnostics(uri, 1);
    c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'a\nb\n' } });
    const d = await diags;
    assert.equal(d.version, 1);
    assert.deepEqual(
      d.diagnostics.map((x) => (x as { message: string }).message),
      ['seen: a', 'seen: b'],
    );
    assert.deepEqual(await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 0 } }), { contents: 'line 3' });
    const m = c.memory();
    assert.ok(m.rssMiB > 1 && m.hwmMiB >= m.rssMiB, JSON.stringify(m));
  } finally {
    await c.shutdown();
  }
  assert.notEqual(c.proc.exitCode ?? c.proc.signalCode, null);
});

test('LspClient: a request fails (not hangs) when the server exits', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kjob-lspclient-'));
  const script = join(dir, 'dies.js');
  writeFileSync(script, 'process.stdin.once("data", () => process.exit(3));');
  const c = new LspClient(script, []);
  await assert.rejects(c.request('initialize', {}), /server exited \(3\)/);
});

test('stats: nearest-rank percentiles, median, paired ratios', () => {
  const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
  assert.equal(median(xs), 5.5);
  assert.equal(percentile(xs, 95), 10);
  assert.equal(percentile(xs, 50), 5);
  assert.equal(percentile([7], 95), 7);
  assert.ok(Number.isNaN(percentile([], 95)));
  assert.deepEqual(summarize([3, 1, 2]), { n: 3, median: 2, p95: 3, min: 1, max: 3 });
  // Pairs (1/10, 4/20, 9/30) -> ratios 0.1, 0.2, 0.3 -> median 0.2 (not median(a)/median(b) = 0.2 by chance: check order matters)
  assert.equal(pairedRatio([1, 4, 9], [10, 20, 30]), 0.2);
  assert.equal(pairedRatio([9, 4, 1], [10, 20, 30]), 0.2);
  assert.equal(pairedRatio([30, 1, 1], [10, 10, 1]), 1);
});

test('jsonSchema: type mapping (nullable optional fields, enums, int32 range, quantity)', () => {
  assert.deepEqual(typeToJsonSchema({ kind: 'integer', format: 'int32' }, false), { type: 'integer', format: 'int32', minimum: -2147483648, maximum: 2147483647 });
  assert.deepEqual(typeToJsonSchema({ kind: 'string', enum: ['A', 'B'] }), { type: ['string', 'null'], enum: ['A', 'B', null] });
  assert.deepEqual(typeToJsonSchema({ kind: 'object', ref: 'X' }), { anyOf: [{ $ref: '#/definitions/X' }, { type: 'null' }] });
  assert.deepEqual(typeToJsonSchema({ kind: 'map', values: { kind: 'string' } }, false), { type: 'object', additionalProperties: { type: 'string' } });
  const q = new RegExp(QUANTITY_PATTERN);
  for (const ok of ['100m', '128Mi', '1', '0.5', '1e3', '2Gi', '+1k', '.5']) assert.ok(q.test(ok), ok);
  for (const bad of ['100MB', '1.2.3', 'Mi', '', '1 Gi', '10mi']) assert.ok(!q.test(bad), bad);
});

test('jsonSchema: a small schema converts to a strict, self-contained JSON Schema', () => {
  const data: SchemaData = {
    sources: {},
    release: 'release-test',
    roots: { Job: 'J', CronJob: 'C' },
    types: {
      J: { displayName: 'Job', fields: { apiVersion: { type: { kind: 'string' } }, kind: { type: { kind: 'string' } }, spec: { type: { kind: 'object', ref: 'S' } } } },
      S: {
        displayName: 'JobSpec',
        required: ['template'],
        fields: {
          parallelism: { type: { kind: 'integer', format: 'int32' }, description: 'how many', default: 1 },
          template: { type: { kind: 'object', ref: 'T' } },
          tags: { type: { kind: 'array', items: { kind: 'object', ref: 'T' } } },
        },
      },
      T: { displayName: 'Template', fields: { name: { type: { kind: 'string' } } } },
      C: { displayName: 'CronJob', fields: { unrelated: { type: { kind: 'object', ref: 'U' } } } },
      U: { displayName: 'Unreachable from Job', fields: {} },
    },
  };
  const s = toJsonSchema(data, 'Job') as any;
  assert.equal(s.additionalProperties, false);
  assert.deepEqual(s.properties.apiVersion.enum, ['batch/v1']);
  assert.deepEqual(s.properties.kind.enum, ['Job']);
  assert.deepEqual(Object.keys(s.definitions).sort(), ['J', 'S', 'T']);
  assert.deepEqual(s.definitions.S.required, ['template']);
  assert.deepEqual(s.definitions.S.properties.template, { $ref: '#/definitions/T' }, 'required fields are not nullable');
  assert.equal(s.definitions.S.properties.parallelism.description, 'how many');
  assert.equal(s.definitions.S.properties.parallelism.default, 1);
  assert.deepEqual(s.definitions.S.properties.tags.items, { $ref: '#/definitions/T' });
});

test('jsonSchema: the bundled kjob schema converts with every $ref resolvable and enums kept', () => {
  const s = toJsonSchema(bundledSchema().data, 'Job') as any;
  const defs = s.definitions as Record<string, any>;
  const refs = new Set<string>();
  JSON.stringify(s, (k, v) => {
    if (k === '$ref') refs.add(v);
    return v;
  });
  assert.ok(refs.size > 20);
  for (const r of refs) assert.ok(defs[r.replace('#/definitions/', '')], `unresolved ${r}`);
  for (const d of Object.values(defs)) assert.equal(d.additionalProperties, false);
  const spec = defs[(s.properties.spec.anyOf ?? [s.properties.spec])[0].$ref.replace('#/definitions/', '')];
  assert.ok(spec.properties.completionMode.enum.includes('Indexed'), 'completionMode enum from Kubernetes');
  assert.equal(spec.properties.parallelism.maximum, 2147483647);
});

test('gen: generated files are valid YAML with the expected documents and probe positions', () => {
  for (const n of [1, 100]) {
    const f = multiJobFile(n);
    const docs = parseAllDocuments(f.text);
    assert.equal(Array.isArray(docs) ? docs.length : 0, n);
    for (const d of docs as any[]) assert.deepEqual(d.errors, []);
    const lines = f.text.split('\n');
    const at = (p: { line: number; character: number }) => lines[p.line]!.slice(0, p.character);
    assert.match(lines[f.hover[0]!.position.line]!, /^ {2}parallelism: /);
    assert.equal(at(f.completion[0]!.position), '  parallel');
    assert.equal(at(f.completion[1]!.position).trim(), 'restartPolicy:');
    assert.equal(at(f.completion[2]!.position).trim(), 'imagePull');
    assert.equal(lines[f.edit.position.line]![f.edit.position.character], '0');
    assert.match(lines[f.edit.position.line]!, /ttlSecondsAfterFinished: 3600/);
  }
  const big = bigJobFile(2000);
  assert.ok(big.lines >= 2000 && big.lines < 2100, String(big.lines));
  const docs = parseAllDocuments(big.text) as any[];
  assert.equal(docs.length, 1);
  assert.deepEqual(docs[0].errors, []);
  assert.ok(big.completion[2]!.position.line > 1900);
  assert.deepEqual(positionAt('ab\ncd', 4), { line: 1, character: 1 });
});

test('gen: every invalid case differs from a valid Job and parses; names are unique', () => {
  const cases = [...invalidJobs(), ...validJobs()];
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
  const valid = new Set([0, 1, 2, 3].map(jobYaml));
  for (const c of invalidJobs()) {
    assert.ok(!valid.has(c.text), `${c.name} is unchanged`);
    const d = parseAllDocuments(c.text) as any[];
    assert.equal(d.length, 1, c.name);
    assert.deepEqual(d[0].errors, [], c.name);
    assert.equal(d[0].toJS().kind, 'Job');
  }
});

test('report: replaceBlock rewrites only its block and keeps hand-written sections', () => {
  const hand = '# Title\n\n## Control plane build\n\ncold 10 s\n';
  const a = replaceBlock(hand, 'lsp', 'first');
  assert.ok(a.startsWith(hand));
  assert.equal(readBlock(a, 'lsp'), 'first');
  const b = replaceBlock(a + '\n## Notes\nkeep me\n', 'lsp', 'second');
  assert.equal(readBlock(b, 'lsp'), 'second');
  assert.ok(b.includes('cold 10 s') && b.includes('keep me') && !b.includes('first'));
  const c = replaceBlock(b, 'sim', 'sim figures');
  assert.equal(readBlock(c, 'lsp'), 'second');
  assert.equal(readBlock(c, 'sim'), 'sim figures');
});

test('profile: self time per function and file from samples, idle excluded', () => {
  const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0, columnNumber: 0 });
  const s = summarizeProfile({
    startTime: 0,
    endTime: 10_000,
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 4] },
      { id: 2, callFrame: frame('hot', 'file:///x/a.js') },
      { id: 3, callFrame: frame('cold', 'file:///x/b.js') },
      { id: 4, callFrame: frame('(idle)', '') },
    ],
    samples: [2, 2, 3, 4, 2],
    timeDeltas: [0, 1000, 1000, 1000, 5000],
  });
  assert.equal(s.byFunction[0]!.name.startsWith('hot'), true);
  assert.equal(s.byFunction[0]!.selfMs, 2);
  assert.equal(s.totalMs, 3);
  assert.deepEqual(s.byFile.map((f) => f.name), ['/x/a.js', '/x/b.js']);
});

test('profile: source-map VLQ decoding maps generated columns to source files', () => {
  // line 0: col 0 -> source 0; line 1: col 0 -> source 0, col 4 -> source 1 ("ICAA": +4 col, +1 source)
  assert.deepEqual(decodeMappings('AAAA;AAAA,ICAA'), [[[0, 0]], [[0, 0], [4, 1]]]);
  // Negative deltas: "D" is -1 ("IAAA" then "DAAA" back one column).
  assert.deepEqual(decodeMappings('IAAA,DAAA'), [[[4, 0], [3, 0]]]);
  // Multi-digit VLQ: "gB" = 16.
  assert.deepEqual(decodeMappings('gBAAA'), [[[16, 0]]]);
});

test('report: the summary block sits before the first benchmark block and moves there on rewrite', () => {
  let doc = replaceBlock(replaceBlock('# B\n\n## Control plane build\n\nhand\n', 'lsp', 'L'), 'sim', 'S');
  doc = placeBefore(doc, 'summary', 'sum 1', ['lsp', 'sim']);
  assert.ok(doc.indexOf('sum 1') < doc.indexOf('<!-- bench:lsp:begin -->') && doc.indexOf('hand') < doc.indexOf('sum 1'));
  doc = placeBefore(doc, 'summary', 'sum 2', ['lsp', 'sim']);
  assert.equal(doc.split('bench:summary:begin').length, 2);
  assert.equal(readBlock(doc, 'summary'), 'sum 2');
  assert.equal(readBlock(doc, 'lsp'), 'L');
  assert.ok(doc.includes('hand'));
  assert.equal(readBlock(placeBefore('# only\n', 'summary', 'x', ['lsp']), 'summary'), 'x');
});

test('lsp report: issue #17 targets take the worst file of 2,000+ lines, and the many-files rows', async () => {
  const { lspSection } = await import('../../scripts/bench/lspReport');
  const server = (id: 'kjob' | 'yls-kjob', open: number[], edit: number[]) => ({
    server: id, label: id, pull: id === 'kjob', open, openCompute: open, edit, editCompute: edit, diagEditCompute: edit,
    completion: [1, 2], hover: [1, 2], completionByProbe: {}, hoverByProbe: {}, completionItems: {}, hoverFound: {},
    diagnosticsOnOpen: 0, firstDiagnostics: [], rssMiB: 100, hwmMiB: id === 'kjob' ? 150 : 900,
  });
  const file = (name: string, lines: number, kjob: number) => ({ file: name, lines, bytes: 1, documents: 1, rounds: 1, parse: [1000], servers: [server('kjob', [kjob], [5]), server('yls-kjob', [4000], [3000])] });
  const many = { files: 50, jobsPerFile: 200, bytes: 1e6, editDuring: [10, 12, 30], checkedAtEdit: [1, 20, 49], editAfter: [1], allCheckedMs: 5000, diagnostics: 9, rssBeforeMiB: 60, rssPeakMiB: 160, rssAllOpenMiB: 150, rssAfterCloseMiB: 100, hwmMiB: 170 };
  const s = lspSection({ files: [file('jobs-1', 68, 5), file('real-a-2000', 100000, 800), file('real-b-2000', 100000, 1600)], cases: [], ylsVersion: 'x', many }, 'cmd');
  const t = (name: string) => s.targets.find((x) => x.name.startsWith(name));
  assert.equal(t('open → diagnostics vs yaml-language-server')?.measured, '0.40× (real-b-2000)');
  assert.equal(t('open → diagnostics vs yaml-language-server')?.ok, false);
  assert.equal(t('open → diagnostics vs `yaml` parse-only')?.ok, false, '1.6× a bare parse misses ≤ 1.0×');
  assert.equal(t('one-char edit → diagnostics, median')?.ok, true);
  assert.equal(t('memory given back')?.ok, true, '60% of the growth given back');
  assert.equal(t('typing in 1 of 50 files while the others are checked, median')?.measured, '12.0 ms');
  assert.match(s.body, /#### Many open files: 50 files of 200 Jobs/);
});

test('report: a run writes its figures to BENCHMARKS.md and its long tables to the results file, linked', () => {
  const hand = '# Benchmarks\n\n## Method\n\nhand-written\n';
  const lsp: Section = { id: 'lsp', title: 'Language server vs yaml-language-server', body: 'short table', targets: [{ name: 't', target: '≤ 1', measured: '0.5', ok: true }], details: 'case 1 | ok\ncase 2 | ok' };
  const footer = ['Measured then.', 'Run time: 1 s.'];
  let docs = writeSection({ bench: hand, results: '' }, lsp, footer);
  const bench = readBlock(docs.bench, 'lsp')!;
  assert.ok(docs.bench.startsWith(hand), 'hand-written text kept');
  assert.match(bench, /short table/);
  assert.match(bench, /\| t \| ≤ 1 \| 0\.5 \| met \|/);
  assert.match(bench, /Measured then\.\nRun time: 1 s\.$/);
  assert.ok(!bench.includes('case 1'), 'the long table is not in BENCHMARKS.md');
  assert.ok(bench.includes(`(${RESULTS_FILE}#language-server-vs-yaml-language-server)`), bench);
  // The results file gets a header once, then one block per part, with a heading the link finds.
  assert.match(docs.results, /^# Benchmark results/);
  const results = readBlock(docs.results, 'lsp')!;
  assert.ok(results.startsWith('## Language server vs yaml-language-server\n') && results.includes('case 2 | ok') && results.endsWith('Run time: 1 s.'));
  assert.equal(anchor('## Language server vs yaml-language-server'.slice(3)), 'language-server-vs-yaml-language-server');
  // A second part without long tables: BENCHMARKS.md only; the lsp results stay.
  docs = writeSection(docs, { id: 'sim', title: 'Simulator', body: 'sim figures', targets: [] }, footer);
  assert.match(readBlock(docs.bench, 'sim')!, /sim figures/);
  assert.ok(!readBlock(docs.bench, 'sim')!.includes(RESULTS_FILE));
  assert.equal(readBlock(docs.results, 'sim'), undefined);
  assert.equal(readBlock(docs.results, 'lsp'), results);
  // A rerun of lsp that failed (no tables) drops its stale per-case block.
  docs = writeSection(docs, { id: 'lsp', title: 'lsp', body: 'Failed to run', targets: [] }, footer);
  assert.equal(readBlock(docs.results, 'lsp'), undefined);
  assert.match(docs.results, /^# Benchmark results/);
  assert.equal(removeBlock('a\n', 'x'), 'a\n');
});

test('lspSection: the per-case table goes to the details (results file), the per-server counts stay in the section', () => {
  const r: LspBenchResult = {
    files: [],
    ylsVersion: '2.0.0',
    cases: [
      { name: 'bad-restart', why: 'spec.template.spec.restartPolicy: Unsupported value', kind: 'rule', expectInvalid: true, flagged: { kjob: true, 'yls-kjob': false }, messages: { kjob: ['restartPolicy | Always'] } },
      { name: 'ok-job', why: 'valid', kind: 'rule', expectInvalid: false, flagged: { kjob: false, 'yls-kjob': false }, messages: {} },
    ],
  };
  const s = lspSection(r, 'npm run bench -- --only=lsp');
  assert.match(s.body, /\| kjob \| 1 \/ 1 \| 1 \/ 1 \| 0 \/ 0 \| 0 \/ 1 \|/);
  assert.ok(!s.body.includes('bad-restart'));
  assert.match(s.details ?? '', /\| bad-restart \| spec\.template\.spec\.restartPolicy: Unsupported value \| ✔ restartPolicy \\\| Always \| — \|/);
  assert.match(s.details ?? '', /\| \(valid\) ok-job \| valid \| — \| — \|/);
});
