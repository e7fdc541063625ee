/**
 * Discrete-event simulation of a Job on a virtual cluster: the Job controller (controller.ts) plus a
 * scripted kubelet (outcome script) and the TTL-after-finished controller, in virtual seconds from
 * Job creation. Pure and deterministic: no I/O, no wall clock.
 */
import { KILLED_EXIT_CODE, RESTART_DELAY_SECONDS, attemptFor, exitCodeFor, type Attempt, type OutcomeScript } from '../kubelet/outcomes';
import { syncJob, isFinished } from './controller';
import { EventHeap } from './heap';
import { defaultedJob, emptyStatus, formatTime, specView, statusToApi } from './jobView';
import { SUFFIX_SPACE, buildPod, hashString, podAnnotations, podGenerateName, prng, suffixOf, type PodMetaInput } from './podFactory';
import * as podPredicates from './pods';
import { SYNC_BATCH_PERIOD, type BackoffRecord, type CPod, type ContainerState, type JobView, type PodCondition, type PodPhase, type PodToCreate } from './types';

type Obj = Record<string, unknown>;

// Module-local binding for a predicate called several times per pod event (see controller.ts: under
// tsx every imported call would also run a CommonJS getter).
const { isTerminal } = podPredicates;

export interface KubeletModel {
  /** Seconds from pod creation until its containers run (scheduling, image pull). */
  startDelaySeconds: number;
  /** Exit code of containers killed at the end of a deletion grace period or by an eviction. */
  killedExitCode: number;
  /** restartPolicy OnFailure: seconds before a failed container is restarted in place. */
  restartDelaySeconds: number;
}

export const DEFAULT_KUBELET: KubeletModel = { startDelaySeconds: 0, killedExitCode: KILLED_EXIT_CODE, restartDelaySeconds: RESTART_DELAY_SECONDS };

export interface SimulateOptions {
  script?: OutcomeScript;
  /** Stop the simulation at this virtual time (default 7 days). */
  maxSeconds?: number;
  /** Record the timeline (default true; the benchmark turns it off). */
  timeline?: boolean;
  kubelet?: Partial<KubeletModel>;
  /** Unix seconds of Job creation for API-shaped output (default 2026-01-01T00:00:00Z). */
  epochSeconds?: number;
  seed?: number;
  clearStartTimeOnSuspend?: boolean;
  /** Apply API-server defaults first (default true). */
  applyDefaults?: boolean;
}

export type TimelineKind = 'create' | 'start' | 'exit' | 'restart' | 'delete' | 'evict' | 'gone' | 'finalizer' | 'sync' | 'backoff' | 'condition' | 'event' | 'patch' | 'ttl' | 'status';

export interface TimelineEntry {
  atSeconds: number;
  kind: TimelineKind;
  message: string;
  pod?: string;
  index?: number;
}

export interface SimCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  atSeconds: number;
}

export interface SimStatus {
  active: number;
  succeeded: number;
  failed: number;
  terminating: number;
  ready: number;
  completedIndexes: string | null;
  failedIndexes: string | null;
  startTimeSeconds: number | null;
  completionTimeSeconds: number | null;
  conditions: SimCondition[];
}

export interface SimPodSummary {
  name: string;
  index: number | null;
  attempt: number;
  createdAtSeconds: number;
  finishedAtSeconds: number | null;
  phase: string;
  exitCodes: Record<string, number>;
  annotations: Record<string, string>;
}

export interface SimulationResult {
  status: SimStatus;
  /** Every pod created, in creation order (built on first access: see podCount/podsSlice). */
  pods: SimPodSummary[];
  /** The timeline (built on first access from compact records: see timelineCount/timelineSlice). */
  timeline: TimelineEntry[];
  podCount: number;
  /** pods.slice(start, end) without building the summaries of the other pods. */
  podsSlice(start: number, end: number): SimPodSummary[];
  timelineCount: number;
  /** timeline.slice(start, end) without rendering the other entries. */
  timelineSlice(start: number, end: number): TimelineEntry[];
  /** Virtual time of the last processed event. */
  endSeconds: number;
  /** True when the simulation stopped at maxSeconds with work left. */
  truncated: boolean;
  /** Seconds at which the TTL controller deleted the Job, if it did. */
  deletedAtSeconds: number | null;
  /** API-shaped Job and pods (for the explorer's Local group and for explain). */
  apiJob: Obj;
  apiPods: Obj[];
}

