/**
 * Differential test: every case of differential-cases.ts runs on the real kube-controller-manager
 * (with the test kubelet reading the same outcome script from the Job annotation kjob.dev/outcomes)
 * and in the simulator. Final status, completed/failed indexes, pods created per index and the
 * terminal condition (type, reason, message with pod names normalized) must be identical.
 * Jobs run in parallel, one namespace each, so back-off delays overlap.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { OUTCOMES_ANNOTATION } from '../../core/kubelet/outcomes';
import { simulate } from '../../core/controller/simulator';
import { Api, type Obj } from '../kubelet/api';
import { caseJob, diffCases, type DiffCase } from './differential-cases';

const KUBECONFIG = process.env.KUBECONFIG;
const CASE_TIMEOUT_MS = 240_000;

interface Observed {
  job?: Obj;
  deleted: boolean;
  pods: Map<string, { name: string; index: string }>;
}

function apiFromKubeconfig(path: string): Api {
  const kc = parse(readFileSync(path, 'utf8'));
  const ctxName = kc['current-context'] && kc.contexts.some((c: Obj) => c.name === kc['current-context'] && c.context.user === 'kjob-admin') ? kc['current-context'] : 'kjob-admin';
  const ctx = kc.contexts.find((c: Obj) => c.name === ctxName).context;
  const cluster = kc.clusters.find((c: Obj) => c.name === ctx.cluster).cluster;
  const user = kc.users.find((u: Obj) => u.name === ctx.user).user;
  return new Api({ server: cluster.server, token: user.token, ca: Buffer.from(cluster['certificate-authority-data'], 'base64') });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pod names carry 5 random characters and the namespace differs: keep only the generateName part. */
