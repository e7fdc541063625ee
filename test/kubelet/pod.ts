/**
 * The test kubelet's model of one pod's containers and the PodStatus it writes. Pure: no I/O, no
 * timers, so the status shapes are unit-testable. The lifecycle (when things happen) lives in
 * kubelet.ts; the outcome-script semantics are documented in docs/simulator.md ("Outcome scripts").
 */
import { createHash } from 'node:crypto';
import { advance, restartAt, type CrashLoopEntry } from '../../core/kubelet/crashLoop';

export type Obj = Record<string, any>;

export type ContainerKind = 'init' | 'sidecar' | 'main';

export interface Terminated {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt: string;
  finishedAt: string;
}

/** A container; its crash-loop back-off entry is the kubelet's (core/kubelet/crashLoop.ts), in Unix seconds. */
export interface ContainerModel extends Partial<CrashLoopEntry> {
  name: string;
  image: string;
  kind: ContainerKind;
  state: 'waiting' | 'running' | 'terminated';
  waitingReason?: string;
  startedAt?: string;
  terminated?: Terminated;
  last?: Terminated;
  restartCount: number;
  /** When the previous run ended (Unix seconds), while the container waits for or after its restart. */
  endedAt?: number;
}

export interface PodModel {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  startTime?: string;
  podIP: string;
  containers: ContainerModel[]; // init containers (incl. sidecars) first, in spec order, then main
  /** Extra conditions set by the outcome script (e.g. DisruptionTarget), status True. */
  extraConditions: { type: string; reason: string; message: string; at: string }[];
  reason?: string;
  message?: string;
}

