/**
 * The Job driver: the Job controller loop and the pod lifecycle, written once for both kubelets.
 * It owns the pod store, schedules syncs (controller.ts computes them) and applies their actions,
 * and runs every pod as the kubelet's pod worker does: init containers one at a time, then the main
 * containers; in-place restarts (restartPolicy OnFailure) with the kubelet's crash-loop back-off
 * (core/kubelet/crashLoop.ts); readiness; deletion with its grace period; the tracking finalizer;
 * the pod's startTime; API-shaped Job and pods. What a container does is the kubelet's: the
 * virtual kubelet (core/kubelet/virtual.ts) plays outcome scripts in virtual time, the process
 * kubelet (core/kubelet/process.ts) runs commands. Time is seconds from the Job's creation on the
 * driver's clock: an event heap (Simulate, `VirtualClock`) or scaled real timers (Run locally,
 * `RealClock`). docs/simulator.md, section "Kubelet model", describes the behaviour.
 */
import { advance, restartAt, type CrashLoopEntry } from '../kubelet/crashLoop';
import { KILLED_EXIT_CODE } from '../kubelet/outcomes';
import { isFinished, syncJob } from './controller';
import { statusSummary } from './explain';
import { EventHeap } from './heap';
import { emptyStatus, formatTime, specView, statusToApi } from './jobView';
import { SUFFIX_SPACE, buildPod, podAnnotations, podGenerateName, prng, suffixOf, type PodMetaInput } from './podFactory';
import { hasReadyTrue, isTerminal } from './pods';
import { SYNC_BATCH_PERIOD, TRACKING_FINALIZER, type BackoffRecord, type CPod, type ContainerState, type JobView, type PodCondition, type PodPhase, type PodToCreate, type SimStatus } from './types';

type Obj = Record<string, unknown>;

export type TimelineKind = 'create' | 'start' | 'exit' | 'restart' | 'delete' | 'evict' | 'gone' | 'finalizer' | 'sync' | 'backoff' | 'condition' | 'event' | 'patch' | 'ttl' | 'status';

export interface TimelineEntry {
  atSeconds: number;
  kind: TimelineKind;
  message: string;
  pod?: string;
  index?: number;
}

/**
 * Driver events ('sync', 'patch', 'ttl', 'restart': a crashed container's back-off ends) and
 * kubelet events (the others, handed to Kubelet.fire).
 */
export type EvKind = 'sync' | 'patch' | 'ttl' | 'restart' | 'start' | 'exit' | 'evict' | 'userDelete' | 'killed';

/**
 * A scheduled event. One shape for every kind, and recycled by the virtual clock once handled: a
 * 100,000-index simulation schedules 300,000 of them and most live for a pod's whole run, long
 * enough to be copied by the young-generation GC; reusing them keeps that copying to the live set.
 */
export interface Ev {
  t: number;
  seq: number;
  k: EvKind;
  /** Pod events: the pod and its generation when scheduled (stale when it changed since). */
  pod: DPod | undefined;
  gen: number;
  patch: Obj | undefined;
}

/** Where events wait for their time. */
export interface Clock {
  push(e: Ev): void;
  /** A handled event to reuse, if the clock recycles them. */
  spare(): Ev | undefined;
}

/** What runs a pod's containers. The driver calls it; it reports back through the driver. */
export interface Kubelet {
  /** spec.nodeName of the pods it runs. */
  readonly nodeName: string;
  /** A pod was created: call driver.startPod(p) when the kubelet starts it. */
  admit(p: DPod): void;
  /** The pod took a new attempt number (creation, in-place restart): p.attempt. */
  attempt(p: DPod): void;
  /**
   * Run containers of p: init container `init` (an index into p.cs), or, when `init` is -1, every
   * main container the driver just set running. Each reports its end with driver.exited(p, c,
   * code) and then driver.exitsDone(p) (several exits of one instant may share one exitsDone).
   */
  run(p: DPod, init: number): void;
  /** The main containers ended and the pod is about to turn terminal on its own (not killed, not evicted). */
  ending(p: DPod): void;
  /** p is being deleted (not terminal): stop its containers within `grace` seconds. */
  stop(p: DPod, grace: number): void;
  /** An event this kubelet scheduled for p (current generation only). */
  fire(k: EvKind, p: DPod): void;
}

/** A container as the pod worker runs it; it is also the controller's view of its status. */
/**
 * A container's previous run (lastState) and its crash-loop back-off entry: allocated at its first
 * crash (most containers never crash, and a 100,000-pod simulation keeps every container).
 */
export interface LastRun extends CrashLoopEntry {
  exitCode: number;
  finishedAt: number;
  /** While the container waits for its restart: when its back-off ends. */
  due: number;
}

