/**
 * Incremental re-splitting (core/check/chunked.ts): parsing with the edits that produced a
 * text gives the same chunks (bases, texts, parsed documents) and the same line index as parsing
 * that text from scratch; unchanged chunks keep their parse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IncrementalParser, parseChunked, splitPoints, type ChunkedFile, type TextEdit } from '../../core/check/chunked';
import { LineIndex } from '../../core/yaml/lineIndex';

function job(name: string, nl = '\n'): string {
  return ['apiVersion: batch/v1', 'kind: Job', 'metadata:', `  name: ${name}`, 'spec:', '  template:', '    spec:', '      restartPolicy: Never', '      containers:', '      - name: c', '        image: busybox', ''].join(nl);
}

function multi(n: number, nl = '\n'): string {
  let s = '';
  for (let i = 0; i < n; i++) s += `---${nl}${job(`j${i}`, nl)}`;
  return s;
}

function apply(text: string, edits: readonly TextEdit[]): string {
  for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}

function summary(f: ChunkedFile) {
  return f.chunks.map((c) => ({ base: c.base, text: c.data.text, docs: c.data.file.docs.map((d) => [d.start, d.end, d.kind, d.target, d.syntaxProblems.map((p) => p.message)]) }));
}

/** Parses `before`, then `after` with edits (line index built first so it is updated too), and compares with scratch. */
function check(before: string, edits: TextEdit[], label: string): ChunkedFile {
  const p = new IncrementalParser();
  const first = p.parse(before);
  void first.lines.lineCount; // build it so the next version updates it incrementally
  const after = apply(before, edits);
  const inc = p.parse(after, edits);
  const scratch = parseChunked(after);
  assert.deepEqual(inc.chunks.map((c) => c.base), splitPoints(after), `${label}: split points`);
  assert.deepEqual(summary(inc), summary(scratch), `${label}: chunks`);
  assert.deepEqual([...inc.lines.starts], [...new LineIndex(after).starts], `${label}: line starts`);
  return inc;
}

test('one-character edit re-parses only the edited chunk; the others keep their parse', () => {
  const text = multi(20);
  const p = new IncrementalParser();
  const a = p.parse(text);
  const at = a.chunks[7].base + 30;
  const edits = [{ start: at, end: at, text: 'x' }];
  const b = p.parse(apply(text, edits), edits);
  assert.equal(b.chunks.length, 20);
  for (let i = 0; i < 20; i++) {
    if (i === 7) assert.notEqual(b.chunks[i].data, a.chunks[i].data);
    else assert.equal(b.chunks[i].data, a.chunks[i].data, `chunk ${i} reused`);
    assert.equal(b.chunks[i].base, a.chunks[i].base + (i > 7 ? 1 : 0));
  }
});

