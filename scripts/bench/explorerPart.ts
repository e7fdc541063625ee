/**
 * Explorer benchmark on the real control plane (`scripts/cluster.mjs up --name bench-explorer`):
 *  - first paint: kjob's explorer model (ClusterSession + tree model, client/src/cluster and client/src/explorer) from
 *    expanding the context until every Job node of a namespace with 5,000 Jobs / 20,000 pods has
 *    its tree item computed; against `kubectl get jobs` / `kubectl get jobs -w` / `kubectl get pods`
 *    time to first and last output;
 *  - change latency: a Job (and a pod) is patched; time until the explorer has recomputed that
 *    Job's tree item, against `kubectl get jobs -w --watch-only` printing the change;
 *  - idle CPU: once the namespace is synced and nothing changes, the CPU time (process.cpuUsage)
 *    this process spends over IDLE_SECONDS of wall time with the explorer session open;
 *  - logs: 20 concurrent follows (one per index of a 20-pod Job printing 5,000 lines per pod), lines
 *    per second, line latency and heap growth (heapUsed after a forced GC, after the follows end
 *    minus before they start), against 20 concurrent `kubectl logs -f`.
 * The 5,000 Jobs use `spec.managedBy` (so the built-in Job controller leaves them alone) and their
 * 20,000 pods are created directly, bound to a node that does not exist (they stay Pending, nothing
 * runs them): the point is the volume of objects the explorer lists and watches.
 */
import { spawn, spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { PartContext } from './report';
import { fmtMs, table, type Section, type Target } from './report';
import { repoRoot, summarize } from './stats';

const ROOT = repoRoot();
const NS = 'bench-explorer';
const LOG_NS = 'bench-logs';
const JOBS = 5000;
const PODS_PER_JOB = 4;
const LOG_PODS = 20;
const LOG_LINES = 5000;
const LOG_SECONDS = 2;
const IDLE_SECONDS = 30;
const IDLE_SETTLE_SECONDS = 3;

/** A full GC: `global.gc` when node runs with --expose-gc, else the same function enabled at run time. */
function forceGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapAfterGc(): number {
  const gc = forceGc();
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

type Obj = Record<string, any>;

function kubectlPath(): string {
  const base = join(homedir(), '.cache/kjob/k8s');
  if (existsSync(base)) for (const d of readdirSync(base).sort().reverse()) if (existsSync(join(base, d, 'kubectl'))) return join(base, d, 'kubectl');
  return 'kubectl';
}

function clusterUp(log: (s: string) => void): string {
  log('explorer: starting the control plane (node scripts/cluster.mjs up --name bench-explorer)');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/cluster.mjs'), 'up', '--name', 'bench-explorer'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const m = /KUBECONFIG=(\S+)\s*$/.exec(r.stdout.trim());
  if (r.status !== 0 || !m) throw new Error(`cluster.mjs up --name bench-explorer failed (exit ${r.status})`);
  return m[1]!;
}

/** Runs `fn` over `items` with at most `n` in flight. */
async function pool<T>(items: T[], n: number, fn: (x: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

async function retry<T>(fn: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      const status = (e as { statusCode?: number }).statusCode;
      if (status === 409) return undefined as T; // already exists
      if (i >= tries) throw e;
      await new Promise((r) => setTimeout(r, 200 * (i + 1)));
    }
  }
}

function benchJob(i: number): Obj {
  const name = `bench-${String(i).padStart(5, '0')}`;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'bench', team: `team-${i % 7}` } },
    spec: {
      managedBy: 'example.com/kjob-bench',
      completions: PODS_PER_JOB,
      parallelism: PODS_PER_JOB,
      completionMode: 'Indexed',
      backoffLimitPerIndex: 1,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'bench' } },
        spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'echo $JOB_COMPLETION_INDEX'] }] },
      },
    },
  };
}

