/**
 * Explain on a real cluster: the Job and pods as the API returns them after an index failed; the
 * prediction (no pod during the back-off, re-sync within 10 s, then a replacement for that index)
 * is checked against what the real Job controller then does.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { OUTCOMES_ANNOTATION } from '../../core/kubelet/outcomes';
import { explain } from '../../core/controller/explain';
import { Api, type Obj } from '../kubelet/api';

const KUBECONFIG = process.env.KUBECONFIG;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function api(): Api {
  const kc = parse(readFileSync(KUBECONFIG!, 'utf8'));
  const ctx = kc.contexts.find((c: Obj) => c.name === 'kjob-admin').context;
  const cluster = kc.clusters.find((c: Obj) => c.name === ctx.cluster).cluster;
  const user = kc.users.find((u: Obj) => u.name === ctx.user).user;
  return new Api({ server: cluster.server, token: user.token, ca: Buffer.from(cluster['certificate-authority-data'], 'base64') });
}

test('explain predicts the back-off and the replacement index the real controller then creates', { skip: KUBECONFIG ? false : 'KUBECONFIG is not set (run through `node scripts/test.mjs cluster`)', timeout: 120_000 }, async () => {
  const a = api();
  const ns = `kx-${Math.random().toString(36).slice(2, 7)}`;
  await a.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  try {
    const outcomes = { default: { durationSeconds: 90 }, indexes: { '1': [{ exitCode: 3, durationSeconds: 1 }] } };
    await a.post(`/apis/batch/v1/namespaces/${ns}/jobs`, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'ex', annotations: { [OUTCOMES_ANNOTATION]: JSON.stringify(outcomes) } },
      spec: {
        completionMode: 'Indexed',
        completions: 3,
        parallelism: 3,
        template: { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'true'] }] } },
      },
    });
    // Wait until the failure of index 1 is accounted (status.failed 1, finalizer gone).
    let job: Obj = {};
    let pods: Obj = { items: [] };
    const t0 = Date.now();
    for (;;) {
      job = await a.get(`/apis/batch/v1/namespaces/${ns}/jobs/ex`);
      pods = await a.get(`/api/v1/namespaces/${ns}/pods`);
      const failed = (pods.items as Obj[]).find((p) => p.status?.phase === 'Failed');
      if (job.status?.failed === 1 && failed && !(failed.metadata.finalizers ?? []).length) break;
      if (Date.now() - t0 > 60_000) throw new Error(`index 1 did not fail: ${JSON.stringify(job.status)}`);
      await sleep(300);
    }
    const r = explain(job, pods, Date.now() / 1000);
    assert.deepEqual(r.actions.create, [], JSON.stringify(r));
    assert.ok(r.actions.requeueAfterSeconds !== null && r.actions.requeueAfterSeconds > 0 && r.actions.requeueAfterSeconds <= 10, JSON.stringify(r.actions));
    assert.ok(r.reasons.some((x) => x.includes('back-off')), r.reasons.join('\n'));
    assert.equal(r.status.active, 2);
    assert.equal(r.status.failed, 1);
    // The controller creates the replacement for index 1 when the back-off ends.
    const waitFrom = Date.now();
    let replacement: Obj | undefined;
    while (!replacement) {
      pods = await a.get(`/api/v1/namespaces/${ns}/pods`);
      replacement = (pods.items as Obj[]).find((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === '1' && p.status?.phase !== 'Failed');
      if (Date.now() - waitFrom > 30_000) throw new Error('no replacement for index 1');
      if (!replacement) await sleep(250);
    }
    const waited = (Date.now() - waitFrom) / 1000;
    assert.ok(waited <= r.actions.requeueAfterSeconds! + 4, `replacement after ${waited}s, predicted ${r.actions.requeueAfterSeconds}s`);
    // Now every index has a pod: nothing to create.
    job = await a.get(`/apis/batch/v1/namespaces/${ns}/jobs/ex`);
    const after = explain(job, pods, Date.now() / 1000);
    assert.deepEqual(after.actions.create, []);
    assert.equal(after.status.active, 3);
  } finally {
    await a.delete(`/api/v1/namespaces/${ns}`).catch(() => undefined);
  }
});