export interface DContainer extends ContainerState {
  kind: 'init' | 'main';
  state: 'waiting' | 'running' | 'terminated';
  exitCode: number | undefined;
  finishedAt: number | undefined;
  /** The previous run's end (lastState) and back-off, kept while the container waits for and after its restart. */
  last: LastRun | undefined;
}

/** What every pod of one Job shares: names and annotations are built from it on demand. */
interface PodContext {
  jobName: string;
  namespace: string;
  jobUid: string;
  template: Obj;
  indexed: boolean;
  perIndex: boolean;
  /** generateName when it does not depend on the index (NonIndexed). */
  prefix: string;
}

const NO_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_CONTAINERS: ContainerState[] = Object.freeze([]) as unknown as ContainerState[];
const NO_CONDITIONS: PodCondition[] = Object.freeze([]) as unknown as PodCondition[];

/**
 * A pod: the controller's view (CPod) plus the pod worker's state. Compact on purpose (a
 * 100,000-index simulation keeps 100,000+ of them): the name is kept as its random suffix's number
 * and the annotations are built from the creation request when first read (the controller reads
 * them only for failed pods; output builds them for the pods it shows). Every field is set in the
 * constructor, so all pods share one shape.
 */
export class DPod implements CPod {
  // The fields every sync reads of every pod first (one object, fewer cache lines touched).
  phase: PodPhase = 'Pending';
  deletionTime: number | undefined = undefined;
  finalizer = true;
  gone: number | undefined = undefined;
  readyFlag = false; // no conditions yet
  cachedIndex: number | undefined;
  creationTime: number;
  deletionGracePeriodSeconds: number | undefined = undefined;
  nodeName: string | undefined = undefined;
  containerStatuses: ContainerState[];
  initContainerStatuses: ContainerState[];
  conditions: PodCondition[] = NO_CONDITIONS; // replaced by a new array when the first condition comes
  index: number | undefined;
  attempt: number;
  /** The kubelet's per-pod state (the virtual kubelet: the attempt's outcome; the process kubelet: its processes). */
  ext: unknown = undefined;
  /** When the kubelet started the pod (status.startTime). */
  startTime: number | undefined = undefined;
  finishedAt: number | undefined = undefined;
  /** When the main containers last started (the virtual kubelet's round clock). */
  roundStart: number | undefined = undefined;
  /** Bumped when pending events of the pod must be ignored (finish, deletion, a round's end). */
  gen = 0;
  /** The creation request's per-index failure counts (see `create`). */
  failureCount: number | undefined;
  ignoredFailureCount: number | undefined;
  cs: DContainer[];
  private readonly ctx: PodContext;
  private readonly code: number;
  private nameMemo: string | undefined = undefined;
  private annotationsMemo: Record<string, string> | undefined = undefined;

  constructor(ctx: PodContext, code: number, create: PodToCreate, now: number, attempt: number, cs: DContainer[], nInit: number) {
    // The completion-index annotation is written from create.index (what completionIndex() parses back).
    this.cachedIndex = ctx.indexed && create.index !== undefined ? create.index : undefined;
    this.ctx = ctx;
    this.code = code;
    this.failureCount = create.failureCount;
    this.ignoredFailureCount = create.ignoredFailureCount;
    this.creationTime = now;
    this.index = create.index;
    this.attempt = attempt;
    this.cs = cs;
    this.containerStatuses = nInit ? cs.slice(nInit) : cs;
    this.initContainerStatuses = nInit ? cs.slice(0, nInit) : NO_CONTAINERS;
  }

  get name(): string {
    if (this.nameMemo === undefined) {
      const c = this.ctx;
      const gen = c.indexed && this.index !== undefined ? podGenerateName(c.jobName, this.index) : c.prefix;
      // join() builds one flat string (a + b would keep a rope of the parts).
      this.nameMemo = [gen, suffixOf(this.code)].join('');
    }
    return this.nameMemo;
  }

  /** The controller's creation request (rebuilt: the pod keeps its fields, not the object). */
  get create(): PodToCreate {
    return { index: this.index, failureCount: this.failureCount, ignoredFailureCount: this.ignoredFailureCount };
  }

  get uid(): string {
    return this.name;
  }

  /** The controller never reads pod labels; API output rebuilds them. */
  get labels(): Record<string, string> {
    return NO_LABELS;
  }

  get namespace(): string {
    return this.ctx.namespace;
  }

  get annotations(): Record<string, string> {
    const c = this.ctx;
    return (this.annotationsMemo ??= podAnnotations({ jobName: c.jobName, jobUid: c.jobUid, template: c.template, indexed: c.indexed, create: this.create, perIndex: c.perIndex }));
  }

  /** What buildPod needs for this pod's API object. */
  metaInput(): PodMetaInput {
    const c = this.ctx;
    return { jobName: c.jobName, namespace: c.namespace, jobUid: c.jobUid, template: c.template, indexed: c.indexed, create: this.create, podName: this.name, perIndex: c.perIndex };
  }
}

