/**
 * "Run locally": the Job's pod template executed as local processes, driven by the same Job
 * controller sync as the simulator. Each pod runs its init containers in order, then its containers
 * in parallel, as `command` + `args` (the image is ignored) with the env the pod would get. The
 * controller's delays (batch period, back-off, deadlines) are scaled by `timeScale`; process run
 * times are real. Every process is its own process group; cancel kills every group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { isFinished, syncJob } from '../controller/controller';
import { statusSummary } from '../controller/explain';
import { defaultedJob, emptyStatus, formatTime, specView, statusToApi } from '../controller/jobView';
import { buildPod, hashString, podGenerateName, prng, randomSuffix } from '../controller/podFactory';
import { containerArgv, containerEnv, type PodIdentity } from '../controller/podEnv';
import { isTerminal } from '../controller/pods';
import type { SimStatus } from '../controller/simulator';
import { SYNC_BATCH_PERIOD, TRACKING_FINALIZER, type BackoffRecord, type CPod, type JobView, type PodToCreate } from '../controller/types';

type Obj = Record<string, unknown>;

export interface LogLine {
  pod: string;
  index: number | null;
  attempt: number;
  container: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface RunOptions {
  /** Directory that `workingDir` is relative to (and the default cwd). */
  workspace: string;
  /** Controller delays take `timeScale` times their real length (default 0.1). */
  timeScale?: number;
  onLog?: (l: LogLine) => void;
  /** Called after every change with the current API-shaped Job and pods. */
  onUpdate?: (snapshot: { job: Obj; pods: Obj[] }) => void;
  /** Human-readable progress ("pod x started", "back-off 10s"). */
  onEvent?: (message: string) => void;
  signal?: AbortSignal;
  /** Give up after this many wall-clock seconds (default: none). */
  timeoutSeconds?: number;
  /** Environment variables passed through from this process (default PATH, HOME, LANG, TMPDIR). */
  passEnv?: string[];
}

export interface RunResult {
  outcome: 'Complete' | 'Failed' | 'Cancelled' | 'TimedOut';
  status: SimStatus;
  pods: { name: string; index: number | null; attempt: number; phase: string; exitCodes: Record<string, number> }[];
  logs: Record<string, Record<string, string>>;
  apiJob: Obj;
  apiPods: Obj[];
}

export interface PlannedContainer {
  kind: 'init' | 'container';
  name: string;
  argv: string[];
  cwd: string;
}

export interface RunPlan {
  jobName: string;
  indexed: boolean;
  containers: PlannedContainer[];
  warnings: string[];
  errors: string[];
}

function podIdentity(podObj: Obj, namespace: string, uid: string): PodIdentity {
  const meta = podObj.metadata as Obj;
  const spec = podObj.spec as Obj;
  return {
    name: String(meta.name),
    namespace,
    uid,
    labels: (meta.labels as Record<string, string>) ?? {},
    annotations: (meta.annotations as Record<string, string>) ?? {},
    hostname: typeof spec.hostname === 'string' ? spec.hostname : String(meta.name),
    serviceAccountName: typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : 'default',
    nodeName: 'localhost',
    podIP: '127.0.0.1',
    hostIP: '127.0.0.1',
  };
}

function resolveCwd(workspace: string, workingDir: unknown, warnings: string[], cname: string): string {
  if (typeof workingDir !== 'string' || !workingDir) return workspace;
  const rel = workingDir.replace(/^\/+/, '');
  const p = resolve(workspace, rel);
  if (relative(workspace, p).startsWith('..') || isAbsolute(relative(workspace, p))) {
    warnings.push(`container ${cname}: workingDir ${workingDir} leaves the workspace; using the workspace`);
    return workspace;
  }
  if (!existsSync(p) || !statSync(p).isDirectory()) {
    warnings.push(`container ${cname}: workingDir ${workingDir} is not a directory under the workspace (${p}); using the workspace`);
    return workspace;
  }
  return p;
}

