/**
 * Simulate: the Job on a virtual cluster, in virtual seconds from the Job's creation. The Job
 * driver (driver.ts: the Job controller loop and the pod lifecycle) with the virtual kubelet
 * (core/kubelet/virtual.ts: outcome scripts) on a virtual clock, plus the TTL-after-finished
 * controller. Pure and deterministic: no I/O, no wall clock.
 */
import type { OutcomeScript } from '../kubelet/outcomes';
import { VirtualKubelet } from '../kubelet/virtual';
import { Driver, VirtualClock, exitCodesSummary, round, timeFormatter, type DPod, type TimelineEntry } from './driver';
import { defaultedJob } from './jobView';
import { hashString } from './podFactory';
import type { SimStatus } from './types';

export type { TimelineEntry, TimelineKind } from './driver';
export type { SimCondition, SimStatus } from './types';

type Obj = Record<string, unknown>;

export interface KubeletModel {
  /** Seconds from pod creation until its containers run (scheduling, image pull). */
  startDelaySeconds: number;
}

export const DEFAULT_KUBELET: KubeletModel = { startDelaySeconds: 0 };

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

export function simulate(jobInput: Obj, opts: SimulateOptions = {}): SimulationResult {
  const job = opts.applyDefaults === false ? JSON.parse(JSON.stringify(jobInput)) : defaultedJob(jobInput);
  const meta = (job.metadata ?? {}) as Obj;
  const name = typeof meta.name === 'string' && meta.name ? meta.name : typeof meta.generateName === 'string' ? meta.generateName + 'sim00' : 'job';
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : 'default';
  const uid = typeof meta.uid === 'string' ? meta.uid : `00000000-0000-4000-8000-${hashString(name).toString(16).padStart(12, '0')}`;
  const script = opts.script ?? {};
  const d = new Driver({ job, name, namespace, uid, seed: opts.seed ?? hashString(name), timeline: opts.timeline !== false, clearStartTimeOnSuspend: opts.clearStartTimeOnSuspend });
  const clock = new VirtualClock();
  d.clock = clock;
  d.kubelet = new VirtualKubelet(d, script, { ...DEFAULT_KUBELET, ...(opts.kubelet ?? {}) });
  for (const ev of script.events ?? []) if (ev.patchSpec) d.schedule(ev.atSeconds, 'patch', undefined, ev.patchSpec);
  d.scheduleSync(0);
  const truncated = clock.run(d, opts.maxSeconds ?? 7 * 24 * 3600);
  const toTime = timeFormatter(opts.epochSeconds ?? Date.UTC(2026, 0, 1) / 1000);
  const allPods = d.allPods;
  let apiPodsMemo: Obj[] | undefined;
  let podsMemo: SimPodSummary[] | undefined;
  let timelineMemo: TimelineEntry[] | undefined;
  const podsSlice = (start: number, end: number): SimPodSummary[] => {
    if (podsMemo) return podsMemo.slice(start, end);
    return allPods.slice(start, end).map(podSummary);
  };
  const timelineSlice = (start: number, end: number): TimelineEntry[] => (timelineMemo ? timelineMemo.slice(start, end) : d.tl.entries(start, end));
  const result = {
    status: d.summary(),
    podCount: allPods.length,
    podsSlice,
    timelineCount: d.tl.length,
    timelineSlice,
    endSeconds: round(d.now),
    truncated,
    deletedAtSeconds: d.jobDeletedAt,
    apiJob: d.apiJob(meta, toTime),
  } as SimulationResult;
  // Pod summaries, the timeline's entries and API-shaped pods are built on first use (a
  // 100,000-pod simulation shows a few hundred of them; JSON output reads them all).
  Object.defineProperty(result, 'pods', { enumerable: true, get: () => (podsMemo ??= allPods.map(podSummary)) });
  Object.defineProperty(result, 'timeline', { enumerable: true, get: () => (timelineMemo ??= d.tl.entries(0, d.tl.length)) });
  Object.defineProperty(result, 'apiPods', { enumerable: false, get: () => (apiPodsMemo ??= d.apiPods(toTime)) });
  return result;
}

function podSummary(p: DPod): SimPodSummary {
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