export interface DriverOptions {
  /** The defaulted Job (its spec is patched in place by 'patch' events). */
  job: Obj;
  name: string;
  namespace: string;
  uid: string;
  /** Seed of the pod-name suffixes. */
  seed: number;
  /** Record the timeline (the benchmark turns it off). */
  timeline: boolean;
  clearStartTimeOnSuspend?: boolean;
  /** Called with every timeline entry as it is recorded (needs `timeline`). */
  onNote?: (e: TimelineEntry) => void;
  /** Called after every pod change and sync. */
  onChange?: () => void;
}

export class Driver {
  now = 0;
  readonly view: JobView;
  readonly job: Obj;
  readonly spec: JobView['spec'];
  readonly tl = new TimelineRecords();
  readonly allPods: DPod[] = [];
  readonly templateGrace: number;
  readonly containerNames: string[];
  jobDeletedAt: number | null = null;
  finishedAt: number | undefined;
  /** Run locally was cancelled or timed out: no more syncs, restarts or starts. */
  halted = false;
  clock!: Clock;
  kubelet!: Kubelet;
  private readonly recordTimeline: boolean;
  private readonly live: DPod[] = [];
  private readonly nInit: number;
  private readonly initNames: string[];
  private readonly podCtx: PodContext;
  private readonly rnd: () => number;
  private readonly usedCodes = new Set<number>();
  private readonly firstCode: number[] = [];
  private readonly usedByIndex = new Map<number, number[]>();
  private readonly attemptsArr: number[] = [];
  private attemptsStar = 0;
  private backoff: BackoffRecord = { failuresAfterLastSuccess: 0 };
  private nextSync: number | undefined;
  private seq = 0;
  private readonly opts: DriverOptions;
  private readonly onNote: ((e: TimelineEntry) => void) | undefined;
  private readonly onChange: (() => void) | undefined;

  constructor(opts: DriverOptions) {
    this.opts = opts;
    this.onNote = opts.onNote;
    this.onChange = opts.onChange;
    this.job = opts.job;
    this.spec = specView(opts.job);
    this.view = { name: opts.name, namespace: opts.namespace, uid: opts.uid, deleting: false, spec: this.spec, status: emptyStatus(this.spec) };
    this.recordTimeline = opts.timeline;
    this.rnd = prng(opts.seed);
    const template = ((opts.job.spec as Obj).template ?? {}) as Obj;
    const podSpec = (template.spec ?? {}) as Obj;
    this.containerNames = ((podSpec.containers as Obj[]) ?? []).map((c, i) => String(c.name ?? `container-${i}`));
    this.initNames = ((podSpec.initContainers as Obj[]) ?? []).map((c, i) => String(c.name ?? `init-${i}`));
    this.nInit = this.initNames.length;
    this.templateGrace = typeof podSpec.terminationGracePeriodSeconds === 'number' ? podSpec.terminationGracePeriodSeconds : 30;
    const perIndex = this.spec.indexed && this.spec.backoffLimitPerIndex !== undefined;
    this.podCtx = { jobName: opts.name, namespace: opts.namespace, jobUid: opts.uid, template, indexed: this.spec.indexed, perIndex, prefix: podGenerateName(opts.name, undefined) };
  }

  // ---- events ---------------------------------------------------------------------------------

  schedule(t: number, k: EvKind, pod?: DPod, patch?: Obj): void {
    const ev = this.clock.spare() ?? { t: 0, seq: 0, k, pod: undefined, gen: 0, patch: undefined };
    ev.t = t;
    ev.seq = this.seq++;
    ev.k = k;
    ev.pod = pod;
    ev.gen = pod ? pod.gen : 0;
    ev.patch = patch;
    this.clock.push(ev);
  }

  /** Handles an event at this.now. */
  fire(e: Ev): void {
    switch (e.k) {
      case 'sync':
        if (this.nextSync !== e.t) return;
        this.nextSync = undefined;
        this.runSync();
        return;
      case 'patch':
        this.applyPatch(e.patch!);
        return;
      case 'ttl':
        if (this.jobDeletedAt !== null) return;
        // The TTL controller deletes the Job; the garbage collector then removes its pods. Nothing
        // is active any more (Complete/Failed wait for that), so the status cannot change: the
        // API-shaped snapshot keeps the Job and its pods as they were when it finished.
        this.jobDeletedAt = this.now;
        if (this.recordTimeline) this.note('ttl', `ttlSecondsAfterFinished: the TTL controller deletes the Job now; the garbage collector removes its pods`);
        return;
    }
    const p = e.pod!;
    if (e.gen !== p.gen || p.gone !== undefined) return;
    if (e.k === 'restart') this.syncPod(p);
    else this.kubelet.fire(e.k, p);
  }

