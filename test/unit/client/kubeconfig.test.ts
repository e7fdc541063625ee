import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { kubeconfigPaths, mergeKubeconfigs } from '../../../client/src/cluster/kubeconfig';

const fileA = `
apiVersion: v1
kind: Config
current-context: a-admin
clusters:
- name: a
  cluster: {server: https://a.example:6443, certificate-authority: certs/ca.crt}
users:
- name: a-admin
  user: {client-certificate: admin.crt, client-key: /abs/admin.key}
- name: shared
  user: {token: from-a}
contexts:
- name: a-admin
  context: {cluster: a, user: a-admin, namespace: team-a}
`;
const fileB = `
current-context: b-viewer
clusters:
- name: a
  cluster: {server: https://overridden.example}
- name: b
  cluster: {server: https://b.example}
users:
- name: shared
  user: {token: from-b}
- name: gke
  user:
    exec: {command: ./bin/plugin, apiVersion: client.authentication.k8s.io/v1beta1}
contexts:
- name: b-viewer
  context: {cluster: b, user: gke}
`;

test('KUBECONFIG: split on the list separator, empty entries and duplicates dropped, missing files allowed', () => {
  assert.deepEqual(kubeconfigPaths({ envKubeconfig: '/x/a::/x/b:/x/a', delimiter: ':' }), { paths: ['/x/a', '/x/b'], mustExist: false });
  assert.deepEqual(kubeconfigPaths({ home: '/home/u' }), { paths: [path.join('/home/u', '.kube', 'config')], mustExist: false });
});

test('an explicit path (the kjob.kubeconfig setting) wins over KUBECONFIG and must exist', () => {
  assert.deepEqual(kubeconfigPaths({ explicitPath: '~/k.yaml', envKubeconfig: '/x/a', home: '/home/u' }), { paths: [path.join('/home/u', 'k.yaml')], mustExist: true });
  const m = mergeKubeconfigs([{ path: '/nope', text: undefined }], true);
  assert.deepEqual(m.errors, ['/nope: file not found']);
  assert.deepEqual(mergeKubeconfigs([{ path: '/nope', text: undefined }], false).errors, []);
});

test('merging: the first file to define a name or current-context wins', () => {
  const m = mergeKubeconfigs([
    { path: '/cfg/a/config', text: fileA },
    { path: '/cfg/missing', text: undefined },
    { path: '/cfg/b/config', text: fileB },
  ]);
  assert.deepEqual(m.errors, []);
  assert.equal(m.currentContext, 'a-admin');
  assert.deepEqual(m.raw.clusters.map((c) => [c.name, (c.cluster as any).server]), [
    ['a', 'https://a.example:6443'],
    ['b', 'https://b.example'],
  ]);
  assert.equal((m.raw.users.find((u) => u.name === 'shared')!.user as any).token, 'from-a');
  assert.deepEqual(m.files, ['/cfg/a/config', '/cfg/b/config']);
});

test('per-context namespace, "default" when unset', () => {
  const m = mergeKubeconfigs([{ path: '/cfg/a/config', text: fileA }, { path: '/cfg/b/config', text: fileB }]);
  assert.deepEqual(
    m.contexts.map((c) => [c.name, c.namespace, c.namespaceExplicit]),
    [
      ['a-admin', 'team-a', true],
      ['b-viewer', 'default', false],
    ],
  );
});

test('relative file references resolve against the defining file', () => {
  const m = mergeKubeconfigs([{ path: '/cfg/a/config', text: fileA }, { path: '/cfg/b/config', text: fileB }]);
  assert.equal((m.raw.clusters[0].cluster as any)['certificate-authority'], path.join('/cfg/a', 'certs/ca.crt'));
  const admin = m.raw.users.find((u) => u.name === 'a-admin')!.user as any;
  assert.equal(admin['client-certificate'], path.join('/cfg/a', 'admin.crt'));
  assert.equal(admin['client-key'], '/abs/admin.key');
  assert.equal((m.raw.users.find((u) => u.name === 'gke')!.user as any).exec.command, path.join('/cfg/b', 'bin/plugin'));
});

test('bad files are reported, the rest still loads', () => {
  const m = mergeKubeconfigs([{ path: '/bad', text: 'clusters: [' }, { path: '/cfg/a/config', text: fileA }]);
  assert.equal(m.errors.length, 1);
  assert.match(m.errors[0], /^\/bad: not valid YAML/);
  assert.equal(m.contexts.length, 1);
});

test('dangling references are reported', () => {
  const m = mergeKubeconfigs([{ path: '/c', text: 'current-context: nope\ncontexts:\n- name: x\n  context: {cluster: missing, user: u}\n' }]);
  assert.deepEqual(m.errors, ['context "x": cluster "missing" is not defined', 'context "x": user "u" is not defined', 'current-context "nope" is not defined']);
});
