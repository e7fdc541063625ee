/** Pure validators used by the API-parity rules: quantities, names, label selectors, index strings, defaults. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareQuantity, isWhole, parseQuantity } from '../../core/check/validation/quantity';
import { isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isQualifiedName, isValidLabelValue, isValidPortName, toDNS1123Label, isDomainPrefixedPath } from '../../core/check/validation/names';
import { parseIndexes } from '../../core/check/validation/indexes';
import { matches, toSelector } from '../../core/check/validation/labels';
import { defaultJob } from '../../core/workloads/job';
import { parseMinor } from '../../core/workloads/versions';

test('quantities parse like resource.Quantity and compare exactly', () => {
  for (const ok of ['1', '0.5', '.5', '500m', '128Mi', '1Gi', '1e3', '1E-3', '2k', '+1', '-1', 100, 1.5]) assert.ok(parseQuantity(ok), String(ok));
  for (const bad of ['1Gb', '1 Gi', 'one', '', '1.2.3', '1ki', 'Mi']) assert.equal(parseQuantity(bad), undefined, bad);
  const q = (s: string | number) => parseQuantity(s)!;
  assert.equal(compareQuantity(q('1Gi'), q('1024Mi')), 0);
  assert.equal(compareQuantity(q('1G'), q('1Gi')), -1);
  assert.equal(compareQuantity(q('1500m'), q(1.5)), 0);
  assert.equal(compareQuantity(q(2), q('1')), 1);
  assert.equal(isWhole(q('100m')), false);
  assert.equal(isWhole(q('1Ki')), true);
  assert.equal(isWhole(q('0.5')), false);
  assert.equal(isWhole(q('1e3')), true);
});

test('names', () => {
  assert.deepEqual(isDNS1123Label('a-b-1'), []);
  assert.equal(isDNS1123Label('A').length, 1);
  assert.equal(isDNS1123Label('a.b').length, 1);
  assert.equal(isDNS1123Label('a'.repeat(64)).length, 1);
  assert.deepEqual(isDNS1123Subdomain('a.b-c'), []);
  assert.deepEqual(isQualifiedName('example.com/My_Name'), []);
  assert.ok(isQualifiedName('Invalid Condition Type').length > 0);
  assert.ok(isQualifiedName('').length > 0);
  assert.deepEqual(isValidLabelValue(''), []);
  assert.ok(isValidLabelValue('bad value').length > 0);
  assert.deepEqual(isEnvVarName('1ABC', true), []);
  assert.ok(isEnvVarName('1ABC', false).length > 0);
  assert.ok(isEnvVarName('A=B', true).length > 0);
  assert.deepEqual(isValidPortName('http'), []);
  assert.ok(isValidPortName('HTTP_PORT').length > 0);
  assert.ok(isValidPortName('1234').length > 0);
  assert.equal(toDNS1123Label('My_Worker--1_'), 'my-worker-1');
  assert.equal(toDNS1123Label('___'), 'name');
  assert.deepEqual(isDomainPrefixedPath('kueue.x-k8s.io/multikueue'), { required: false, messages: [] });
  assert.equal(isDomainPrefixedPath('').required, true);
  assert.equal(isDomainPrefixedPath('no-slash').messages.length, 1);
});

test('index strings', () => {
  assert.deepEqual(parseIndexes('0,2,4-9', 10), { total: 8 });
  assert.deepEqual(parseIndexes('', 3), { total: 0 });
  assert.ok('error' in parseIndexes('0-5', 5));
  assert.ok('error' in parseIndexes('3,1', 5));
  assert.ok('error' in parseIndexes('1-1', 5));
  assert.ok('error' in parseIndexes('1-2-3', 5));
  assert.ok('error' in parseIndexes('a', 5));
});

test('label selectors', () => {
  const s = toSelector({ matchLabels: { a: 'b' }, matchExpressions: [{ key: 'c', operator: 'NotIn', values: ['x'] }, { key: 'd', operator: 'Exists' }] })!;
  assert.ok(matches(s, { a: 'b', d: '' }));
  assert.ok(!matches(s, { a: 'b', c: 'x', d: '' }));
  assert.ok(!matches(s, { a: 'b' }));
  assert.equal(toSelector({ matchExpressions: [{ key: 'c', operator: 'In' }] }), undefined);
  assert.ok(matches(toSelector({})!, { anything: 'x' }));
});

test('defaulting: Job vs CronJob jobTemplate, completions/parallelism, backoffLimit, podReplacementPolicy', () => {
  const d = defaultJob({ spec: { template: { metadata: { labels: { a: 'b' } }, spec: {} } } }, 'Job', 37) as any;
  assert.equal(d.spec.completions, 1);
  assert.equal(d.spec.parallelism, 1);
  assert.equal(d.spec.backoffLimit, 6);
  assert.equal(d.spec.completionMode, 'NonIndexed');
  assert.equal(d.spec.podReplacementPolicy, 'TerminatingOrFailed');
  assert.equal(d.spec.template.spec.restartPolicy, 'Always');
  assert.deepEqual(d.metadata.labels, { a: 'b' });
  const p = defaultJob({ spec: { parallelism: 3, backoffLimitPerIndex: 1, podFailurePolicy: { rules: [{ onPodConditions: [{ type: 'X' }] }] } } }, 'Job', 37) as any;
  assert.equal(p.spec.completions, undefined);
  assert.equal(p.spec.backoffLimit, 2147483647);
  assert.equal(p.spec.podReplacementPolicy, 'Failed');
  assert.equal(p.spec.podFailurePolicy.rules[0].onPodConditions[0].status, 'True');
  const c = defaultJob({ spec: { completionMode: 'Indexed', template: { spec: {} } } }, 'CronJob', 37) as any;
  assert.equal(c.spec.completions, undefined, 'a CronJob jobTemplate is not Job-defaulted');
  assert.equal(c.spec.template.spec.restartPolicy, 'Always');
  assert.equal((defaultJob({ spec: {} }, 'Job', 28) as any).spec.podReplacementPolicy, undefined);
  const old = defaultJob({ spec: { completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 1, managedBy: 'x/y' } }, 'Job', 28) as any;
  assert.equal(old.spec.backoffLimitPerIndex, undefined, 'dropped: gate off by default in 1.28');
  assert.equal(old.spec.managedBy, undefined);
  assert.equal(old.spec.backoffLimit, 2147483647, 'defaulted before the drop, as on the server');
  const input = { spec: {} };
  defaultJob(input, 'Job', 37);
  assert.deepEqual(input, { spec: {} }, 'the input is not modified');
});

test('kubernetesVersion setting parsing', () => {
  assert.equal(parseMinor('1.31'), 31);
  assert.equal(parseMinor('v1.37.2'), 37);
  // Unset or unreadable: the newest release the schema covers.
  assert.equal(parseMinor(''), 37);
  assert.equal(parseMinor('garbage'), 37);
});