  // ---- timeline -------------------------------------------------------------------------------

  note(kind: TimelineKind, message: string, pod?: DPod): void {
    this.record(F_TEXT, pod, message, kind);
  }

  /** Callers check `timeline` first, so nothing (not even a message) is built without a timeline. */
  get timeline(): boolean {
    return this.recordTimeline;
  }

  private record(fmt: number, pod: DPod | undefined, a: unknown, b: unknown): void {
    this.tl.add(this.now, fmt, pod, a, b);
    if (this.onNote !== undefined) this.onNote(this.tl.entries(this.tl.length - 1, this.tl.length)[0]);
  }

  // ---- the controller loop --------------------------------------------------------------------

  scheduleSync(delay: number): void {
    if (isFinished(this.view.status) || this.jobDeletedAt !== null || this.halted) return;
    const t = this.now + Math.max(0, delay);
    if (this.nextSync !== undefined && this.nextSync <= t) return;
    this.nextSync = t;
    this.schedule(t, 'sync');
  }

  private podChanged(): void {
    this.scheduleSync(SYNC_BATCH_PERIOD);
    if (this.onChange !== undefined) this.onChange();
  }

  private applyPatch(patch: Obj): void {
    const specObj = this.job.spec as Obj;
    Object.assign(specObj, patch);
    const next = specView(this.job);
    if (this.recordTimeline) this.note('patch', `spec patched: ${JSON.stringify(patch)}`);
    this.view.spec = next;
    Object.assign(this.spec, next);
    if (isFinished(this.view.status)) return;
    this.scheduleSync(0);
  }

  private runSync(): void {
    if (this.halted) return;
    const view = this.view;
    const spec = this.spec;
    const live = this.live;
    // Drop pods the controller no longer sees (gone, or finished without the finalizer), in place.
    let kept = 0;
    for (let i = 0; i < live.length; i++) {
      const p = live[i];
      if (p.gone === undefined && !(isTerminal(p) && !p.finalizer)) live[kept++] = p;
    }
    live.length = kept;
    const r = syncJob(view, live, this.now, this.backoff, { clearStartTimeOnSuspend: this.opts.clearStartTimeOnSuspend, reasons: this.recordTimeline });
    this.backoff = r.backoff;
    if (r.skipped) return;
    const prev = view.status;
    for (const p of r.deleteActive) this.deletePod(p as DPod, this.templateGrace, 'the Job is finishing');
    for (const p of r.deleteRemoved as DPod[]) {
      p.finalizer = false;
      this.deletePod(p, this.templateGrace, spec.suspend ? 'the Job is suspended' : 'too many active pods');
    }
    for (const c of r.create) this.createPod(c);
    for (const p of r.removeFinalizers as DPod[]) {
      if (!p.finalizer) continue;
      p.finalizer = false;
      this.settle(p);
      this.podChanged();
    }
    view.status = r.status;
    if (this.recordTimeline) {
      for (const c of r.status.conditions) {
        const old = prev.conditions.find((x) => x.type === c.type);
        if (!old || old.status !== c.status || old.reason !== c.reason || old.message !== c.message) {
          this.note('condition', `${c.type}=${c.status} reason ${c.reason}: ${c.message}`);
        }
      }
      for (const ev of r.events) if (ev.reason !== 'Suspended' && ev.reason !== 'Resumed') this.note('event', `${ev.type} ${ev.reason}: ${ev.message}`);
      if (r.requeueAfter !== undefined && r.create.length === 0 && r.reasons.some((x) => x.includes('back-off'))) {
        this.note('backoff', r.reasons.filter((x) => x.includes('back-off')).join('; '));
      }
      if (r.statusChanged) this.note('status', statusLine(r.status, spec.indexed));
    }
    if (r.requeueAfter !== undefined) this.scheduleSync(r.requeueAfter);
    if (r.statusChanged) this.scheduleSync(SYNC_BATCH_PERIOD);
    if (isFinished(r.status) && this.finishedAt === undefined) {
      this.finishedAt = this.now;
      this.nextSync = undefined;
      if (spec.ttlSecondsAfterFinished !== undefined) this.schedule(this.now + spec.ttlSecondsAfterFinished, 'ttl');
    }
    if (this.onChange !== undefined) this.onChange();
  }

  // ---- pods -----------------------------------------------------------------------------------

  private nextAttemptOf(key: number | '*'): number {
    if (key === '*') return this.attemptsStar++;
    const a = this.attemptsArr;
    return (a[key] = (a[key] ?? 0) + 1) - 1;
  }

