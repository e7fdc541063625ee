/**
 * Log streaming I/O: one container stream as an async line source (abortable at once), and the
 * runner that executes a LogFollower's decisions against a live pod source.
 * Memory: lines go straight to the sink (which keeps a bounded buffer); a stream holds at most one
 * partial line.
 */
import { AddOptionsToSearchParams, HttpMethod, IsomorphicFetchHttpLibrary, RequestContext, type KubeConfig } from '@kubernetes/client-node';
import { KubeApiError, podsPath } from '../cluster/kube';
import { LineSplitter } from './lineSplitter';
import { LogFollower, splitTimestamp, type FollowAction, type FollowTarget } from './follower';
import type { JobObject, PodObject } from '../jobs/types';

export interface LogOptions {
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
  previous?: boolean;
}

export interface LogSink {
  lines(lines: string[]): void;
  marker(text: string): void;
  end(reason: string): void;
}

const http = new IsomorphicFetchHttpLibrary();

/**
 * Streams one container's log, calling onLines for each batch of whole lines. Resolves when the
 * stream ends (EOF, error, or abort). Errors other than an abort are returned, not thrown.
 */
export async function streamContainerLog(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  container: string,
  opts: LogOptions & { follow: boolean; sinceTime?: string },
  signal: AbortSignal,
  onLines: (lines: string[]) => void,
): Promise<{ error?: unknown }> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) return { error: new Error('no cluster in context') };
  const url = new URL(cluster.server.replace(/\/$/, '') + podsPath(namespace, pod) + '/log');
  url.searchParams.set('container', container);
  AddOptionsToSearchParams(
    {
      follow: opts.follow,
      previous: opts.previous,
      timestamps: opts.timestamps,
      ...(opts.sinceTime ? { sinceTime: opts.sinceTime } : opts.sinceSeconds ? { sinceSeconds: opts.sinceSeconds } : {}),
      ...(opts.tailLines !== undefined && opts.tailLines >= 0 ? { tailLines: opts.tailLines } : {}),
    },
    url.searchParams,
  );
  if (opts.tailLines === 0) url.searchParams.set('tailLines', '0');
  const ctx = new RequestContext(url.toString(), HttpMethod.GET);
  ctx.setSignal(signal);
  const splitter = new LineSplitter();
  try {
    await kc.applySecurityAuthentication(ctx);
    const resp = await http.send(ctx).toPromise();
    if (resp.httpStatusCode !== 200) {
      const text = await resp.body.text();
      let message = text.slice(0, 300);
      try {
        message = JSON.parse(text).message ?? message;
      } catch {
        /* plain text */
      }
      return { error: new KubeApiError(resp.httpStatusCode, message, text) };
    }
    const body = resp.body.stream() as unknown as AsyncIterable<Uint8Array> | undefined;
    if (!body) return {};
    for await (const chunk of body) {
      const lines = splitter.push(chunk);
      if (lines.length) onLines(lines);
    }
    const rest = splitter.flush();
    if (rest.length) onLines(rest);
    return {};
  } catch (e) {
    const rest = splitter.flush();
    if (rest.length && !signal.aborted) onLines(rest);
    if (signal.aborted) return {};
    return { error: e };
  }
}

/** Where a follow gets its Job and pods from, and hears about changes. */
export interface FollowSource {
  snapshot(): { job: JobObject | undefined; pods: PodObject[]; jobDeleted: boolean };
  subscribe(onChange: () => void): () => void;
}

interface OpenStream {
  abort: AbortController;
  lastTs?: string;
  first: boolean;
}

/** Runs a LogFollower: opens and aborts streams, writes lines and markers to the sink. */
export class LogFollowRun {
  private readonly follower: LogFollower;
  private readonly open = new Map<string, OpenStream>();
  private unsubscribe: (() => void) | undefined;
  private initial = true;
  private finished = false;
  /** Lines written (for tests and the status line). */
  lineCount = 0;

  constructor(
    private readonly kc: KubeConfig,
    private readonly namespace: string,
    target: FollowTarget,
    private readonly source: FollowSource,
    private readonly sink: LogSink,
    private readonly opts: LogOptions = {},
    private readonly onLog: (m: string) => void = () => undefined,
  ) {
    this.follower = new LogFollower(target);
  }