function benchPod(job: Obj, index: number): Obj {
  const name = job.metadata.name as string;
  const uid = job.metadata.uid as string;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${name}-${index}-bench`,
      labels: {
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': name,
        'batch.kubernetes.io/job-completion-index': String(index),
        'controller-uid': uid,
        'job-name': name,
      },
      annotations: { 'batch.kubernetes.io/job-completion-index': String(index) },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeName: 'bench-elsewhere', // no such node: nothing runs these pods
      restartPolicy: 'Never',
      containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'echo $JOB_COMPLETION_INDEX'] }],
    },
  };
}

async function ensureNamespace(kube: typeof import('../../client/src/cluster/kube'), kc: KubeConfig, ns: string): Promise<void> {
  await retry(() => kube.kubeRequest(kc, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } }));
}

/** Creates the 5,000 Jobs and 20,000 pods unless they are there already; returns seconds spent. */
async function populate(kube: typeof import('../../client/src/cluster/kube'), kc: KubeConfig, log: (s: string) => void): Promise<{ seconds: number; created: boolean }> {
  const t0 = Date.now();
  await ensureNamespace(kube, kc, NS);
  const existingJobs = await kube.listAll<Obj>(kc, kube.jobsPath(NS));
  const existingPods = await kube.listAll<Obj>(kc, kube.podsPath(NS));
  if (existingJobs.items.length >= JOBS && existingPods.items.length >= JOBS * PODS_PER_JOB) return { seconds: 0, created: false };
  const have = new Map(existingJobs.items.map((j) => [j.metadata.name as string, j]));
  const havePods = new Set(existingPods.items.map((p) => p.metadata.name as string));
  let done = 0;
  await pool(
    Array.from({ length: JOBS }, (_, i) => i),
    48,
    async (i) => {
      const spec = benchJob(i);
      let job = have.get(spec.metadata.name);
      if (!job) job = await retry(() => kube.kubeRequest<Obj>(kc, 'POST', kube.jobsPath(NS), { body: spec }));
      if (!job) job = await kube.kubeRequest<Obj>(kc, 'GET', kube.jobsPath(NS, spec.metadata.name));
      for (let k = 0; k < PODS_PER_JOB; k++) {
        const pod = benchPod(job, k);
        if (!havePods.has(pod.metadata.name)) await retry(() => kube.kubeRequest(kc, 'POST', kube.podsPath(NS), { body: pod }));
      }
      if (++done % 500 === 0) log(`  explorer: ${done}/${JOBS} Jobs with their pods (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    },
  );
  return { seconds: (Date.now() - t0) / 1000, created: true };
}

/** Time to first stdout byte and to exit of a kubectl command. */
function timeKubectl(kubeconfig: string, args: string[], stopAfterFirst = false): Promise<{ firstMs: number; totalMs: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(kubectlPath(), ['--kubeconfig', kubeconfig, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let first = NaN;
    let bytes = 0;
    let err = '';
    p.stdout.on('data', (d: Buffer) => {
      if (Number.isNaN(first)) {
        first = performance.now() - t0;
        if (stopAfterFirst) p.kill('SIGTERM');
      }
      bytes += d.length;
    });
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('exit', (code, sig) => {
      if (code !== 0 && !(stopAfterFirst && sig)) reject(new Error(`kubectl ${args.join(' ')}: exit ${code}: ${err.slice(-300)}`));
      else resolve({ firstMs: first, totalMs: performance.now() - t0, bytes });
    });
  });
}

