/**
 * Every corpus manifest: kjob's diagnostics must report exactly the API server's errors (field path
 * and type, duplicates included), its create warnings for accepted manifests, and no error at all on
 * a valid manifest. The same expectations are replayed against a real kube-apiserver in
 * test/cluster/apiserver-parity.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../core/yaml/document';
import { checkFile } from '../../core/check/check';
import { loadCorpus, sorted } from './helpers/corpus';

const SETTINGS = { kubernetesVersion: '1.37', severities: {} };
const WARNING_CODES = new Set(['api/warning', 'api/name-warning']);
const cases = loadCorpus();

test('the corpus is not empty and covers valid, invalid and decode-error cases', () => {
  assert.ok(cases.length >= 100, `only ${cases.length} cases`);
  for (const k of ['valid', 'invalid', 'decode-error', 'server-crash'] as const) assert.ok(cases.some((c) => c.expect === k), k);
});

for (const c of cases) {
  test(`corpus ${c.name}`, () => {
    const problems = checkFile(parseFile(c.text), SETTINGS);
    const errors = problems.filter((p) => p.severity === 'error');
    const describe = () => problems.map((p) => `${p.severity} ${p.code} ${p.path} ${p.errorType ?? ''}: ${p.message}`).join('\n');
    if (c.expect === 'decode-error') {
      assert.ok(errors.length > 0, `expected a decode error, got:\n${describe()}`);
      assert.ok(errors.every((p) => !p.errorType), `a decode error is not a field validation error:\n${describe()}`);
      return;
    }
    const apiErrors = errors.filter((p) => p.errorType).map((p) => `${p.path} ${p.errorType}`);
    assert.deepEqual(sorted(apiErrors), sorted(c.errors), describe());
    if (c.expect === 'valid') {
      assert.deepEqual(errors, [], `a valid manifest got errors:\n${describe()}`);
      // a server warning without a field path (e.g. overlapping volume file paths) is keyed by its prefix
      const key = (p: { path: string | null; data?: unknown }) => (p.data as { warningKey?: string } | undefined)?.warningKey ?? p.path ?? '';
      const warnings = problems.filter((p) => WARNING_CODES.has(p.code)).map(key);
      assert.deepEqual(sorted(warnings), sorted(c.warnings), describe());
    } else {
      assert.ok(errors.every((p) => p.errorType), `non-field errors on an invalid manifest:\n${describe()}`);
    }
  });
}

test('every rule diagnostic on the corpus underlines one line: the value, or the nearest existing key', () => {
  for (const c of cases) {
    const file = parseFile(c.text);
    for (const p of checkFile(file, SETTINGS)) {
      if (!/^(api|job)\//.test(p.code)) continue;
      assert.ok(p.end > p.start, `${c.name} ${p.code} ${p.path}: empty range`);
      const text = c.text.slice(p.start, p.end);
      assert.ok(!text.includes('\n'), `${c.name} ${p.code} ${p.path}: spans lines: ${JSON.stringify(text)}`);
    }
  }
});
