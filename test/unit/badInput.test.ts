/** Bad input never crashes or hangs the engine, and gets a diagnostic where something is wrong. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LanguageService } from '../../server/src/service/languageService';
import { checkText } from '../../core/check/check';

const job = readFileSync(join(__dirname, '..', 'fixtures', 'indexed-job.yaml'), 'utf8');
const head = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n';
let version = 0;
const logs: string[] = [];
const svc = new LanguageService({ log: (m) => logs.push(m) });

function all(text: string) {
  const doc = { uri: `file:///bad/${++version}.yaml`, version, getText: () => text };
  const diags = svc.diagnostics(doc);
  const lines = text.split('\n').length;
  for (let i = 0; i < 5; i++) {
    const pos = { line: Math.floor((lines * i) / 5), character: 2 };
    svc.completion(doc, pos);
    svc.hover(doc, pos);
  }
  svc.codeActions(doc, { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } });
  return diags;
}

test('binary content: no crash; a binary document that is not a Job gets nothing', () => {
  const bin = Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
  assert.deepEqual(all(bin), []);
  const d = all(`${job}\n\u0000\u0001garbage\u0000: [\n`);
  assert.ok(d.some((x) => x.code === 'yaml-syntax' || x.code === 'unknown-field'));
});

test('1,000-deep nesting (block and flow) completes with a type diagnostic', () => {
  const block = `${head}spec:\n  template:\n    metadata:\n      annotations:\n` + Array.from({ length: 1000 }, (_, i) => ' '.repeat(8 + 2 * i) + 'a:').join('\n') + '\n';
  const d1 = all(block);
  assert.ok(d1.some((x) => x.code === 'invalid-type' && (x.data as any).path === 'spec.template.metadata.annotations[a]'));
  const flow = `${head}spec:\n  selector: ${'['.repeat(1000)}${']'.repeat(1000)}\n`;
  assert.ok(all(flow).some((x) => x.code === 'invalid-type' && (x.data as any).path === 'spec.selector'));
  const flowMap = `${head}spec:\n  template: ${'{a: '.repeat(1000)}1${'}'.repeat(1000)}\n`;
  assert.ok(all(flowMap).some((x) => x.code === 'unknown-field'));
});

test('anchors, aliases and merge keys resolve; alias bombs are bounded', () => {
  const text = `${head}  labels: &l {app: demo}\nspec:\n  ttlSecondsAfterFinished: 60\n  template:\n    metadata:\n      labels: *l\n    spec:\n      restartPolicy: Never\n      containers:\n      - &c {name: a, image: busybox}\n      - <<: *c\n        name: b\n`;
  assert.deepEqual(all(text).filter((x) => x.severity === 1), []);
  const misuse = `${head}  labels: &l {app: demo}\nspec:\n  template: *l\n`;
  const m = all(misuse).filter((x) => x.code === 'unknown-field');
  assert.equal(m.length, 1);
  assert.equal(m[0].range.start.line, 6, 'reported at the alias');
  const bomb = `${head}  annotations:\n    a: &a ["x","x","x","x","x","x","x","x","x"]\n    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n    f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\nspec: {}\n`;
  assert.ok(all(bomb).some((x) => x.code === 'invalid-type'));
});

test('tabs as indentation get a syntax error at the tab', () => {
  const d = all('apiVersion: batch/v1\nkind: Job\nmetadata:\n\tname: x\nspec:\n  parallelism: 2\n');
  const tab = d.find((x) => x.code === 'yaml-syntax');
  assert.ok(tab, JSON.stringify(d));
  assert.equal(tab.range.start.line, 3);
});

test('CRLF line endings: same problems, same positions', () => {
  const lf = job.replace('parallelism: 3', 'parallelism: three');
  const crlf = lf.replace(/\n/g, '\r\n');
  const a = all(lf).map((x) => [x.code, x.range.start, x.range.end]);
  const b = all(crlf).map((x) => [x.code, x.range.start, x.range.end]);
  assert.deepEqual(b, a);
  assert.ok(a.some((x) => x[0] === 'invalid-type'));
});

test('a 10 MB file is handled without a crash', { timeout: 120000 }, () => {
  const big = `${head}  annotations:\n    a: "${'x'.repeat(10 * 1024 * 1024)}"\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: a, image: b}]\n`;
  const d = all(big);
  assert.ok(Array.isArray(d));
  assert.ok(checkText(big).every((p) => p.code !== 'internal-error'));
  assert.deepEqual(logs, []);
});