async function firstPaint(kubeconfig: string, context: string): Promise<{ totalMs: number; listedMs: number; modelMs: number; allMs: number; podsMs: number; firstJobs: number; jobs: number; pods: number; rssMiB: number }> {
  const { readKubeconfig } = await import('../../client/src/cluster/kube');
  const { ClusterSession } = await import('../../client/src/cluster/session');
  const tree = await import('../../client/src/explorer/treeModel');
  let wake: (() => void) | undefined;
  const changed = () => new Promise<void>((r) => (wake = r));
  const t0 = performance.now();
  const kubeconfigData = readKubeconfig({ explicitPath: kubeconfig });
  const session = new ClusterSession(kubeconfigData, {
    configuredNamespaces: [NS],
    currentContext: context,
    namespaceOverride: { [context]: NS },
    onChange: () => wake?.(),
    log: () => undefined,
  });
  try {
    const ctxNode = tree.children(undefined, session).find((n) => n.kind === 'context' && n.context === context)!;
    await session.ready(context);
    const nsNode = tree.children(ctxNode, session).find((n) => n.kind === 'namespace' && n.namespace === NS);
    if (!nsNode) throw new Error(`namespace ${NS} not in the explorer plan`);
    let kids = tree.children(nsNode, session);
    while (!session.watchOf(context, NS)?.synced) {
      await Promise.race([changed(), new Promise((r) => setTimeout(r, 50))]);
    }
    const tListed = performance.now();
    kids = tree.children(nsNode, session);
    for (const k of kids) tree.view(k, session, Date.now());
    const tPaint = performance.now();
    const firstJobs = kids.filter((k) => k.kind === 'job').length;
    const w = session.watchOf(context, NS)!;
    // The explorer paints the first page early and keeps listing: wait for all of them.
    const count = () => {
      let n = 0;
      for (const _ of w.jobs()) n++;
      return n;
    };
    while (count() < JOBS) await Promise.race([changed(), new Promise((r) => setTimeout(r, 20))]);
    for (const k of tree.children(nsNode, session)) tree.view(k, session, Date.now());
    const tAll = performance.now();
    while (!w.podsReady) await Promise.race([changed(), new Promise((r) => setTimeout(r, 50))]);
    // Pods arrived: every Job's item is recomputed (per-index state, counts).
    for (const k of tree.children(nsNode, session)) tree.view(k, session, Date.now());
    const tPods = performance.now();
    let pods = 0;
    for (const j of w.jobs()) pods += w.podsOfJob(j.metadata?.uid ?? '').length;
    return {
      totalMs: tPaint - t0,
      listedMs: tListed - t0,
      modelMs: tPaint - tListed,
      allMs: tAll - t0,
      podsMs: tPods - t0,
      firstJobs,
      jobs: count(),
      pods,
      rssMiB: process.memoryUsage().rss / 2 ** 20,
    };
  } finally {
    session.dispose();
  }
}

interface IdleResult {
  seconds: number;
  cpuMs: number;
  userMs: number;
  systemMs: number;
  changes: number;
  logLines: string[];
  jobs: number;
  pods: number;
}

/**
 * The explorer open on the synced namespace and nothing changing: the CPU time this process spends
 * over `seconds` of wall time (after IDLE_SETTLE_SECONDS for the sync's own work to drain). The bench
 * process does nothing else meanwhile, so the figure is an upper bound on the explorer's idle cost.
 */
async function idleCpu(kubeconfig: string, context: string, seconds: number): Promise<IdleResult> {
  const { readKubeconfig } = await import('../../client/src/cluster/kube');
  const { ClusterSession } = await import('../../client/src/cluster/session');
  const tree = await import('../../client/src/explorer/treeModel');
  let measuring = false;
  let changes = 0;
  const logLines: string[] = [];
  const session = new ClusterSession(readKubeconfig({ explicitPath: kubeconfig }), {
    configuredNamespaces: [NS],
    currentContext: context,
    namespaceOverride: { [context]: NS },
    onChange: () => {
      if (measuring) changes++;
    },
    log: (...args: unknown[]) => {
      if (measuring) logLines.push(args.map(String).join(' ').slice(0, 200));
    },
  });
  try {
    // As the tree does: expanding the context and then the namespace starts its watch.
    const ctxNode = tree.children(undefined, session).find((n) => n.kind === 'context' && n.context === context)!;
    await session.ready(context);
    const nsNode = tree.children(ctxNode, session).find((n) => n.kind === 'namespace' && n.namespace === NS);
    if (!nsNode) throw new Error(`namespace ${NS} not in the explorer plan`);
    tree.children(nsNode, session);
    let w = session.watchOf(context, NS);
    while (!w?.synced || !w.podsReady) {
      await new Promise((r) => setTimeout(r, 50));
      w = session.watchOf(context, NS);
    }
    for (const k of tree.children(nsNode, session)) tree.view(k, session, Date.now());
    await new Promise((r) => setTimeout(r, IDLE_SETTLE_SECONDS * 1000));
    let jobs = 0;
    let pods = 0;
    for (const j of w.jobs()) {
      jobs++;
      pods += w.podsOfJob(j.metadata?.uid ?? '').length;
    }
    measuring = true;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cpu = process.cpuUsage(cpu0);
    const wall = (performance.now() - t0) / 1000;
    measuring = false;
    return { seconds: wall, cpuMs: (cpu.user + cpu.system) / 1000, userMs: cpu.user / 1000, systemMs: cpu.system / 1000, changes, logLines, jobs, pods };
  } finally {
    session.dispose();
  }
}