  private createPod(c: PodToCreate): void {
    const key = c.index ?? '*';
    const attempt = this.nextAttemptOf(key);
    // Names are unique per generateName prefix: track the random suffixes used per prefix.
    const rnd = this.rnd;
    let code = Math.floor(rnd() * SUFFIX_SPACE);
    if (c.index === undefined) {
      while (this.usedCodes.has(code)) code = Math.floor(rnd() * SUFFIX_SPACE);
      this.usedCodes.add(code);
    } else if (attempt === 0) this.firstCode[c.index] = code;
    else {
      let used = this.usedByIndex.get(c.index);
      if (!used) this.usedByIndex.set(c.index, (used = [this.firstCode[c.index]]));
      while (used.includes(code)) code = Math.floor(rnd() * SUFFIX_SPACE);
      used.push(code);
    }
    // Containers in arrays of their exact length (an array grown by push reserves room for 17).
    const initNames = this.initNames;
    const containerNames = this.containerNames;
    const cs: DContainer[] = new Array(initNames.length + containerNames.length);
    for (let i = 0; i < initNames.length; i++) cs[i] = newContainer(initNames[i], 'init');
    for (let i = 0; i < containerNames.length; i++) cs[initNames.length + i] = newContainer(containerNames[i], 'main');
    const p = new DPod(this.podCtx, code, c, this.now, attempt, cs, initNames.length);
    this.allPods.push(p);
    this.live.push(p);
    if (this.recordTimeline) this.record(F_CREATE, p, attempt, undefined);
    this.kubelet.attempt(p);
    this.kubelet.admit(p);
    this.podChanged();
  }

  /** The kubelet starts the pod: it is bound to the node and gets its startTime. */
  startPod(p: DPod): void {
    if (p.deletionTime !== undefined || isTerminal(p) || p.startTime !== undefined) return;
    p.nodeName = this.kubelet.nodeName;
    p.startTime = this.now;
    if (this.recordTimeline) this.record(F_START, p, p.attempt, undefined);
    this.syncPod(p);
  }

  /**
   * The pod worker (the kubelet's SyncPod): starts the init container due, else the main
   * containers due (never started, or crashed with their back-off over), schedules the end of the
   * earliest back-off, and ends the pod when nothing runs or will run again.
   */
  syncPod(p: DPod): void {
    if (p.gone !== undefined || isTerminal(p) || p.startTime === undefined) return;
    const cs = p.cs;
    const stopping = p.deletionTime !== undefined || this.halted;
    const now = this.now;
    for (let i = 0; i < this.nInit; i++) {
      const c = cs[i];
      if (c.state === 'terminated' && c.exitCode === 0) continue;
      if (c.state === 'running') return;
      if (stopping) return this.kill(p, 'stopped after deletion');
      if (c.state === 'terminated') return this.finishPod(p, `init container ${c.name} exited ${c.exitCode}`);
      if (c.last !== undefined && c.last.due > now) {
        this.schedule(c.last.due, 'restart', p);
        return;
      }
      this.startContainer(p, c, now);
      this.afterStart(p, c.last !== undefined);
      this.kubelet.run(p, i);
      return;
    }
    let running = false;
    let due = Infinity;
    let start = false;
    let restart = false;
    for (let i = this.nInit; i < cs.length; i++) {
      const c = cs[i];
      if (c.state === 'running') running = true;
      else if (c.state === 'waiting' && !stopping) {
        if (c.last === undefined || c.last.due <= now) {
          start = true;
          if (c.last !== undefined) restart = true;
        } else if (c.last.due < due) due = c.last.due;
      }
    }
    if (start) {
      for (let i = this.nInit; i < cs.length; i++) {
        const c = cs[i];
        if (c.state === 'waiting' && (c.last === undefined || c.last.due <= now)) this.startContainer(p, c, now);
      }
      p.phase = 'Running';
      p.roundStart = now;
      this.afterStart(p, restart);
      this.kubelet.run(p, -1);
      return;
    }
    if (due !== Infinity) this.schedule(due, 'restart', p);
    else if (!running) {
      if (stopping) return this.kill(p, 'stopped after deletion');
      let failed = '';
      for (let i = this.nInit; i < cs.length; i++) if (cs[i].exitCode !== 0) failed += `${failed ? ', ' : ''}${cs[i].name} exited ${cs[i].exitCode}`;
      this.kubelet.ending(p);
      this.finishPod(p, failed || 'exit code 0');
    }
  }

  private startContainer(p: DPod, c: DContainer, now: number): void {
    if (c.last !== undefined) {
      // An in-place restart: the back-off entry advances, the restart is counted.
      advance(c.last, c.last.finishedAt, now);
      c.restartCount++;
    }
    c.state = 'running';
  }

  /** After containers started: an in-place restart takes the next attempt number. */
  private afterStart(p: DPod, restart: boolean): void {
    if (restart) {
      p.attempt = this.nextAttemptOf(p.index ?? '*');
      this.kubelet.attempt(p);
    }
    this.publish(p);
    this.podChanged();
  }

