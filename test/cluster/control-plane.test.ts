/**
 * The real control plane (kube-apiserver + kube-controller-manager from upstream, etcd) with the
 * test kubelet: proves the pieces the cluster features rely on behave like a real cluster.
 * Needs KUBECONFIG from `scripts/cluster.mjs up` (scripts/test.mjs provides it).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { ApiException, Log, type KubeConfig } from '@kubernetes/client-node';
import { batchApi, clusterFromEnv, coreApi, kubeconfigPath, kubectl, kubectlPath, jobCondition, jobPods, testJob, waitFor, withNamespace } from '../harness/cluster';

let kc: KubeConfig;
before(() => {
  kc = clusterFromEnv();
});

const cond = jobCondition;
const podsOf = (ns: string, job: string) => jobPods(kc, ns, job);

describe('Job controller on the real control plane', () => {
  test('an Indexed Job with a failing index ends with completedIndexes, failedIndexes and FailedIndexes conditions', async () => {
    await withNamespace(kc, async (ns) => {
      const batch = batchApi(kc);
      const body = testJob(
        'indexed',
        { completionMode: 'Indexed', completions: 4, parallelism: 4, backoffLimitPerIndex: 0 },
        { default: { durationSeconds: 1 }, indexes: { '2': [{ exitCode: 3 }] } },
      );
      await batch.createNamespacedJob({ namespace: ns, body });
      const done = await waitFor(
        async () => {
          const j = await batch.readNamespacedJob({ name: 'indexed', namespace: ns });
          return cond(j, 'Failed') || cond(j, 'Complete') ? j : undefined;
        },
        60_000,
        'Job indexed to finish',
      );
      assert.equal(done.status?.completedIndexes, '0,1,3');
      assert.equal(done.status?.failedIndexes, '2');
      assert.equal(done.status?.succeeded, 3);
      assert.equal(done.status?.failed, 1);
      assert.equal(cond(done, 'FailureTarget')?.reason, 'FailedIndexes');
      assert.equal(cond(done, 'Failed')?.reason, 'FailedIndexes');
      assert.equal(cond(done, 'Complete'), undefined);

      const pods = await podsOf(ns, 'indexed');
      const byIndex = new Map(pods.map((p) => [p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'], p]));
      assert.equal(pods.length, 4, 'one pod per index, no retries with backoffLimitPerIndex 0');
      const failed = byIndex.get('2')!;
      assert.equal(failed.status?.phase, 'Failed');
      assert.equal(failed.status?.containerStatuses?.[0].state?.terminated?.exitCode, 3);
      assert.equal(failed.status?.containerStatuses?.[0].state?.terminated?.reason, 'Error');
      for (const i of ['0', '1', '3']) {
        const p = byIndex.get(i)!;
        assert.equal(p.status?.phase, 'Succeeded', `index ${i}`);
        assert.equal(p.status?.containerStatuses?.[0].state?.terminated?.exitCode, 0);
        assert.equal(p.spec?.nodeName, 'kjob-node');
      }
    });
  });
});

describe('pod logs through the apiserver', () => {
  test('kubectl logs -f and client-node Log follow a running pod until it ends', async () => {
    await withNamespace(kc, async (ns) => {
      const lines = ['step one', 'step two', 'step three', 'step four'];
      await batchApi(kc).createNamespacedJob({
        namespace: ns,
        body: testJob('follow', { backoffLimit: 0 }, { default: { durationSeconds: 8, logs: lines } }),
      });
      const pod = await waitFor(async () => (await podsOf(ns, 'follow')).find((p) => p.status?.phase === 'Running'), 30_000, 'pod Running');
      const name = pod.metadata!.name!;

      // kubectl logs -f (the kubectl built with the control plane)
      const kubectlRun = new Promise<{ code: number | null; chunks: { t: number; text: string }[]; stderr: string }>((resolve, reject) => {
        const p = spawn(kubectlPath(), ['--context=kjob-admin', '-n', ns, 'logs', '-f', name, '-c', 'main'], {
          env: { ...process.env, KUBECONFIG: kubeconfigPath() },
        });
        const chunks: { t: number; text: string }[] = [];
        let stderr = '';
        p.stdout.on('data', (d) => chunks.push({ t: Date.now(), text: String(d) }));
        p.stderr.on('data', (d) => (stderr += d));
        p.on('error', reject);
        p.on('close', (code) => resolve({ code, chunks, stderr }));
      });

      // client-node's Log with follow
      const clientChunks: { t: number; text: string }[] = [];
      const ended = new Promise<void>((resolve) => {
        const sink = new Writable({
          write(chunk, _enc, cb) {
            clientChunks.push({ t: Date.now(), text: String(chunk) });
            cb();
          },
          final(cb) {
            resolve();
            cb();
          },
        });
        void new Log(kc).log(ns, name, 'main', sink, { follow: true });
      });

      const k = await kubectlRun;
      await ended;
      assert.equal(k.code, 0, k.stderr);
      for (const [who, chunks] of [
        ['kubectl logs -f', k.chunks],
        ['client-node Log', clientChunks],
      ] as const) {
        assert.deepEqual(chunks.map((c) => c.text).join('').trimEnd().split('\n'), lines, who);
        const firstAt = chunks[0].t;
        const lastAt = chunks.at(-1)!.t;
        // Lines are printed 2 s apart; a follow stream receives them as they come, not in one go
        // (a client that connects late on a busy machine still sees the last line arrive later).
        assert.ok(lastAt - firstAt >= 1000, `${who}: lines arrived over ${lastAt - firstAt} ms, expected them spread over up to 6 s`);
      }
      // the stream ended because the container ended
      const after = await coreApi(kc).readNamespacedPod({ name, namespace: ns });
      assert.equal(after.status?.phase, 'Succeeded');

      // non-follow options after the fact
      const tail = await kubectl(['-n', ns, 'logs', name, '--tail=1']);
      assert.equal(tail.stdout, 'step four\n');
      const ts = await kubectl(['-n', ns, 'logs', name, '--timestamps']);
      assert.match(ts.stdout.split('\n')[0], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z step one$/);
      const limited = await kubectl(['-n', ns, 'logs', name, '--limit-bytes=7']);
      assert.equal(limited.stdout, 'step on');
      const recent = await kubectl(['-n', ns, 'logs', name, '--since=1h']);
      assert.equal(recent.stdout, lines.join('\n') + '\n');
      // the last line was printed 2 s before the container ended, so nothing is newer than 1 s
      const none = await kubectl(['-n', ns, 'logs', name, '--since=1s']);
      assert.equal(none.stdout, '');
      const unknown = await kubectl(['-n', ns, 'logs', name, '-c', 'nope']);
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stderr, /container nope is not valid for pod/);
    });
  });
});

describe('RBAC users in the kubeconfig', () => {
  const code = async (p: Promise<unknown>) => {
    try {
      await p;
      return 200;
    } catch (e) {
      if (e instanceof ApiException) return e.code;
      throw e;
    }
  };

  test('kjob-viewer may read Jobs and pods in team-a and gets 403 everywhere else', async () => {
    const viewer = clusterFromEnv('kjob-viewer');
    const batch = batchApi(viewer);
    const core = coreApi(viewer);
    assert.equal(await code(batch.listNamespacedJob({ namespace: 'team-a' })), 200);
    assert.equal(await code(core.listNamespacedPod({ namespace: 'team-a' })), 200);
    assert.equal(await code(batch.listNamespacedJob({ namespace: 'default' })), 403);
    assert.equal(await code(core.listNamespacedPod({ namespace: 'default' })), 403);
    assert.equal(await code(batch.listJobForAllNamespaces()), 403);
    assert.equal(await code(core.listNamespace()), 403);
    assert.equal(await code(batch.deleteCollectionNamespacedJob({ namespace: 'team-a' })), 403);
    assert.equal(await code(batch.createNamespacedJob({ namespace: 'team-a', body: testJob('nope', {}) })), 403);
    const nobody = clusterFromEnv('kjob-nobody');
    assert.equal(await code(batchApi(nobody).listNamespacedJob({ namespace: 'team-a' })), 403);
    // kubectl shows the server's reason
    const k = await kubectl(['get', 'jobs', '-n', 'default'], { context: 'kjob-viewer' });
    assert.notEqual(k.code, 0);
    assert.match(k.stderr, /User "kjob-viewer" cannot list resource "jobs" in API group "batch" in the namespace "default"/);
  });

  test('kjob-viewer reads pod logs in team-a but not elsewhere', async () => {
    const name = `viewer-logs-${Date.now().toString(36)}`;
    const admin = batchApi(kc);
    await admin.createNamespacedJob({ namespace: 'team-a', body: testJob(name, { backoffLimit: 0 }, { default: { durationSeconds: 0.2, logs: ['visible to the viewer'] } }) });
    try {
      const pod = await waitFor(async () => (await podsOf('team-a', name)).find((p) => p.status?.phase === 'Succeeded'), 30_000, 'pod Succeeded');
      const ok = await kubectl(['-n', 'team-a', 'logs', pod.metadata!.name!], { context: 'kjob-viewer' });
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(ok.stdout, 'visible to the viewer\n');
      await withNamespace(kc, async (ns) => {
        await admin.createNamespacedJob({ namespace: ns, body: testJob('other', { backoffLimit: 0 }, { default: { durationSeconds: 0.2 } }) });
        const other = await waitFor(async () => (await podsOf(ns, 'other'))[0], 30_000, 'pod created');
        const denied = await kubectl(['-n', ns, 'logs', other.metadata!.name!], { context: 'kjob-viewer' });
        assert.notEqual(denied.code, 0);
        assert.match(denied.stderr, /User "kjob-viewer" cannot get resource "pods" in API group "" in the namespace/);
      });
    } finally {
      await admin.deleteNamespacedJob({ name, namespace: 'team-a', propagationPolicy: 'Background' }).catch(() => undefined);
    }
  });
});

describe('server-side validation', () => {
  test('kubectl apply --dry-run=server rejects restartPolicy Always with the apiserver message and creates nothing', async () => {
    await withNamespace(kc, async (ns) => {
      const manifest = [
        'apiVersion: batch/v1',
        'kind: Job',
        'metadata:',
        '  name: always',
        'spec:',
        '  template:',
        '    spec:',
        '      restartPolicy: Always',
        '      containers:',
        '      - name: main',
        '        image: busybox:1.36',
        '',
      ].join('\n');
      const r = await kubectl(['apply', '--dry-run=server', '-n', ns, '-f', '-'], { input: manifest });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /The Job "always" is invalid: spec\.template\.spec\.restartPolicy: Required value: valid values: "OnFailure", "Never"/);
      const ok = await kubectl(['apply', '--dry-run=server', '-n', ns, '-f', '-'], { input: manifest.replace('Always', 'Never') });
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /job\.batch\/always created \(server dry run\)/);
      const get = await kubectl(['get', 'job', 'always', '-n', ns]);
      assert.match(get.stderr, /NotFound/);
    });
  });
});

after(() => undefined);