async function changeLatency(kubeconfig: string, context: string, rounds: number): Promise<{ job: number[]; pod: number[]; kubectl: number[] }> {
  const kube = await import('../../client/src/cluster/kube');
  const { ClusterSession } = await import('../../client/src/cluster/session');
  const tree = await import('../../client/src/explorer/treeModel');
  const listeners = new Set<(uids: Set<string>) => void>();
  const session = new ClusterSession(kube.readKubeconfig({ explicitPath: kubeconfig }), {
    configuredNamespaces: [NS],
    currentContext: context,
    namespaceOverride: { [context]: NS },
    onChange: (ev) => {
      if (ev.change) for (const l of listeners) l(ev.change.jobUids);
    },
    log: () => undefined,
  });
  const kc = session.kubeConfig(context);
  const out = { job: [] as number[], pod: [] as number[], kubectl: [] as number[] };
  try {
    await session.ready(context);
    const w = session.namespace(context, NS)!;
    const watch = session.watchOf(context, NS)!;
    while (!watch.synced || !watch.podsReady) await new Promise((r) => setTimeout(r, 50));
    const src = { kind: 'cluster' as const, context, namespace: NS };
    const waitFor = (uid: string, name: string) =>
      new Promise<void>((resolve) => {
        const l = (uids: Set<string>) => {
          if (!uids.has(uid)) return;
          listeners.delete(l);
          const node = { kind: 'job' as const, id: `job:${name}`, src, name };
          tree.view(node, session, Date.now());
          tree.children(node, session);
          resolve();
        };
        listeners.add(l);
      });
    for (let r = 0; r < rounds; r++) {
      const name = `bench-${String((r * 97) % JOBS).padStart(5, '0')}`;
      const job = w.job(name)!;
      const uid = job.metadata!.uid!;
      let t0 = performance.now();
      let done = waitFor(uid, name);
      await kube.kubeRequest(kc, 'PATCH', kube.jobsPath(NS, name), { body: { metadata: { labels: { 'bench-round': `r${r}-${Date.now()}` } } }, contentType: 'application/merge-patch+json' });
      await done;
      out.job.push(performance.now() - t0);
      const pod = w.podsOfJob(uid)[0]!;
      t0 = performance.now();
      done = waitFor(uid, name);
      await kube.kubeRequest(kc, 'PATCH', kube.podsPath(NS, pod.metadata!.name!), { body: { metadata: { labels: { 'bench-round': `r${r}-${Date.now()}` } } }, contentType: 'application/merge-patch+json' });
      await done;
      out.pod.push(performance.now() - t0);
    }
    // kubectl get jobs -w --watch-only: time from the patch to the line about that Job.
    for (let r = 0; r < Math.min(rounds, 10); r++) {
      const name = `bench-${String((r * 89 + 3) % JOBS).padStart(5, '0')}`;
      const p = spawn(kubectlPath(), ['--kubeconfig', kubeconfig, '--context', context, '-n', NS, 'get', 'jobs', '-w', '--watch-only', '--field-selector', `metadata.name=${name}`], { stdio: ['ignore', 'pipe', 'ignore'] });
      await new Promise((res) => setTimeout(res, 1500)); // let the watch start
      const t0 = performance.now();
      const seen = new Promise<void>((res) => p.stdout.on('data', () => res()));
      await kube.kubeRequest(kc, 'PATCH', kube.jobsPath(NS, name), { body: { metadata: { labels: { 'bench-round': `k${r}-${Date.now()}` } } }, contentType: 'application/merge-patch+json' });
      await Promise.race([seen, new Promise((res) => setTimeout(res, 10000))]);
      out.kubectl.push(performance.now() - t0);
      p.kill('SIGTERM');
    }
  } finally {
    session.dispose();
  }
  return out;
}