  /** A container ended with `code` (the kubelet then calls exitsDone). */
  exited(c: DContainer, code: number): void {
    if (c.state !== 'running') return;
    c.state = 'terminated';
    c.exitCode = code;
    c.finishedAt = this.now;
  }

  /**
   * After container exits: under restartPolicy OnFailure, failed containers of a pod that is not
   * being deleted wait for their in-place restart (at once, or when their back-off ends).
   */
  exitsDone(p: DPod): void {
    if (isTerminal(p)) return;
    if (this.spec.restartPolicy === 'OnFailure' && p.deletionTime === undefined && !this.halted) {
      let failed = '';
      let wait = 0;
      for (const c of p.cs) {
        if (c.state !== 'terminated' || c.exitCode === 0) continue;
        const exitCode = c.exitCode!;
        const finishedAt = c.finishedAt!;
        const last = (c.last ??= { exitCode, finishedAt, due: 0, boSeconds: 0, boAt: 0 });
        last.exitCode = exitCode;
        last.finishedAt = finishedAt;
        last.due = restartAt(last, finishedAt);
        c.exitCode = undefined;
        c.finishedAt = undefined;
        c.state = 'waiting';
        wait = Math.max(wait, last.due - this.now);
        if (this.recordTimeline) failed += `${failed ? ', ' : ''}${c.kind === 'init' ? 'init container ' : ''}${c.name} exited ${exitCode}`;
      }
      if (failed) this.note('restart', `pod ${p.name}: ${failed}; the kubelet restarts it in place ${wait > 0 ? `after a ${fmt(wait)}s back-off (CrashLoopBackOff)` : 'now'} (restartPolicy OnFailure)`, p);
    }
    this.syncPod(p);
    if (!isTerminal(p)) {
      this.publish(p);
      this.podChanged();
    }
  }

  /** Ends the pod now: running containers are killed (137), a container in back-off keeps its last exit. */
  kill(p: DPod, why: string): void {
    if (isTerminal(p)) return;
    for (const c of p.cs) {
      if (c.state === 'running') this.exited(c, KILLED_EXIT_CODE);
      else if (c.state === 'waiting' && c.last) {
        c.state = 'terminated';
        c.exitCode = c.last.exitCode;
        c.finishedAt = c.last.finishedAt;
        c.last = undefined;
      }
    }
    this.finishPod(p, why);
  }

  /** Terminal phase: Succeeded when every container ended with exit code 0. */
  finishPod(p: DPod, why: string): void {
    p.gen++;
    const ok = p.cs.every((c) => c.state === 'terminated' && c.exitCode === 0);
    p.phase = ok ? 'Succeeded' : 'Failed';
    p.finishedAt = this.now;
    this.publish(p);
    if (this.recordTimeline) this.record(F_EXIT, p, why, p.phase);
    this.settle(p);
    this.podChanged();
  }

  deletePod(p: DPod, grace: number, why: string): void {
    if (p.deletionTime !== undefined || p.gone !== undefined) return;
    p.deletionTime = this.now + grace;
    p.deletionGracePeriodSeconds = grace;
    if (this.recordTimeline) this.note('delete', `delete pod ${p.name} (${why}, grace ${grace}s)`, p);
    if (isTerminal(p)) this.settle(p);
    else {
      // No more restarts, evictions or scripted deletions; the kubelet stops the containers.
      p.gen++;
      this.kubelet.stop(p, grace);
    }
    this.podChanged();
  }

  /** Terminal, no finalizer: a deleted pod disappears from the API. */
  private settle(p: DPod): void {
    if (isTerminal(p) && !p.finalizer && p.deletionTime !== undefined && p.gone === undefined) {
      p.gone = this.now;
      if (this.recordTimeline) this.note('gone', `pod ${p.name} is gone`, p);
      this.podChanged();
    }
  }

  /** Mirrors the containers into the controller's view of the pod; Ready = every main container running. */
  private publish(p: DPod): void {
    let ready = !isTerminal(p) && p.containerStatuses.length > 0;
    for (const c of p.cs) {
      c.running = c.state === 'running';
      // The container is its own `terminated` state (it has exitCode and finishedAt).
      c.terminated = c.state === 'terminated' ? (c as DContainer & { exitCode: number }) : undefined;
      if (c.kind === 'main' && c.state !== 'running') ready = false;
    }
    this.setReady(p, ready);
  }

  private setReady(p: DPod, ready: boolean): void {
    const status = ready ? 'True' : 'False';
    const c = p.conditions.find((x) => x.type === 'Ready');
    if (c) {
      if (c.status !== status) {
        c.status = status;
        c.lastTransitionTime = this.now;
        p.readyFlag = hasReadyTrue(p);
      }
    } else addCondition(p, { type: 'Ready', status, lastTransitionTime: this.now });
  }