  get ended(): boolean {
    return this.finished;
  }

  start(): void {
    this.unsubscribe = this.source.subscribe(() => this.feed());
    this.feed();
    this.initial = false;
  }

  /** Immediate stop: aborts every request. */
  stop(): void {
    this.exec(this.follower.stop());
  }

  private feed(): void {
    if (this.finished) return;
    const s = this.source.snapshot();
    this.exec(this.follower.update(s.job, s.pods, s.jobDeleted));
  }

  private exec(actions: FollowAction[]): void {
    for (const a of actions) {
      switch (a.type) {
        case 'marker':
          this.sink.marker(a.text);
          break;
        case 'stop': {
          const o = this.open.get(a.key);
          this.open.delete(a.key);
          o?.abort.abort();
          break;
        }
        case 'start':
          this.openStream(a);
          break;
        case 'end':
          this.finished = true;
          this.unsubscribe?.();
          for (const o of this.open.values()) o.abort.abort();
          this.open.clear();
          this.sink.end(a.reason);
          break;
      }
    }
  }

  private openStream(a: Extract<FollowAction, { type: 'start' }>): void {
    const prev = this.open.get(a.key);
    const st: OpenStream = { abort: new AbortController(), ...(prev?.lastTs ? { lastTs: prev.lastTs } : {}), first: this.initial };
    prev?.abort.abort();
    this.open.set(a.key, st);
    const userTs = !!this.opts.timestamps;
    const run = async () => {
      if (a.delayMs) {
        await new Promise((r) => setTimeout(r, a.delayMs));
        if (st.abort.signal.aborted) return;
        // The pod may have finished (or restarted) during the pause: decide with fresh state.
        this.feed();
        if (!this.follower.stillRunning(a.key)) {
          if (this.open.get(a.key) === st) this.exec(this.follower.streamEnded(a.key));
          return;
        }
      }
      if (st.abort.signal.aborted) return;
      const resumeFrom = a.resume ? st.lastTs : undefined;
      const res = await streamContainerLog(
        this.kc,
        this.namespace,
        a.pod,
        a.container,
        {
          follow: !this.opts.previous,
          previous: this.opts.previous,
          timestamps: true,
          ...(resumeFrom ? { sinceTime: resumeFrom } : st.first ? { tailLines: this.opts.tailLines, sinceSeconds: this.opts.sinceSeconds } : {}),
        },
        st.abort.signal,
        (lines) => {
          const out: string[] = [];
          for (const l of lines) {
            const { ts, text } = splitTimestamp(l);
            if (ts) {
              if (resumeFrom && ts <= resumeFrom) continue;
              st.lastTs = ts;
            }
            out.push(a.prefix + (userTs && ts ? `${ts} ${text}` : text));
          }
          if (out.length) {
            this.lineCount += out.length;
            this.sink.lines(out);
          }
        },
      );
      if (res.error) this.onLog(`log stream ${a.pod}/${a.container}: ${res.error instanceof Error ? res.error.message : String(res.error)}`);
      if (st.abort.signal.aborted || this.open.get(a.key) !== st) return;
      // Decide with the freshest pod state, then report the end. A stream that failed to open
      // (container not ready yet) is retried on the next pod change.
      this.feed();
      this.exec(this.follower.streamEnded(a.key));
    };
    void run();
  }
}

/** A FollowSource over a namespace watch. */
export function namespaceSource(w: { job(name: string): JobObject | undefined; podsOfJob(uid: string): PodObject[]; subscribe(l: () => void): () => void }, jobName: string): FollowSource {
  let uid: string | undefined;
  let seen = false;
  return {
    snapshot() {
      const job = w.job(jobName);
      if (job) {
        if (uid && job.metadata?.uid !== uid) return { job: undefined, pods: [], jobDeleted: true };
        uid = job.metadata?.uid;
        seen = true;
      }
      return { job, pods: uid ? w.podsOfJob(uid) : [], jobDeleted: seen && !job };
    },
    subscribe: (l) => w.subscribe(() => l()),
  };
}
