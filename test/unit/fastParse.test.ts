/**
 * Differential test of the YAML fast path (core/yaml/fastParse.ts) against `yaml`'s
 * full parse: whenever the fast path accepts a document, the node tree (classes, ranges, values,
 * scalar types and formats, flow flags, comments), the document's range, start marker, errors and
 * warnings, and kjob's diagnostics must be identical to what `parseAllDocuments` gives. Inputs: the
 * corpus, the benchmark's generated Jobs, and seeded mutations of both (characters inserted,
 * deleted, duplicated lines, indentation changes), so both the accepted and the rejected side of
 * the fast path's boundary are exercised.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { fastParseDocument, YAML_OPTIONS } from '../../core/yaml/fastParse';
import { parseFile } from '../../core/yaml/document';
import { checkFile } from '../../core/check/check';
import { splitPoints } from '../../core/check/chunked';
import { loadCorpus } from './helpers/corpus';
import { jobYaml, bigJobFile, invalidJobs, validJobs } from '../../scripts/bench/gen';
import { handwrittenFile, realisticFile, VARIANTS } from '../../scripts/bench/realistic';

function dumpNode(n: unknown): unknown {
  if (n === null || n === undefined) return n;
  if (isPair(n)) return { pair: [dumpNode(n.key), dumpNode(n.value)], props: own(n, ['key', 'value']) };
  if (isScalar(n)) {
    const v = n.value;
    const value = typeof v === 'bigint' ? `${v}n` : typeof v === 'symbol' ? String(v) : v instanceof Date ? v.toISOString() : v;
    return { cls: n.constructor.name, value, props: own(n, ['value']) };
  }
  if (isMap(n) || isSeq(n)) return { cls: n.constructor.name, items: n.items.map(dumpNode), props: own(n, ['items']) };
  return { other: String(n) };
}

/** Own enumerable properties other than the children (range, type, source, format, flow, comments, tag...). */
function own(n: object, skip: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) if (!skip.includes(k) && v !== undefined) out[k] = typeof v === 'function' ? `function ${v.name}` : v;
  return out;
}

function dumpDoc(d: ReturnType<typeof parseAllDocuments>[number] extends infer D ? D : never): unknown {
  const doc = d as unknown as { contents: unknown; range: unknown; errors: unknown[]; warnings: unknown[]; comment?: unknown; commentBefore?: unknown; directives: { docStart: unknown; docEnd: unknown } };
  return {
    contents: dumpNode(doc.contents),
    range: doc.range,
    errors: doc.errors.length,
    warnings: doc.warnings.length,
    comment: doc.comment ?? null,
    commentBefore: doc.commentBefore ?? null,
    docStart: doc.directives.docStart ?? null,
    docEnd: doc.directives.docEnd ?? null,
  };
}

let accepted = 0;
let rejected = 0;

/** Compares fast vs full on one chunk text; returns whether the fast path accepted it. */
function same(text: string, label: string): boolean {
  const fast = fastParseDocument(text);
  if (!fast) {
    rejected++;
    return false;
  }
  accepted++;
  const full = parseAllDocuments(text, YAML_OPTIONS);
  assert.ok(Array.isArray(full), `${label}: yaml gave an empty stream`);
  assert.equal(full.length, 1, `${label}: fast path accepted a text that yaml reads as ${full.length} documents`);
  assert.deepEqual(dumpDoc(fast as never), dumpDoc(full[0] as never), `${label}: node trees differ\n${text}`);
  const js = (d: { toJS(): unknown }) => {
    try {
      return { value: d.toJS() };
    } catch (e) {
      return { error: String(e) };
    }
  };
  assert.deepEqual(js(fast), js(full[0]), `${label}: toJS differs`);
  // The fast path's nodes are built without `yaml`'s constructors (shared prototypes, one shared
  // schema): stringifying and cloning must still behave as on `yaml`'s own nodes.
  const str = (f: () => string) => {
    try {
      return f();
    } catch (e) {
      return `error: ${String(e)}`;
    }
  };
  assert.equal(str(() => String(fast)), str(() => String(full[0])), `${label}: toString differs`);
  assert.equal(str(() => String(fast.clone())), str(() => String(full[0])), `${label}: toString of a clone differs\n${text}`);
  const settings = { kubernetesVersion: '1.36', severities: {} };
  assert.deepEqual(checkFile(parseFile(text), settings), checkFile(parseFile(text, { fast: false }), settings), `${label}: diagnostics differ`);
  return true;
}

