/**
 * Divisor canonical forms, signer names, version-dependent container restart rules, anchors of the
 * legacy volume plugins and windowsOptions, and wrong-typed input. Paths and error types are proven
 * against the real apiserver by the corpus (test/corpus, test/cluster/apiserver-parity.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../../core/yaml/document';
import { checkFile, checkFileDetailed } from '../../../core/check/check';
import { fixesFor } from '../../../core/check/fixes';
import { applyEdits } from '../../../core/check/rules/edits';
import type { Problem } from '../../../core/check/problem';
import { canonicalQuantity, divisorIssue } from '../../../core/check/validation/divisor';
import { parseQuantity } from '../../../core/check/validation/quantity';
import { signerNameIssues, clusterTrustBundleNameIssues } from '../../../core/check/validation/signerName';

function job(podSpecYaml: string): string {
  const indented = podSpecYaml.replace(/^/gm, '      ');
  return `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: t\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n${indented}\n`;
}
const check = (text: string, v = '1.37'): Problem[] => checkFile(parseFile(text), { kubernetesVersion: v, severities: {} }).filter((p) => p.code.startsWith('api/'));
const under = (text: string, p: Problem) => text.slice(p.start, p.end);

test('canonical quantity forms the divisor is compared in', () => {
  const c = (v: unknown) => canonicalQuantity(parseQuantity(v)!);
  assert.equal(c('1000m'), '1');
  assert.equal(c('0.001'), '1m');
  assert.equal(c('1000'), '1k');
  assert.equal(c('1024'), '1024');
  assert.equal(c('1024Ki'), '1Mi');
  assert.equal(c('0.5Ki'), '512');
  assert.equal(c('1e3'), '1e3');
  assert.equal(c('1500'), '1500');
  assert.equal(c(0.5), '500m');
  assert.equal(divisorIssue('limits.cpu', '1m'), undefined);
  assert.equal(divisorIssue('limits.cpu', '0'), undefined);
  assert.match(divisorIssue('limits.cpu', '1k')!, /cpu divisor must be one of 1m, 1/);
  assert.equal(divisorIssue('requests.hugepages-2Mi', '1Mi'), undefined);
  assert.match(divisorIssue('requests.hugepages-2Mi', '2Mi')!, /hugepages/);
  assert.equal(divisorIssue('metadata.unknown', '7'), undefined); // an unsupported resource is its own error
});

test('signer names and ClusterTrustBundle names', () => {
  assert.deepEqual(signerNameIssues('example.com/my-signer'), []);
  assert.deepEqual(signerNameIssues('').map((i) => i.errorType), ['Required']);
  assert.deepEqual(signerNameIssues('example.com').map((i) => i.errorType), ['Invalid']);
  assert.deepEqual(signerNameIssues('localhost/x').map((i) => i.errorType), ['Invalid']);
  assert.deepEqual(signerNameIssues('Example.com/x').map((i) => i.errorType), ['Invalid']);
  assert.deepEqual(clusterTrustBundleNameIssues('example.com:signer:roots'), []);
  assert.equal(clusterTrustBundleNameIssues('Roots_CA').length > 0, true);
});

test('restartPolicyRules: gated by version (dropped before 1.35, sidecars and RestartAllContainers from 1.36)', () => {
  const text = job('initContainers:\n- name: proxy\n  image: busybox:1.36\n  restartPolicy: Always\n  restartPolicyRules:\n  - action: RestartAllContainers\n    exitCodes: {operator: In, values: [1]}\ncontainers:\n- name: main\n  image: busybox:1.36\n  restartPolicy: Never\n  restartPolicyRules:\n  - action: RestartAllContainers\n    exitCodes: {operator: In, values: [2]}\n');
  const codes = (v: string) => check(text, v).filter((p) => p.code === 'api/container-restart-rules').map((p) => `${p.path} ${p.errorType}`);
  assert.deepEqual(codes('1.37'), []);
  assert.deepEqual(codes('1.36'), []);
  assert.deepEqual(codes('1.35'), ['spec.template.spec.initContainers[0].restartPolicyRules Forbidden', 'spec.template.spec.containers[0].restartPolicyRules[0].action NotSupported']);
  assert.deepEqual(codes('1.34'), []);
});

test('restartPolicyRules without restartPolicy: underlines the rules key; a misspelt action offers the fix', () => {
  const text = job('containers:\n- name: main\n  image: busybox:1.36\n  restartPolicyRules:\n  - action: restart\n    exitCodes: {operator: In, values: [1]}\n');
  const ps = check(text).filter((p) => p.code === 'api/container-restart-rules');
  const req = ps.find((p) => p.errorType === 'Required')!;
  assert.equal(req.path, 'spec.template.spec.containers[0].restartPolicy');
  assert.equal(under(text, req), 'restartPolicyRules');
  const ns = ps.find((p) => p.errorType === 'NotSupported')!;
  assert.equal(under(text, ns), 'restart');
  assert.ok(ns.data, 'enum fix data for Restart');
});

test('legacy plugins: gcePersistentDisk is reported as persistentDisk but underlined where it is written', () => {
  const text = job('volumes:\n- name: d\n  gcePersistentDisk:\n    partition: 300\n' + 'containers:\n- name: main\n  image: busybox:1.36\n');
  const ps = check(text).filter((p) => p.code === 'api/volume-source');
  assert.deepEqual(ps.map((p) => `${p.path} ${p.errorType}`).sort(), ['spec.template.spec.volumes[0].persistentDisk.partition Invalid', 'spec.template.spec.volumes[0].persistentDisk.pdName Required']);
  assert.equal(under(text, ps.find((p) => p.errorType === 'Required')!), 'gcePersistentDisk');
  assert.equal(under(text, ps.find((p) => p.errorType === 'Invalid')!), '300');
});

test('windowsOptions: hostProcess messages name the contradiction; anchored on the value', () => {
  const text = job('os: {name: windows}\nsecurityContext:\n  windowsOptions: {hostProcess: true}\ncontainers:\n- name: main\n  image: busybox:1.36\n  securityContext:\n    windowsOptions: {hostProcess: false}\n');
  const ps = check(text).filter((p) => p.code === 'api/windows-options');
  assert.equal(ps.length, 1);
  assert.match(ps[0]!.message, /contradicts the pod's hostProcess true/);
  assert.equal(under(text, ps[0]!), 'false');
});

test('wrong-typed new fields never crash the rules', () => {
  for (const body of [
    'volumes:\n- name: a\n  iscsi: "x"\n- name: b\n  fc: []\n- name: c\n  flexVolume: {options: 5}\n- name: d\n  projected: {sources: [{podCertificate: 3}, {clusterTrustBundle: "x"}]}\n',
    'securityContext: {windowsOptions: 5}\n',
    'securityContext: {windowsOptions: {runAsUserName: 7, gmsaCredentialSpec: [], hostProcess: "yes"}}\n',
  ]) {
    const text = job(body + 'containers:\n- name: main\n  image: busybox:1.36\n  restartPolicyRules: "x"\n  env: [{name: A, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: [1]}}}]\n');
    assert.doesNotThrow(() => check(text));
  }
});

test('projected clusterTrustBundle/podCertificate: validated from 1.37, dropped unvalidated before (gates off by default)', () => {
  const text = job('volumes:\n- name: v\n  projected:\n    sources:\n    - clusterTrustBundle: {path: a}\n    - podCertificate: {keyType: rsa}\ncontainers:\n- name: main\n  image: busybox:1.36\n  volumeMounts: [{name: v, mountPath: /v}]\n');
  const errs = (v: string) => check(text, v).filter((p) => p.severity === 'error').map((p) => `${p.path} ${p.errorType}`).sort();
  assert.deepEqual(errs('1.37'), [
    'spec.template.spec.containers[0].volumeMounts[0].name NotFound',
    'spec.template.spec.volumes[0].projected.sources[0].clusterTrustBundle Required',
    'spec.template.spec.volumes[0].projected.sources[1].podCertificate Required',
    'spec.template.spec.volumes[0].projected.sources[1].podCertificate.keyType NotSupported',
    'spec.template.spec.volumes[0].projected.sources[1].podCertificate.signerName Required',
  ]);
  assert.deepEqual(errs('1.36'), []);
});

test('quick fixes: azureDisk cachingMode, podCertificate keyType and restart rule action are replaced with the supported value', () => {
  const text = job('volumes:\n- name: d\n  azureDisk: {diskName: d, diskURI: "https://a.blob.core.windows.net/c/d.vhd", cachingMode: readonly}\n- name: p\n  projected:\n    sources:\n    - podCertificate: {signerName: example.com/s, keyType: ed25519, keyPath: k}\ncontainers:\n- name: main\n  image: busybox:1.36\n  restartPolicy: Never\n  restartPolicyRules: [{action: restart, exitCodes: {operator: In, values: [1]}}]\n');
  let out = text;
  for (const [code, path] of [['api/volume-source', 'spec.template.spec.volumes[0].azureDisk.cachingMode'], ['api/volume-source', 'spec.template.spec.volumes[1].projected.sources[0].podCertificate.keyType'], ['api/container-restart-rules', 'spec.template.spec.containers[0].restartPolicyRules[0].action']] as const) {
    const file = parseFile(out);
    const d = checkFileDetailed(file, { kubernetesVersion: '1.37', severities: {} }).docs[0]!;
    const p = d.problems.find((x) => x.code === code && x.path === path);
    assert.ok(p, `${code} ${path}`);
    const fixes = fixesFor(d, p!);
    assert.ok(fixes.length > 0, `a fix for ${path}`);
    out = applyEdits(out, fixes[0]!.edits);
  }
  assert.match(out, /cachingMode: ReadOnly/);
  assert.match(out, /keyType: ED25519/);
  assert.match(out, /action: Restart,/);
  assert.deepEqual(check(out).filter((p) => p.severity === 'error').map((p) => p.path), []);
});
