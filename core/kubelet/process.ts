/**
 * The process kubelet of Run locally: every container of a pod runs as a local process group,
 * `command` + `args` (the image is ignored) with the env the pod would get, in its workingDir under
 * the workspace. Exit codes are real (a process ended by a signal exits 128 + the signal number).
 * Deletion sends SIGTERM to the pod's process groups and SIGKILL at the end of the grace period;
 * `halt` (cancel, timeout) stops every group. Output is kept up to MAX_LOG bytes per container.
 * The driver (core/controller/driver.ts) does the rest of the pod lifecycle. Only the client and
 * the CLI start it, after the user confirmed what runs (trusted workspaces only, in the editor).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { buildPod } from '../controller/podFactory';
import { containerArgv, containerEnv, type PodIdentity } from '../controller/podEnv';
import { isTerminal } from '../controller/pods';
import type { DContainer, DPod, Driver, EvKind, Kubelet, RealClock } from '../controller/driver';

type Obj = Record<string, unknown>;

export interface LogLine {
  pod: string;
  index: number | null;
  attempt: number;
  container: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface ProcessKubeletOptions {
  /** Directory that `workingDir` is relative to (and the default cwd). */
  workspace: string;
  /** Environment passed through from this process. */
  baseEnv: Record<string, string>;
  onLog?: (l: LogLine) => void;
}

interface Proc {
  child: ChildProcess;
  pgid: number;
}

/** The process kubelet's state of one pod. */
interface PodRun {
  podObj: Obj;
  procs: Map<DContainer, Proc>;
  logs: Record<string, string>;
}

/** Output kept per container (characters); the rest still goes to onLog. */
export const MAX_LOG = 1 << 20;
/** A longer run of output without a newline is passed on as a line of its own. */
const MAX_LINE = 1 << 16;
const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15, SIGSEGV: 11, SIGABRT: 6, SIGPIPE: 13 };
/** Seconds between SIGTERM and SIGKILL when the whole run stops (cancel, timeout). */
const HALT_KILL_SECONDS = 2;

export function podIdentity(podObj: Obj, namespace: string, uid: string): PodIdentity {
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

/** The container's cwd: its workingDir inside the workspace, else the workspace (with a warning). */
export function resolveCwd(workspace: string, workingDir: unknown, warnings: string[], cname: string): string {
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

export class ProcessKubelet implements Kubelet {
  readonly nodeName = 'localhost';
  private procCount = 0;

  constructor(
    private readonly d: Driver,
    private readonly clock: RealClock,
    private readonly opts: ProcessKubeletOptions,
  ) {}

  private run_(p: DPod): PodRun {
    return (p.ext ??= { podObj: buildPod(p.metaInput()), procs: new Map(), logs: {} }) as PodRun;
  }

  /** Whether any process of any pod is still running. */
  get busy(): boolean {
    return this.procCount > 0;
  }

  /** Output of one pod by container. */
  logs(p: DPod): Record<string, string> {
    return (p.ext as PodRun | undefined)?.logs ?? {};
  }

  attempt(): void {}

  ending(): void {}

  admit(p: DPod): void {
    this.d.startPod(p);
  }

  run(p: DPod, init: number): void {
    const nInit = p.initContainerStatuses.length;
    if (init >= 0) this.start(p, p.cs[init], init, 'initContainers');
    else {
      const r = this.run_(p);
      for (let i = nInit; i < p.cs.length; i++) if (p.cs[i].state === 'running' && !r.procs.has(p.cs[i])) this.start(p, p.cs[i], i - nInit, 'containers');
    }
  }

  stop(p: DPod, grace: number): void {
    const r = this.run_(p);
    if (r.procs.size === 0) {
      this.d.syncPod(p);
      return;
    }
    for (const proc of r.procs.values()) killGroup(proc, 'SIGTERM');
    this.d.schedule(this.d.now + grace, 'killed', p);
  }

  fire(k: EvKind, p: DPod): void {
    if (k === 'killed') for (const proc of this.run_(p).procs.values()) killGroup(proc, 'SIGKILL');
  }

  /** Stops everything (cancel, timeout): SIGTERM now, SIGKILL soon after; pods without processes end now. */
  halt(): void {
    const d = this.d;
    d.halted = true;
    for (const p of d.allPods) {
      if (isTerminal(p)) continue;
      const procs = [...this.run_(p).procs.values()];
      for (const proc of procs) {
        killGroup(proc, 'SIGTERM');
        setTimeout(() => killGroup(proc, 'SIGKILL'), HALT_KILL_SECONDS * 1000).unref();
      }
      if (!procs.length) d.syncPod(p);
    }
  }

  private start(p: DPod, c: DContainer, specIndex: number, key: 'initContainers' | 'containers'): void {
    const r = this.run_(p);
    const spec = ((r.podObj.spec as Obj)[key] as Obj[])[specIndex];
    const cname = c.name;
    r.logs[cname] ??= '';
    const line = (stream: 'stdout' | 'stderr', text: string) => {
      if (r.logs[cname].length < MAX_LOG) r.logs[cname] += text + '\n';
      this.opts.onLog?.({ pod: p.name, index: p.index ?? null, attempt: p.attempt, container: cname, stream, text });
    };
    let reported = false;
    const report = (code: number) => {
      if (reported) return;
      reported = true;
      if (r.procs.delete(c)) this.procCount--;
      this.clock.tick();
      this.d.exited(c, code);
      this.d.exitsDone(p);
    };
    const { env } = containerEnv(spec, podIdentity(r.podObj, p.namespace, p.uid));
    const argv = containerArgv(spec, env);
    if (!argv) {
      // planLocalRun refuses such Jobs; kept for API use: the container fails like a missing binary.
      setImmediate(() => {
        line('stderr', `kjob: container ${cname} has no command`);
        report(127);
      });
      return;
    }
    const cwd = resolveCwd(this.opts.workspace, spec.workingDir, [], cname);
    const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...this.opts.baseEnv, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const proc: Proc = { child, pgid: child.pid ?? -1 };
    r.procs.set(c, proc);
    this.procCount++;
    const partial = { stdout: '', stderr: '' };
    const feed = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const lines = (partial[stream] + chunk.toString('utf8')).split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const l of lines) line(stream, l);
      if (partial[stream].length > MAX_LINE) {
        line(stream, partial[stream]);
        partial[stream] = '';
      }
    };
    child.stdout?.on('data', feed('stdout'));
    child.stderr?.on('data', feed('stderr'));
    child.on('error', (e) => {
      line('stderr', `kjob: cannot start ${argv[0]}: ${(e as NodeJS.ErrnoException).code ?? e.message}`);
      report(127);
    });
    child.on('close', (code, signal) => {
      for (const s of ['stdout', 'stderr'] as const) if (partial[s]) line(s, partial[s]);
      report(code ?? 128 + (signal ? (SIGNALS[signal] ?? 1) : 1));
    });
  }
}

function killGroup(proc: Proc, sig: NodeJS.Signals): void {
  if (!(proc.pgid > 0)) return; // never started: no group (and -(-1) would address every process)
  try {
    process.kill(-proc.pgid, sig);
  } catch {
    /* already gone */
  }
}
