/**
 * Test fixture for the cluster tier (and anything else that talks to the real control plane).
 * scripts/test.mjs starts `scripts/cluster.mjs up --name test` once and passes KUBECONFIG; these
 * helpers give each test a client, an isolated namespace and a way to wait for the cluster.
 *
 *   const kc = clusterFromEnv();
 *   await withNamespace(kc, async (ns) => { ...create Jobs in ns...; await waitFor(...) });
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BatchV1Api, CoreV1Api, KubeConfig, type V1Job, type V1Pod } from '@kubernetes/client-node';
import { OUTCOMES_ANNOTATION, type OutcomeScript } from '../../core/kubelet/outcomes';

/** The kubeconfig written by scripts/cluster.mjs (process.env.KUBECONFIG); throws a clear error without one. */
export function kubeconfigPath(): string {
  const p = process.env.KUBECONFIG;
  if (!p) throw new Error('KUBECONFIG is not set: run through `node scripts/test.mjs cluster`, or start `node scripts/cluster.mjs up` and export the KUBECONFIG it prints');
  if (!existsSync(p)) throw new Error(`KUBECONFIG=${p} does not exist (is the cluster still running? node scripts/cluster.mjs status)`);
  return p;
}

/** A KubeConfig for the test cluster, switched to `context` (kjob-admin, kjob-viewer, kjob-nobody). */
export function clusterFromEnv(context = 'kjob-admin'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath());
  if (!kc.getContexts().some((c) => c.name === context)) throw new Error(`context ${context} not in ${kubeconfigPath()}`);
  kc.setCurrentContext(context);
  return kc;
}

export interface ClusterState {
  name: string;
  binDir: string;
  version: string;
  server: string;
}

/** state.json that cluster.mjs keeps next to the kubeconfig (binaries dir, version, server). */
export function clusterState(): ClusterState {
  const p = join(dirname(kubeconfigPath()), 'state.json');
  return JSON.parse(readFileSync(p, 'utf8'));
}

/** The kubectl built with the control plane (same version as the apiserver). */
export function kubectlPath(): string {
  return join(clusterState().binDir, 'kubectl');
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built kubectl against the test cluster. */
export function kubectl(args: string[], opts: { input?: string; context?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(kubectlPath(), [`--context=${opts.context ?? 'kjob-admin'}`, ...args], {
      env: { ...process.env, KUBECONFIG: kubeconfigPath() },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    p.stdin.end(opts.input ?? '');
  });
}

/**
 * Polls `check` until it returns a value other than undefined/false/null, or throws after
 * `timeoutMs` with `what` and the last value/error seen (so a failing test says what it saw).
 */
export async function waitFor<T>(check: () => Promise<T | undefined | false | null> | T | undefined | false | null, timeoutMs: number, what: string, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false && v !== null) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${seen})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Creates a fresh namespace `kjob-t-<prefix>-<random>`, waits for its default ServiceAccount (pods
 * are rejected without it), runs `fn`, then deletes the namespace (without waiting for it to go).
 */
export async function withNamespace<T>(kc: KubeConfig, fn: (ns: string) => Promise<T>, prefix = 't'): Promise<T> {
  const core = kc.makeApiClient(CoreV1Api);
  const ns = `kjob-${prefix}-${randomBytes(3).toString('hex')}`.slice(0, 63);
  await core.createNamespace({ body: { metadata: { name: ns, labels: { 'kjob.dev/test': 'true' } } } });
  try {
    await waitFor(() => core.readNamespacedServiceAccount({ name: 'default', namespace: ns }).then(() => true), 30_000, `ServiceAccount ${ns}/default`);
    return await fn(ns);
  } finally {
    await core.deleteNamespace({ name: ns }).catch(() => undefined);
  }
}

/** A minimal Job manifest whose pods follow `outcomes` on the test kubelet. */
export function testJob(name: string, spec: Record<string, unknown>, outcomes?: OutcomeScript, containers: { name: string; image?: string }[] = [{ name: 'main' }]) {
  const { template, ...rest } = spec as { template?: { spec?: Record<string, unknown> } };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, ...(outcomes ? { annotations: { [OUTCOMES_ANNOTATION]: JSON.stringify(outcomes) } } : {}) },
    spec: {
      ...rest,
      template: {
        spec: {
          restartPolicy: 'Never',
          terminationGracePeriodSeconds: 1,
          containers: containers.map((c) => ({ name: c.name, image: c.image ?? 'busybox:1.36', command: ['sh', '-c', 'echo hi'] })),
          ...(template?.spec ?? {}),
        },
      },
    },
  };
}

export function batchApi(kc: KubeConfig) {
  return kc.makeApiClient(BatchV1Api);
}

export function coreApi(kc: KubeConfig) {
  return kc.makeApiClient(CoreV1Api);
}

/** The Job's condition of `type` when it is True. */
export const jobCondition = (j: V1Job, type: string) => j.status?.conditions?.find((c) => c.type === type && c.status === 'True');

/** Pods of a Job in creation order (creationTimestamp, then resourceVersion: names are random). */
export async function jobPods(kc: KubeConfig, ns: string, job: string): Promise<V1Pod[]> {
  const r = await coreApi(kc).listNamespacedPod({ namespace: ns, labelSelector: `batch.kubernetes.io/job-name=${job}` });
  const created = (p: V1Pod) => String(p.metadata?.creationTimestamp?.toISOString?.() ?? p.metadata?.creationTimestamp);
  return r.items.sort((a, b) => created(a).localeCompare(created(b)) || Number(BigInt(a.metadata?.resourceVersion ?? 0) - BigInt(b.metadata?.resourceVersion ?? 0)));
}

/** Kills the test cluster's kube-apiserver process group and starts it again with the same command line. */
export async function restartApiserver(kc: KubeConfig): Promise<void> {
  const dir = dirname(kubeconfigPath());
  const statePath = join(dir, 'state.json');
  const state = JSON.parse(readFileSync(statePath, 'utf8'));
  const c = state.components['kube-apiserver'];
  const cmdline = readFileSync(`/proc/${c.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  process.kill(-c.pid, 'SIGKILL');
  await waitFor(() => {
    try {
      process.kill(c.pid, 0);
      return false;
    } catch {
      return true;
    }
  }, 10_000, 'old apiserver to exit');
  const fd = openSync(join(dir, 'logs', 'kube-apiserver.log'), 'a');
  const child = spawn(cmdline[0], cmdline.slice(1), { cwd: dir, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const start = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  state.components['kube-apiserver'] = { pid: child.pid, start };
  writeFileSync(statePath, JSON.stringify(state, null, 2) + '\n');
  await waitFor(async () => (await batchApi(kc).listNamespacedJob({ namespace: 'team-a' }).then(() => true)), 90_000, 'apiserver to come back');
}

/** Compacts the test cluster's etcd up to its current revision, so older resourceVersions are gone (410). */
export async function compactEtcd(): Promise<void> {
  const state = JSON.parse(readFileSync(join(dirname(kubeconfigPath()), 'state.json'), 'utf8'));
  const base = `http://127.0.0.1:${state.ports.etcd}`;
  const post = async (path: string, body: object) => {
    const r = await fetch(base + path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    if (!r.ok) throw new Error(`etcd ${path}: HTTP ${r.status} ${await r.text()}`);
    return r.json() as Promise<any>;
  };
  const head = await post('/v3/kv/range', { key: Buffer.from('/').toString('base64') });
  await post('/v3/kv/compaction', { revision: head.header.revision, physical: true });
}
