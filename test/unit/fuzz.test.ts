/**
 * Seeded random edits of the tutorial fixtures (the states a file passes through while someone
 * types): diagnostics, completion, hover and code actions never throw, never log an internal error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LanguageService } from '../../server/src/service/languageService';

const dir = join(__dirname, '..', 'fixtures');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(dir, f), 'utf8'));

function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const pieces = [':', ' ', '\n', '- ', '  ', '"', "'", '[', '{', '}', ']', '#', '&a ', '*a', '|', '>', '\t', 'True', '007', '---\n', 'spec:', '\r\n', '<<: *a', '?', ','];

test('random edits never crash any feature', () => {
  const logs: string[] = [];
  const svc = new LanguageService({ log: (m) => logs.push(m) });
  const rand = rng(42);
  let version = 0;
  for (let round = 0; round < 300; round++) {
    let text = fixtures[Math.floor(rand() * fixtures.length)];
    for (let e = 0; e < 1 + Math.floor(rand() * 4); e++) {
      const pos = Math.floor(rand() * text.length);
      if (rand() < 0.4) text = text.slice(0, pos) + text.slice(pos + 1 + Math.floor(rand() * 8));
      else text = text.slice(0, pos) + pieces[Math.floor(rand() * pieces.length)] + text.slice(pos);
    }
    const doc = { uri: `file:///fuzz/${round % 5}.yaml`, version: ++version, getText: () => text };
    const diags = svc.diagnostics(doc);
    assert.ok(Array.isArray(diags));
    assert.deepEqual(diags.filter((d) => d.code === 'internal-error').map((d) => d.message), [], text);
    const lines = text.split('\n');
    for (let k = 0; k < 3; k++) {
      const line = Math.floor(rand() * lines.length);
      const character = Math.floor(rand() * (lines[line].length + 1));
      svc.completion(doc, { line, character });
      svc.hover(doc, { line, character });
      svc.codeActions(doc, { start: { line, character: 0 }, end: { line, character } });
    }
  }
  assert.deepEqual(logs, []);
});
