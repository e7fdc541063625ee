import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { mergeKubeconfigs } from '../../../client/src/cluster/kubeconfig';
import { extractMarkedPath, findOnPath, mergePathLists, resolveExecPlugins } from '../../../client/src/cluster/shellPath';

test('the login shell PATH is read between markers, ignoring rc-file noise', () => {
  assert.equal(extractMarkedPath('Welcome!\n__KJOB_PATH__/usr/local/bin:/opt/homebrew/bin__KJOB_PATH__'), '/usr/local/bin:/opt/homebrew/bin');
  assert.equal(extractMarkedPath('no markers'), undefined);
  assert.equal(mergePathLists(':', '/a:/b', '/b:/c', undefined), '/a:/b:/c');
});

const kc = `
users:
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [eks, get-token]
      env: [{name: AWS_PROFILE, value: dev}]
- name: gke
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      installHint: Install gke-gcloud-auth-plugin with gcloud components install gke-gcloud-auth-plugin
- name: plain
  user: {token: t}
`;

test('exec plugins resolve through the login PATH; missing ones carry their installHint', () => {
  const exists = new Set([path.join('/opt/homebrew/bin', 'aws')]);
  const raw = mergeKubeconfigs([{ path: '/k', text: kc }]).raw;
  const { raw: out, missing } = resolveExecPlugins(raw, '/usr/bin:/opt/homebrew/bin', (p) => exists.has(p), ':');
  const eks = (out.users[0].user as any).exec;
  assert.equal(eks.command, path.join('/opt/homebrew/bin', 'aws'));
  assert.deepEqual(eks.env, [
    { name: 'AWS_PROFILE', value: 'dev' },
    { name: 'PATH', value: '/usr/bin:/opt/homebrew/bin' },
  ]);
  assert.deepEqual(missing, [{ user: 'gke', command: 'gke-gcloud-auth-plugin', installHint: 'Install gke-gcloud-auth-plugin with gcloud components install gke-gcloud-auth-plugin' }]);
  assert.equal((raw.users[0].user as any).exec.command, 'aws', 'input not mutated');
});

test('findOnPath checks commands with a separator as given', () => {
  assert.equal(findOnPath('/x/kubelogin', '/usr/bin', (p) => p === '/x/kubelogin', ':', ['']), '/x/kubelogin');
  assert.equal(findOnPath('kubelogin', '/a:/b', (p) => p === path.join('/b', 'kubelogin'), ':', ['']), path.join('/b', 'kubelogin'));
  assert.equal(findOnPath('kubelogin', '/a', () => false, ':', ['']), undefined);
});

test('readLoginShellPath runs the login shell and reads its PATH (rc-file output ignored)', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { readLoginShellPath } = await import('../../../client/src/cluster/shellPath');
  const dir = mkdtempSync(path.join(tmpdir(), 'kjob-shell-'));
  try {
    const shell = path.join(dir, 'sh');
    writeFileSync(shell, `#!/bin/sh\necho "welcome"\nPATH="/opt/login-only/bin:$PATH" exec /bin/sh -c "$2"\n`, { mode: 0o700 });
    const p = await readLoginShellPath(shell);
    assert.ok(p?.startsWith('/opt/login-only/bin:'), String(p));
    assert.equal(await readLoginShellPath(path.join(dir, 'missing-shell')), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
