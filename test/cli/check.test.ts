/** CLI tier: the built `kjob` (cli/out/cli.js) `check` command. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'cli', 'out', 'cli.js');
const fx = (n: string) => join(root, 'test', 'fixtures', n);

function kjob(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--format json: one array with 1-based positions, API paths; exit 1 on errors', () => {
  const r = kjob('check', '--format', 'json', fx('invalid-job.yaml'));
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.ok(Array.isArray(out));
  const par = out.find((x: any) => x.path === 'spec.parallelism');
  assert.deepEqual(par, {
    file: fx('invalid-job.yaml'),
    line: 6,
    column: 16,
    endLine: 6,
    endColumn: 19,
    severity: 'error',
    code: 'invalid-type',
    path: 'spec.parallelism',
    message: par.message,
  });
  for (const x of out) {
    assert.deepEqual(Object.keys(x).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'path', 'severity']);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(x.severity));
  }
  assert.ok(out.some((x: any) => x.code === 'duplicate-field' && x.line === 21 && x.severity === 'warning'));
});

test('clean files exit 0; text format names file:line:col', () => {
  const ok = kjob('check', fx('indexed-job.yaml'), fx('indexed-job-fieldref.yaml'), fx('pod-failure-policy-job.yaml'));
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  const bad = kjob('check', fx('invalid-job.yaml'));
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, new RegExp(`^${fx('invalid-job.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:3: error \\[unknown-field\\] unknown field "spec.completion"`, 'm'));
});

test('directories are searched recursively for .yaml/.yml only; other kinds are ignored', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kjob-check-'));
  try {
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    copyFileSync(fx('invalid-job.yaml'), join(dir, 'a', 'b', 'deep.yml'));
    copyFileSync(fx('invalid-job.yaml'), join(dir, 'a', 'ignored.txt'));
    writeFileSync(join(dir, 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  bogus: [\n');
    const r = kjob('check', '--format=json', dir);
    assert.equal(r.code, 1);
    const files = new Set(JSON.parse(r.stdout).map((x: any) => x.file));
    assert.deepEqual([...files], [join(dir, 'a', 'b', 'deep.yml')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage and I/O errors exit 2', () => {
  assert.equal(kjob('check').code, 2);
  assert.equal(kjob('check', '--format', 'xml', fx('indexed-job.yaml')).code, 2);
  assert.equal(kjob('check', '--bogus', fx('indexed-job.yaml')).code, 2);
  const missing = kjob('check', fx('indexed-job.yaml'), join(root, 'does-not-exist.yaml'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*does-not-exist\.yaml/);
  assert.equal(kjob('check', '--help').code, 0);
});

test('--openapi checks against another OpenAPI v3 document (a cluster source)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kjob-openapi-'));
  try {
    const f = join(dir, 'job.yaml');
    writeFileSync(f, 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  parallelism: 2\n  completions: 3\n');
    const r = kjob('check', '--format', 'json', '--openapi', fx('openapi/tiny-batch-v1.json'), f);
    const unknown = JSON.parse(r.stdout).filter((x: any) => x.code === 'unknown-field').map((x: any) => x.path);
    assert.deepEqual(unknown, ['spec.completions'], 'the tiny document has no completions field');
    const bundled = JSON.parse(kjob('check', '--format', 'json', f).stdout).filter((x: any) => x.code === 'unknown-field');
    assert.deepEqual(bundled, []);
    assert.equal(kjob('check', '--openapi', join(dir, 'missing.json'), f).code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