/** The exact commands of the first pod (index 0 for Indexed Jobs), for the confirmation. */
export function planLocalRun(jobInput: Obj, workspace: string): RunPlan {
  const job = defaultedJob(jobInput);
  const spec = specView(job);
  const meta = (job.metadata ?? {}) as Obj;
  const name = String(meta.name ?? 'job');
  const uid = `local-${hashString(name).toString(16)}`;
  const template = ((job.spec as Obj).template ?? {}) as Obj;
  const create: PodToCreate = spec.indexed ? { index: 0, ...(spec.backoffLimitPerIndex !== undefined ? { failureCount: 0 } : {}) } : {};
  const podObj = buildPod({ jobName: name, namespace: String(meta.namespace ?? 'default'), jobUid: uid, template, indexed: spec.indexed, create, podName: `${podGenerateName(name, create.index)}local`, perIndex: spec.backoffLimitPerIndex !== undefined });
  const ps = podObj.spec as Obj;
  const id = podIdentity(podObj, String(meta.namespace ?? 'default'), 'local-pod-0');
  const warnings: string[] = [];
  const errors: string[] = [];
  const containers: PlannedContainer[] = [];
  for (const [kind, key] of [['init', 'initContainers'], ['container', 'containers']] as const) {
    for (const c of (Array.isArray(ps[key]) ? ps[key] : []) as Obj[]) {
      const cname = String(c.name ?? '');
      if (kind === 'init' && c.restartPolicy === 'Always') warnings.push(`init container ${cname} is a sidecar (restartPolicy Always): it runs like a regular container locally`);
      const { env, warnings: w } = containerEnv(c, id);
      warnings.push(...w);
      const argv = containerArgv(c, env);
      if (!argv) {
        errors.push(`${kind === 'init' ? 'init container' : 'container'} ${cname} has no command: the image's entrypoint (${String(c.image ?? 'no image')}) is unknown outside a container runtime`);
        continue;
      }
      containers.push({ kind, name: cname, argv, cwd: resolveCwd(workspace, c.workingDir, warnings, cname) });
    }
  }
  if (spec.parallelism > 16) warnings.push(`parallelism ${spec.parallelism}: up to that many process sets run at once on this machine`);
  return { jobName: name, indexed: spec.indexed, containers, warnings: [...new Set(warnings)], errors };
}

interface Proc {
  child: ChildProcess;
  pgid: number;
  done: Promise<number>;
}

interface LPod extends CPod {
  index?: number;
  attempt: number;
  podObj: Obj;
  procs: Set<Proc>;
  logs: Record<string, string>;
  exitCodes: Record<string, number>;
  killTimer?: NodeJS.Timeout;
  gone?: boolean;
  runId: number;
}

const MAX_LOG = 1 << 20;
const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15, SIGSEGV: 11, SIGABRT: 6, SIGPIPE: 13 };