/** What every pod of one simulation shares: names and annotations are built from it on demand. */
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

/**
 * A simulated pod: the controller's view (CPod) plus the kubelet model's state. Compact on purpose
 * (a 100,000-index simulation keeps 100,000+ of them): the name is kept as its random suffix's
 * number and the annotations are built from the creation request when first read (the controller
 * reads them only for failed pods; output builds them for the pods it shows). Every field is set in
 * the constructor, so all pods share one shape.
 */
class SimPod implements CPod {
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
  plan: Attempt;
  finishedAt: number | undefined = undefined;
  gen = 0;
  /** The creation request's per-index failure counts (see `create`). */
  failureCount: number | undefined;
  ignoredFailureCount: number | undefined;
  cs: SimContainer[];
  roundStart: number | undefined = undefined;
  crashCount = 0;
  private readonly ctx: PodContext;
  private readonly code: number;
  private nameMemo: string | undefined = undefined;
  private annotationsMemo: Record<string, string> | undefined = undefined;

  constructor(ctx: PodContext, code: number, create: PodToCreate, now: number, attempt: number, plan: Attempt, cs: SimContainer[], nInit: number) {
    // The completion-index annotation is written from create.index (what completionIndex() parses back).
    this.cachedIndex = ctx.indexed && create.index !== undefined ? create.index : undefined;
    this.ctx = ctx;
    this.code = code;
    this.failureCount = create.failureCount;
    this.ignoredFailureCount = create.ignoredFailureCount;
    this.creationTime = now;
    this.index = create.index;
    this.attempt = attempt;
    this.plan = plan;
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
}

/** A container as the kubelet model runs it; it is also the controller's view of its status. */
interface SimContainer extends ContainerState {
  kind: 'init' | 'main';
  state: 'waiting' | 'running' | 'terminated';
  exitCode?: number;
  finishedAt?: number;
  last?: { exitCode: number; finishedAt: number };
}

type EvKind = 'sync' | 'start' | 'exit' | 'userDelete' | 'evict' | 'killed' | 'restart' | 'patch' | 'ttl';

/**
 * A scheduled event. One shape for every kind, and recycled once handled: a 100,000-index
 * simulation schedules 300,000 of them and most live for a pod's whole run, long enough to be
 * copied by the young-generation GC; reusing them keeps that copying to the live set.
 */
interface Ev {
  t: number;
  seq: number;
  k: EvKind;
  /** Pod events: the pod and its generation when scheduled (stale when it changed since). */
  pod: SimPod | undefined;
  gen: number;
  patch: Obj | undefined;
}

const MAX_EVENTS = 20_000_000;
const NO_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_CONTAINERS: ContainerState[] = Object.freeze([]) as unknown as ContainerState[];
const NO_CONDITIONS: PodCondition[] = Object.freeze([]) as unknown as PodCondition[];

/** Appends a pod condition; the first one gets an array of length 1 (most pods only ever have Ready). */
function addCondition(p: SimPod, c: PodCondition): void {
  if (p.conditions.length === 0) p.conditions = [c];
  else p.conditions.push(c);
  p.readyFlag = podPredicates.hasReadyTrue(p);
}

export function simulate(jobInput: Obj, opts: SimulateOptions = {}): SimulationResult {
  const job = opts.applyDefaults === false ? JSON.parse(JSON.stringify(jobInput)) : defaultedJob(jobInput);
  const meta = (job.metadata ?? {}) as Obj;
  const name = typeof meta.name === 'string' && meta.name ? meta.name : typeof meta.generateName === 'string' ? meta.generateName + 'sim00' : 'job';
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : 'default';
  const uid = typeof meta.uid === 'string' ? meta.uid : `00000000-0000-4000-8000-${hashString(name).toString(16).padStart(12, '0')}`;
  const spec = specView(job);
  const view: JobView = { name, namespace, uid, deleting: false, spec, status: emptyStatus(spec) };
  const script = opts.script ?? {};
  const kubelet: KubeletModel = { ...DEFAULT_KUBELET, ...(opts.kubelet ?? {}) };
  const maxSeconds = opts.maxSeconds ?? 7 * 24 * 3600;
  const recordTimeline = opts.timeline !== false;
  const epoch = opts.epochSeconds ?? Date.UTC(2026, 0, 1) / 1000;
  const rnd = prng(opts.seed ?? hashString(name));
  const jobSpecObj = job.spec as Obj;
  const template = (jobSpecObj.template ?? {}) as Obj;
  const podSpec = (template.spec ?? {}) as Obj;
  const containerNames = ((podSpec.containers as Obj[]) ?? []).map((c, i) => String(c.name ?? `container-${i}`));
  const initNames = ((podSpec.initContainers as Obj[]) ?? []).map((c, i) => String(c.name ?? `init-${i}`));
  const templateGrace = typeof podSpec.terminationGracePeriodSeconds === 'number' ? podSpec.terminationGracePeriodSeconds : 30;
  const perIndex = spec.indexed && spec.backoffLimitPerIndex !== undefined;

  const heap = new EventHeap<Ev>();
  let seq = 0;
  const freeEvents: Ev[] = [];
  const schedule = (t: number, k: EvKind, pod?: SimPod, patch?: Obj) => {
    const e = freeEvents.pop() ?? { t: 0, seq: 0, k, pod: undefined, gen: 0, patch: undefined };
    e.t = t;
    e.seq = seq++;
    e.k = k;
    e.pod = pod;
    e.gen = pod ? pod.gen : 0;
    e.patch = patch;
    heap.push(e);
  };
  // The timeline as compact records (time, kind, format, pod, two arguments), rendered into
  // TimelineEntry objects only when read: a 100,000-index simulation records 300,000 entries and a
  // report shows the first 5,000. Callers check recordTimeline first, so nothing (not even the
  // message's closure) is allocated without a timeline.
  const tl = new TimelineRecords();
  const note = (kind: TimelineKind, message: string, pod?: SimPod) => tl.add(now, F_TEXT, pod, message, kind);

  const allPods: SimPod[] = [];
  const live: SimPod[] = [];
  const usedCodes = new Set<number>();
  const firstCode: number[] = [];
  const usedByIndex = new Map<number, number[]>();
  const attemptsArr: number[] = [];
  let attemptsStar = 0;
  const nextAttemptOf = (key: number | '*'): number => (key === '*' ? attemptsStar++ : (attemptsArr[key] = (attemptsArr[key] ?? 0) + 1) - 1);
  const defaultPlan = attemptFor(script, '*', Number.MAX_SAFE_INTEGER);
  const scripted = new Map<number | '*', number>();
  for (const [k, list] of Object.entries(script.indexes ?? {})) scripted.set(k === '*' ? '*' : Number(k), list.length);
  const planFor = (key: number | '*', attempt: number): Attempt => (attempt < (scripted.get(key) ?? 0) ? attemptFor(script, key, attempt) : defaultPlan);
  let backoff: BackoffRecord = { failuresAfterLastSuccess: 0 };
  let now = 0;
  let nextSync: number | undefined;
  let jobDeletedAt: number | null = null;
  let finishedAt: number | undefined;

  const scheduleSync = (delay: number) => {
    if (isFinished(view.status) || jobDeletedAt !== null) return;
    const t = now + Math.max(0, delay);
    if (nextSync !== undefined && nextSync <= t) return;
    nextSync = t;
    schedule(t, 'sync');
  };

  const podChanged = () => scheduleSync(SYNC_BATCH_PERIOD);

  const settle = (p: SimPod) => {
    // Terminal, no finalizer: a deleted pod disappears from the API.
    if (isTerminal(p) && !p.finalizer && p.deletionTime !== undefined && p.gone === undefined) {
      p.gone = now;
      if (recordTimeline) note('gone', `pod ${p.name} is gone`, p);
      podChanged();
    }
  };

  const podCtx: PodContext = { jobName: name, namespace, jobUid: uid, template, indexed: spec.indexed, perIndex, prefix: podGenerateName(name, undefined) };
  const createPod = (c: PodToCreate) => {
    const key = c.index ?? '*';
    const attempt = nextAttemptOf(key);
    // Names are unique per generateName prefix: track the random suffixes used per prefix.
    let code = Math.floor(rnd() * SUFFIX_SPACE);
    if (c.index === undefined) {
      while (usedCodes.has(code)) code = Math.floor(rnd() * SUFFIX_SPACE);
      usedCodes.add(code);
    } else if (attempt === 0) firstCode[c.index] = code;
    else {
      let used = usedByIndex.get(c.index);
      if (!used) usedByIndex.set(c.index, (used = [firstCode[c.index]]));
      while (used.includes(code)) code = Math.floor(rnd() * SUFFIX_SPACE);
      used.push(code);
    }
    // Containers in arrays of their exact length (an array grown by push reserves room for 17).
    const cs: SimContainer[] = new Array(initNames.length + containerNames.length);
    for (let i = 0; i < initNames.length; i++) cs[i] = { name: initNames[i], kind: 'init', state: 'waiting', restartCount: 0, terminated: undefined, running: false, exitCode: undefined, finishedAt: undefined, last: undefined };
    for (let i = 0; i < containerNames.length; i++) cs[initNames.length + i] = { name: containerNames[i], kind: 'main', state: 'waiting', restartCount: 0, terminated: undefined, running: false, exitCode: undefined, finishedAt: undefined, last: undefined };
    const p = new SimPod(podCtx, code, c, now, attempt, planFor(key, attempt), cs, initNames.length);
    allPods.push(p);
    live.push(p);
    if (recordTimeline) tl.add(now, F_CREATE, p, attempt, undefined);
    schedule(now + kubelet.startDelaySeconds, 'start', p);
    podChanged();
  };

  /** Mirrors the kubelet's containers into the controller's view of the pod. */
  const publish = (p: SimPod) => {
    for (const c of p.cs) {
      c.running = c.state === 'running';
      // The container is its own `terminated` state (it has exitCode and finishedAt; the kubelet
      // changes them only within an event, which ends with publish()).
      c.terminated = c.state === 'terminated' ? (c as SimContainer & { exitCode: number }) : undefined;
    }
    const terminal = isTerminal(p);
    const ready = !terminal && p.cs.some((c) => c.kind === 'main') && p.cs.every((c) => c.kind === 'init' || c.state === 'running');
    setReady(p, ready);
  };

  const deletePod = (p: SimPod, grace: number, why: string) => {
    if (p.deletionTime !== undefined || p.gone !== undefined) return;
    p.deletionTime = now + grace;
    p.deletionGracePeriodSeconds = grace;
    if (recordTimeline) note('delete', `delete pod ${p.name} (${why}, grace ${grace}s)`, p);
    if (isTerminal(p)) settle(p);
    else {
      // The kubelet stops restarts/evictions; running containers end naturally if that comes
      // within the grace period, otherwise they are killed at its end.
      p.gen++;
      const running = p.cs.filter((c) => c.kind === 'main' && c.state === 'running');
      if (!running.length) schedule(now, 'killed', p);
      else {
        const remaining = Math.max(0, (p.roundStart ?? now) + (p.plan.durationSeconds ?? 1) - now);
        if (remaining <= grace) schedule(now + remaining, 'exit', p);
        else schedule(now + grace, 'killed', p);
      }
    }
    podChanged();
  };

  const setReady = (p: SimPod, ready: boolean) => {
    const status = ready ? 'True' : 'False';
    const c = p.conditions.find((x) => x.type === 'Ready');
    if (c) {
      if (c.status !== status) {
        c.status = status;
        c.lastTransitionTime = now;
        p.readyFlag = podPredicates.hasReadyTrue(p);
      }
    } else addCondition(p, { type: 'Ready', status, lastTransitionTime: now });
  };

  const addConditions = (p: SimPod, types: string[]) => {
    for (const t of types) if (!p.conditions.some((c) => c.type === t)) addCondition(p, { type: t, status: 'True', lastTransitionTime: now });
  };

  const finishPod = (p: SimPod, why: string) => {
    p.gen++;
    const ok = p.cs.every((c) => c.state === 'terminated' && c.exitCode === 0);
    p.phase = ok ? 'Succeeded' : 'Failed';
    p.finishedAt = now;
    publish(p);
    if (recordTimeline) tl.add(now, F_EXIT, p, why, p.phase);
    settle(p);
    podChanged();
  };

  const terminateC = (c: SimContainer, code: number) => {
    if (c.state === 'terminated') return;
    c.state = 'terminated';
    c.exitCode = code;
    c.finishedAt = now;
  };

  /** One attempt: init containers (instant), then the main containers run for durationSeconds. */
  const runRound = (p: SimPod) => {
    const plan = p.plan;
    for (const c of p.cs) {
      if (c.kind !== 'init' || (c.state === 'terminated' && c.exitCode === 0)) continue;
      c.state = 'running';
      terminateC(c, plan.initExitCodes?.[c.name] ?? 0);
      if (c.exitCode !== 0) {
        if (spec.restartPolicy === 'OnFailure') {
          backOffC(c);
          p.crashCount++;
          if (recordTimeline) note('restart', `init container ${c.name} of pod ${p.name} exited ${c.last!.exitCode}; the kubelet restarts it`, p);
          publish(p);
          schedule(now + kubelet.restartDelaySeconds, 'restart', p);
          podChanged();
        } else finishPod(p, `init container ${c.name} exited ${c.exitCode}`);
        return;
      }
    }
    const d = plan.durationSeconds ?? 1;
    for (const c of p.cs) if (c.kind === 'main' && !(c.state === 'terminated' && c.exitCode === 0)) c.state = 'running';
    p.phase = 'Running';
    p.roundStart = now;
    publish(p);
    schedule(now + d, 'exit', p);
    if (plan.evictedAfterSeconds !== undefined && plan.evictedAfterSeconds < d) schedule(now + plan.evictedAfterSeconds, 'evict', p);
    if (plan.deletedAfterSeconds !== undefined && plan.deletedAfterSeconds < d) schedule(now + plan.deletedAfterSeconds, 'userDelete', p);
    podChanged();
  };

  const backOffC = (c: SimContainer) => {
    if (c.state === 'terminated') {
      c.last = { exitCode: c.exitCode!, finishedAt: c.finishedAt! };
      c.exitCode = undefined;
      c.finishedAt = undefined;
      c.restartCount++;
    }
    c.state = 'waiting';
  };

  const handle = (e: Ev) => {
    switch (e.k) {
      case 'sync':
        if (nextSync !== e.t) return;
        nextSync = undefined;
        runSync();
        return;
      case 'patch':
        applyPatch(e.patch!);
        return;
      case 'ttl':
        if (jobDeletedAt !== null) return;
        // The TTL controller deletes the Job; the garbage collector then removes its pods. Nothing
        // is active any more (Complete/Failed wait for that), so the status cannot change: the
        // API-shaped snapshot keeps the Job and its pods as they were when it finished.
        jobDeletedAt = now;
        if (recordTimeline) note('ttl', `ttlSecondsAfterFinished: the TTL controller deletes the Job now; the garbage collector removes its pods`);
        return;
    }
    const p = e.pod!;
    if (e.gen !== p.gen || p.gone !== undefined) return;
    switch (e.k) {
      case 'start':
        if (p.deletionTime !== undefined || isTerminal(p)) return;
        p.nodeName = 'kjob-node';
        if (recordTimeline) tl.add(now, F_START, p, p.attempt, undefined);
        runRound(p);
        return;
      case 'exit': {
        const first = containerNames[0];
        const failed: string[] = [];
        for (const c of p.cs) {
          if (c.kind !== 'main' || c.state !== 'running') continue;
          terminateC(c, exitCodeFor(p.plan, c.name, c.name === first));
          if (c.exitCode !== 0) failed.push(`${c.name} exited ${c.exitCode}`);
        }
        p.gen++;
        if (failed.length && spec.restartPolicy === 'OnFailure' && p.deletionTime === undefined) {
          for (const c of p.cs) if (c.kind === 'main' && c.state === 'terminated' && c.exitCode !== 0) backOffC(c);
          p.crashCount++;
          if (recordTimeline) note('restart', `pod ${p.name}: ${failed.join(', ')}; the kubelet restarts it in place (restartPolicy OnFailure)`, p);
          publish(p);
          schedule(now + kubelet.restartDelaySeconds, 'restart', p);
          podChanged();
          return;
        }
        if (p.plan.podConditions?.length) addConditions(p, p.plan.podConditions);
        finishPod(p, failed.length ? failed.join(', ') : 'exit code 0');
        return;
      }
      case 'restart': {
        if (p.deletionTime !== undefined || isTerminal(p)) return;
        nextAttempt(p);
        runRound(p);
        return;
      }
      case 'userDelete':
        if (isTerminal(p)) return;
        if (p.plan.podConditions?.length) addConditions(p, p.plan.podConditions);
        deletePod(p, p.plan.terminationGracePeriodSeconds ?? templateGrace, 'deleted by the outcome script');
        return;
      case 'evict': {
        if (isTerminal(p)) return;
        const types = p.plan.podConditions?.length ? p.plan.podConditions : ['DisruptionTarget'];
        addConditions(p, types);
        for (const c of p.cs) if (c.state === 'running') terminateC(c, kubelet.killedExitCode);
        if (recordTimeline) note('evict', `pod ${p.name} evicted (conditions ${types.join(', ')})`, p);
        finishPod(p, 'evicted');
        return;
      }
      case 'killed': {
        if (isTerminal(p)) return;
        for (const c of p.cs) {
          if (c.state === 'running') terminateC(c, kubelet.killedExitCode);
          else if (c.state === 'waiting' && c.last) {
            c.state = 'terminated';
            c.exitCode = c.last.exitCode;
            c.finishedAt = c.last.finishedAt;
            c.last = undefined;
            c.restartCount = Math.max(0, c.restartCount - 1);
          }
        }
        finishPod(p, 'stopped after deletion');
        return;
      }
    }
  };

  const nextAttempt = (p: SimPod) => {
    const key = p.index ?? '*';
    const a = nextAttemptOf(key);
    p.attempt = a;
    p.plan = planFor(key, a);
  };

  const applyPatch = (patch: Obj) => {
    const specObj = job.spec as Obj;
    Object.assign(specObj, patch);
    const next = specView(job);
    if (recordTimeline) note('patch', `spec patched: ${JSON.stringify(patch)}`);
    view.spec = next;
    Object.assign(spec, next);
    if (isFinished(view.status)) return;
    scheduleSync(0);
  };

  const runSync = () => {
    // Drop pods the controller no longer sees (gone, or finished without the finalizer), in place.
    let kept = 0;
    for (let i = 0; i < live.length; i++) {
      const p = live[i];
      if (p.gone === undefined && !(isTerminal(p) && !p.finalizer)) live[kept++] = p;
    }
    live.length = kept;
    view.status = view.status; // controller reads the current status
    const r = syncJob(view, live, now, backoff, { clearStartTimeOnSuspend: opts.clearStartTimeOnSuspend, reasons: recordTimeline });
    backoff = r.backoff;
    if (r.skipped) return;
    const prev = view.status;
    for (const p of r.deleteActive) deletePod(p as SimPod, templateGrace, 'the Job is finishing');
    for (const p of r.deleteRemoved as SimPod[]) {
      p.finalizer = false;
      deletePod(p, templateGrace, spec.suspend ? 'the Job is suspended' : 'too many active pods');
    }
    for (const c of r.create) createPod(c);
    for (const p of r.removeFinalizers as SimPod[]) {
      if (!p.finalizer) continue;
      p.finalizer = false;
      settle(p);
      podChanged();
    }
    view.status = r.status;
    if (recordTimeline) {
      for (const c of r.status.conditions) {
        const old = prev.conditions.find((x) => x.type === c.type);
        if (!old || old.status !== c.status || old.reason !== c.reason || old.message !== c.message) {
          note('condition', `${c.type}=${c.status} reason ${c.reason}: ${c.message}`);
        }
      }
      for (const ev of r.events) if (ev.reason !== 'Suspended' && ev.reason !== 'Resumed') note('event', `${ev.type} ${ev.reason}: ${ev.message}`);
      if (r.requeueAfter !== undefined && r.create.length === 0 && r.reasons.some((x) => x.includes('back-off'))) {
        note('backoff', r.reasons.filter((x) => x.includes('back-off')).join('; '));
      }
      if (r.statusChanged) note('status', statusLine(r.status, spec.indexed));
    }
    if (r.requeueAfter !== undefined) scheduleSync(r.requeueAfter);
    if (r.statusChanged) scheduleSync(SYNC_BATCH_PERIOD);
    const fin = isFinished(r.status);
    if (fin && finishedAt === undefined) {
      finishedAt = now;
      nextSync = undefined;
      if (spec.ttlSecondsAfterFinished !== undefined) schedule(now + spec.ttlSecondsAfterFinished, 'ttl');
    }
  };

  for (const ev of script.events ?? []) if (ev.patchSpec) schedule(ev.atSeconds, 'patch', undefined, ev.patchSpec);
  scheduleSync(0);
  let processed = 0;
  let truncated = false;
  while (heap.size) {
    const e = heap.peek()!;
    if (e.t > maxSeconds) {
      truncated = !isFinished(view.status);
      break;
    }
    heap.pop();
    now = e.t;
    handle(e);
    e.pod = undefined;
    e.patch = undefined;
    freeEvents.push(e);
    if (++processed > MAX_EVENTS) {
      truncated = true;
      break;
    }
  }
  const s = view.status;
  const status: SimStatus = {
    active: s.active,
    succeeded: s.succeeded,
    failed: s.failed,
    terminating: s.terminating,
    ready: s.ready,
    completedIndexes: spec.indexed ? s.completedIndexes.toString() : null,
    failedIndexes: s.failedIndexes ? s.failedIndexes.toString() : null,
    startTimeSeconds: s.startTime ?? null,
    completionTimeSeconds: s.completionTime ?? null,
    conditions: s.conditions.map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message, atSeconds: round(c.lastTransitionTime) })),
  };
  const toTime = (sec: number) => formatTime(epoch + sec);
  const apiJob: Obj = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { ...(meta as Obj), name, namespace, uid, creationTimestamp: toTime(0) },
    spec: job.spec,
    status: statusToApi(s, spec, toTime),
  };
  let apiPodsMemo: Obj[] | undefined;
  let podsMemo: SimPodSummary[] | undefined;
  let timelineMemo: TimelineEntry[] | undefined;
  const podsSlice = (start: number, end: number): SimPodSummary[] => {
    if (podsMemo) return podsMemo.slice(start, end);
    return allPods.slice(start, end).map(podSummary);
  };
  const timelineSlice = (start: number, end: number): TimelineEntry[] => (timelineMemo ? timelineMemo.slice(start, end) : tl.entries(start, end));
  const result = {
    status,
    podCount: allPods.length,
    podsSlice,
    timelineCount: tl.length,
    timelineSlice,
    endSeconds: round(now),
    truncated,
    deletedAtSeconds: jobDeletedAt,
    apiJob,
  } as SimulationResult;
  // Pod summaries, the timeline's entries and API-shaped pods are built on first use (a
  // 100,000-pod simulation shows a few hundred of them; JSON output reads them all).
  Object.defineProperty(result, 'pods', { enumerable: true, get: () => (podsMemo ??= allPods.map(podSummary)) });
  Object.defineProperty(result, 'timeline', { enumerable: true, get: () => (timelineMemo ??= tl.entries(0, tl.length)) });
  Object.defineProperty(result, 'apiPods', {
    enumerable: false,
    get: () =>
      (apiPodsMemo ??= allPods
        .filter((p) => p.gone === undefined)
        .map((p) => podToApi(p, { jobName: name, namespace, jobUid: uid, template, indexed: spec.indexed, create: p.create, podName: p.name, perIndex }, toTime))),
  });
  return result;
}