  addConditions(p: DPod, types: string[]): void {
    for (const t of types) if (!p.conditions.some((c) => c.type === t)) addCondition(p, { type: t, status: 'True', lastTransitionTime: this.now });
  }

  // ---- output ---------------------------------------------------------------------------------

  summary(): SimStatus {
    return statusSummary(this.view.status, this.spec.indexed, 0);
  }

  /** The API-shaped Job; `toTime` formats driver seconds. */
  apiJob(meta: Obj, toTime: (s: number) => string): Obj {
    const o = this.opts;
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { ...meta, name: o.name, namespace: o.namespace, uid: o.uid, creationTimestamp: toTime(0) },
      spec: this.job.spec,
      status: statusToApi(this.view.status, this.spec, toTime),
    };
  }

  /** The API-shaped pods that still exist. */
  apiPods(toTime: (s: number) => string): Obj[] {
    return this.allPods.filter((p) => p.gone === undefined).map((p) => podToApi(p, toTime));
  }
}

/** Exit codes by container: every main container that ended, init containers that failed. */
export function exitCodesSummary(p: DPod): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of p.initContainerStatuses) if (s.terminated && s.terminated.exitCode !== 0) out[s.name] = s.terminated.exitCode;
  for (const s of p.containerStatuses) if (s.terminated) out[s.name] = s.terminated.exitCode;
  return out;
}

/** Unix-epoch formatter for driver seconds (`scale` real seconds per driver second). */
export function timeFormatter(epochSeconds: number, scale = 1): (s: number) => string {
  return (s: number) => formatTime(epochSeconds + s * scale);
}

function newContainer(name: string, kind: 'init' | 'main'): DContainer {
  return { name, kind, state: 'waiting', restartCount: 0, terminated: undefined, running: false, exitCode: undefined, finishedAt: undefined, last: undefined };
}

/** Appends a pod condition; the first one gets an array of length 1 (most pods only ever have Ready). */
function addCondition(p: DPod, c: PodCondition): void {
  if (p.conditions.length === 0) p.conditions = [c];
  else p.conditions.push(c);
  p.readyFlag = hasReadyTrue(p);
}

function fmt(s: number): string {
  return String(Math.round(s * 1000) / 1000);
}

function statusLine(s: JobView['status'], indexed: boolean): string {
  const parts = [`active=${s.active}`, `ready=${s.ready}`, `terminating=${s.terminating}`, `succeeded=${s.succeeded}`, `failed=${s.failed}`];
  if (indexed) parts.push(`completedIndexes="${s.completedIndexes.toString()}"`);
  if (s.failedIndexes) parts.push(`failedIndexes="${s.failedIndexes.toString()}"`);
  return parts.join(' ');
}

/** A pod as the API shows it (metadata from the Job's template, status from the pod worker). */
export function podToApi(p: DPod, toTime: (s: number) => string): Obj {
  const base = buildPod(p.metaInput());
  const meta = { ...(base.metadata as Obj), uid: p.uid, creationTimestamp: toTime(p.creationTime) } as Obj;
  if (!p.finalizer) meta.finalizers = ((meta.finalizers as string[]) ?? []).filter((f) => f !== TRACKING_FINALIZER);
  if ((meta.finalizers as string[]).length === 0) delete meta.finalizers;
  if (p.deletionTime !== undefined) {
    meta.deletionTimestamp = toTime(p.deletionTime);
    meta.deletionGracePeriodSeconds = p.deletionGracePeriodSeconds;
  }
  const terminated = (exitCode: number, finishedAt: number | undefined) => ({
    terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', ...(finishedAt !== undefined ? { finishedAt: toTime(finishedAt) } : {}) },
  });
  const cs = (s: ContainerState) => {
    const c = s as DContainer;
    return {
      name: c.name,
      restartCount: c.restartCount,
      ready: c.kind === 'main' && c.state === 'running',
      state: c.state === 'terminated' ? terminated(c.exitCode!, c.finishedAt) : c.state === 'running' ? { running: {} } : { waiting: { reason: c.last ? 'CrashLoopBackOff' : 'PodInitializing' } },
      ...(c.last ? { lastState: terminated(c.last.exitCode, c.last.finishedAt) } : {}),
    };
  };
  return {
    ...base,
    metadata: meta,
    spec: { ...(base.spec as Obj), ...(p.nodeName ? { nodeName: p.nodeName } : {}) },
    status: {
      phase: p.phase,
      conditions: p.conditions.map((c) => ({ type: c.type, status: c.status, ...(c.lastTransitionTime !== undefined ? { lastTransitionTime: toTime(c.lastTransitionTime) } : {}) })),
      ...(p.initContainerStatuses.length ? { initContainerStatuses: p.initContainerStatuses.map(cs) } : {}),
      ...(p.containerStatuses.length ? { containerStatuses: p.containerStatuses.map(cs) } : {}),
      ...(p.startTime !== undefined ? { startTime: toTime(p.startTime) } : {}),
    },
  };
}

