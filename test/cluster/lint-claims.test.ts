/**
 * The facts the Job pitfall lints rest on, checked against the real Job controller (v1.37.2):
 * - job/literal-completion-index: the controller injects JOB_COMPLETION_INDEX only when the container
 *   does not define it, so a literal value reaches every pod unchanged;
 * - job/undefined-var-reference (env values): the injected variable is appended AFTER the user's env
 *   entries, so an env value cannot reference it;
 * - job/completion-index-nonindexed: pods of a NonIndexed Job carry no completion-index annotation or label.
 * Needs KUBECONFIG (the cluster tier always sets it); fails without it.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { batchApi, clusterFromEnv, coreApi, testJob, waitFor, withNamespace } from '../harness/cluster';

let kc: KubeConfig;
before(() => {
  kc = clusterFromEnv();
});

async function podsOf(ns: string, job: string, count: number): Promise<V1Pod[]> {
  return waitFor(
    async () => {
      const r = await coreApi(kc).listNamespacedPod({ namespace: ns, labelSelector: `batch.kubernetes.io/job-name=${job}` });
      return r.items.length >= count ? r.items : undefined;
    },
    30_000,
    `${count} pod(s) of ${job}`,
  );
}

const INDEX_KEY = 'batch.kubernetes.io/job-completion-index';

describe('Job controller facts behind the lints', () => {
  test('a literal JOB_COMPLETION_INDEX is kept in every pod; otherwise the injected one comes last', async () => {
    await withNamespace(kc, async (ns) => {
      const batch = batchApi(kc);
      const literal = testJob('literal', { completionMode: 'Indexed', completions: 2, parallelism: 2 }, { default: { durationSeconds: 30 } });
      (literal.spec.template.spec.containers[0] as Record<string, unknown>).env = [{ name: 'JOB_COMPLETION_INDEX', value: '0' }];
      await batch.createNamespacedJob({ namespace: ns, body: literal });
      const injected = testJob('injected', { completionMode: 'Indexed', completions: 2, parallelism: 2 }, { default: { durationSeconds: 30 } });
      (injected.spec.template.spec.containers[0] as Record<string, unknown>).env = [{ name: 'SHARD', value: 'shard-$(JOB_COMPLETION_INDEX)' }];
      await batch.createNamespacedJob({ namespace: ns, body: injected });

      const lit = await podsOf(ns, 'literal', 2);
      for (const p of lit) {
        const env = p.spec!.containers[0]!.env!;
        assert.deepEqual(env.filter((e) => e.name === 'JOB_COMPLETION_INDEX').map((e) => [e.value, e.valueFrom]), [['0', undefined]], 'the literal is not replaced');
        assert.ok(p.metadata!.annotations![INDEX_KEY] !== undefined);
      }
      assert.deepEqual(lit.map((p) => p.metadata!.annotations![INDEX_KEY]).sort(), ['0', '1'], 'the pods have different indexes, yet both see JOB_COMPLETION_INDEX=0');

      for (const p of await podsOf(ns, 'injected', 2)) {
        const names = p.spec!.containers[0]!.env!.map((e) => e.name);
        assert.deepEqual(names, ['SHARD', 'JOB_COMPLETION_INDEX'], 'the controller appends JOB_COMPLETION_INDEX after the user env');
        const ref = p.spec!.containers[0]!.env![1]!.valueFrom?.fieldRef?.fieldPath ?? '';
        assert.ok(ref.includes(INDEX_KEY), ref);
      }
    });
  });

  test('NonIndexed pods have no completion index (annotation, label or env var)', async () => {
    await withNamespace(kc, async (ns) => {
      await batchApi(kc).createNamespacedJob({ namespace: ns, body: testJob('plain', { completions: 1 }, { default: { durationSeconds: 30 } }) });
      const [p] = await podsOf(ns, 'plain', 1);
      assert.equal(p!.metadata!.annotations?.[INDEX_KEY], undefined);
      assert.equal(p!.metadata!.labels?.[INDEX_KEY], undefined);
      assert.ok(!(p!.spec!.containers[0]!.env ?? []).some((e) => e.name === 'JOB_COMPLETION_INDEX'));
    });
  });
});
