import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ObjectStore } from '../../../client/src/cluster/watch/store';
import type { NamespaceState } from '../../../client/src/cluster/watch/namespaceWatch';
import { children, view, type ExplorerData, type LocalEntry, type TreeNode } from '../../../client/src/explorer/treeModel';
import { jobUidOfPod, type JobObject, type PodObject } from '../../../client/src/jobs/types';
import { job, pod } from './fixtures';

function nsState(jobs: JobObject[], pods: PodObject[]): NamespaceState {
  const js = new ObjectStore<JobObject>();
  const ps = new ObjectStore<PodObject>(jobUidOfPod);
  js.apply({ type: 'RELIST', items: jobs });
  ps.apply({ type: 'RELIST', items: pods });
  return { synced: true, jobs: () => js.values(), job: (n) => js.get(`team-a/${n}`), podsOfJob: (u) => ps.inGroup(u) };
}

function data(ns: NamespaceState, local: LocalEntry[] = []): ExplorerData {
  return {
    rootNotices: () => [],
    contexts: () => [{ name: 'kind', current: true, cluster: 'c', namespace: 'team-a' }],
    namespaces: () => ({ namespaces: ['team-a'], notices: [] }),
    namespace: () => ns,
    local: () => local,
  };
}

const labels = (nodes: TreeNode[], d: ExplorerData) => nodes.map((n) => view(n, d, 0).label);

test('contexts → namespaces → CronJob groups and Jobs (newest first)', () => {
  const jobs = [job('old', { created: '2026-01-01T00:00:00Z' }), job('new', { created: '2026-01-02T00:00:00Z' }), job('nightly-1', { cronJob: 'nightly' }), job('nightly-2', { cronJob: 'nightly' })];
  const d = data(nsState(jobs, []));
  const [ctx] = children(undefined, d);
  assert.equal(ctx.kind, 'context');
  const [ns] = children(ctx, d);
  assert.equal(view(ns, d, 0).label, 'team-a');
  const top = children(ns, d);
  assert.deepEqual(labels(top, d), ['nightly', 'new', 'old']);
  assert.match(view(top[0], d, 0).description!, /CronJob · 2 Jobs/);
  assert.deepEqual(labels(children(top[0], d), d).sort(), ['nightly-1', 'nightly-2']);
});

test('Indexed Job → index nodes → pods newest first → containers', () => {
  const j = job('ix', { indexed: true, completions: 3, status: { completedIndexes: '1', succeeded: 1, failed: 1, active: 1 } });
  const pods = [pod(j, 'ix-0-a', { index: 0, phase: 'Failed', created: '2026-01-01T00:00:00Z' }), pod(j, 'ix-0-b', { index: 0, created: '2026-01-01T00:00:05Z', failureCount: 1 }), pod(j, 'ix-1-a', { index: 1, phase: 'Succeeded' })];
  const d = data(nsState([j], pods));
  const [jn] = children({ kind: 'namespace', id: 'ns', context: 'kind', namespace: 'team-a' }, d);
  const jv = view(jn, d, 0);
  assert.equal(jv.description, '1/3 ✓ · 1 ✗ · 1 running');
  assert.match(jv.contextValue, /kjob\.job/);
  const idx = children(jn, d);
  assert.deepEqual(labels(idx, d), ['index 0', 'index 1', 'index 2']);
  assert.equal(view(idx[0], d, 0).description, 'running · 2 attempts · 1 failure counted');
  assert.equal(view(idx[2], d, 0).description, 'not started');
  assert.equal(view(idx[2], d, 0).collapsible, 'none');
  const podNodes = children(idx[0], d);
  assert.deepEqual(labels(podNodes, d), ['ix-0-b', 'ix-0-a']);
  assert.deepEqual(labels(children(podNodes[0], d), d), ['main']);
});

test('NonIndexed Job → pods → containers', () => {
  const j = job('w', { completions: null, parallelism: 2 });
  const d = data(nsState([j], [pod(j, 'w-1', { created: '2026-01-01T00:00:00Z' }), pod(j, 'w-2', { created: '2026-01-01T00:00:01Z' })]));
  const [jn] = children({ kind: 'namespace', id: 'ns', context: 'kind', namespace: 'team-a' }, d);
  assert.deepEqual(labels(children(jn, d), d), ['w-2', 'w-1']);
});

