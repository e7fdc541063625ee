/**
 * The explorer's list-then-watch and log streaming on the real control plane: a 403 is reported and
 * retried with exponential backoff until access is granted; the first list paints its first page
 * before the whole list settles; 20 concurrent follows lose no line and keep order; stop is
 * immediate; a stream dropped by an apiserver restart resumes from its last timestamp with no line
 * lost or repeated.
 * Fails (does not skip) when KUBECONFIG is missing.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { RbacAuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { ObjectStore } from '../../client/src/cluster/watch/store';
import type { JobObject, KObject } from '../../client/src/jobs/types';
import { ResourceWatch } from '../../client/src/cluster/watch/watcher';
import { NamespaceWatch } from '../../client/src/cluster/watch/namespaceWatch';
import { LogFollowRun, namespaceSource } from '../../client/src/logs/stream';
import type { FollowTarget } from '../../client/src/logs/follower';
import { batchApi, clusterFromEnv, coreApi, kubeconfigPath, restartApiserver, testJob, waitFor, withNamespace } from '../harness/cluster';

let kc: KubeConfig;
before(() => {
  kubeconfigPath(); // throws when KUBECONFIG is missing: this tier must fail, not skip
  kc = clusterFromEnv('kjob-admin');
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Grants the kjob-viewer user read access to Jobs in `ns` (it has none outside team-a). */
async function grantViewer(ns: string): Promise<void> {
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({ namespace: ns, body: { metadata: { name: 'jobs-read' }, rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] }] } });
  await rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: { metadata: { name: 'jobs-read' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'jobs-read' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'kjob-viewer' }] },
  });
}

test('a 403 is reported and retried with exponential backoff; once access is granted the watch syncs', async () => {
  await withNamespace(kc, async (ns) => {
    await batchApi(kc).createNamespacedJob({ namespace: ns, body: testJob('x', { completions: 1, suspend: true }) });
    const delays: number[] = [];
    const errors: unknown[] = [];
    const store = new ObjectStore<JobObject>();
    let synced = 0;
    let granted: Promise<void> | undefined;
    const w = new ResourceWatch<JobObject>({
      kc: clusterFromEnv('kjob-viewer'),
      path: `/apis/batch/v1/namespaces/${ns}/jobs`,
      onEvent: (e) => store.apply(e),
      onError: (e) => errors.push(e),
      onSynced: () => synced++,
      // Record the backoff instead of sleeping it; grant access after the third failure.
      delayFn: async (ms) => {
        delays.push(ms);
        if (delays.length === 3) granted = grantViewer(ns);
        await granted;
        await sleep(20);
      },
    });
    try {
      w.start();
      await waitFor(() => synced === 1, 30_000, `the watch to sync (errors: ${errors.length}, delays: ${delays.join(',')})`, 20);
      assert.ok(errors.length >= 3, `at least the three failures before the grant, got ${errors.length}`);
      for (const e of errors) assert.equal((e as { statusCode?: number }).statusCode, 403, String(e));
      assert.deepEqual(delays.slice(0, 4), [250, 500, 1000, 2000].slice(0, Math.min(4, delays.length)), 'the delay doubles from 250 ms');
      assert.ok(delays.every((d) => d <= 4000), `capped at 4 s: ${delays.join(',')}`);
      assert.deepEqual([...store.values()].map((j) => j.metadata?.name), ['x']);
      assert.equal(w.errors, errors.length);
    } finally {
      w.stop();
    }
  }, 'w403');
});