function podSummary(p: SimPod): SimPodSummary {
  return {
    name: p.name,
    index: p.index ?? null,
    attempt: p.attempt,
    createdAtSeconds: round(p.creationTime),
    finishedAtSeconds: p.finishedAt !== undefined ? round(p.finishedAt) : null,
    phase: p.phase,
    exitCodes: exitCodesSummary(p),
    annotations: p.annotations,
  };
}

/** Formats of compact timeline records (see TimelineRecords.message). */
const F_TEXT = 0;
const F_CREATE = 1;
const F_START = 2;
const F_EXIT = 3;
const FORMAT_KIND: TimelineKind[] = ['event', 'create', 'start', 'exit'];

/**
 * Timeline records in parallel arrays. The frequent per-pod entries (create, start, exit) keep
 * what their message needs as of the moment they were recorded (the attempt number: a pod's attempt
 * changes on in-place restarts; the phase; the reason) and are rendered when read; the others
 * (F_TEXT) keep their message and their kind.
 */
class TimelineRecords {
  private at: number[] = [];
  private fmt: number[] = [];
  private pod: (SimPod | undefined)[] = [];
  private a: unknown[] = [];
  private b: unknown[] = [];

  get length(): number {
    return this.at.length;
  }

  add(at: number, fmt: number, pod: SimPod | undefined, a: unknown, b: unknown): void {
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

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function exitCodesSummary(p: SimPod): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of p.initContainerStatuses) if (s.terminated && s.terminated.exitCode !== 0) out[s.name] = s.terminated.exitCode;
  for (const s of p.containerStatuses) if (s.terminated) out[s.name] = s.terminated.exitCode;
  return out;
}

