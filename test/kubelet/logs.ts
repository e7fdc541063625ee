/**
 * Container log store and the kubelet's `/containerLogs/{namespace}/{pod}/{container}` endpoint.
 * The kube-apiserver proxies `pods/log` here (it picks the node's InternalIP and
 * status.daemonEndpoints.kubeletEndpoint.Port), so `kubectl logs [-f]` and client-node's Log work
 * against the test kubelet. Query options follow the kubelet: follow, previous, tailLines,
 * timestamps, sinceSeconds, sinceTime, limitBytes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LogLine {
  time: number; // ms since the epoch
  text: string;
}

/** One run of one container (a restart starts a new run; `previous` reads the one before). */
export class ContainerRun {
  readonly lines: LogLine[] = [];
  ended = false;
  private readonly listeners = new Set<(l: LogLine | null) => void>();

  append(text: string, time = Date.now()) {
    if (this.ended) return;
    const l = { time, text };
    this.lines.push(l);
    for (const f of this.listeners) f(l);
  }
  end() {
    if (this.ended) return;
    this.ended = true;
    for (const f of this.listeners) f(null);
    this.listeners.clear();
  }
  subscribe(f: (l: LogLine | null) => void) {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }
}

interface PodLogs {
  uid: string;
  /** Container name -> runs, oldest first. */
  containers: Map<string, ContainerRun[]>;
  /** Container name -> why it has no run yet (shown like the kubelet's "waiting to start"). */
}

export class LogStore {
  private readonly pods = new Map<string, PodLogs>();

  private podEntry(ns: string, pod: string, uid: string): PodLogs {
    const key = `${ns}/${pod}`;
    let p = this.pods.get(key);
    if (!p || p.uid !== uid) {
      p?.containers.forEach((runs) => runs.forEach((r) => r.end()));
      p = { uid, containers: new Map() };
      this.pods.set(key, p);
    }
    return p;
  }

  /** Registers a pod so that requests for its containers say "waiting to start" instead of 404. */
  registerPod(ns: string, pod: string, uid: string) {
    this.podEntry(ns, pod, uid);
  }

  startRun(ns: string, pod: string, uid: string, container: string): ContainerRun {
    const p = this.podEntry(ns, pod, uid);
    const runs = p.containers.get(container) ?? [];
    runs.at(-1)?.end();
    const r = new ContainerRun();
    runs.push(r);
    p.containers.set(container, runs);
    return r;
  }

  forgetPod(ns: string, pod: string, uid: string) {
    const key = `${ns}/${pod}`;
    const p = this.pods.get(key);
    if (p && p.uid === uid) {
      p.containers.forEach((runs) => runs.forEach((r) => r.end()));
      this.pods.delete(key);
    }
  }

  runs(ns: string, pod: string, container: string): ContainerRun[] | undefined {
    const p = this.pods.get(`${ns}/${pod}`);
    if (!p) return undefined;
    return p.containers.get(container) ?? [];
  }
}

export interface LogQuery {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: number;
  limitBytes?: number;
}

/** Parses the kubelet's query options; returns an error message for invalid values. */
export function parseLogQuery(params: URLSearchParams): LogQuery | string {
  const bool = (k: string) => {
    const v = params.get(k);
    return v === 'true' || v === '1';
  };
  const int = (k: string, min: number): number | undefined | string => {
    const v = params.get(k);
    if (v === null || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) return `${k}: must be an integer >= ${min}, got ${JSON.stringify(v)}`;
    return n;
  };
  const q: LogQuery = { follow: bool('follow'), previous: bool('previous'), timestamps: bool('timestamps') };
  for (const [k, min] of [
    ['tailLines', 0],
    ['sinceSeconds', 1],
    ['limitBytes', 1],
  ] as const) {
    const v = int(k, min);
    if (typeof v === 'string') return v;
    if (v !== undefined) q[k] = v;
  }
  const st = params.get('sinceTime');
  if (st) {
    const t = Date.parse(st);
    if (Number.isNaN(t)) return `sinceTime: not an RFC3339 time: ${JSON.stringify(st)}`;
    q.sinceTime = t;
  }
  return q;
}

/** RFC3339 with nanoseconds, as the kubelet prefixes lines with `timestamps=true`. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-01-01T00:00:00.123Z
  return `${iso.slice(0, 23)}000000Z`;
}

/** The lines of a run selected by the query's since/tail options, formatted. */
export function selectLines(lines: readonly LogLine[], q: LogQuery, now = Date.now()): string[] {
  let sel = lines;
  const since = q.sinceTime ?? (q.sinceSeconds !== undefined ? now - q.sinceSeconds * 1000 : undefined);
  if (since !== undefined) sel = sel.filter((l) => l.time >= since);
  if (q.tailLines !== undefined) sel = q.tailLines === 0 ? [] : sel.slice(-q.tailLines);
  return sel.map((l) => formatLine(l, q));
}

export function formatLine(l: LogLine, q: Pick<LogQuery, 'timestamps'>): string {
  return q.timestamps ? `${rfc3339Nano(l.time)} ${l.text}\n` : `${l.text}\n`;
}

/** Writes with a byte budget (limitBytes); returns false once the budget is used up. */
class LimitedWriter {
  private left: number;
  constructor(
    private readonly res: ServerResponse,
    limit: number | undefined,
  ) {
    this.left = limit ?? Infinity;
  }
  write(s: string): boolean {
    if (this.left <= 0) return false;
    let b = Buffer.from(s);
    if (b.length > this.left) b = b.subarray(0, this.left);
    this.left -= b.length;
    this.res.write(b);
    return this.left > 0;
  }
}

function fail(res: ServerResponse, code: number, message: string) {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}

/** Handles one HTTP request against the store (any path other than containerLogs gets 404). */
export function handleLogRequest(store: LogStore, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'https://kubelet');
  const m = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
  if (req.method !== 'GET' || !m) return fail(res, 404, `kjob test kubelet: no handler for ${req.method} ${url.pathname}`);
  const [ns, pod, container] = m.slice(1).map(decodeURIComponent);
  const q = parseLogQuery(url.searchParams);
  if (typeof q === 'string') return fail(res, 400, q);
  const runs = store.runs(ns, pod, container);
  if (!runs) return fail(res, 404, `pod "${pod}" in namespace "${ns}" not found on this node`);
  const run = q.previous ? runs.at(-2) : runs.at(-1);
  if (!run) {
    return fail(
      res,
      400,
      q.previous
        ? `previous terminated container "${container}" in pod "${pod}" not found`
        : `container "${container}" in pod "${pod}" is waiting to start: ContainerCreating`,
    );
  }
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  const w = new LimitedWriter(res, q.limitBytes);
  for (const s of selectLines(run.lines, q)) {
    if (!w.write(s)) return void res.end();
  }
  if (!q.follow || run.ended || q.previous) return void res.end();
  const unsubscribe = run.subscribe((l) => {
    if (l === null) return void res.end();
    if (!w.write(formatLine(l, q))) {
      unsubscribe();
      res.end();
    }
  });
  const cleanup = () => unsubscribe();
  res.on('close', cleanup);
  req.on('close', cleanup);
}
