/**
 * The test kubelet: one fake Node whose pods "run" as the Job's outcome script says. It binds
 * pending pods, writes Running/Succeeded/Failed status with per-container exit codes, restarts
 * containers in place for restartPolicy OnFailure, evicts and deletes pods when the script says so,
 * finishes graceful deletions, applies the script's timed Job spec patches and prints container
 * logs (served by logs.ts). Semantics: docs/simulator.md, section "Outcome scripts".
 */
import os from 'node:os';
import { Api, ApiError, type Obj } from './api';
import { LogStore, type ContainerRun } from './logs';
import { backOff, buildStatus, finalPhase, initialModel, nowIso, start, terminate, type PodModel } from './pod';
import {
  KILLED_EXIT_CODE,
  OUTCOMES_ANNOTATION,
  attemptFor,
  defaultLogs,
  deletionEnd,
  exitCodeFor,
  parseOutcomeScript,
  roundEvents,
  type Attempt,
  type OutcomeScript,
} from '../../core/kubelet/outcomes';

export const INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';

export interface KubeletOptions {
  api: Api;
  nodeName: string;
  /** HTTPS port of the log endpoint, published in status.daemonEndpoints.kubeletEndpoint.Port. */
  port: number;
  logs: LogStore;
  log: (msg: string) => void;
  kubeletVersion?: string;
}

interface JobInfo {
  uid: string;
  ns: string;
  name: string;
  script: OutcomeScript;
  loaded?: Promise<void>;
  /** Next attempt number per index key ('0', '1', ... or '*'). */
  next: Map<string, number>;
  timers: NodeJS.Timeout[];
}

interface PodRun {
  uid: string;
  ns: string;
  name: string;
  pod: Obj;
  job?: JobInfo;
  index: number | '*';
  attempt: number;
  a: Attempt;
  model: PodModel;
  restartPolicy: string;
  /** Timers of the current round (end, eviction, scripted deletion, restart). */
  timers: Set<NodeJS.Timeout>;
  /** Timers that print log lines (they keep going through a deletion grace period). */
  lineTimers: Set<NodeJS.Timeout>;
  killTimer?: NodeJS.Timeout;
  logRuns: Map<string, ContainerRun>;
  /** Per container: prints the lines its line timers have not printed yet (a container that exits
   * normally has printed all its lines, even when this process's timers run late under load). */
  logFlush: Map<string, () => void>;
  deleting: boolean;
  done: boolean;
  gone: boolean;
  queue: Promise<void>;
  /** When the current attempt's containers started (ms); the attempt's clock counts from here. */
  roundStart: number;
}

const TERMINAL = new Set(['Succeeded', 'Failed']);

export class Kubelet {
  private readonly api: Api;
  private readonly node: string;
  private readonly log: (m: string) => void;
  private readonly jobs = new Map<string, JobInfo>();
  private readonly assigned = new Map<string, { job?: JobInfo; index: number | '*'; attempt: number }>();
  private readonly runs = new Map<string, PodRun>();
  private readonly binding = new Set<string>();
  private readonly stops: (() => void)[] = [];
  private ipCounter = 0;

  constructor(private readonly opts: KubeletOptions) {
    this.api = opts.api;
    this.node = opts.nodeName;
    this.log = opts.log;
  }

  async start() {
    await this.registerNode();
    const jobs = this.api.informer('/apis/batch/v1/jobs', (t, j) => this.onJob(t, j), this.log);
    const pods = this.api.informer('/api/v1/pods', (t, p) => this.onPod(t, p), this.log);
    this.stops.push(() => jobs.stop(), () => pods.stop());
  }

  stop() {
    this.stops.forEach((s) => s());
    for (const r of this.runs.values()) this.clearTimers(r, true);
    for (const j of this.jobs.values()) j.timers.forEach(clearTimeout);
  }

  // ---- node -------------------------------------------------------------------------------