function statusLine(s: JobView['status'], indexed: boolean): string {
  const parts = [`active=${s.active}`, `ready=${s.ready}`, `terminating=${s.terminating}`, `succeeded=${s.succeeded}`, `failed=${s.failed}`];
  if (indexed) parts.push(`completedIndexes="${s.completedIndexes.toString()}"`);
  if (s.failedIndexes) parts.push(`failedIndexes="${s.failedIndexes.toString()}"`);
  return parts.join(' ');
}

function podToApi(p: SimPod, input: PodMetaInput, toTime: (s: number) => string): Obj {
  const base = buildPod(input);
  const meta = { ...(base.metadata as Obj), uid: p.uid, creationTimestamp: toTime(p.creationTime) } as Obj;
  if (!p.finalizer) meta.finalizers = ((meta.finalizers as string[]) ?? []).filter((f) => f !== 'batch.kubernetes.io/job-tracking');
  if ((meta.finalizers as string[]).length === 0) delete meta.finalizers;
  if (p.deletionTime !== undefined) {
    meta.deletionTimestamp = toTime(p.deletionTime);
    meta.deletionGracePeriodSeconds = p.deletionGracePeriodSeconds;
  }
  const cs = (s: CPod['containerStatuses'][number]) => ({
    name: s.name,
    restartCount: s.restartCount,
    ready: !!s.running && !s.terminated,
    state: s.terminated
      ? { terminated: { exitCode: s.terminated.exitCode, reason: s.terminated.exitCode === 0 ? 'Completed' : 'Error', ...(s.terminated.finishedAt !== undefined ? { finishedAt: toTime(s.terminated.finishedAt) } : {}) } }
      : s.running
        ? { running: {} }
        : { waiting: { reason: 'PodInitializing' } },
  });
  return {
    ...base,
    metadata: meta,
    spec: { ...(base.spec as Obj), ...(p.nodeName ? { nodeName: p.nodeName } : {}) },
    status: {
      phase: p.phase,
      conditions: p.conditions.map((c) => ({ type: c.type, status: c.status, ...(c.lastTransitionTime !== undefined ? { lastTransitionTime: toTime(c.lastTransitionTime) } : {}) })),
      ...(p.initContainerStatuses.length ? { initContainerStatuses: p.initContainerStatuses.map(cs) } : {}),
      ...(p.containerStatuses.length ? { containerStatuses: p.containerStatuses.map(cs) } : {}),
      ...(p.containerStatuses.some((c) => c.running || c.terminated) ? { startTime: toTime(p.creationTime) } : {}),
    },
  };
}
