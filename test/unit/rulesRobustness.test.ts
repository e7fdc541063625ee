/**
 * Rules never throw, whatever the shapes: every corpus manifest mutated deterministically (values
 * replaced by nulls, numbers, strings, lists, maps; keys dropped) must check without an internal
 * error, and every offered quick fix must produce valid YAML.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { parseFile } from '../../core/yaml/document';
import { checkFileDetailed } from '../../core/check/check';
import { fixesFor } from '../../core/check/fixes';
import { applyEdits } from '../../core/check/rules/edits';
import { loadCorpus } from './helpers/corpus';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const WEIRD: unknown[] = [null, 0, -1, 2147483648, 1.5, '', 'x', 'Indexed', true, [], [1, 'a', null], {}, { a: { b: [] } }];

function mutate(v: unknown, r: () => number, depth = 0): unknown {
  if (r() < 0.08) return WEIRD[Math.floor(r() * WEIRD.length)];
  if (Array.isArray(v)) return v.map((x) => mutate(x, r, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (depth > 0 && r() < 0.05) continue;
      out[k] = mutate(x, r, depth + 1);
    }
    return out;
  }
  return v;
}

test('no rule throws on mutated manifests, and fixes keep YAML valid', () => {
  const r = rng(42);
  let docs = 0;
  let fixesApplied = 0;
  for (const c of loadCorpus()) {
    const base = parseFile(c.text).docs[0]!.doc.toJS();
    for (let i = 0; i < 4; i++) {
      const m = mutate(base, r) as Record<string, unknown>;
      if (!m || typeof m !== 'object') continue;
      m.apiVersion = 'batch/v1';
      m.kind = (base as { kind: string }).kind;
      const text = stringify(m);
      const file = parseFile(text);
      const res = checkFileDetailed(file, { kubernetesVersion: '1.37', severities: {} });
      docs++;
      const internal = res.problems.filter((p) => p.code === 'internal-error' || p.code === 'internal');
      assert.deepEqual(internal.map((p) => p.message), [], text);
      for (const d of res.docs) {
        for (const p of d.problems) {
          for (const f of fixesFor(d, p)) {
            const out = applyEdits(text, f.edits);
            const re = parseFile(out);
            assert.deepEqual(re.docs.flatMap((x) => x.doc.errors.map((e) => e.message)), [], `fix "${f.title}" broke YAML:\n${text}\n---\n${out}`);
            fixesApplied++;
          }
        }
      }
    }
  }
  assert.ok(docs > 500, `${docs} documents`);
  assert.ok(fixesApplied > 100, `${fixesApplied} fixes applied`);
});
