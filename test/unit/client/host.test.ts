/**
 * The cluster host (client/src/cluster/host.ts) in plain Node, with the real cluster half except for
 * the login shell, which is counted: the status bar's kubeconfig read never starts the shell; the
 * first thing that needs the cluster starts it once; the context/namespace choices live in the
 * workspace state and survive reloads; a reload tells listeners before it replaces the session.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as clusterHalf from '../../../client/src/bundles/cluster';
import { ClusterHost, type ChoiceStore, type LogLevel } from '../../../client/src/cluster/host';

const dir = mkdtempSync(join(tmpdir(), 'kjob-host-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const kubeconfig = join(dir, 'config');
writeFileSync(
  kubeconfig,
  `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: c1
  cluster: { server: 'https://127.0.0.1:1' }
contexts:
- name: dev
  context: { cluster: c1, user: u1, namespace: team-a }
- name: prod
  context: { cluster: c1, user: u1 }
users:
- name: u1
  user:
    exec: { apiVersion: client.authentication.k8s.io/v1, command: kjob-test-missing-plugin }
`,
);

function memento(): ChoiceStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: <T>(k: string) => data.get(k) as T | undefined, update: async (k, v) => void data.set(k, v) };
}

function makeHost(settings = { kubeconfig, namespaces: [] as string[] }) {
  let shells = 0;
  let loads = 0;
  const logs: string[] = [];
  const state = memento();
  const host = new ClusterHost({
    cluster: () => {
      loads++;
      return {
        ...clusterHalf,
        readLoginShellPath: async () => {
          shells++;
          return '/opt/login-only/bin';
        },
      };
    },
    settings: () => settings,
    state,
    log: (level: LogLevel, m: string) => void logs.push(`${level}: ${m}`),
    env: { path: '/usr/bin', delimiter: ':' },
  });
  return { host, state, logs, shells: () => shells, loads: () => loads };
}

test('nothing loads before something asks', () => {
  const h = makeHost();
  assert.equal(h.host.loadStarted, false);
  assert.equal(h.host.currentContext, '');
  assert.equal(h.loads(), 0, 'the cluster half is not loaded at construction');
  h.host.dispose();
});

test('the status bar read (peek) reads the kubeconfig without starting the login shell', async () => {
  const h = makeHost();
  let loaded = 0;
  h.host.onDidLoad(() => loaded++);
  await h.host.peek();
  assert.equal(h.shells(), 0);
  assert.equal(h.host.loginShellStarted, false);
  assert.equal(h.host.session, undefined, 'no session, no connection');
  assert.equal(h.host.currentContext, 'dev');
  assert.equal(h.host.namespaceOf('dev'), 'team-a');
  assert.equal(h.host.namespaceOf('prod'), 'default');
  assert.equal(h.host.kubeconfig?.searchPath, '/usr/bin', 'the extension host PATH only');
  assert.equal(loaded, 1);
  await h.host.peek();
  assert.equal(loaded, 1, 'read once');
  h.host.dispose();
});

test('the first cluster need starts the login shell once and the session with its PATH', async () => {
  const h = makeHost();
  await h.host.peek();
  let loads = 0;
  h.host.onDidLoad(() => loads++);
  const pending = Promise.all([h.host.ensureSession(), h.host.ensureSession()]);
  assert.equal(h.host.loading, true, 'the tree shows a progress row meanwhile');
  const [a, b] = await pending;
  assert.equal(h.host.loading, false);
  assert.equal(loads, 1);
  assert.ok(a && a === b, 'one session for concurrent callers');
  assert.equal(h.shells(), 1);
  assert.equal(h.host.kubeconfig?.searchPath, '/usr/bin:/opt/login-only/bin', 'the login shell PATH is added for exec plugins');
  assert.deepEqual(a.kubeconfig.missingPlugins.map((m) => m.command), ['kjob-test-missing-plugin']);
  assert.ok(h.logs.some((l) => l.startsWith('error: exec credential plugin "kjob-test-missing-plugin"')), h.logs.join('\n'));
  await h.host.reload();
  assert.equal(h.shells(), 1, 'a reload reuses the PATH read');
  assert.notEqual(h.host.session, a, 'a reload replaces the session');
  await h.host.peek();
  assert.equal(h.host.kubeconfig?.searchPath, '/usr/bin:/opt/login-only/bin', 'once a session is loading, peek waits for it instead of reading again');
  h.host.dispose();
});

test('context and namespace choices live in the workspace state, not the kubeconfig, and reload the session', async () => {
  const h = makeHost();
  const first = await h.host.ensureSession();
  let willReload = 0;
  h.host.onWillReload(() => willReload++);
  await h.host.chooseContext('prod');
  assert.equal(willReload, 1, 'listeners (log follows) hear of the reload before the watches stop');
  assert.equal(h.state.data.get('kjob.context'), 'prod');
  assert.equal(h.host.currentContext, 'prod');
  assert.equal(h.host.session?.currentContext, 'prod');
  assert.notEqual(h.host.session, first);
  await h.host.chooseNamespace('prod', 'batch');
  assert.equal(h.host.namespaceOf('prod'), 'batch');
  assert.equal(h.host.session?.namespaceOf('prod'), 'batch');
  assert.deepEqual(
    h.host.contexts().map((c) => `${c.name}${c.current ? '*' : ''} ${c.namespace}`),
    ['dev team-a', 'prod* batch'],
  );
  // A choice the kubeconfig no longer has falls back to the kubeconfig's current context.
  await h.state.update('kjob.context', 'gone');
  assert.equal(h.host.currentContext, 'dev');
  h.host.dispose();
});

test('a settings change reads again only what was read: the status bar kubeconfig without the shell, a session with it', async () => {
  const settings = { kubeconfig, namespaces: [] as string[] };
  const h = makeHost(settings);
  await h.host.settingsChanged();
  assert.equal(h.host.loadStarted, false, 'nothing loaded yet: nothing to read again');
  await h.host.peek();
  const other = join(dir, 'other');
  writeFileSync(other, 'apiVersion: v1\nkind: Config\ncurrent-context: other\ncontexts:\n- name: other\n  context: { cluster: c, user: u }\n');
  settings.kubeconfig = other;
  await h.host.settingsChanged();
  assert.equal(h.host.currentContext, 'other');
  assert.equal(h.shells(), 0);
  await h.host.ensureSession();
  settings.kubeconfig = kubeconfig;
  await h.host.settingsChanged();
  assert.equal(h.host.session?.currentContext, 'dev');
  assert.equal(h.shells(), 1);
  h.host.dispose();
});

test('a failed load is logged and leaves no session; ensureSession does not throw', async () => {
  const h = makeHost({ kubeconfig: join(dir, 'does-not-exist'), namespaces: [] });
  const s = await h.host.ensureSession();
  // A missing explicit kubeconfig is reported by the kubeconfig loader as an error, not thrown.
  assert.ok(s, 'a session even without a kubeconfig (it shows the problem)');
  assert.ok(s.kubeconfig.errors.length > 0);
  const broken = new ClusterHost({
    cluster: () => {
      throw new Error('cluster.js missing');
    },
    settings: () => ({ kubeconfig: '', namespaces: [] }),
    state: memento(),
    log: (level, m) => void h.logs.push(`${level}: ${m}`),
  });
  let loads = 0;
  broken.onDidLoad(() => loads++);
  assert.equal(await broken.ensureSession(), undefined);
  assert.equal(broken.loading, false);
  assert.equal(loads, 1, 'a failed load is announced too (the tree drops its progress row)');
  assert.ok(h.logs.some((l) => l.startsWith('error: cluster: Error: cluster.js missing')), h.logs.join('\n'));
  await assert.rejects(broken.reload(), /cluster\.js missing/, 'an explicit Refresh reports the failure');
  h.host.dispose();
});