export function nowIso(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

export function initialModel(pod: Obj, podIP: string): PodModel {
  const containers: ContainerModel[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    containers.push({
      name: c.name,
      image: c.image ?? '',
      kind: c.restartPolicy === 'Always' ? 'sidecar' : 'init',
      state: 'waiting',
      waitingReason: 'PodInitializing',
      restartCount: 0,
    });
  }
  for (const c of pod.spec?.containers ?? []) {
    containers.push({ name: c.name, image: c.image ?? '', kind: 'main', state: 'waiting', waitingReason: 'PodInitializing', restartCount: 0 });
  }
  return { phase: 'Pending', podIP, containers, extraConditions: [] };
}

/** Starts a container; after a crash this is the in-place restart: counted, its back-off entry advances. */
export function start(c: ContainerModel, at: string, nowSec = Date.now() / 1000) {
  if (c.state === 'terminated' && c.terminated) {
    c.last = c.terminated;
    c.endedAt = nowSec;
  }
  if (c.last && c.state !== 'running') {
    const e = { boSeconds: c.boSeconds ?? 0, boAt: c.boAt ?? 0 };
    advance(e, c.endedAt ?? nowSec, nowSec);
    c.boSeconds = e.boSeconds;
    c.boAt = e.boAt;
    c.restartCount++;
  }
  c.state = 'running';
  c.startedAt = at;
  c.terminated = undefined;
  c.waitingReason = undefined;
}

export function terminate(c: ContainerModel, exitCode: number, at: string, message?: string) {
  if (c.state === 'terminated') return;
  c.terminated = {
    exitCode,
    reason: exitCode === 0 ? 'Completed' : 'Error',
    ...(message ? { message } : {}),
    startedAt: c.startedAt ?? at,
    finishedAt: at,
  };
  c.state = 'terminated';
}

/**
 * Waiting after a failed run, before its in-place restart (restartPolicy OnFailure); returns the
 * seconds until the restart (0 for a first crash, then the kubelet's crash-loop back-off).
 */
export function backOff(c: ContainerModel, nowSec = Date.now() / 1000): number {
  if (c.state === 'terminated' && c.terminated) {
    c.last = c.terminated;
    c.terminated = undefined;
    c.endedAt = nowSec;
  }
  c.state = 'waiting';
  c.waitingReason = 'CrashLoopBackOff';
  return restartAt({ boSeconds: c.boSeconds ?? 0, boAt: c.boAt ?? 0 }, c.endedAt ?? nowSec) - nowSec;
}

const MANAGED = new Set(['PodScheduled', 'Initialized', 'ContainersReady', 'Ready', 'PodReadyToStartContainers']);

function hash(s: string) {
  return createHash('sha256').update(s).digest('hex');
}

function containerStatus(pod: Obj, c: ContainerModel): Obj {
  const st = (t: Terminated) => ({ terminated: { ...t, containerID: cid(pod, c) } });
  const state =
    c.state === 'running'
      ? { running: { startedAt: c.startedAt } }
      : c.state === 'terminated' && c.terminated
        ? st(c.terminated)
        : { waiting: { reason: c.waitingReason ?? 'ContainerCreating' } };
  const ready = c.state === 'running' && c.kind !== 'init';
  return {
    name: c.name,
    image: c.image,
    imageID: `${c.image.split('@')[0]}@sha256:${hash(c.image)}`,
    ...(c.state !== 'waiting' || c.last ? { containerID: cid(pod, c) } : {}),
    ready,
    started: c.state === 'running',
    restartCount: c.restartCount,
    state,
    lastState: c.last ? st(c.last) : {},
  };
}

function cid(pod: Obj, c: ContainerModel) {
  return `kjob://${hash(`${pod.metadata.uid}/${c.name}/${c.restartCount}`).slice(0, 32)}`;
}

/**
 * The full status to PUT: starts from the current status (keeps qosClass and conditions owned by
 * others, e.g. a DisruptionTarget set by the eviction API), replaces what the kubelet owns.
 */
export function buildStatus(pod: Obj, m: PodModel, at = nowIso()): Obj {
  const cur = pod.status ?? {};
  const prevCond = new Map<string, Obj>((cur.conditions ?? []).map((c: Obj) => [c.type, c]));
  const inits = m.containers.filter((c) => c.kind !== 'main');
  const mains = m.containers.filter((c) => c.kind === 'main');
  const terminal = m.phase === 'Succeeded' || m.phase === 'Failed';
  const initialized = inits.every((c) => (c.kind === 'init' ? c.state === 'terminated' && c.terminated?.exitCode === 0 : c.state === 'running' || terminal));
  const containersReady = !terminal && mains.length > 0 && mains.every((c) => c.state === 'running') && inits.every((c) => c.kind === 'init' || c.state === 'running');
  const cond = (type: string, ok: boolean, reason?: string): Obj => {
    const prev = prevCond.get(type);
    const status = ok ? 'True' : 'False';
    return {
      type,
      status,
      ...(reason && !ok ? { reason } : {}),
      lastProbeTime: null,
      lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : at,
    };
  };
  const notReadyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const conditions: Obj[] = [
    cond('PodReadyToStartContainers', !terminal),
    cond('Initialized', initialized, terminal ? 'PodCompleted' : 'ContainersNotInitialized'),
    cond('Ready', containersReady, notReadyReason),
    cond('ContainersReady', containersReady, notReadyReason),
    cond('PodScheduled', true),
  ];
  for (const e of m.extraConditions) {
    conditions.push({ type: e.type, status: 'True', reason: e.reason, message: e.message, lastProbeTime: null, lastTransitionTime: e.at });
  }
  const ours = new Set([...MANAGED, ...m.extraConditions.map((e) => e.type)]);
  for (const c of cur.conditions ?? []) if (!ours.has(c.type)) conditions.push(c);
  const status: Obj = {
    ...cur,
    phase: m.phase,
    conditions,
    hostIP: '127.0.0.1',
    hostIPs: [{ ip: '127.0.0.1' }],
    podIP: m.podIP,
    podIPs: [{ ip: m.podIP }],
    startTime: m.startTime ?? cur.startTime ?? at,
    containerStatuses: mains.map((c) => containerStatus(pod, c)),
  };
  if (inits.length) status.initContainerStatuses = inits.map((c) => containerStatus(pod, c));
  else delete status.initContainerStatuses;
  if (m.reason) status.reason = m.reason;
  if (m.message) status.message = m.message;
  return status;
}

/**
 * Terminal phase: Succeeded iff every regular init container and every main container terminated
 * with exit code 0 (sidecars do not count); anything else (a failure, a container that never ran
 * because the pod was deleted first) is Failed.
 */
export function finalPhase(m: PodModel): 'Succeeded' | 'Failed' {
  const ok = m.containers.every((c) => c.kind === 'sidecar' || (c.state === 'terminated' && c.terminated?.exitCode === 0));
  return ok ? 'Succeeded' : 'Failed';
}
