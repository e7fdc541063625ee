/**
 * The log-follow state machine, with no I/O: given the pods it sees and the ends of its streams,
 * it decides which container streams to open, when to show a marker and when to stop.
 *
 * - container / pod: follow that pod's container(s); a restarted container resumes with a marker;
 *   a deleted pod ends the follow with a marker.
 * - index: follow the index's pods one after another, oldest first, so every attempt's lines come
 *   in order; when a retry pod appears the follow moves to it.
 * - job: follow every pod of the Job at once; each line carries an index/pod prefix.
 * Streams open only once their container has started (a waiting container has no log yet).
 */
import { isJobFinished, jobIndexSets, podPhase, sortPodsNewestFirst } from '../jobs/jobState';
import { podIndex, type JobObject, type PodObject } from '../jobs/types';

export type FollowTarget =
  | { kind: 'container'; pod: string; container: string }
  | { kind: 'pod'; pod: string }
  | { kind: 'index'; index: number; container?: string }
  | { kind: 'job'; container?: string };

export type FollowAction =
  | { type: 'start'; key: string; pod: string; container: string; prefix: string; resume: boolean; delayMs: number }
  | { type: 'stop'; key: string }
  | { type: 'marker'; text: string }
  | { type: 'end'; reason: string };

interface StreamState {
  key: string;
  podUid: string;
  pod: string;
  container: string;
  prefix: string;
  status: 'waiting' | 'open' | 'ended' | 'done';
  restarts: number;
  attempt: number;
  announced: boolean;
}

function containerStatus(p: PodObject, name: string) {
  return [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])].find((c) => c.name === name);
}

function started(p: PodObject, name: string): boolean {
  const s = containerStatus(p, name)?.state;
  return !!(s?.running || s?.terminated);
}

function podTerminal(p: PodObject): boolean {
  const k = podPhase(p);
  return k === 'succeeded' || k === 'failed';
}

function byOldest(pods: PodObject[]): PodObject[] {
  return sortPodsNewestFirst(pods).reverse();
}

export class LogFollower {
  private readonly streams = new Map<string, StreamState>();
  private readonly seenPods = new Map<string, string>();
  private ended = false;
  private lastPods: PodObject[] = [];
  private lastJob: JobObject | undefined;
  private jobGone = false;

  constructor(readonly target: FollowTarget) {}

  get isEnded(): boolean {
    return this.ended;
  }

  private containersFor(p: PodObject): string[] {
    const t = this.target;
    const main = p.spec?.containers?.map((c) => c.name ?? '') ?? [];
    if (t.kind === 'container') return [t.container];
    if (t.kind === 'pod') return main;
    return [t.container && main.includes(t.container) ? t.container : main[0]].filter((c): c is string => !!c);
  }

  private relevant(pods: PodObject[]): PodObject[] {
    const t = this.target;
    if (t.kind === 'container' || t.kind === 'pod') return pods.filter((p) => p.metadata?.name === t.pod);
    if (t.kind === 'index') return pods.filter((p) => podIndex(p) === t.index);
    return pods;
  }

  private prefixFor(p: PodObject, container: string, multiContainer: boolean): string {
    const t = this.target;
    if (t.kind === 'job') {
      const i = podIndex(p);
      return `[${i !== undefined ? `${i}/` : ''}${p.metadata?.name}${multiContainer ? `/${container}` : ''}] `;
    }
    if (t.kind === 'pod' && multiContainer) return `[${container}] `;
    return '';
  }

  /** Feed the Job (or undefined when it was deleted) and its current pods. */
  update(job: JobObject | undefined, pods: PodObject[], jobDeleted = false): FollowAction[] {
    if (this.ended) return [];
    this.lastJob = job;
    this.jobGone = jobDeleted;
    const mine = this.relevant(pods);
    this.lastPods = mine;
    const out: FollowAction[] = [];
    const byUid = new Map(mine.map((p) => [p.metadata?.uid ?? p.metadata?.name ?? '', p]));
    // Pods that disappeared: their streams end with a marker.
    for (const s of this.streams.values()) {
      if (s.status === 'done' || byUid.has(s.podUid)) continue;
      if (s.status === 'open') out.push({ type: 'stop', key: s.key });
      out.push({ type: 'marker', text: `── ${s.prefix}pod ${s.pod} was deleted ──` });
      s.status = 'done';
    }
    // New pods get stream entries.
    for (const p of byOldest(mine)) {
      const uid = p.metadata?.uid ?? p.metadata?.name ?? '';
      if (this.seenPods.has(uid)) continue;
      this.seenPods.set(uid, p.metadata?.name ?? '');
      const cs = this.containersFor(p);
      const attempt = this.target.kind === 'index' ? [...this.seenPods.keys()].length : 0;
      for (const c of cs) {
        const key = `${uid}/${c}`;
        this.streams.set(key, {
          key,
          podUid: uid,
          pod: p.metadata?.name ?? '',
          container: c,
          prefix: this.prefixFor(p, c, cs.length > 1),
          status: 'waiting',
          restarts: containerStatus(p, c)?.restartCount ?? 0,
          attempt,
          announced: false,
        });
      }
    }
    out.push(...this.advance(byUid));
    return out;
  }

  /** A stream ended (EOF or error). */
  streamEnded(key: string): FollowAction[] {
    const s = this.streams.get(key);
    if (!s || s.status !== 'open' || this.ended) return [];
    s.status = 'ended';
    const byUid = new Map(this.lastPods.map((p) => [p.metadata?.uid ?? p.metadata?.name ?? '', p]));
    return this.advance(byUid);
  }