test('edits that insert or remove document markers, span documents, touch both ends, CRLF', () => {
  for (const nl of ['\n', '\r\n']) {
    const text = multi(6, nl);
    const pts = splitPoints(text);
    const L = nl.length;
    const cases: [string, TextEdit[]][] = [
      ['insert --- line mid-document', [{ start: pts[2] + 20, end: pts[2] + 20, text: `${nl}---${nl}` }]],
      ['insert --- at a line start', [{ start: pts[3] + 4 + L, end: pts[3] + 4 + L, text: `---${nl}` }]],
      ['remove a marker', [{ start: pts[3], end: pts[3] + 3 + L, text: '' }]],
      ['break a marker (--- -> --x)', [{ start: pts[4] + 2, end: pts[4] + 3, text: 'x' }]],
      ['make a marker (-- -> ---)', [{ start: pts[4] + 2, end: pts[4] + 3, text: '' }, { start: pts[4] + 2, end: pts[4] + 2, text: '-' }]],
      ['marker followed by text becomes a non-marker', [{ start: pts[1] + 3, end: pts[1] + 3, text: 'a' }]],
      ['edit spanning two documents', [{ start: pts[1] + 10, end: pts[2] + 10, text: 'zz' }]],
      ['edit spanning three documents with a new marker', [{ start: pts[1] + 10, end: pts[3] + 10, text: `${nl}---${nl}kind: Job${nl}` }]],
      ['insert at start of file', [{ start: 0, end: 0, text: `# c${nl}` }]],
      ['delete the first marker', [{ start: 0, end: 3 + L, text: '' }]],
      ['insert at end of file', [{ start: text.length, end: text.length, text: `---${nl}kind: Job${nl}` }]],
      ['append marker without newline', [{ start: text.length, end: text.length, text: '---' }]],
      ['delete the end of file', [{ start: pts[5] + 5, end: text.length, text: '' }]],
      ['replace everything', [{ start: 0, end: text.length, text: multi(3, nl) }]],
      ['split a CRLF', [{ start: pts[2] - 1, end: pts[2] - 1, text: 'q' }]],
      ['join CR and LF', [{ start: pts[2] - 1, end: pts[2] - 1, text: '\r' }, { start: pts[2], end: pts[2] + 1, text: '' }]],
      ['insert a directive', [{ start: 0, end: 0, text: `%YAML 1.1${nl}` }]],
      ['several edits in one change', [{ start: pts[5] + 4, end: pts[5] + 4, text: `${nl}---${nl}` }, { start: pts[1] + 2, end: pts[2] + 1, text: '' }, { start: 0, end: 0, text: 'a: 1' }]],
    ];
    for (const [label, edits] of cases) check(text, edits, `${label} (${JSON.stringify(nl)})`);
  }
});

test('random edits over several versions match a from-scratch parse each time', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pieces = ['---', '\n', '\r\n', '\r', '---\n', '-', 'a: 1', ' ', '%', 'kind: Job', '\u2028', ''];
  for (const nl of ['\n', '\r\n']) {
    const p = new IncrementalParser();
    let text = multi(5, nl);
    p.parse(text).lines.lineCount;
    for (let round = 0; round < 300; round++) {
      const edits: TextEdit[] = [];
      let cur = text;
      const n = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < n; k++) {
        const start = Math.floor(rand() * (cur.length + 1));
        const end = Math.min(cur.length, start + Math.floor(rand() * (rand() < 0.8 ? 4 : 60)));
        const e = { start, end, text: pieces[Math.floor(rand() * pieces.length)] };
        edits.push(e);
        cur = apply(cur, [e]);
      }
      const inc = p.parse(cur, edits);
      const scratch = parseChunked(cur);
      assert.deepEqual(summary(inc), summary(scratch), `round ${round} (${JSON.stringify(nl)}): ${JSON.stringify(edits)}`);
      assert.deepEqual([...inc.lines.starts], [...new LineIndex(cur).starts], `round ${round}: line starts`);
      text = cur;
      if (text.length > 4000) {
        text = multi(5, nl);
        p.parse(text);
      }
    }
  }
});

test('edits that do not fit the previous text fall back to a from-scratch split', () => {
  const p = new IncrementalParser();
  const text = multi(3);
  p.parse(text);
  const after = multi(4);
  const f = p.parse(after, [{ start: 0, end: 1, text: '' }]); // lengths do not add up
  assert.deepEqual(summary(f), summary(parseChunked(after)));
});

test('positions through the chunks equal the whole-file line index (LF, CRLF, lone CR, a U+2028 before ---)', () => {
  const texts = [multi(5), multi(5, '\r\n'), multi(3).replace(/\n/g, '\r'), `a: 1\u2028---\nb: 2\n---\nc: 3`, '', '---\n', 'x: 1\n---'];
  for (const text of texts) {
    const f = parseChunked(text);
    const idx = new LineIndex(text);
    for (let o = 0; o <= text.length + 1; o++) assert.deepEqual(f.positionAt(o), idx.positionAt(o), `${JSON.stringify(text.slice(0, 20))}: offset ${o}`);
    for (let line = -1; line <= idx.lineCount + 1; line++) {
      for (const character of [0, 1, 5, 100]) assert.equal(f.offsetAt({ line, character }), idx.offsetAt({ line, character }), `${JSON.stringify(text.slice(0, 20))}: ${line}:${character}`);
    }
  }
});