// ---- clocks -----------------------------------------------------------------------------------

const MAX_EVENTS = 20_000_000;

/** Simulate's clock: events in a heap, handled in (time, sequence) order; handled events are reused. */
export class VirtualClock implements Clock {
  private readonly heap = new EventHeap<Ev>();
  private readonly free: Ev[] = [];

  push(e: Ev): void {
    this.heap.push(e);
  }

  spare(): Ev | undefined {
    return this.free.pop();
  }

  /** Handles events until none is left, the next is past `maxSeconds`, or MAX_EVENTS were handled; true when work was left. */
  run(d: Driver, maxSeconds: number): boolean {
    const heap = this.heap;
    let processed = 0;
    while (heap.size) {
      const e = heap.peek()!;
      if (e.t > maxSeconds) return !isFinished(d.view.status);
      heap.pop();
      d.now = e.t;
      d.fire(e);
      e.pod = undefined;
      e.patch = undefined;
      this.free.push(e);
      if (++processed > MAX_EVENTS) return true;
    }
    return false;
  }
}

/**
 * Run locally's clock: driver time runs `1 / timeScale` times faster than real time (controller
 * delays, back-offs and grace periods shrink; process run times are real).
 */
export class RealClock implements Clock {
  private readonly t0 = performance.now();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly d: Driver,
    private readonly timeScale: number,
  ) {}

  /** Driver seconds since the clock started. */
  read(): number {
    return (performance.now() - this.t0) / 1000 / this.timeScale;
  }

  /** Sets the driver's time to now: call before handing the driver anything from outside. */
  tick(): void {
    this.d.now = Math.max(this.d.now, this.read());
  }

  spare(): undefined {
    return undefined;
  }

  push(e: Ev): void {
    const h = setTimeout(
      () => {
        this.timers.delete(h);
        this.tick();
        this.d.fire(e);
      },
      Math.max(0, (e.t - this.read()) * this.timeScale * 1000),
    );
    this.timers.add(h);
  }

  /** Drops every pending timer. */
  stop(): void {
    for (const h of this.timers) clearTimeout(h);
    this.timers.clear();
  }
}

// ---- the timeline ---------------------------------------------------------------------------

/** Formats of compact timeline records (see TimelineRecords.message). */
const F_TEXT = 0;
const F_CREATE = 1;
const F_START = 2;
const F_EXIT = 3;
const FORMAT_KIND: TimelineKind[] = ['event', 'create', 'start', 'exit'];

/**
 * Timeline records in parallel arrays, rendered into TimelineEntry objects only when read: a
 * 100,000-index simulation records 300,000 entries and a report shows the first 5,000. The frequent
 * per-pod entries (create, start, exit) keep what their message needs as of the moment they were
 * recorded (the attempt number: a pod's attempt changes on in-place restarts; the phase; the
 * reason); the others (F_TEXT) keep their message and their kind.
 */
export class TimelineRecords {
  private at: number[] = [];
  private fmt: number[] = [];
  private pod: (DPod | undefined)[] = [];
  private a: unknown[] = [];
  private b: unknown[] = [];

  get length(): number {
    return this.at.length;
  }

  add(at: number, fmt: number, pod: DPod | undefined, a: unknown, b: unknown): void {
    this.at.push(at);
    this.fmt.push(fmt);
    this.pod.push(pod);
    this.a.push(a);
    this.b.push(b);
  }

  entries(start: number, end: number): TimelineEntry[] {
    const out: TimelineEntry[] = [];
    const stop = Math.min(end, this.at.length);
    for (let i = Math.max(0, start); i < stop; i++) {
      const f = this.fmt[i];
      const e: TimelineEntry = { atSeconds: round(this.at[i]), kind: f === F_TEXT ? (this.b[i] as TimelineKind) : FORMAT_KIND[f], message: this.message(i) };
      const p = this.pod[i];
      if (p) {
        e.pod = p.name;
        if (p.index !== undefined) e.index = p.index;
      }
      out.push(e);
    }
    return out;
  }

  private message(i: number): string {
    const p = this.pod[i]!;
    const a = this.a[i];
    switch (this.fmt[i]) {
      case F_CREATE: {
        const c = p.create;
        return `create pod ${p.name}${c.index !== undefined ? ` for index ${c.index}` : ''} (attempt ${a}${c.failureCount !== undefined ? `, failure-count ${c.failureCount}` : ''}${c.ignoredFailureCount ? `, ignored ${c.ignoredFailureCount}` : ''})`;
      }
      case F_START:
        return `pod ${p.name} starts (attempt ${a})`;
      case F_EXIT:
        return `pod ${p.name} ${this.b[i]}${a ? ` (${a})` : ''}`;
      default:
        return a as string;
    }
  }
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