function logsJob(name: string): Obj {
  const lines = Array.from({ length: LOG_LINES }, (_, i) => `line ${String(i).padStart(5, '0')} of the benchmark log`);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, annotations: { 'kjob.dev/outcomes': JSON.stringify({ default: { exitCode: 0, durationSeconds: LOG_SECONDS, logs: lines } }) } },
    spec: {
      completions: LOG_PODS,
      parallelism: LOG_PODS,
      completionMode: 'Indexed',
      ttlSecondsAfterFinished: 600,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'print-lines'] }] } },
    },
  };
}

interface LogResult {
  lines: number;
  expected: number;
  seconds: number;
  linesPerSecond: number;
  latency: number[];
  cpuMs?: number;
  /** heapUsed after GC: after the follows ended minus before they started, MiB. */
  heapGrowthMiB?: number;
  /** Highest heapUsed sampled every 100 ms during the follows (no forced GC) minus the baseline, MiB. */
  heapPeakMiB?: number;
}

function tsLatency(line: string, now: number): number | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z\s/.exec(line);
  if (!m) return undefined;
  const frac = m[2] ? Number(`0${m[2]}`) * 1000 : 0;
  return now - (Date.parse(`${m[1]}Z`) + frac);
}

async function followWithKjob(kubeconfig: string, context: string, name: string): Promise<LogResult> {
  const kube = await import('../../client/src/cluster/kube');
  const { NamespaceWatch } = await import('../../client/src/cluster/watch/namespaceWatch');
  const { LogFollowRun, namespaceSource } = await import('../../client/src/logs/stream');
  const kc = kube.kubeConfigFor(kube.readKubeconfig({ explicitPath: kubeconfig }), context);
  const heap0 = heapAfterGc();
  let heapMax = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (heapMax = Math.max(heapMax, process.memoryUsage().heapUsed)), 100);
  const w = new NamespaceWatch(kc, LOG_NS, () => undefined);
  w.start();
  while (!w.synced) await new Promise((r) => setTimeout(r, 50));
  const res: LogResult = { lines: 0, expected: LOG_PODS * LOG_LINES, seconds: 0, linesPerSecond: 0, latency: [] };
  let first = NaN;
  let last = NaN;
  let ended = 0;
  const cpu0 = process.cpuUsage();
  const runs: InstanceType<typeof LogFollowRun>[] = [];
  await kube.kubeRequest(kc, 'POST', kube.jobsPath(LOG_NS), { body: logsJob(name) });
  const allEnded = new Promise<void>((resolve) => {
    for (let i = 0; i < LOG_PODS; i++) {
      const run = new LogFollowRun(kc, LOG_NS, { kind: 'index', index: i }, namespaceSource(w, name), {
        lines(lines) {
          const now = Date.now();
          if (Number.isNaN(first)) first = performance.now();
          last = performance.now();
          res.lines += lines.length;
          for (let k = 0; k < lines.length; k += 25) {
            const l = tsLatency(lines[k]!, now);
            if (l !== undefined) res.latency.push(l);
          }
        },
        marker() {},
        end() {
          if (++ended === LOG_PODS) resolve();
        },
      }, { timestamps: true });
      runs.push(run);
      run.start();
    }
  });
  await Promise.race([allEnded, new Promise((r) => setTimeout(r, 120_000))]);
  clearInterval(sampler);
  // Heap after the follows completed (runs and watch still referenced, not yet stopped).
  res.heapGrowthMiB = (heapAfterGc() - heap0) / 2 ** 20;
  res.heapPeakMiB = (heapMax - heap0) / 2 ** 20;
  for (const r of runs) r.stop();
  w.stop();
  const cpu = process.cpuUsage(cpu0);
  res.cpuMs = (cpu.user + cpu.system) / 1000;
  res.seconds = (last - first) / 1000;
  res.linesPerSecond = res.lines / res.seconds;
  return res;
}