  private nodeStatus(): Obj {
    const at = nowIso();
    const cond = (type: string, status: string, reason: string, message: string) => ({
      type,
      status,
      reason,
      message,
      lastHeartbeatTime: at,
      lastTransitionTime: at,
    });
    const res = { cpu: '16', memory: '64Gi', pods: '500', 'ephemeral-storage': '100Gi' };
    return {
      capacity: res,
      allocatable: res,
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kjob test kubelet'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kjob test kubelet'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kjob test kubelet'),
        cond('Ready', 'True', 'KubeletReady', 'kjob test kubelet is ready'),
      ],
      addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
      daemonEndpoints: { kubeletEndpoint: { Port: this.opts.port } },
      nodeInfo: {
        machineID: '',
        systemUUID: '',
        bootID: '',
        kernelVersion: os.release(),
        osImage: 'kjob test kubelet',
        containerRuntimeVersion: 'kjob://0.1.0',
        kubeletVersion: this.opts.kubeletVersion ?? 'v0.0.0-kjob',
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: os.arch() === 'x64' ? 'amd64' : os.arch(),
      },
    };
  }

  private async registerNode() {
    const body = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: this.node,
        labels: { 'kubernetes.io/hostname': this.node, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kjob.dev/test-kubelet': 'true' },
      },
      spec: {},
      status: this.nodeStatus(),
    };
    let node: Obj;
    try {
      node = await this.api.post('/api/v1/nodes', body);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409)) throw e;
      node = await this.api.get(`/api/v1/nodes/${this.node}`);
    }
    // Node create keeps the status that is sent, but an existing Node (kubelet restart) needs its
    // port updated; the TaintNodesByCondition admission plugin adds a not-ready taint on create.
    node = await this.api.put(`/api/v1/nodes/${this.node}/status`, { ...node, status: this.nodeStatus() });
    if (node.spec?.taints?.length) await this.api.mergePatch(`/api/v1/nodes/${this.node}`, { spec: { taints: null } });
    this.log(`node ${this.node} registered (Ready, kubelet port ${this.opts.port})`);
  }

  // ---- jobs and outcome scripts ---------------------------------------------------------------

  private jobInfo(uid: string, ns: string, name: string): JobInfo {
    let j = this.jobs.get(uid);
    if (!j) {
      j = { uid, ns, name, script: {}, next: new Map(), timers: [] };
      this.jobs.set(uid, j);
    }
    return j;
  }

  private onJob(type: string, job: Obj) {
    const { uid, namespace, name } = job.metadata;
    if (type === 'DELETED') {
      const j = this.jobs.get(uid);
      if (j) {
        j.timers.forEach(clearTimeout);
        // Keep attempt counters a while: pods of a deleted Job may still be terminating.
        setTimeout(() => this.jobs.delete(uid), 120_000).unref();
      }
      return;
    }
    const j = this.jobInfo(uid, namespace, name);
    if (!j.loaded) j.loaded = Promise.resolve(this.loadScript(j, job));
  }

  private ensureScript(j: JobInfo): Promise<void> {
    if (!j.loaded) {
      j.loaded = this.api
        .get(`/apis/batch/v1/namespaces/${j.ns}/jobs/${j.name}`)
        .then((job) => {
          if (job.metadata.uid === j.uid) this.loadScript(j, job);
        })
        .catch((e) => this.log(`job ${j.ns}/${j.name}: ${(e as Error).message}; using the default attempt`));
    }
    return j.loaded;
  }

  /** Parses the annotation once per Job UID and schedules its events. */
  private loadScript(j: JobInfo, job: Obj) {
    const text: string | undefined = job.metadata.annotations?.[OUTCOMES_ANNOTATION];
    if (text === undefined) return;
    let parsed: unknown;
    let errors: string[];
    try {
      parsed = JSON.parse(text);
      ({ errors } = parseOutcomeScript(parsed));
    } catch (e) {
      errors = [`not valid JSON: ${(e as Error).message}`];
    }
    if (errors.length) {
      const msg = `annotation ${OUTCOMES_ANNOTATION} ignored (every pod runs the default attempt): ${errors.join('; ')}`;
      this.log(`job ${j.ns}/${j.name}: ${msg}`);
      void this.event(job, 'Warning', 'InvalidOutcomeScript', msg);
      return;
    }
    j.script = parseOutcomeScript(parsed).script;
    // Event times count from the Job's creation: when this kubelet saw it appear (creationTimestamp
    // only has second precision), or creationTimestamp for Jobs older than the kubelet's view.
    // A Job first seen more than 3 s after its creation existed before this kubelet (a kubelet
    // restart): its past events are taken as applied already.
    const created = Date.parse(job.metadata.creationTimestamp);
    const old = Date.now() - created >= 3000;
    const base = old ? created : Date.now();
    for (const ev of j.script.events ?? []) {
      if (old && base + ev.atSeconds * 1000 <= Date.now()) continue;
      const delay = Math.max(0, base + ev.atSeconds * 1000 - Date.now());
      j.timers.push(
        setTimeout(() => {
          if (!ev.patchSpec) return;
          this.api
            .mergePatch(`/apis/batch/v1/namespaces/${j.ns}/jobs/${j.name}`, { metadata: { uid: j.uid }, spec: ev.patchSpec })
            .then(() => this.log(`job ${j.ns}/${j.name}: at ${ev.atSeconds}s patched spec ${JSON.stringify(ev.patchSpec)}`))
            .catch((e) => {
              this.log(`job ${j.ns}/${j.name}: event at ${ev.atSeconds}s failed: ${(e as Error).message}`);
              void this.event(job, 'Warning', 'OutcomeEventFailed', `patchSpec at ${ev.atSeconds}s: ${(e as Error).message}`);
            });
        }, delay),
      );
    }
  }

  private async event(obj: Obj, type: string, reason: string, message: string) {
    const at = new Date().toISOString();
    try {
      await this.api.post(`/api/v1/namespaces/${obj.metadata.namespace}/events`, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { generateName: `${obj.metadata.name}.` },
        involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid },
        type,
        reason,
        message,
        source: { component: 'kjob-test-kubelet', host: this.node },
        firstTimestamp: at,
        lastTimestamp: at,
        count: 1,
      });
    } catch (e) {
      this.log(`event ${reason}: ${(e as Error).message}`);
    }
  }

  // ---- pods -------------------------------------------------------------------------------------

  /** Attempt numbers are fixed when a pod is first seen: per (Job, index) in pod-creation order. */
  private assign(pod: Obj) {
    const uid = pod.metadata.uid;
    let a = this.assigned.get(uid);
    if (a) return a;
    const owner = (pod.metadata.ownerReferences ?? []).find((r: Obj) => r.kind === 'Job' && r.apiVersion === 'batch/v1' && r.controller);
    if (!owner) a = { index: '*', attempt: 0 };
    else {
      const job = this.jobInfo(owner.uid, pod.metadata.namespace, owner.name);
      const ann = pod.metadata.annotations?.[INDEX_ANNOTATION];
      const index: number | '*' = typeof ann === 'string' && /^\d+$/.test(ann) ? Number(ann) : '*';
      a = { job, index, attempt: nextAttempt(job, index) };
    }
    this.assigned.set(uid, a);
    return a;
  }

  private onPod(type: string, pod: Obj) {
    const uid: string = pod.metadata.uid;
    if (type === 'DELETED') {
      const r = this.runs.get(uid);
      if (r) {
        r.gone = true;
        this.clearTimers(r, true);
        this.runs.delete(uid);
        this.opts.logs.forgetPod(r.ns, r.name, uid);
      }
      setTimeout(() => this.assigned.delete(uid), 120_000).unref();
      return;
    }
    this.assign(pod);
    if (!pod.spec.nodeName) {
      if (!pod.metadata.deletionTimestamp && !pod.spec.schedulingGates?.length) void this.bind(pod);
      return;
    }
    if (pod.spec.nodeName !== this.node) return;
    let r = this.runs.get(uid);
    if (!r) {
      if (TERMINAL.has(pod.status?.phase)) return;
      r = this.newRun(pod);
      const run = r;
      this.enqueue(run, () => this.startRun(run));
    } else if (newer(pod, r.pod)) r.pod = pod;
    if (pod.metadata.deletionTimestamp && !r.deleting) {
      const run = r;
      run.deleting = true;
      const grace = Number(pod.metadata.deletionGracePeriodSeconds ?? 30);
      this.enqueue(run, () => this.beginDeletion(run, grace));
    }
  }

  private async bind(pod: Obj) {
    const uid = pod.metadata.uid;
    if (this.binding.has(uid)) return;
    this.binding.add(uid);
    try {
      await this.api.post(`/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/binding`, {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, uid },
        target: { apiVersion: 'v1', kind: 'Node', name: this.node },
      });
    } catch (e) {
      const transientError = !(e instanceof ApiError) || e.status === 429 || e.status >= 500;
      if (transientError) {
        this.log(`bind ${pod.metadata.namespace}/${pod.metadata.name}: ${(e as Error).message}; retrying`);
        setTimeout(() => {
          this.binding.delete(uid);
          void this.bind(pod);
        }, 1000).unref();
        return;
      }
      // 409: bound meanwhile; 404: gone; anything else is retried on the pod's next change
      if (!(e instanceof ApiError && (e.status === 409 || e.status === 404))) this.log(`bind ${pod.metadata.namespace}/${pod.metadata.name}: ${(e as Error).message}`);
    }
    setTimeout(() => this.binding.delete(uid), 30_000).unref();
  }

  private newRun(pod: Obj): PodRun {
    const a = this.assign(pod);
    const n = this.ipCounter++;
    const r: PodRun = {
      uid: pod.metadata.uid,
      ns: pod.metadata.namespace,
      name: pod.metadata.name,
      pod,
      job: a.job,
      index: a.index,
      attempt: a.attempt,
      a: {},
      model: initialModel(pod, podIP(n)),
      restartPolicy: pod.spec.restartPolicy ?? 'Always',
      timers: new Set(),
      lineTimers: new Set(),
      logRuns: new Map(),
      logFlush: new Map(),
      deleting: false,
      done: false,
      gone: false,
      queue: Promise.resolve(),
      roundStart: 0,
    };
    this.runs.set(r.uid, r);
    this.opts.logs.registerPod(r.ns, r.name, r.uid);
    return r;
  }

  /** Serializes everything that touches one pod (status writes must not interleave). */
  private enqueue(r: PodRun, f: () => unknown) {
    r.queue = r.queue.then(async () => {
      if (r.gone) return;
      try {
        await f();
      } catch (e) {
        this.log(`pod ${r.ns}/${r.name}: ${(e as Error).message}`);
      }
    });
  }

  private later(r: PodRun, seconds: number, f: () => unknown) {
    const t = setTimeout(() => {
      r.timers.delete(t);
      this.enqueue(r, f);
    }, seconds * 1000);
    r.timers.add(t);
  }

  private clearTimers(r: PodRun, all = false) {
    r.timers.forEach(clearTimeout);
    r.timers.clear();
    if (!all) return;
    if (r.killTimer) clearTimeout(r.killTimer);
    r.lineTimers.forEach(clearTimeout);
    r.lineTimers.clear();
    for (const lr of r.logRuns.values()) lr.end();
  }

  private async startRun(r: PodRun) {
    if (r.job) await this.ensureScript(r.job);
    if (r.deleting || r.done) return; // beginDeletion (queued after us) finishes it
    await this.round(r);
  }

  private script(r: PodRun): OutcomeScript {
    return r.job?.script ?? {};
  }

  /** One attempt: init containers, then the main containers run for durationSeconds. */
  private async round(r: PodRun) {
    const a = (r.a = attemptFor(this.script(r), r.index, r.attempt));
    r.roundStart = Date.now();
    const at = nowIso(r.roundStart);
    const m = r.model;
    m.startTime ??= at;
    const logs = (_container: string) => defaultLogs(r.name, r.index, r.attempt);
    for (const c of m.containers) {
      if (c.kind === 'main') continue;
      if (c.kind === 'sidecar') {
        if (c.state !== 'running') {
          start(c, at);
          this.printLogs(r, c.name, logs(c.name), 0);
        }
        continue;
      }
      if (c.state === 'terminated' && c.terminated?.exitCode === 0) continue;
      start(c, at);
      this.printLogs(r, c.name, logs(c.name), 0);
      const code = a.initExitCodes?.[c.name] ?? 0;
      terminate(c, code, at);
      r.logRuns.get(c.name)?.end();
      if (code !== 0) {
        this.log(`pod ${r.ns}/${r.name}: init container ${c.name} exited ${code} (attempt ${r.attempt})`);
        if (r.restartPolicy === 'OnFailure') {
          const wait = backOff(c);
          await this.writeStatus(r);
          this.later(r, wait, () => this.restart(r));
        } else {
          for (const o of m.containers) if (o.kind === 'sidecar') terminate(o, 0, at);
          m.phase = 'Failed';
          await this.finish(r);
        }
        return;
      }
    }
    const ev = roundEvents(a);
    const dur = ev.exit;
    const first = this.firstContainer(r);
    for (const c of m.containers) {
      if (c.kind !== 'main' || (c.state === 'terminated' && c.terminated?.exitCode === 0)) continue;
      start(c, at);
      const lines = c.name === first && a.logs ? a.logs : logs(c.name);
      this.printLogs(r, c.name, lines, dur);
    }
    m.phase = 'Running';
    await this.writeStatus(r);
    this.log(`pod ${r.ns}/${r.name}: running index ${r.index} attempt ${r.attempt} for ${dur}s`);
    if (r.restartPolicy === 'Always' && !r.job) return; // a long-running pod: runs until deleted
    // Timers count from the start instant, not from when the Running status write returned.
    const at0 = (seconds: number) => Math.max(0, seconds - (Date.now() - r.roundStart) / 1000);
    this.later(r, at0(dur), () => this.endRound(r));
    if (ev.evict !== undefined) this.later(r, at0(ev.evict), () => this.evict(r));
    if (ev.delete !== undefined) this.later(r, at0(ev.delete), () => this.scriptedDelete(r));
  }

  private firstContainer(r: PodRun) {
    return r.pod.spec.containers?.[0]?.name;
  }

  /** Prints lines over `seconds`: line i of n at i*seconds/n after the start. */
  private printLogs(r: PodRun, container: string, lines: string[], seconds: number) {
    const run = this.opts.logs.startRun(r.ns, r.name, r.uid, container);
    r.logRuns.set(container, run);
    let next = 0; // lines are printed in order; a late timer prints everything due before it
    const printUpTo = (i: number) => {
      for (; next <= i && next < lines.length; next++) run.append(lines[next]);
    };
    r.logFlush.set(container, () => printUpTo(lines.length - 1));
    lines.forEach((_, i) => {
      const delay = lines.length ? (i * seconds * 1000) / lines.length : 0;
      if (delay === 0) printUpTo(i);
      else {
        const t = setTimeout(() => {
          r.lineTimers.delete(t);
          printUpTo(i);
        }, delay);
        r.lineTimers.add(t);
      }
    });
  }

  /** Main containers exit with the attempt's codes at the end of durationSeconds. */
  private async endRound(r: PodRun) {
    if (r.done) return;
    const at = nowIso();
    const first = this.firstContainer(r);
    const failed: string[] = [];
    for (const c of r.model.containers) {
      if (c.kind !== 'main' || c.state !== 'running') continue;
      const code = exitCodeFor(r.a, c.name, c.name === first);
      terminate(c, code, at);
      r.logFlush.get(c.name)?.(); // a container that exits on its own has printed all its lines
      r.logRuns.get(c.name)?.end();
      if (code !== 0) failed.push(c.name);
    }
    this.clearTimers(r);
    if (failed.length && r.restartPolicy === 'OnFailure' && !r.deleting) {
      let wait = 0;
      for (const c of r.model.containers) if (failed.includes(c.name)) wait = Math.max(wait, backOff(c));
      this.log(`pod ${r.ns}/${r.name}: ${failed.join(', ')} failed (attempt ${r.attempt}); restarting in place in ${wait}s`);
      await this.writeStatus(r);
      this.later(r, wait, () => this.restart(r));
      return;
    }
    if (r.model.containers.some((c) => c.kind === 'main' && c.state === 'running')) return;
    for (const c of r.model.containers) if (c.kind === 'sidecar') terminate(c, 0, at);
    r.model.phase = finalPhase(r.model);
    for (const type of r.a.podConditions ?? []) this.addCondition(r, type, 'KjobOutcomeScript', 'set by the outcome script at the end of the attempt');
    await this.finish(r);
  }

  private async restart(r: PodRun) {
    if (r.deleting || r.done) return;
    r.attempt = r.job ? nextAttempt(r.job, r.index) : r.attempt + 1;
    await this.round(r);
  }

  private addCondition(r: PodRun, type: string, reason: string, message: string) {
    if (!r.model.extraConditions.some((c) => c.type === type)) r.model.extraConditions.push({ type, reason, message, at: nowIso() });
  }

  /** Kubelet-initiated eviction: conditions, phase Failed (reason Evicted), containers killed. */
  private async evict(r: PodRun) {
    if (r.done || r.deleting) return;
    const at = nowIso();
    this.clearTimers(r, true);
    for (const c of r.model.containers) {
      if (c.state === 'running') terminate(c, KILLED_EXIT_CODE, at);
      r.logRuns.get(c.name)?.end();
    }
    for (const type of r.a.podConditions ?? ['DisruptionTarget']) this.addCondition(r, type, 'TerminationByKubelet', 'kjob test kubelet: evicted by the outcome script');
    r.model.phase = 'Failed';
    r.model.reason = 'Evicted';
    r.model.message = `The node evicted this pod (outcome script: evictedAfterSeconds ${r.a.evictedAfterSeconds}).`;
    this.log(`pod ${r.ns}/${r.name}: evicted`);
    await this.finish(r);
  }

  /** Deletes the pod as a user or controller would (graceful); the deletion path then finishes it. */
  private async scriptedDelete(r: PodRun) {
    if (r.done || r.deleting) return;
    if (r.a.podConditions?.length) {
      for (const type of r.a.podConditions) this.addCondition(r, type, 'KjobOutcomeScript', 'set by the outcome script before deleting the pod');
      await this.writeStatus(r);
    }
    const grace = r.a.terminationGracePeriodSeconds ?? r.pod.spec.terminationGracePeriodSeconds ?? 30;
    this.log(`pod ${r.ns}/${r.name}: deleting (outcome script, grace ${grace}s)`);
    await this.api.delete(`/api/v1/namespaces/${r.ns}/pods/${r.name}`, {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: grace,
      preconditions: { uid: r.uid },
    });
  }

  /**
   * A deletionTimestamp appeared: containers keep running until their scripted end or the end of
   * the grace period, whichever comes first; at the grace period's end they are killed (137).
   * Then the terminal phase is written and the pod deleted with grace 0 (UID precondition).
   */
  private async beginDeletion(r: PodRun, grace: number) {
    this.clearTimers(r); // no restarts, evictions or scripted deletes any more ...
    if (r.done) return;
    const running = r.model.containers.some((c) => c.kind === 'main' && c.state === 'running');
    if (!running) return this.killAndFinish(r);
    // ... but the natural end stays: re-arm it for the remaining time.
    const end = deletionEnd(r.a, (Date.now() - r.roundStart) / 1000, grace);
    this.log(`pod ${r.ns}/${r.name}: deletion requested (grace ${grace}s, ${end.natural ? `ends on its own in ${end.after.toFixed(1)}s` : 'killed at its end'})`);
    if (end.natural) this.later(r, end.after, () => this.endRound(r));
    else {
      r.killTimer = setTimeout(() => this.enqueue(r, () => this.killAndFinish(r)), grace * 1000);
      // keep printing the remaining log lines until the kill
    }
  }

  private async killAndFinish(r: PodRun) {
    if (r.done) return;
    const at = nowIso();
    this.clearTimers(r, true);
    for (const c of r.model.containers) {
      if (c.state === 'running') terminate(c, KILLED_EXIT_CODE, at, 'killed at the end of the termination grace period');
      else if (c.state === 'waiting' && c.last) {
        c.terminated = c.last; // a container in back-off stays terminated with its last exit code
        c.last = undefined;
        c.state = 'terminated';
      }
      r.logRuns.get(c.name)?.end();
    }
    r.model.phase = finalPhase(r.model);
    await this.finish(r);
  }

  /** Writes the terminal status; a pod being deleted is then removed with grace 0. */
  private async finish(r: PodRun) {
    r.done = true;
    if (r.killTimer) clearTimeout(r.killTimer);
    this.clearTimers(r, true);
    await this.writeStatus(r);
    this.log(`pod ${r.ns}/${r.name}: ${r.model.phase} (${r.model.containers.map((c) => `${c.name}=${c.terminated?.exitCode ?? c.state}`).join(', ')})`);
    if (r.deleting) {
      try {
        await transient(() =>
          this.api.delete(`/api/v1/namespaces/${r.ns}/pods/${r.name}`, {
            apiVersion: 'v1',
            kind: 'DeleteOptions',
            gracePeriodSeconds: 0,
            preconditions: { uid: r.uid },
          }),
        );
      } catch (e) {
        if (!(e instanceof ApiError && (e.status === 404 || e.status === 409))) throw e;
      }
    }
  }

  /** PUT pods/status with the full status derived from the model; refetches on conflict. */
  private async writeStatus(r: PodRun) {
    const path = `/api/v1/namespaces/${r.ns}/pods/${r.name}/status`;
    for (let i = 0; i < 8; i++) {
      const pod = r.pod;
      if (TERMINAL.has(pod.status?.phase) && pod.status.phase !== r.model.phase) {
        this.log(`pod ${r.ns}/${r.name}: already ${pod.status.phase}; not writing ${r.model.phase}`);
        return;
      }
      try {
        r.pod = await transient(() => this.api.put(path, { ...pod, status: buildStatus(pod, r.model) }));
        return;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) {
          r.gone = true;
          return;
        }
        if (!(e instanceof ApiError && e.status === 409)) throw e;
        const fresh = await transient(() => this.api.get(`/api/v1/namespaces/${r.ns}/pods/${r.name}`)).catch((e2) => {
          if (e2 instanceof ApiError && e2.status === 404) return undefined;
          throw e2;
        });
        if (!fresh || fresh.metadata.uid !== r.uid) {
          r.gone = true;
          return;
        }
        r.pod = fresh;
      }
    }
    throw new Error(`status update kept conflicting`);
  }
}

/** The n-th pod IP: 10.244.0.2 ... 10.244.0.251, 10.244.1.2 ... (wraps after 64000 pods). */
export function podIP(n: number): string {
  return `10.244.${Math.floor(n / 250) % 256}.${(n % 250) + 2}`;
}

/** Retries a request on errors that say nothing about the request (network, 429, 5xx): 10 tries, 0.5 s apart. */
async function transient<T>(f: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await f();
    } catch (e) {
      const retry = !(e instanceof ApiError) || e.status === 429 || e.status >= 500;
      if (!retry || i >= 9) throw e;
      await new Promise((res) => setTimeout(res, 500));
    }
  }
}

function nextAttempt(job: JobInfo, index: number | '*') {
  const key = String(index);
  const n = job.next.get(key) ?? 0;
  job.next.set(key, n + 1);
  return n;
}

/** Whether `a` is a later version of the same object than `b` (resourceVersions are etcd revisions). */
function newer(a: Obj, b: Obj) {
  try {
    return BigInt(a.metadata.resourceVersion) > BigInt(b.metadata.resourceVersion);
  } catch {
    return true;
  }
}
