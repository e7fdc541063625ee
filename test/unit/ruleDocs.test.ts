/** Every rule and lint code is documented in the diagnostics reference (docs/diagnostics.md), with the lint table's default severity matching the code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules, LINT_DEFAULTS } from '../../core/check/rules/index';

const readme = readFileSync(join(__dirname, '..', '..', 'docs', 'diagnostics.md'), 'utf8');

test('every rule code appears in the diagnostics reference', () => {
  for (const r of rules) assert.ok(readme.includes('`' + r.id + '`'), `${r.id} is not documented`);
  for (const extra of ['api/quantity', 'api/warning', 'api/name-warning']) assert.ok(readme.includes('`' + extra + '`'), extra);
});

test('the lint table lists each lint with its default severity', () => {
  for (const [code, sev] of Object.entries(LINT_DEFAULTS)) {
    const row = readme.split('\n').find((l) => l.startsWith('| `' + code + '`'));
    assert.ok(row, `no docs/diagnostics.md table row for ${code}`);
    assert.ok(row!.trimEnd().endsWith(`| ${sev} |`), `${code}: docs/diagnostics.md says ${row}, code says ${sev}`);
  }
});

test('lint rules use the documented default severity', async () => {
  const { parseFile } = await import('../../core/yaml/document');
  const { checkFile } = await import('../../core/check/check');
  const text = readFileSync(join(__dirname, '..', 'corpus', 'valid-parallelism-exceeds-completions.yaml'), 'utf8');
  const p = checkFile(parseFile(text), { kubernetesVersion: '1.37', severities: {} }).filter((x) => x.code in LINT_DEFAULTS);
  assert.ok(p.length > 0);
  for (const x of p) assert.equal(x.severity, LINT_DEFAULTS[x.code], x.code);
});