test('the first list paints its first page early; the RELIST that follows settles the full list', async () => {
  await withNamespace(kc, async (ns) => {
    const N = 620;
    const names = Array.from({ length: N }, (_, i) => `cm-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < N; i += 20) {
      await Promise.all(names.slice(i, i + 20).map((name) => coreApi(kc).createNamespacedConfigMap({ namespace: ns, body: { metadata: { name }, data: { i: name } } })));
    }
    // Everything in the namespace (the root CA publisher adds kube-root-ca.crt).
    const total = (await coreApi(kc).listNamespacedConfigMap({ namespace: ns })).items.length;
    assert.ok(total >= N);
    const seen: string[] = [];
    const store = new ObjectStore<KObject>();
    let synced = 0;
    const w = new ResourceWatch<KObject>({
      kc,
      path: `/api/v1/namespaces/${ns}/configmaps`,
      onEvent: (e) => {
        seen.push(e.type === 'RELIST' ? `RELIST ${e.items.length}` : e.type);
        store.apply(e);
      },
      onPartial: () => seen.push(`partial with ${store.size}`),
      onError: (e) => assert.fail(String(e)),
      onSynced: () => synced++,
    });
    try {
      w.start();
      await waitFor(() => synced === 1, 30_000, 'the list to settle');
      const partial = seen.indexOf('partial with 500');
      assert.equal(partial, 500, `the first page (500 objects) is painted before the rest: ${seen.slice(0, 3).join(', ')} … ${seen.slice(495, 503).join(', ')}`);
      assert.ok(seen.slice(0, 500).every((s) => s === 'ADDED'));
      assert.equal(seen[partial + 1], `RELIST ${total}`);
      assert.equal(store.size, total);
    } finally {
      w.stop();
    }
  }, 'wpg');
});

test('20 concurrent index follows of 2,000 lines each lose no line and keep each pod\'s order', async () => {
  await withNamespace(kc, async (ns) => {
    const PODS = 20;
    const LINES = 2000;
    const lines = Array.from({ length: LINES }, (_, i) => `line ${i}`);
    const w = new NamespaceWatch(kc, ns, () => undefined);
    w.start();
    try {
      await waitFor(() => w.synced, 30_000, 'namespace watch');
      await batchApi(kc).createNamespacedJob({ namespace: ns, body: testJob('big', { completionMode: 'Indexed', completions: PODS, parallelism: PODS }, { default: { exitCode: 0, durationSeconds: 4, logs: lines } }) });
      const got = Array.from({ length: PODS }, () => [] as string[]);
      const ends: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`follows did not end: ${got.map((g) => g.length).join(',')}`)), 120_000);
        for (let i = 0; i < PODS; i++) {
          const run = new LogFollowRun(kc, ns, { kind: 'index', index: i }, namespaceSource(w, 'big'), {
            lines: (l) => got[i]!.push(...l),
            marker: () => undefined,
            end: (r) => {
              ends.push(r);
              if (ends.length === PODS) {
                clearTimeout(timer);
                resolve();
              }
            },
          });
          run.start();
        }
      });
      for (let i = 0; i < PODS; i++) {
        const texts = got[i]!.map((l) => l.replace(/^\[\d+\/[^\]]+\] /, ''));
        assert.equal(texts.length, LINES, `index ${i}: ${texts.length} lines`);
        assert.deepEqual(texts, lines, `index ${i}: every line once, in order`);
      }
      assert.ok(ends.every((e) => /succeeded/.test(e)), ends.join(' | '));
    } finally {
      w.stop();
    }
  }, 'w20');
});

/** Follows `target` of Job `job`; returns the collected lines, markers and end reason. */
function follow(w: NamespaceWatch, ns: string, job: string, target: FollowTarget) {
  const lines: string[] = [];
  const markers: string[] = [];
  let ended: string | undefined;
  const run = new LogFollowRun(kc, ns, target, namespaceSource(w, job), {
    lines: (l) => lines.push(...l),
    marker: (m) => markers.push(m),
    end: (r) => (ended = r),
  });
  run.start();
  return { run, lines, markers, ended: () => ended };
}

test('stop ends a follow at once: nothing arrives afterwards while the container keeps printing', async () => {
  await withNamespace(kc, async (ns) => {
    const w = new NamespaceWatch(kc, ns, () => undefined);
    w.start();
    try {
      await waitFor(() => w.synced, 30_000, 'namespace watch');
      const printed = Array.from({ length: 200 }, (_, i) => `tick ${i}`);
      await batchApi(kc).createNamespacedJob({ namespace: ns, body: testJob('slow', { completions: 1 }, { default: { exitCode: 0, durationSeconds: 20, logs: printed } }) });
      const f = follow(w, ns, 'slow', { kind: 'job' });
      await waitFor(() => f.lines.length >= 3, 60_000, 'the first lines');
      f.run.stop();
      assert.equal(f.ended(), 'stopped');
      const count = f.lines.length;
      await sleep(1500); // ~15 more lines are printed meanwhile
      assert.equal(f.lines.length, count, 'no line after stop');
      assert.ok(count < printed.length);
    } finally {
      w.stop();
    }
  }, 'wst');
});

test('an apiserver restart drops a follow mid-stream: it resumes from its last timestamp, no line lost or repeated', async () => {
  await withNamespace(kc, async (ns) => {
    const w = new NamespaceWatch(kc, ns, () => undefined);
    w.start();
    try {
      await waitFor(() => w.synced, 30_000, 'namespace watch');
      const printed = Array.from({ length: 300 }, (_, i) => `tick ${i}`);
      await batchApi(kc).createNamespacedJob({ namespace: ns, body: testJob('long', { completions: 1 }, { default: { exitCode: 0, durationSeconds: 30, logs: printed } }) });
      const f = follow(w, ns, 'long', { kind: 'job' });
      await waitFor(() => f.lines.length >= 10, 60_000, 'the first lines');
      const before = f.lines.length;
      await restartApiserver(kc);
      await waitFor(() => f.ended(), 120_000, `the follow to end (${f.lines.length} lines, markers ${f.markers.join(' | ')})`, 100);
      const texts = f.lines.map((l) => l.replace(/^\[[^\]]+\] /, ''));
      assert.ok(before < printed.length / 2, `the restart happened mid-stream (${before} lines before)`);
      assert.deepEqual(texts, printed, 'every line exactly once, in order');
      assert.match(f.ended()!, /Complete/);
    } finally {
      w.stop();
    }
  }, 'wrs');
});

