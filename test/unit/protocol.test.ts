import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, normalizeSettings, toCheckSettings } from '../../core/protocol';

test('normalizeSettings keeps valid values and drops invalid ones', () => {
  assert.deepEqual(normalizeSettings(undefined), DEFAULT_SETTINGS);
  assert.deepEqual(normalizeSettings({ kubernetesVersion: '1.31', lint: { severities: { 'job/missing-ttl': 'off', 'unknown-field': 'warning', x: 'loud', y: 3 } } }), {
    kubernetesVersion: '1.31',
    lint: { severities: { 'job/missing-ttl': 'off', 'unknown-field': 'warning' } },
    openapiFile: '',
  });
  assert.equal(normalizeSettings({ openapiFile: ' /x/batch.json ' }).openapiFile, '/x/batch.json');
  assert.equal(normalizeSettings({ kubernetesVersion: 'latest' }).kubernetesVersion, DEFAULT_SETTINGS.kubernetesVersion);
  assert.deepEqual(toCheckSettings(normalizeSettings({ lint: { severities: { a: 'hint' } } })), { kubernetesVersion: '1.37', severities: { a: 'hint' } });
});

test('package.json contributes the settings the server reads, with matching defaults', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const props = Object.assign({}, ...pkg.contributes.configuration.map((c: any) => c.properties));
  assert.equal(props['kjob.kubernetesVersion'].default, DEFAULT_SETTINGS.kubernetesVersion);
  assert.equal(props['kjob.kubernetesVersion'].scope, 'resource');
  assert.deepEqual(props['kjob.lint.severities'].additionalProperties.enum.sort(), ['error', 'hint', 'information', 'off', 'warning']);
  assert.equal(props['kjob.trace.server'].scope, 'window');
  assert.equal(props['kjob.openapiFile'].default, DEFAULT_SETTINGS.openapiFile);
  assert.ok(pkg.activationEvents.includes('onLanguage:yaml'));
  assert.equal(pkg.bin.kjob, './cli/out/cli.js');
});
