/**
 * "Run locally": the Job's pod template executed as local processes: the Job driver
 * (core/controller/driver.ts, the same controller loop and pod lifecycle as Simulate) with the
 * process kubelet (process.ts) on a real clock. Each pod runs its init containers in order, then
 * its containers in parallel, as `command` + `args` (the image is ignored) with the env the pod
 * would get. The controller's delays (batch period, back-off, deadlines, grace periods, the
 * kubelet's crash-loop back-off) are scaled by `timeScale`; process run times are real. Every
 * process is its own process group; cancel kills every group.
 */
import { isFinished } from '../controller/controller';
import { Driver, RealClock, exitCodesSummary, timeFormatter } from '../controller/driver';
import { defaultedJob, specView } from '../controller/jobView';
import { buildPod, hashString, podGenerateName } from '../controller/podFactory';
import { containerArgv, containerEnv } from '../controller/podEnv';
import { isTerminal } from '../controller/pods';
import type { PodToCreate, SimStatus } from '../controller/types';
import { ProcessKubelet, podIdentity, resolveCwd, type LogLine } from './process';

export type { LogLine } from './process';

type Obj = Record<string, unknown>;

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

export async function runLocally(jobInput: Obj, opts: RunOptions): Promise<RunResult> {
  const job = defaultedJob(jobInput);
  const meta = (job.metadata ?? {}) as Obj;
  const name = String(meta.name ?? 'job');
  const namespace = String(meta.namespace ?? 'default');
  const uid = `local-${hashString(name + Date.now()).toString(16)}`;
  const timeScale = opts.timeScale ?? 0.1;
  if (!(timeScale > 0)) throw new Error('timeScale must be > 0');
  const passEnv = opts.passEnv ?? ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SYSTEMROOT'];
  const baseEnv: Record<string, string> = {};
  for (const k of passEnv) if (process.env[k] !== undefined) baseEnv[k] = process.env[k]!;
  const toTime = timeFormatter(Date.now() / 1000, timeScale);
  let stopped: RunResult['outcome'] | undefined;
  let finishResolve!: () => void;
  const finished = new Promise<void>((r) => (finishResolve = r));
  const snapshot = () => ({ job: d.apiJob(meta, toTime), pods: d.apiPods(toTime) });
  const maybeDone = () => {
    if (!(isFinished(d.view.status) || stopped) || kubelet.busy) return;
    if (d.allPods.every((p) => isTerminal(p) || p.gone !== undefined)) finishResolve();
  };
  const d = new Driver({
    job,
    name,
    namespace,
    uid,
    seed: hashString(uid),
    timeline: true,
    onNote: opts.onEvent ? (e) => e.kind !== 'status' && opts.onEvent!(e.message) : undefined,
    onChange: () => {
      opts.onUpdate?.(snapshot());
      maybeDone();
    },
  });
  const clock = new RealClock(d, timeScale);
  d.clock = clock;
  const kubelet = new ProcessKubelet(d, clock, { workspace: opts.workspace, baseEnv, onLog: opts.onLog });
  d.kubelet = kubelet;

  const stopAll = (why: RunResult['outcome']) => {
    if (stopped) return;
    stopped = why;
    opts.onEvent?.(why === 'Cancelled' ? 'cancelled: stopping every process' : 'timed out: stopping every process');
    clock.tick();
    kubelet.halt();
    maybeDone();
  };
  const onAbort = () => stopAll('Cancelled');
  opts.signal?.addEventListener('abort', onAbort);
  const timeout = opts.timeoutSeconds ? setTimeout(() => stopAll('TimedOut'), opts.timeoutSeconds * 1000) : undefined;
  if (opts.signal?.aborted) onAbort();
  else d.scheduleSync(0);
  maybeDone();
  await finished;
  clock.stop();
  if (timeout) clearTimeout(timeout);
  opts.signal?.removeEventListener('abort', onAbort);
  const fin = isFinished(d.view.status);
  const snap = snapshot();
  return {
    outcome: stopped ?? (fin === 'Complete' ? 'Complete' : 'Failed'),
    status: d.summary(),
    pods: d.allPods.map((p) => ({ name: p.name, index: p.index ?? null, attempt: p.attempt, phase: p.phase, exitCodes: exitCodesSummary(p) })),
    logs: Object.fromEntries(d.allPods.map((p) => [p.name, kubelet.logs(p)])),
    apiJob: snap.job,
    apiPods: snap.pods,
  };
}