export async function runLocally(jobInput: Obj, opts: RunOptions): Promise<RunResult> {
  const job = defaultedJob(jobInput);
  const spec = specView(job);
  const meta = (job.metadata ?? {}) as Obj;
  const name = String(meta.name ?? 'job');
  const namespace = String(meta.namespace ?? 'default');
  const uid = `local-${hashString(name + Date.now()).toString(16)}`;
  const view: JobView = { name, namespace, uid, deleting: false, spec, status: emptyStatus(spec) };
  const timeScale = opts.timeScale ?? 0.1;
  if (!(timeScale > 0)) throw new Error('timeScale must be > 0');
  const template = ((job.spec as Obj).template ?? {}) as Obj;
  const podSpec = (template.spec ?? {}) as Obj;
  const grace = typeof podSpec.terminationGracePeriodSeconds === 'number' ? podSpec.terminationGracePeriodSeconds : 30;
  const passEnv = opts.passEnv ?? ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SYSTEMROOT'];
  const baseEnv: Record<string, string> = {};
  for (const k of passEnv) if (process.env[k] !== undefined) baseEnv[k] = process.env[k]!;
  const rnd = prng(hashString(uid));
  const t0 = performance.now();
  const epoch = Date.now() / 1000;
  const now = () => (performance.now() - t0) / 1000 / timeScale;
  const emit = (m: string) => opts.onEvent?.(m);

  const pods: LPod[] = [];
  const byName = new Map<string, LPod>();
  const attempts = new Map<number | '*', number>();
  let backoff: BackoffRecord = { failuresAfterLastSuccess: 0 };
  let syncTimer: NodeJS.Timeout | undefined;
  let syncAt = Infinity;
  let stopped: RunResult['outcome'] | undefined;
  let finishResolve!: () => void;
  const finished = new Promise<void>((r) => (finishResolve = r));
  let runCounter = 0;

  const snapshot = () => {
    const toTime = (s: number) => formatTime(epoch + s * timeScale);
    return {
      job: { apiVersion: 'batch/v1', kind: 'Job', metadata: { ...meta, name, namespace, uid, creationTimestamp: toTime(0) }, spec: job.spec, status: statusToApi(view.status, spec, toTime) } as Obj,
      pods: pods.filter((p) => !p.gone).map((p) => podToApi(p, toTime)),
    };
  };
  const changed = () => opts.onUpdate?.(snapshot());

  const scheduleSync = (delay: number) => {
    if (stopped || isFinished(view.status)) return;
    const at = now() + Math.max(0, delay);
    if (at >= syncAt) return;
    syncAt = at;
    if (syncTimer) clearTimeout(syncTimer);
    syncTimer = setTimeout(() => {
      syncTimer = undefined;
      syncAt = Infinity;
      runSync();
    }, Math.max(0, delay * timeScale * 1000));
  };
  const podChanged = () => {
    scheduleSync(SYNC_BATCH_PERIOD);
    changed();
  };

  const setReady = (p: LPod, ready: boolean) => {
    const st = ready ? 'True' : 'False';
    const c = p.conditions.find((x) => x.type === 'Ready');
    if (c) {
      if (c.status !== st) {
        c.status = st;
        c.lastTransitionTime = now();
      }
    } else p.conditions.push({ type: 'Ready', status: st, lastTransitionTime: now() });
  };

  const startProc = (p: LPod, c: Obj, kind: 'init' | 'container'): Proc | string => {
    const id = podIdentity(p.podObj, namespace, p.uid);
    const cname = String(c.name ?? '');
    const { env } = containerEnv(c, id);
    const argv = containerArgv(c, env);
    if (!argv) return `container ${cname} has no command`;
    const cwd = resolveCwd(opts.workspace, c.workingDir, [], cname);
    const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...baseEnv, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pgid = child.pid ?? -1;
    const key = kind === 'init' ? `${cname}` : cname;
    p.logs[key] ??= '';
    const feed = (stream: 'stdout' | 'stderr') => {
      let partial = '';
      return (chunk: Buffer) => {
        const text = partial + chunk.toString('utf8');
        const lines = text.split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) line_(stream, line);
      };
    };
    const line_ = (stream: 'stdout' | 'stderr', text: string) => {
      if (p.logs[key].length < MAX_LOG) p.logs[key] += text + '\n';
      opts.onLog?.({ pod: p.name, index: p.index ?? null, attempt: p.attempt, container: cname, stream, text });
    };
    child.stdout?.on('data', feed('stdout'));
    child.stderr?.on('data', feed('stderr'));
    const done = new Promise<number>((res) => {
      child.on('error', (e) => {
        line_('stderr', `kjob: cannot start ${argv[0]}: ${(e as NodeJS.ErrnoException).code ?? e.message}`);
        res(127);
      });
      child.on('close', (code, signal) => res(code ?? 128 + (signal ? (SIGNALS[signal] ?? 1) : 1)));
    });
    const proc: Proc = { child, pgid, done };
    p.procs.add(proc);
    void done.then(() => p.procs.delete(proc));
    return proc;
  };

  const runPod = async (p: LPod) => {
    const runId = p.runId;
    p.phase = 'Pending';
    p.nodeName = 'localhost';
    emit(`pod ${p.name} started (${p.index !== undefined ? `index ${p.index}, ` : ''}attempt ${p.attempt})`);
    const inits = (Array.isArray((p.podObj.spec as Obj).initContainers) ? (p.podObj.spec as Obj).initContainers : []) as Obj[];
    const mains = (Array.isArray((p.podObj.spec as Obj).containers) ? (p.podObj.spec as Obj).containers : []) as Obj[];
    p.initContainerStatuses = inits.map((c) => ({ name: String(c.name), restartCount: 0 }));
    p.containerStatuses = mains.map((c) => ({ name: String(c.name), restartCount: 0 }));
    for (let i = 0; i < inits.length; i++) {
      for (;;) {
        if (p.deletionTime !== undefined || stopped) return finishPod(p, runId);
        const proc = startProc(p, inits[i], 'init');
        const code = typeof proc === 'string' ? 127 : await proc.done;
        p.initContainerStatuses[i].terminated = { exitCode: code, finishedAt: now() };
        p.exitCodes[String(inits[i].name)] = code;
        if (code === 0) break;
        if (spec.restartPolicy === 'OnFailure' && p.deletionTime === undefined && !stopped) {
          p.initContainerStatuses[i].restartCount++;
          p.initContainerStatuses[i].terminated = undefined;
          podChanged();
          await sleep(restartDelay(p.initContainerStatuses[i].restartCount) * timeScale * 1000);
          continue;
        }
        return finishPod(p, runId);
      }
    }
    if (p.deletionTime !== undefined || stopped) return finishPod(p, runId);
    p.phase = 'Running';
    setReady(p, true);
    podChanged();
    await Promise.all(
      mains.map(async (c, i) => {
        for (;;) {
          const st = p.containerStatuses[i];
          st.running = true;
          const proc = startProc(p, c, 'container');
          const code = typeof proc === 'string' ? 127 : await proc.done;
          st.running = false;
          st.terminated = { exitCode: code, finishedAt: now() };
          p.exitCodes[String(c.name)] = code;
          if (code !== 0 && spec.restartPolicy === 'OnFailure' && p.deletionTime === undefined && !stopped) {
            st.restartCount++;
            st.terminated = undefined;
            emit(`pod ${p.name}: container ${c.name} exited ${code}; restarting in place (restartPolicy OnFailure)`);
            setReady(p, false);
            podChanged();
            await sleep(restartDelay(st.restartCount) * timeScale * 1000);
            if (p.deletionTime !== undefined || stopped) return;
            setReady(p, true);
            continue;
          }
          return;
        }
      }),
    );
    finishPod(p, runId);
  };

  const finishPod = (p: LPod, runId: number) => {
    if (runId !== p.runId || isTerminal(p)) return;
    if (p.killTimer) clearTimeout(p.killTimer);
    for (const s of p.containerStatuses) if (!s.terminated) s.terminated = { exitCode: p.exitCodes[s.name] ?? 137, finishedAt: now() };
    const ok = p.initContainerStatuses.every((s) => s.terminated?.exitCode === 0) && p.containerStatuses.every((s) => s.terminated?.exitCode === 0);
    p.phase = ok ? 'Succeeded' : 'Failed';
    setReady(p, false);
    emit(`pod ${p.name} ${p.phase} (${Object.entries(p.exitCodes).map(([k, v]) => `${k}=${v}`).join(', ')})`);
    if (!p.finalizer && p.deletionTime !== undefined) p.gone = true;
    podChanged();
    maybeDone();
  };

  const killGroup = (proc: Proc, sig: NodeJS.Signals) => {
    try {
      process.kill(-proc.pgid, sig);
    } catch {
      /* already gone */
    }
  };

  const deletePod = (p: LPod, why: string) => {
    if (p.deletionTime !== undefined) return;
    p.deletionTime = now() + grace;
    p.deletionGracePeriodSeconds = grace;
    emit(`delete pod ${p.name} (${why})`);
    if (isTerminal(p)) {
      if (!p.finalizer) p.gone = true;
    } else {
      for (const proc of p.procs) killGroup(proc, 'SIGTERM');
      p.killTimer = setTimeout(() => {
        for (const proc of p.procs) killGroup(proc, 'SIGKILL');
      }, grace * timeScale * 1000);
    }
    podChanged();
  };

  const createPod = (c: PodToCreate) => {
    const key = c.index ?? '*';
    const attempt = attempts.get(key) ?? 0;
    attempts.set(key, attempt + 1);
    const gen = podGenerateName(name, spec.indexed ? c.index : undefined);
    let podName = gen + randomSuffix(rnd);
    while (byName.has(podName)) podName = gen + randomSuffix(rnd);
    const podObj = buildPod({ jobName: name, namespace, jobUid: uid, template, indexed: spec.indexed, create: c, podName, perIndex: spec.indexed && spec.backoffLimitPerIndex !== undefined });
    const pm = podObj.metadata as Obj;
    const p: LPod = {
      name: podName,
      namespace,
      uid: `${uid}-pod-${pods.length}`,
      creationTime: now(),
      phase: 'Pending',
      finalizer: true,
      annotations: pm.annotations as Record<string, string>,
      labels: pm.labels as Record<string, string>,
      containerStatuses: [],
      initContainerStatuses: [],
      conditions: [],
      attempt,
      podObj,
      procs: new Set(),
      logs: {},
      exitCodes: {},
      runId: ++runCounter,
      ...(c.index !== undefined ? { index: c.index } : {}),
    };
    pods.push(p);
    byName.set(podName, p);
    void runPod(p).catch((e) => {
      emit(`pod ${p.name}: ${(e as Error).message}`);
      finishPod(p, p.runId);
    });
  };

  const runSync = () => {
    if (stopped) return;
    const live = pods.filter((p) => !p.gone && !(isTerminal(p) && !p.finalizer));
    const t = now();
    const r = syncJob(view, live, t, backoff);
    backoff = r.backoff;
    if (r.skipped) return;
    for (const p of r.deleteActive as LPod[]) deletePod(p, 'the Job is finishing');
    for (const p of r.deleteRemoved as LPod[]) {
      p.finalizer = false;
      deletePod(p, spec.suspend ? 'the Job is suspended' : 'too many active pods');
    }
    for (const c of r.create) createPod(c);
    for (const p of r.removeFinalizers as LPod[]) {
      p.finalizer = false;
      if (isTerminal(p) && p.deletionTime !== undefined) p.gone = true;
    }
    const prev = view.status;
    view.status = r.status;
    for (const c of r.status.conditions) {
      const old = prev.conditions.find((x) => x.type === c.type);
      if (!old || old.status !== c.status || old.reason !== c.reason) emit(`condition ${c.type}=${c.status} ${c.reason}: ${c.message}`);
    }
    for (const x of r.reasons) if (x.includes('back-off') || x.includes('deadline')) emit(x);
    if (r.requeueAfter !== undefined) scheduleSync(r.requeueAfter);
    if (r.statusChanged) scheduleSync(SYNC_BATCH_PERIOD);
    if (r.create.length || r.removeFinalizers.length) scheduleSync(SYNC_BATCH_PERIOD);
    changed();
    maybeDone();
  };

  const running = () => pods.some((p) => p.procs.size > 0 || (!isTerminal(p) && !p.gone));
  const maybeDone = () => {
    if ((isFinished(view.status) || stopped) && !running()) finishResolve();
  };

  const stopAll = (why: RunResult['outcome']) => {
    if (stopped) return;
    stopped = why;
    if (syncTimer) clearTimeout(syncTimer);
    emit(why === 'Cancelled' ? 'cancelled: stopping every process' : 'timed out: stopping every process');
    for (const p of pods) {
      for (const proc of p.procs) {
        killGroup(proc, 'SIGTERM');
        setTimeout(() => killGroup(proc, 'SIGKILL'), 2000).unref();
      }
    }
    // Pods that are not running any process finish now; the others when their processes exit.
    for (const p of pods) if (!p.procs.size && !isTerminal(p)) finishPod(p, p.runId);
    maybeDone();
  };

  const onAbort = () => stopAll('Cancelled');
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort);
  const timeout = opts.timeoutSeconds ? setTimeout(() => stopAll('TimedOut'), opts.timeoutSeconds * 1000) : undefined;
  if (!stopped) scheduleSync(0);
  await finished;
  // Every process group has exited (done promises resolved): nothing keeps running.
  await Promise.all(pods.flatMap((p) => [...p.procs].map((x) => x.done)));
  for (const p of pods) if (p.killTimer) clearTimeout(p.killTimer);
  if (timeout) clearTimeout(timeout);
  opts.signal?.removeEventListener('abort', onAbort);
  const fin = isFinished(view.status);
  const snap = snapshot();
  return {
    outcome: stopped ?? (fin === 'Complete' ? 'Complete' : 'Failed'),
    status: statusSummary(view.status, spec.indexed, 0),
    pods: pods.map((p) => ({ name: p.name, index: p.index ?? null, attempt: p.attempt, phase: p.phase, exitCodes: { ...p.exitCodes } })),
    logs: Object.fromEntries(pods.map((p) => [p.name, p.logs])),
    apiJob: snap.job,
    apiPods: snap.pods,
  };
}

