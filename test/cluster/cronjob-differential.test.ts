/**
 * The CronJob controller simulation (core/controller/cronjob.ts) against the real CronJob controller:
 * six `* * * * *` CronJobs run in parallel for about four minutes, the Jobs they create are watched
 * (by polling), and the Job names, results and which Jobs were deleted must match a simulation
 * started at the CronJob's creationTimestamp and stopped at the moment of the last observation
 * (always at :30 past a minute, away from schedule times). Job durations keep every decision ≥ 10 s
 * away from a schedule time, so the controller's latency cannot flip one.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { KubeConfig, V1Job } from '@kubernetes/client-node';
import { batchApi, clusterFromEnv, jobCondition, kubectl, withNamespace } from '../harness/cluster';
import { OUTCOMES_ANNOTATION, type OutcomeScript } from '../../core/kubelet/outcomes';
import { simulateCronJob } from '../../core/controller/cronjob';

let kc: KubeConfig;
before(() => {
  kc = clusterFromEnv();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Scenario {
  name: string;
  spec: Record<string, unknown>;
  job: OutcomeScript;
  /** Patch the CronJob's spec this many seconds after creation. */
  patch?: { afterSeconds: number; spec: Record<string, unknown> };
}

const SCENARIOS: Scenario[] = [
  { name: 'forbid', spec: { concurrencyPolicy: 'Forbid' }, job: { default: { durationSeconds: 100 } } },
  { name: 'replace', spec: { concurrencyPolicy: 'Replace' }, job: { default: { durationSeconds: 100 } } },
  { name: 'allow', spec: { concurrencyPolicy: 'Allow' }, job: { default: { durationSeconds: 100 } } },
  { name: 'suspend', spec: { suspend: true }, job: { default: { durationSeconds: 5 } }, patch: { afterSeconds: 150, spec: { suspend: false } } },
  { name: 'history', spec: { successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1 }, job: { default: { durationSeconds: 5 } } },
  { name: 'deadline', spec: { concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 10 }, job: { default: { durationSeconds: 100 } } },
];

async function runScenario(s: Scenario): Promise<void> {
  await withNamespace(kc, async (ns) => {
    const body = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: s.name },
      spec: {
        schedule: '* * * * *',
        ...s.spec,
        jobTemplate: {
          metadata: { annotations: { [OUTCOMES_ANNOTATION]: JSON.stringify(s.job) } },
          spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } },
        },
      },
    };
    // start right after a minute boundary so the first tick is ~55 s away
    const msIntoMinute = Date.now() % 60_000;
    if (msIntoMinute > 10_000) await sleep(60_000 - msIntoMinute + 3_000);
    const created = await batchApi(kc).createNamespacedCronJob({ namespace: ns, body });
    const from = Math.floor(new Date(created.metadata!.creationTimestamp!).getTime() / 1000);
    // observe until :30 of the minute 4 minutes after creation
    const end = (Math.floor(from / 60) + 4) * 60 + 30;
    const seen = new Map<string, V1Job>();
    let patched = !s.patch;
    let present = new Set<string>();
    for (;;) {
      const now = Date.now() / 1000;
      if (!patched && now >= from + s.patch!.afterSeconds) {
        const r = await kubectl(['-n', ns, 'patch', 'cronjob', s.name, '--type=merge', '-p', JSON.stringify({ spec: s.patch!.spec })]);
        assert.equal(r.code ?? 0, 0, r.stderr);
        patched = true;
      }
      const list = await batchApi(kc).listNamespacedJob({ namespace: ns });
      present = new Set(list.items.map((j) => j.metadata!.name!));
      for (const j of list.items) seen.set(j.metadata!.name!, j);
      if (now >= end) break;
      await sleep(1000);
    }
    const sim = simulateCronJob(body, {
      fromSeconds: from,
      durationSeconds: end - from,
      script: { runs: { '*': s.job }, events: s.patch ? [{ atSeconds: s.patch.afterSeconds, patchSpec: s.patch.spec }] : [] },
    });
    const result = (j: V1Job) => (jobCondition(j, 'Complete') ? 'Complete' : jobCondition(j, 'Failed') ? 'Failed' : null);
    const real = [...seen.keys()].sort().map((n) => ({ name: n, deleted: !present.has(n), result: present.has(n) ? result(seen.get(n)!) : null }));
    const simulated = sim.jobs.map((j) => ({ name: j.name, deleted: j.deletedAtSeconds !== null, result: j.deletedAtSeconds === null ? j.result : null })).sort((a, b) => (a.name < b.name ? -1 : 1));
    assert.deepEqual(real, simulated, `${s.name}: created ${new Date(from * 1000).toISOString()}, simulated ${JSON.stringify(sim.jobs)} skipped ${JSON.stringify(sim.skipped)}`);
    assert.ok(real.length > 0 || s.name === 'none', `${s.name}: no Job at all`);
  }, `cron-${s.name}`);
}

describe('CronJob controller: simulation matches the real controller', { concurrency: true }, () => {
  for (const s of SCENARIOS) test(s.name, { timeout: 420_000 }, () => runScenario(s));
});
