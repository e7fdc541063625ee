/**
 * The test kubelet follows the outcome script (docs/simulator.md "Outcome scripts") on the real Job controller:
 * attempt order, OnFailure in-place restarts, init containers, evictions with DisruptionTarget,
 * scripted deletions with a grace period, timed Job spec patches, and invalid scripts.
 * The simulator's differential test relies on exactly these semantics.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { CoreV1Event, KubeConfig, V1Job, V1Pod } from '@kubernetes/client-node';
import { batchApi, clusterFromEnv, coreApi, kubectl, jobCondition, jobPods, testJob, waitFor, withNamespace } from '../harness/cluster';

let kc: KubeConfig;
before(() => {
  kc = clusterFromEnv();
});

const cond = jobCondition;
const podsOf = (ns: string, job: string) => jobPods(kc, ns, job);

async function finished(ns: string, name: string, timeoutMs = 60_000): Promise<V1Job> {
  return waitFor(
    async () => {
      const j = await batchApi(kc).readNamespacedJob({ name, namespace: ns });
      return cond(j, 'Complete') || cond(j, 'Failed') ? j : undefined;
    },
    timeoutMs,
    `Job ${ns}/${name} to finish`,
  );
}

const term = (p: V1Pod, i = 0) => p.status?.containerStatuses?.[i]?.state?.terminated;

describe('outcome script on the test kubelet', { concurrency: true }, () => {
  test('OnFailure: a failed attempt restarts the container in place; the next attempt succeeds', async () => {
    await withNamespace(kc, async (ns) => {
      await batchApi(kc).createNamespacedJob({
        namespace: ns,
        body: testJob(
          'onfailure',
          { backoffLimit: 3, template: { spec: { restartPolicy: 'OnFailure' } } },
          { indexes: { '*': [{ exitCode: 7, durationSeconds: 0.5 }, { exitCode: 0, durationSeconds: 0.5 }] } },
        ),
      });
      const j = await finished(ns, 'onfailure');
      assert.ok(cond(j, 'Complete'), JSON.stringify(j.status));
      const pods = await podsOf(ns, 'onfailure');
      assert.equal(pods.length, 1);
      const cs = pods[0].status!.containerStatuses![0];
      assert.equal(pods[0].status?.phase, 'Succeeded');
      assert.equal(cs.restartCount, 1);
      assert.equal(cs.lastState?.terminated?.exitCode, 7);
      assert.equal(cs.state?.terminated?.exitCode, 0);
      // each run has its own log; --previous reads the failed one (attempt 0)
      const name = pods[0].metadata!.name!;
      const cur = await kubectl(['-n', ns, 'logs', name]);
      const prev = await kubectl(['-n', ns, 'logs', name, '--previous']);
      assert.match(cur.stdout, /attempt 1\n/);
      assert.match(prev.stdout, /attempt 0\n/);
      assert.doesNotMatch(prev.stdout, /attempt 1/);
    });
  });

  test('a failing init container fails the pod before the main container runs', async () => {
    await withNamespace(kc, async (ns) => {
      await batchApi(kc).createNamespacedJob({
        namespace: ns,
        body: testJob(
          'init',
          { backoffLimit: 0, template: { spec: { initContainers: [{ name: 'prep', image: 'busybox:1.36' }] } } },
          { default: { initExitCodes: { prep: 4 } } },
        ),
      });
      const j = await finished(ns, 'init');
      assert.equal(cond(j, 'Failed')?.reason, 'BackoffLimitExceeded');
      const [p] = await podsOf(ns, 'init');
      assert.equal(p.status?.phase, 'Failed');
      assert.equal(p.status?.initContainerStatuses?.[0].state?.terminated?.exitCode, 4);
      assert.equal(p.status?.containerStatuses?.[0].state?.waiting?.reason, 'PodInitializing');
    });
  });

  test('exitCodes per container: the pod fails when a second container exits non-zero', async () => {
    await withNamespace(kc, async (ns) => {
      await batchApi(kc).createNamespacedJob({
        namespace: ns,
        body: testJob('multi', { backoffLimit: 0 }, { default: { durationSeconds: 0.5, exitCodes: { helper: 2 } } }, [{ name: 'main' }, { name: 'helper' }]),
      });
      const j = await finished(ns, 'multi');
      assert.ok(cond(j, 'Failed'));
      const [p] = await podsOf(ns, 'multi');
      const byName = new Map(p.status!.containerStatuses!.map((c) => [c.name, c.state?.terminated?.exitCode]));
      assert.deepEqual(Object.fromEntries(byName), { main: 0, helper: 2 });
    });
  });

  test('evictedAfterSeconds: pod Failed (Evicted, DisruptionTarget, exit 137); podFailurePolicy Ignore lets the next attempt run', async () => {
    await withNamespace(kc, async (ns) => {
      await batchApi(kc).createNamespacedJob({
        namespace: ns,
        body: testJob(
          'evict',
          {
            backoffLimit: 0,
            podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
          },
          { indexes: { '*': [{ durationSeconds: 30, evictedAfterSeconds: 0.5 }] }, default: { durationSeconds: 0.5 } },
        ),
      });
      const j = await finished(ns, 'evict');
      assert.ok(cond(j, 'Complete'), JSON.stringify(j.status?.conditions));
      const pods = await podsOf(ns, 'evict');
      assert.equal(pods.length, 2);
      const ev = pods.find((p) => p.status?.phase === 'Failed')!;
      assert.equal(ev.status?.reason, 'Evicted');
      assert.equal(ev.status?.conditions?.find((c) => c.type === 'DisruptionTarget')?.status, 'True');
      assert.equal(term(ev)?.exitCode, 137);
      assert.equal(pods.filter((p) => p.status?.phase === 'Succeeded').length, 1);
    });
  });

  test('deletedAfterSeconds: the pod is deleted with the grace period, killed (137) at its end and counted as failed', async () => {
    await withNamespace(kc, async (ns) => {
      const t0 = Date.now();
      await batchApi(kc).createNamespacedJob({
        namespace: ns,
        body: testJob('deleted', { backoffLimit: 0 }, { default: { durationSeconds: 30, deletedAfterSeconds: 0.5, terminationGracePeriodSeconds: 2 } }),
      });
      // while the grace period runs, the controller reports the pod as terminating
      await waitFor(async () => ((await batchApi(kc).readNamespacedJob({ name: 'deleted', namespace: ns })).status?.terminating ?? 0) === 1, 20_000, 'status.terminating=1');
      const j = await finished(ns, 'deleted');
      assert.ok(Date.now() - t0 >= 2000, 'not before the grace period ended');
      assert.equal(cond(j, 'Failed')?.reason, 'BackoffLimitExceeded');
      assert.equal(j.status?.failed, 1);
      await waitFor(async () => (await podsOf(ns, 'deleted')).length === 0, 20_000, 'the deleted pod to disappear');
    });
  });

  test('events: patchSpec {suspend: false} resumes a suspended Job at atSeconds', async () => {
    await withNamespace(kc, async (ns) => {
      const t0 = Date.now();
      await batchApi(kc).createNamespacedJob({
        namespace: ns,
        body: testJob('resume', { suspend: true }, { default: { durationSeconds: 0.2 }, events: [{ atSeconds: 2, patchSpec: { suspend: false } }] }),
      });
      await waitFor(async () => cond(await batchApi(kc).readNamespacedJob({ name: 'resume', namespace: ns }), 'Suspended'), 20_000, 'Suspended condition');
      assert.equal((await podsOf(ns, 'resume')).length, 0);
      const j = await finished(ns, 'resume');
      assert.ok(cond(j, 'Complete'));
      assert.ok(Date.now() - t0 >= 2000, 'resumed no earlier than atSeconds');
      assert.equal(j.spec?.suspend, false);
    });
  });

  test('an invalid outcome script is ignored with a Warning event on the Job; pods run the default attempt', async () => {
    await withNamespace(kc, async (ns) => {
      const body = testJob('invalid', { backoffLimit: 0 });
      body.metadata.annotations = { 'kjob.dev/outcomes': '{"default": {"exitCode": "one"}}' };
      await batchApi(kc).createNamespacedJob({ namespace: ns, body });
      const j = await finished(ns, 'invalid');
      assert.ok(cond(j, 'Complete'));
      const ev: CoreV1Event = await waitFor(
        async () => (await coreApi(kc).listNamespacedEvent({ namespace: ns })).items.find((e) => e.reason === 'InvalidOutcomeScript'),
        10_000,
        'InvalidOutcomeScript event',
      );
      assert.equal(ev.type, 'Warning');
      assert.equal(ev.involvedObject.name, 'invalid');
      assert.match(ev.message ?? '', /default\.exitCode: expected an integer/);
    });
  });
});