/** Chunks as the language server splits a file. */
function chunks(text: string): string[] {
  const pts = splitPoints(text);
  return pts.map((p, i) => text.slice(p, i + 1 < pts.length ? pts[i + 1] : text.length));
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = [' ', '\n', '-', ':', '#', ' # c', '\n# c\n', '\n  # c\n', '\n\n', '#x',  '"', "'", '[', ']', '{', '}', ',', '&a', '*a', '!', '|', '>', '\t', '0', '1e3', 'true', 'yes', '~', 'null', '0x1F', '012', '1:30', '.inf', '2001-12-14', '- ', ': ', '  ', '\\', '%', '@', '?', '...', '---', '<<', '\r\n', 'é', '\u{1F600}'];

function mutate(text: string, r: () => number): string {
  const lines = text.split('\n');
  const op = Math.floor(r() * 6);
  const li = Math.floor(r() * lines.length);
  const line = lines[li];
  const at = Math.floor(r() * (line.length + 1));
  switch (op) {
    case 0:
      lines[li] = line.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)] + line.slice(at);
      break;
    case 1:
      lines[li] = line.slice(0, at) + line.slice(at + 1 + Math.floor(r() * 3));
      break;
    case 2:
      lines.splice(li, 0, line);
      break;
    case 3:
      lines[li] = (r() < 0.5 ? '  ' : '') + line.replace(/^ {1,2}/, r() < 0.5 ? '' : ' ');
      break;
    case 4:
      lines.splice(li, 1);
      break;
    default:
      lines[li] = line + PIECES[Math.floor(r() * PIECES.length)];
  }
  return lines.join('\n');
}

test('fast path: identical to yaml on every corpus case', () => {
  for (const c of loadCorpus()) for (const [i, t] of chunks(c.text).entries()) same(t, `${c.name}#${i}`);
});

test('fast path: identical to yaml on the benchmark Jobs, and accepts them', () => {
  let n = 0;
  for (let i = 0; i < 40; i++) {
    const t = jobYaml(i);
    assert.ok(same(t, `job ${i}`), `the fast path must accept generated Job ${i}`);
    assert.ok(same(`---\n${t}`, `---job ${i}`), `the fast path must accept generated Job ${i} after ---`);
    n++;
  }
  assert.ok(n > 0);
  for (const t of chunks(bigJobFile().text)) same(t, 'big job');
  for (const c of [...invalidJobs(), ...validJobs()]) for (const t of chunks(c.text)) same(t, c.name);
});

test("fast path: every document's schema has the same tag objects (the plain-scalar tag cache relies on it)", async () => {
  const { Document } = await import('yaml');
  const a = (new Document(undefined, YAML_OPTIONS).schema as unknown as { tags: unknown[] }).tags;
  const b = (new Document(undefined, YAML_OPTIONS).schema as unknown as { tags: unknown[] }).tags;
  assert.equal(a.length, b.length);
  a.forEach((t, i) => assert.equal(t, b[i], `tag ${i}`));
});

test('fast path: small hand-written shapes', () => {
  const cases = [
    'a: 1\n',
    'a: 1',
    'a: 1\n\n\n',
    'a: 1\n  \n',
    '---\na: b\n',
    '---\n- a\n- b\n',
    'a:\n- x\n- y\nb: 2\n',
    'a:\n  - x: 1\n    y: [1, "2", \'3\', true, yes, ~]\n  - {}\n',
    'a: []\nb: [ ]\nc: [a,b]\nd: [ a , b ]\n',
    "a: 'it''s'\nb: \"q\"   \n",
    'a: -1\nb: -c\nc: 0x1F\nd: 012\ne: 1:30\nf: .inf\ng: 1e3\nh: 2001-12-14\ni: 1_000\nj: null\nk: NULL\nl: on\nm: 0b101\n',
    '<<: x\n',
    'a: b: c\n',
    'a: b #c\n',
    'a:\n  b: 1\n c: 2\n',
    'a:\n  b: 1\n    c: 2\n',
    'a: 1\n  b: 2\n',
    'a: x\n  y\n',
    '- a\n  b\n',
    '- - a\n',
    '-\n  a: 1\n',
    'a:\n',
    'a:\nb: 1\n',
    'key : v\n',
    'a: [1, 2,]\n',
    'a: [1, [2]]\n',
    'a: {b: 1}\n',
    'a: "x\\ty"\n',
    'a: "x\n  y"\n',
    'a: é\n',
    'true: 1\nyes: 2\n1: 3\n~: 4\n',
    'a: 1\na: 2\n',
    '  a: 1\n',
    'a: 1\n...\n',
    'a: ---\n',
    'a: b:c\n',
    'a: [b:c]\n',
    'a: x \n',
    'a:     x\n',
    'a:   [ 1 ]   \n',
    'a: .\nb: e3\nc: .e3\nd: 1:20\ne: .5\nf: 5.\ng: -.5e3\nh: +12\n',
  ];
  for (const c of cases) same(c, JSON.stringify(c));
  assert.ok(fastParseDocument('a: 1\n'));
  assert.ok(fastParseDocument('a: &x 1\nb: *x\n'), 'anchors and aliases are read');
  assert.equal(fastParseDocument('a: !!str 1\n'), undefined, 'tags are left to yaml');
});

test('fast path: identical to yaml on every benchmark corpus variant (comments, block scalars, anchors, flow, quotes, CRLF, long lines, mixed kinds, hand-written manifests)', () => {
  const files = [...VARIANTS.map((v) => realisticFile(v, 16)), handwrittenFile(process.cwd())];
  for (const f of files) for (const [i, t] of chunks(f.text).entries()) same(t, `${f.name}#${i}`);
});

