/** CLI tier: `kjob check --format json` reports the API-server-parity diagnostics and lints with their paths. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'cli', 'out', 'cli.js');
const corpus = (n: string) => join(root, 'test', 'corpus', `${n}.yaml`);

function kjob(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('API-server errors with their field paths (Job and CronJob), exit 1', () => {
  const r = kjob('check', '--format', 'json', '--kubernetes-version', '1.37', corpus('recreated-from-get-yaml'), corpus('cron-indexed-without-completions'));
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { file: string; path: string; code: string; severity: string; line: number }[];
  const errors = out.filter((x) => x.severity === 'error').map((x) => `${x.code} ${x.path}`).sort();
  assert.deepEqual(errors, [
    'api/completion-mode spec.jobTemplate.spec.completions',
    'api/selector spec.selector',
    'api/selector spec.template.metadata.labels[batch.kubernetes.io/controller-uid]',
    'api/selector spec.template.metadata.labels[controller-uid]',
  ]);
});

test('a valid manifest: lints only, exit 0; severities are as documented', () => {
  const r = kjob('check', '--format', 'json', corpus('valid-parallelism-exceeds-completions'));
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { code: string; severity: string; path: string }[];
  assert.deepEqual(out.map((x) => `${x.severity} ${x.code} ${x.path}`).sort(), [
    'information job/missing-ttl spec.ttlSecondsAfterFinished',
    'information job/parallelism-exceeds-completions spec.parallelism',
  ]);
});

test('--kubernetes-version: an older target warns about fields it would drop', () => {
  const r = kjob('check', '--format', 'json', '--kubernetes-version', '1.30', corpus('valid-backoff-per-index'));
  const out = JSON.parse(r.stdout) as { code: string; path: string }[];
  assert.ok(!out.some((x) => x.code === 'api/version-skew'), 'backoffLimitPerIndex is on by default from 1.29');
  const old = JSON.parse(kjob('check', '--format', 'json', '--kubernetes-version', '1.28', corpus('valid-backoff-per-index')).stdout) as { code: string; path: string }[];
  assert.deepEqual(old.filter((x) => x.code === 'api/version-skew').map((x) => x.path), ['spec.backoffLimitPerIndex', 'spec.maxFailedIndexes']);
});