function normalizeMessage(msg: string): string {
  return msg.replace(/([Pp]od) [a-z0-9-]+\/([a-z0-9-]+-)[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '$1 NS/$2*');
}

interface Summary {
  terminal: string;
  conditions: string[];
  succeeded: number;
  failed: number;
  active: number;
  ready: number;
  terminating: number;
  completedIndexes: string | null;
  failedIndexes: string | null;
  podsPerIndex: Record<string, number>;
  deleted: boolean;
}

function clusterSummary(c: DiffCase, o: Observed): Summary {
  const s = (o.job?.status ?? {}) as Obj;
  const conds: Obj[] = s.conditions ?? [];
  const fin = conds.find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  const per: Record<string, number> = {};
  for (const p of o.pods.values()) per[p.index] = (per[p.index] ?? 0) + 1;
  const indexed = (c.spec as Obj).completionMode === 'Indexed';
  return {
    terminal: fin ? `${fin.type}/${fin.reason}: ${normalizeMessage(fin.message ?? '')}` : 'none',
    conditions: conds.map((x) => `${x.type}=${x.status}/${x.reason ?? ''}`),
    succeeded: s.succeeded ?? 0,
    failed: s.failed ?? 0,
    active: s.active ?? 0,
    ready: s.ready ?? 0,
    terminating: s.terminating ?? 0,
    completedIndexes: indexed ? (s.completedIndexes ?? '') : null,
    failedIndexes: s.failedIndexes ?? null,
    podsPerIndex: per,
    deleted: o.deleted,
  };
}

function simSummary(c: DiffCase): Summary {
  const r = simulate(caseJob(c, OUTCOMES_ANNOTATION), { script: c.outcomes });
  const fin = r.status.conditions.find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  const per: Record<string, number> = {};
  for (const p of r.pods) {
    const k = p.index === null ? '*' : String(p.index);
    per[k] = (per[k] ?? 0) + 1;
  }
  return {
    terminal: fin ? `${fin.type}/${fin.reason}: ${normalizeMessage(fin.message)}` : 'none',
    conditions: r.status.conditions.map((x) => `${x.type}=${x.status}/${x.reason}`),
    succeeded: r.status.succeeded,
    failed: r.status.failed,
    active: r.status.active,
    ready: r.status.ready,
    terminating: r.status.terminating,
    completedIndexes: r.status.completedIndexes,
    failedIndexes: r.status.failedIndexes,
    podsPerIndex: per,
    deleted: r.deletedAtSeconds !== null,
  };
}

describe('simulator vs the real Job controller', { skip: KUBECONFIG ? false : 'KUBECONFIG is not set (run through `node scripts/test.mjs cluster`)' }, () => {
  // KJOB_DIFF_ONLY=<regex> runs a subset while investigating a disagreement.
  const only = process.env.KJOB_DIFF_ONLY ? new RegExp(process.env.KJOB_DIFF_ONLY) : undefined;
  const cases = diffCases().filter((c) => !only || only.test(c.name));
  const observed = new Map<string, Observed>();
  const results = new Map<string, { cluster?: Summary; error?: string }>();
  const run = Math.random().toString(36).slice(2, 7);
  const nsOf = (i: number) => `kd-${run}-${i}`;
  let api: Api;
  const stops: (() => void)[] = [];

  before(async () => {
    api = apiFromKubeconfig(KUBECONFIG!);
    const nsIndex = new Map(cases.map((c, i) => [nsOf(i), c.name]));
    const obs = (ns: string) => {
      const name = nsIndex.get(ns);
      if (!name) return undefined;
      let o = observed.get(name);
      if (!o) observed.set(name, (o = { deleted: false, pods: new Map() }));
      return o;
    };
    const jobs = api.informer(
      '/apis/batch/v1/jobs?labelSelector=kjob-diff%3D1',
      (type, j) => {
        const o = obs(j.metadata.namespace);
        if (!o) return;
        if (type === 'DELETED') o.deleted = true;
        else o.job = j;
      },
      () => {},
    );
    const pods = api.informer(
      '/api/v1/pods?labelSelector=kjob-diff%3D1',
      (_type, p) => {
        const o = obs(p.metadata.namespace);
        if (!o) return;
        const ix = p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
        o.pods.set(p.metadata.uid, { name: p.metadata.name, index: ix ?? '*' });
      },
      () => {},
    );
    stops.push(() => jobs.stop(), () => pods.stop());
    await Promise.all(
      cases.map(async (c, i) => {
        await sleep(i * 150);
        const ns = nsOf(i);
        try {
          await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
          await api.post(`/apis/batch/v1/namespaces/${ns}/jobs`, caseJob(c, OUTCOMES_ANNOTATION));
          const t0 = Date.now();
          const ttl = (c.spec as Obj).ttlSecondsAfterFinished !== undefined;
          for (;;) {
            const o = observed.get(c.name);
            const conds: Obj[] = o?.job?.status?.conditions ?? [];
            const done = conds.some((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
            if (done && (!ttl || o?.deleted)) break;
            if (Date.now() - t0 > CASE_TIMEOUT_MS) throw new Error(`not finished after ${CASE_TIMEOUT_MS / 1000}s: ${JSON.stringify(o?.job?.status ?? null)}`);
            await sleep(250);
          }
          await sleep(1500); // late pod events
          results.set(c.name, { cluster: clusterSummary(c, observed.get(c.name)!) });
        } catch (e) {
          results.set(c.name, { error: (e as Error).message });
        }
      }),
    );
  });

  after(async () => {
    for (const s of stops) s();
    // Both sides of every case, for inspection (test/artifacts is not committed).
    try {
      mkdirSync('test/artifacts', { recursive: true });
      const dump = cases.map((c) => ({ name: c.name, simulator: simSummary(c), cluster: results.get(c.name) }));
      writeFileSync('test/artifacts/simulator-differential.json', JSON.stringify(dump, null, 1));
    } catch {
      /* artifacts are best effort */
    }
    if (!api) return;
    await Promise.all(cases.map((_, i) => api.delete(`/api/v1/namespaces/${nsOf(i)}`).catch(() => undefined)));
  });

  test(`at least 50 cases`, { skip: only ? 'KJOB_DIFF_ONLY selects a subset' : false }, () => {
    assert.ok(cases.length >= 50, `${cases.length} cases`);
  });

  for (const c of cases) {
    test(c.name, () => {
      const r = results.get(c.name);
      assert.ok(r, 'no result');
      if (r.error) assert.fail(`cluster run failed: ${r.error}`);
      const sim = simSummary(c);
      assert.deepEqual(sim, r.cluster, `simulator (actual) vs cluster (expected) for ${c.name}`);
      assert.ok(sim.terminal.startsWith(c.expect), `case exercises ${c.expect}: ${sim.terminal}`);
    });
  }
});