test('fast path: identical to yaml on 2,000 seeded mutations of the benchmark corpus variants', () => {
  const r = rng(Number(process.env.FASTPARSE_SEED ?? 20261208));
  const sources = [...VARIANTS.flatMap((v) => chunks(realisticFile(v, 8).text)), ...chunks(handwrittenFile(process.cwd()).text)];
  const before = accepted;
  const count = Number(process.env.FASTPARSE_MUTATIONS ?? 2000);
  for (let k = 0; k < count; k++) {
    let t = sources[Math.floor(r() * sources.length)]!;
    const m = 1 + Math.floor(r() * 3);
    for (let j = 0; j < m; j++) t = mutate(t, r);
    for (const c of chunks(t)) same(c, `variant mutation ${k}`);
  }
  assert.ok(accepted - before > 200, `fast path accepted only ${accepted - before} mutated chunks`);
});

test('fast path: identical to yaml on 3,000 seeded mutations of Jobs and corpus cases', () => {
  const r = rng(Number(process.env.FASTPARSE_SEED ?? 20261123));
  const corpus = loadCorpus().map((c) => c.text).filter((t) => splitPoints(t).length === 1);
  const jobs = Array.from({ length: 8 }, (_, i) => jobYaml(i));
  // Mostly Jobs (which the fast path accepts), some corpus cases (comments, other shapes).
  const sources = [...corpus.slice(0, 40), ...Array.from({ length: 10 }, () => jobs).flat()];
  const before = accepted;
  const count = Number(process.env.FASTPARSE_MUTATIONS ?? 3000);
  for (let k = 0; k < count; k++) {
    let t = sources[Math.floor(r() * sources.length)];
    const m = 1 + Math.floor(r() * 3);
    for (let j = 0; j < m; j++) t = mutate(t, r);
    for (const c of chunks(t)) same(c, `mutation ${k}`);
  }
  // Both sides of the boundary are exercised.
  assert.ok(accepted - before > 300, `fast path accepted only ${accepted - before} mutated chunks`);
  assert.ok(rejected > 300, `fast path rejected only ${rejected} chunks`);
  if (process.env.FASTPARSE_MUTATIONS) console.log(`accepted ${accepted - before}, rejected ${rejected}`);
});

test('fast path: nodes built without yaml constructors still answer to yaml (type guards, schema, clone, mutation)', () => {
  const doc = fastParseDocument('apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          args: [x, "y"]\n');
  assert.ok(doc, 'the fast path accepts this document');
  const root = doc.contents;
  assert.ok(isMap(root));
  const pair = root.items[0];
  assert.ok(isPair(pair) && isScalar(pair.key) && isScalar(pair.value));
  assert.equal(Object.keys(pair).join(','), 'key,value', 'a pair has the same own enumerable properties as yaml gives it');
  // Collections get a schema equivalent to the document's (same tag objects), not enumerable.
  const schema = (root as unknown as { schema: { tags: unknown[] } }).schema;
  assert.ok(schema && Array.isArray(schema.tags));
  assert.deepEqual(schema.tags, (doc.schema as unknown as { tags: unknown[] }).tags);
  assert.ok(!Object.keys(root).includes('schema'));
  // clone(schema) gives the copy its own schema and leaves the original's alone.
  const other = new Document(undefined, YAML_OPTIONS).schema;
  const copy = root.clone(other);
  assert.equal((copy as unknown as { schema: unknown }).schema, other);
  assert.notEqual((root as unknown as { schema: unknown }).schema, other);
  // Mutation through yaml's API works on fast-path nodes.
  const full = parseAllDocuments(String(doc), YAML_OPTIONS)[0]!;
  for (const d of [doc, full]) {
    d.setIn(['metadata', 'labels', 'app'], 'x');
    d.setIn(['spec', 'template', 'spec', 'containers', 0, 'args', 2], 'z');
  }
  assert.equal(doc.getIn(['metadata', 'labels', 'app']), 'x');
  assert.equal(String(doc), String(full), 'the same edits give the same text as on yaml\'s own parse');
});

test('a document nested 5,000 levels deep gets diagnostics (the fast path falls back instead of throwing)', () => {
  let text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: deep\nspec:\n';
  let indent = '  ';
  for (let i = 0; i < 5000; i++) {
    text += `${indent}k${i}:\n`;
    indent += ' ';
  }
  text += `${indent}leaf: 1\n`;
  assert.equal(fastParseDocument(text), undefined, 'too deep for the fast path: undefined, not a thrown RangeError');
  const file = parseFile(text);
  assert.equal(file.docs.length, 1);
  assert.equal(file.docs[0]!.target, 'Job');
  const problems = checkFile(file, { kubernetesVersion: '1.36', severities: {} });
  assert.ok(problems.some((p) => p.code === 'yaml-syntax' && /nested too deeply/.test(p.message)), 'the depth is reported');
  assert.ok(problems.some((p) => p.path === 'spec.template.spec.containers'), 'the rules still run on what was read');
});