  /** Whether a stream's container is still running (a resume after a pause checks this first). */
  stillRunning(key: string): boolean {
    const s = this.streams.get(key);
    if (!s || this.ended) return false;
    const p = this.lastPods.find((x) => (x.metadata?.uid ?? x.metadata?.name) === s.podUid);
    if (!p || podTerminal(p)) return false;
    const st = containerStatus(p, s.container);
    return !!st?.state?.running && (st.restartCount ?? 0) === s.restarts;
  }

  /** User stop: every open stream stops at once. */
  stop(): FollowAction[] {
    if (this.ended) return [];
    const out: FollowAction[] = [];
    for (const s of this.streams.values()) if (s.status === 'open') out.push({ type: 'stop', key: s.key });
    this.ended = true;
    out.push({ type: 'end', reason: 'stopped' });
    return out;
  }

  private advance(byUid: Map<string, PodObject>): FollowAction[] {
    const out: FollowAction[] = [];
    const sequential = this.target.kind === 'index';
    // Ended streams: done, restarted, or resumed.
    for (const s of this.streams.values()) {
      if (s.status !== 'ended') continue;
      const p = byUid.get(s.podUid);
      if (!p) {
        s.status = 'done';
        continue;
      }
      const cs = containerStatus(p, s.container);
      const restarts = cs?.restartCount ?? 0;
      if (restarts > s.restarts) {
        s.restarts = restarts;
        out.push({ type: 'marker', text: `── ${s.prefix}container ${s.container} restarted (restart ${restarts}) ──` });
        s.status = 'waiting';
      } else if (cs?.state?.terminated || podTerminal(p)) {
        s.status = 'done';
      } else if (cs?.state?.running) {
        // The stream ended while the container still runs (connection drop): resume after a pause.
        s.status = 'open';
        out.push({ type: 'start', key: s.key, pod: s.pod, container: s.container, prefix: s.prefix, resume: true, delayMs: 1000 });
      } else {
        // The container has not started (yet): open again once it has.
        s.status = 'waiting';
      }
    }
    // Waiting streams whose container started: open them (one at a time for an index).
    const ordered = [...this.streams.values()];
    if (sequential) {
      const busy = ordered.some((s) => s.status === 'open' || s.status === 'ended');
      const next = ordered.find((s) => s.status === 'waiting');
      if (!busy && next) {
        const p = byUid.get(next.podUid);
        if (p && started(p, next.container)) {
          if (!next.announced) {
            next.announced = true;
            const t = this.target as { index: number };
            out.push({ type: 'marker', text: `── index ${t.index} · attempt ${next.attempt} · pod ${next.pod} ──` });
          }
          next.status = 'open';
          out.push({ type: 'start', key: next.key, pod: next.pod, container: next.container, prefix: next.prefix, resume: false, delayMs: 0 });
        }
      }
    } else {
      for (const s of ordered) {
        if (s.status !== 'waiting') continue;
        const p = byUid.get(s.podUid);
        if (p && started(p, s.container)) {
          s.status = 'open';
          out.push({ type: 'start', key: s.key, pod: s.pod, container: s.container, prefix: s.prefix, resume: false, delayMs: 0 });
        }
      }
    }
    const end = this.endReason(byUid);
    if (end) {
      this.ended = true;
      out.push({ type: 'marker', text: `── ${end} ──` }, { type: 'end', reason: end });
    }
    return out;
  }

  private endReason(byUid: Map<string, PodObject>): string | undefined {
    const all = [...this.streams.values()];
    if (all.some((s) => s.status === 'open' || s.status === 'ended')) return undefined;
    const waiting = all.filter((s) => s.status === 'waiting');
    const t = this.target;
    if (t.kind === 'container' || t.kind === 'pod') {
      if (!this.seenPods.size) return undefined;
      const p = this.lastPods[0];
      if (!p) return `pod ${t.pod} is gone`;
      if (!waiting.length && podTerminal(p)) return `pod ${t.pod} ${p.status?.phase?.toLowerCase()}`;
      return undefined;
    }
    if (this.jobGone) return 'the Job was deleted';
    const job = this.lastJob;
    if (!job) return undefined;
    const finished = isJobFinished(job);
    if (t.kind === 'index') {
      const sets = jobIndexSets(job);
      const pods = [...byUid.values()];
      const active = pods.some((p) => !podTerminal(p));
      const newest = sortPodsNewestFirst(pods)[0];
      if (waiting.length && active) return undefined;
      if (sets.completed.has(t.index) || (newest && podPhase(newest) === 'succeeded')) return `index ${t.index} succeeded`;
      if (sets.failed.has(t.index)) return `index ${t.index} failed`;
      if (finished && !active) return `the Job finished (${jobStateWord(job)})`;
      return undefined;
    }
    if (finished && !waiting.some((s) => byUid.has(s.podUid) && !podTerminal(byUid.get(s.podUid)!))) return `the Job finished (${jobStateWord(job)})`;
    return undefined;
  }
}

function jobStateWord(job: JobObject): string {
  return job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type ?? 'finished';
}

/** Splits an RFC 3339 timestamp prefix (as `timestamps=true` adds) off a log line. */
export function splitTimestamp(line: string): { ts?: string; text: string } {
  const sp = line.indexOf(' ');
  if (sp > 0 && /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(line.slice(0, sp))) return { ts: line.slice(0, sp), text: line.slice(sp + 1) };
  return { text: line };
}