function restartDelay(n: number): number {
  return Math.min(10 * 2 ** Math.max(0, n - 1), 300);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function podToApi(p: LPod, toTime: (s: number) => string): Obj {
  const meta = { ...(p.podObj.metadata as Obj), uid: p.uid, creationTimestamp: toTime(p.creationTime) } as Obj;
  if (!p.finalizer) meta.finalizers = ((meta.finalizers as string[]) ?? []).filter((f) => f !== TRACKING_FINALIZER);
  if (p.deletionTime !== undefined) {
    meta.deletionTimestamp = toTime(p.deletionTime);
    meta.deletionGracePeriodSeconds = p.deletionGracePeriodSeconds;
  }
  const cs = (s: CPod['containerStatuses'][number]) => ({
    name: s.name,
    restartCount: s.restartCount,
    ready: !!s.running,
    state: s.terminated
      ? { terminated: { exitCode: s.terminated.exitCode, reason: s.terminated.exitCode === 0 ? 'Completed' : 'Error', ...(s.terminated.finishedAt !== undefined ? { finishedAt: toTime(s.terminated.finishedAt) } : {}) } }
      : s.running
        ? { running: {} }
        : { waiting: { reason: 'PodInitializing' } },
  });
  return {
    ...p.podObj,
    metadata: meta,
    spec: { ...(p.podObj.spec as Obj), nodeName: 'localhost' },
    status: {
      phase: p.phase,
      conditions: p.conditions.map((c) => ({ type: c.type, status: c.status, ...(c.lastTransitionTime !== undefined ? { lastTransitionTime: toTime(c.lastTransitionTime) } : {}) })),
      ...(p.initContainerStatuses.length ? { initContainerStatuses: p.initContainerStatuses.map(cs) } : {}),
      containerStatuses: p.containerStatuses.map(cs),
    },
  };
}