async function followWithKubectl(kubeconfig: string, context: string, name: string): Promise<LogResult> {
  const kube = await import('../../client/src/cluster/kube');
  const kc = kube.kubeConfigFor(kube.readKubeconfig({ explicitPath: kubeconfig }), context);
  await kube.kubeRequest(kc, 'POST', kube.jobsPath(LOG_NS), { body: logsJob(name) });
  const res: LogResult = { lines: 0, expected: LOG_PODS * LOG_LINES, seconds: 0, linesPerSecond: 0, latency: [] };
  // kubectl logs -f needs a started container: each pod's follow starts as soon as its container runs.
  let first = NaN;
  let last = NaN;
  const started = new Set<string>();
  const follows: Promise<void>[] = [];
  const follow = (pod: string) =>
    new Promise<void>((resolve) => {
      const k = spawn(kubectlPath(), ['--kubeconfig', kubeconfig, '--context', context, '-n', LOG_NS, 'logs', '-f', '--timestamps', pod], { stdio: ['ignore', 'pipe', 'ignore'] });
      let partial = '';
      k.stdout.on('data', (d: Buffer) => {
        const now = Date.now();
        if (Number.isNaN(first)) first = performance.now();
        last = performance.now();
        const text = partial + d.toString();
        const lines = text.split('\n');
        partial = lines.pop()!;
        res.lines += lines.length;
        for (let i = 0; i < lines.length; i += 25) {
          const l = tsLatency(lines[i]!, now);
          if (l !== undefined) res.latency.push(l);
        }
      });
      k.on('exit', () => resolve());
      setTimeout(() => k.kill('SIGTERM'), 120_000).unref();
    });
  const deadline = Date.now() + 60_000;
  while (started.size < LOG_PODS && Date.now() < deadline) {
    const pods = (await kube.listAll<Obj>(kc, kube.podsPath(LOG_NS), { labelSelector: `batch.kubernetes.io/job-name=${name}` })).items;
    for (const p of pods) {
      const st = p.status?.containerStatuses?.[0]?.state;
      if ((st?.running || st?.terminated) && !started.has(p.metadata.name)) {
        started.add(p.metadata.name);
        follows.push(follow(p.metadata.name));
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await Promise.all(follows);
  res.seconds = (last - first) / 1000;
  res.linesPerSecond = res.lines / res.seconds;
  return res;
}

export async function run(ctx: PartContext): Promise<Section> {
  const kubeconfig = process.env.KJOB_BENCH_KUBECONFIG ?? clusterUp(ctx.log);
  const context = 'kjob-admin';
  const kube = await import('../../client/src/cluster/kube');
  const kc = kube.kubeConfigFor(kube.readKubeconfig({ explicitPath: kubeconfig }), context);
  ctx.log(`explorer: populating ${NS} with ${JOBS} Jobs / ${JOBS * PODS_PER_JOB} pods`);
  const pop = await populate(kube, kc, ctx.log);
  const rounds = ctx.quick ? 2 : 5;
  const paints: Awaited<ReturnType<typeof firstPaint>>[] = [];
  const kGetJobs: number[] = [];
  const kWatchFirst: number[] = [];
  const kGetPods: number[] = [];
  const kGetPodsFirst: number[] = [];
  for (let r = 0; r < rounds; r++) {
    paints.push(await firstPaint(kubeconfig, context));
    kGetJobs.push((await timeKubectl(kubeconfig, ['--context', context, '-n', NS, 'get', 'jobs'])).totalMs);
    kWatchFirst.push((await timeKubectl(kubeconfig, ['--context', context, '-n', NS, 'get', 'jobs', '-w'], true)).firstMs);
    const gp = await timeKubectl(kubeconfig, ['--context', context, '-n', NS, 'get', 'pods']);
    kGetPods.push(gp.totalMs);
    kGetPodsFirst.push(gp.firstMs);
    ctx.log(`  explorer: first paint round ${r + 1}/${rounds}: ${fmtMs(paints[r]!.totalMs)} ms (kubectl get jobs ${fmtMs(kGetJobs[r]!)} ms)`);
  }
  ctx.log(`explorer: idle CPU over ${ctx.quick ? 10 : IDLE_SECONDS} s`);
  const idle = await idleCpu(kubeconfig, context, ctx.quick ? 10 : IDLE_SECONDS);
  const idleCpuMsPerMin = (idle.cpuMs / idle.seconds) * 60;
  const idleCorePct = (idle.cpuMs / (idle.seconds * 1000)) * 100;
  ctx.log(`  explorer: idle ${idle.cpuMs.toFixed(1)} ms CPU over ${idle.seconds.toFixed(1)} s (${idleCorePct.toFixed(3)} % of a core), ${idle.changes} change events`);
  ctx.log('explorer: change latency');
  const ch = await changeLatency(kubeconfig, context, ctx.quick ? 5 : 20);
  ctx.log('explorer: logs, 20 concurrent follows');
  await ensureNamespace(kube, kc, LOG_NS);
  const stamp = Date.now().toString(36);
  const ours = await followWithKjob(kubeconfig, context, `logs-kjob-${stamp}`);
  const theirs = await followWithKubectl(kubeconfig, context, `logs-kubectl-${stamp}`);
  if (!process.env.KJOB_BENCH_KUBECONFIG) {
    ctx.log('explorer: the control plane bench-explorer stays up with its 5,000 Jobs so a re-run skips populating it; stop it with `node scripts/cluster.mjs down --name bench-explorer`');
  }

  const ms = (xs: number[]) => {
    const s = summarize(xs);
    return `${fmtMs(s.median)} / ${fmtMs(s.p95)}`;
  };
  const p = (f: (x: (typeof paints)[number]) => number) => ms(paints.map(f));
  const body = [
    `Real control plane from \`scripts/cluster.mjs\` (etcd, kube-apiserver, kube-controller-manager, test kubelet) on this machine. Namespace \`${NS}\`: ${JOBS} Indexed Jobs (\`managedBy\` a non-existent controller) with ${PODS_PER_JOB} pods each (${JOBS * PODS_PER_JOB} pods, bound to a node that does not exist, so they stay Pending)${pop.created ? `; creating them took ${pop.seconds.toFixed(0)} s at 48 concurrent requests` : ' (already present)'}. kjob's side is the explorer's pure layer (client/src/cluster: ClusterSession, NamespaceWatch, tree model) in Node, without the VS Code tree widget. ms, median / p95 over ${rounds} rounds (first paint) and ${ch.job.length} rounds (changes).`,
    '',
    `Command: \`${ctx.command}\` (part of \`npm run bench\`; \`--no-explorer\` skips it; set KJOB_BENCH_KUBECONFIG to reuse a running control plane)`,
    '',
    table(
      ['measurement', 'kjob explorer', 'kubectl'],
      [
        [`first paint: context expanded → the first ${paints[0]?.firstJobs ?? '?'} Job tree items computed (the explorer paints its first page early)`, p((x) => x.totalMs), `\`get jobs -w\` first output: ${ms(kWatchFirst)}`],
        ['… of which the first list page', p((x) => x.listedMs), ''],
        ['… of which the tree model (children + items)', p((x) => x.modelMs), ''],
        [`all ${JOBS} Jobs listed → every Job tree item computed`, p((x) => x.allMs), `\`get jobs\` complete output: ${ms(kGetJobs)}`],
        ['pods listed and every Job item recomputed with its pods', p((x) => x.podsMs), `\`get pods\` first output: ${ms(kGetPodsFirst)}; complete: ${ms(kGetPods)}`],
        ['Job changed (label patch) → its tree item recomputed', ms(ch.job), `\`get jobs -w --watch-only\` prints the change: ${ms(ch.kubectl)}`],
        ['pod changed → its Job\'s item recomputed', ms(ch.pod), ''],
        [
          `idle: namespace synced (${idle.jobs} Jobs / ${idle.pods} pods), nothing changing → CPU time of this process over ${idle.seconds.toFixed(0)} s of wall time`,
          `${idle.cpuMs.toFixed(1)} ms (user ${idle.userMs.toFixed(1)}, system ${idle.systemMs.toFixed(1)}) = ${idleCpuMsPerMin.toFixed(1)} ms CPU/min = ${idleCorePct.toFixed(3)} % of a core; ${idle.changes} change events${idle.logLines.length ? `; log: ${idle.logLines.length} lines` : ''}`,
          '',
        ],
      ],
    ),
    '',
    `Idle: the explorer session stays open on the synced namespace (list-then-watch, no polling); the measurement starts ${IDLE_SETTLE_SECONDS} s after the pods are synced and counts everything the bench process does (timers, GC, sockets), so it is an upper bound. The residual is the open watch connections: client-node's watch requests end without events about every 30 s (the apiserver's watch timeout) and are reopened from the last resourceVersion — expected background traffic, not a relist.${idle.logLines.length ? ` Explorer log lines during the window: ${idle.logLines.slice(0, 4).map((l) => `\`${l.replace(/`/g, "'")}\``).join('; ')}${idle.logLines.length > 4 ? ' …' : ''}.` : ''}`,
    '',
    `Jobs / pods in the model at the end of a round: ${paints[0]?.jobs} / ${paints[0]?.pods}; bench process RSS then: ${paints[0]?.rssMiB.toFixed(0)} MiB.`,
    '',
    `#### Logs: ${LOG_PODS} concurrent follows`,
    '',
    `A ${LOG_PODS}-pod Indexed Job whose pods print ${LOG_LINES} lines each over ${LOG_SECONDS} s (test kubelet), followed from pod creation by kjob (${LOG_PODS} index follows: LogFollowRun + NamespaceWatch) and, on a second identical Job, by ${LOG_PODS} concurrent \`kubectl logs -f --timestamps\` (each started as soon as its container runs, polling the pod list every 50 ms, since \`kubectl logs -f\` fails on a container that has not started). Latency = arrival time − the kubelet's timestamp of the line (sampled every 25th line).`,
    '',
    table(
      ['client', 'lines received / expected', 'lines/s (first → last line)', 'line latency ms (median / p95)', 'client CPU', 'heap growth (after GC, end − start) / peak during'],
      [
        ['kjob', `${ours.lines} / ${ours.expected}`, ours.linesPerSecond.toFixed(0), ms(ours.latency), `${ours.cpuMs?.toFixed(0)} ms`, `${ours.heapGrowthMiB?.toFixed(1)} MiB / ${ours.heapPeakMiB?.toFixed(1)} MiB`],
        ['kubectl logs -f ×20', `${theirs.lines} / ${theirs.expected}`, theirs.linesPerSecond.toFixed(0), ms(theirs.latency), 'n/a', 'n/a (20 processes)'],
      ],
    ),
    '',
    `Heap: heapUsed of the bench process after a forced full GC, taken before the watch and the ${LOG_PODS} follows start and again once all of them have ended (before they are disposed); "peak during" is the highest heapUsed sampled every 100 ms without forcing GC (so it includes garbage not yet collected) minus the same baseline.`,
  ].join('\n');
  const targets: Target[] = [
    // Issue 6's targets: first paint ≤ 2 s (judged on every Job listed, not just the first page),
    // a pod change visible ≤ 500 ms (judged on p95).
    { name: 'explorer first paint (5,000 Jobs / 20,000 pods): all Jobs listed', target: '≤ 2 s', measured: `${fmtMs(summarize(paints.map((x) => x.allMs)).median)} ms median (first page: ${fmtMs(summarize(paints.map((x) => x.totalMs)).median)} ms)`, ok: summarize(paints.map((x) => x.allMs)).median <= 2000 },
    { name: 'explorer pod change visible, p95', target: '≤ 500 ms', measured: `${fmtMs(summarize(ch.pod).p95)} ms (Job change: ${fmtMs(summarize(ch.job).median)} ms median)`, ok: summarize(ch.pod).p95 <= 500 },
    { name: `logs: ${LOG_PODS} concurrent follows, all lines delivered`, target: `${LOG_PODS * LOG_LINES} lines`, measured: `${ours.lines} lines`, ok: ours.lines === ours.expected },
    // "No CPU use while nothing changes": judged against 1 % of a core (the residual is the watch reconnects).
    { name: 'explorer idle CPU (synced, nothing changing)', target: '≤ 1 % of a core', measured: `${idleCorePct.toFixed(3)} % of a core (${idleCpuMsPerMin.toFixed(1)} ms CPU/min over ${idle.seconds.toFixed(0)} s, ${idle.changes} change events; residual: watch reconnects every ~30 s)`, ok: idleCorePct <= 1 },
    { name: `logs: ${LOG_PODS} concurrent follows, heap growth`, target: '≤ 50 MB', measured: `${ours.heapGrowthMiB?.toFixed(1)} MiB after GC (peak during, no forced GC: ${ours.heapPeakMiB?.toFixed(1)} MiB)`, ok: (ours.heapGrowthMiB ?? Infinity) * 2 ** 20 <= 50e6 },
  ];
  return { id: 'explorer', title: 'Explorer on the real control plane', body, targets };
}