test('100,000 indexes never produce more nodes than the limit at any level', () => {
  const j = job('big', { indexed: true, completions: 100_000, status: { completedIndexes: '0-4999' } });
  const d = data(nsState([j], [pod(j, 'b-5000', { index: 5000 })]));
  const [jn] = children({ kind: 'namespace', id: 'ns', context: 'kind', namespace: 'team-a' }, d);
  const top = children(jn, d);
  assert.deepEqual(labels(top, d), ['0-4999 succeeded', 'index 5000', '5001-99999 not started']);
  const pages = children(top[0], d);
  assert.equal(pages.length, 50);
  assert.equal(view(pages[0], d, 0).label, '0-99 succeeded');
  assert.equal(children(pages[0], d).length, 100);
  const notStarted = children(top[2], d);
  assert.ok(notStarted.length <= 100);
  let maxSeen = 0;
  const walk = (n: TreeNode, depth: number) => {
    const c = children(n, d);
    maxSeen = Math.max(maxSeen, c.length);
    if (depth < 2 && c[0]) walk(c[0], depth + 1);
  };
  walk(top[2], 0);
  assert.ok(maxSeen <= 200, `max children ${maxSeen}`);
});

test('alternating states beyond the limit are grouped into pages with a summary', () => {
  const completed = Array.from({ length: 500 }, (_, i) => i * 2).join(',');
  const j = job('alt', { indexed: true, completions: 1000, status: { completedIndexes: completed } });
  const d = data(nsState([j], []));
  const [jn] = children({ kind: 'namespace', id: 'ns', context: 'kind', namespace: 'team-a' }, d);
  const top = children(jn, d);
  assert.equal(top.length, 10);
  assert.equal(view(top[0], d, 0).label, 'indexes 0-99');
  assert.equal(view(top[0], d, 0).description, '50 succeeded · 50 not started');
  assert.equal(children(top[0], d).length, 100);
});

test('Local Jobs render with the same per-index code', () => {
  const j = job('sim', { indexed: true, completions: 2, status: { completedIndexes: '0' } });
  const d = data(nsState([], []), [{ id: 'sim-1', label: 'sim (simulation)', job: j, pods: [pod(j, 'sim-1-x', { index: 1 })] }]);
  const root = children(undefined, d);
  const local = root.find((n) => n.kind === 'localGroup')!;
  const [jn] = children(local, d);
  assert.equal(view(jn, d, 0).label, 'sim (simulation)');
  assert.match(view(jn, d, 0).contextValue, /local/);
  assert.deepEqual(children(jn, d).map((n) => view(n, d, 0).description), ['succeeded', 'running · 1 attempt']);
});

test('a namespace that failed shows the error as a message node with an action', () => {
  const ns: NamespaceState = { synced: false, error: { kind: 'forbidden', message: 'Forbidden (403): nope', action: { command: 'kjob.configureNamespaces', title: 'Choose namespaces' } }, jobs: () => [], job: () => undefined, podsOfJob: () => [] };
  const d = data(ns);
  const out = children({ kind: 'namespace', id: 'ns', context: 'kind', namespace: 'team-a' }, d);
  assert.equal(out.length, 1);
  const v = view(out[0], d, 0);
  assert.equal(v.label, 'Forbidden (403): nope');
  assert.equal(v.command?.command, 'kjob.configureNamespaces');
});

test('labelling a namespace node does not open (watch) it; expanding it does', () => {
  const opened: string[] = [];
  const ns = nsState([], []);
  const d: ExplorerData = {
    ...data(ns),
    namespaces: () => ({ namespaces: ['team-a', 'other'], notices: [] }),
    namespace: (_c, n) => {
      opened.push(n);
      return ns;
    },
    peekNamespace: () => undefined,
  };
  const [ctx] = children(undefined, d);
  const nss = children(ctx, d);
  nss.forEach((n) => view(n, d, 0));
  assert.deepEqual(opened, []);
  children(nss[1], d);
  assert.deepEqual(opened, ['other']);
});

test('while the session loads, the root shows a progress row above the Local group', () => {
  const d: ExplorerData = { rootNotices: () => [], contexts: () => [], namespaces: () => undefined, namespace: () => undefined, local: () => [], loading: () => true };
  assert.deepEqual(labels(children(undefined, d), d), ['Loading kubeconfig contexts…']);
  assert.deepEqual(children(undefined, { ...d, loading: () => false }), []);
});
