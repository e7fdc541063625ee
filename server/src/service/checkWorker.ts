/**
 * A second thread for checking big multi-document files: opening a 2,000-Job file checks ~2,000
 * independent document chunks, so the service checks half of them here while a worker thread (the
 * same server bundle, started with `workerData.kjobCheckWorker`) checks the other half. Only the
 * problems come back (plain data); quick fixes re-check their one chunk locally on demand.
 *
 * The worker is started on first use, stopped after a while without work, and any failure (a
 * worker that cannot start, crashes, or returns something unexpected) makes the caller check those
 * chunks itself: results never depend on whether the worker ran (parsing and checking are pure).
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { checkFileDetailed } from '../../../core/check/check';
import type { Problem } from '../../../core/check/problem';
import type { CheckSettings } from '../../../core/check/rules/types';
import { parseFile } from '../../../core/yaml/document';

interface Request {
  id: number;
  texts: string[];
  settings: CheckSettings;
}

interface Response {
  id: number;
  ready?: boolean;
  results?: Problem[][];
  logs?: string[];
  error?: string;
}

const WARM_JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: NAME
  labels:
    app: warm
spec:
  completions: 4
  parallelism: 2
  completionMode: Indexed
  backoffLimitPerIndex: 1
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: worker
          image: busybox:1.36
          command: ["sh", "-c", "echo $JOB_COMPLETION_INDEX"]
          env:
            - name: A
              value: "1"
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
`;

/** True in the worker thread started by CheckPool. */
export function isCheckWorker(): boolean {
  return !isMainThread && !!(workerData as { kjobCheckWorker?: boolean } | null)?.kjobCheckWorker;
}

/** The worker thread's loop: check each chunk text with the bundled schema, return the problems. */
export function runCheckWorker(): void {
  const port = parentPort!;
  // Warm the parse/check code before announcing readiness, so the first real batch does not run
  // unoptimized code while the main thread waits for it.
  try {
    const settings = { kubernetesVersion: '1.36', severities: {} };
    for (let i = 0; i < 200; i++) checkFileDetailed(parseFile(WARM_JOB.replace('NAME', `warm-${i}`)), settings);
  } catch {
    // warming is best effort
  }
  port.postMessage({ id: 0, ready: true } satisfies Response);
  port.on('message', (req: Request) => {
    const logs: string[] = [];
    try {
      const t0 = performance.now();
      const results = req.texts.map((t) => checkFileDetailed(parseFile(t), req.settings, { log: (m) => logs.push(m) }).problems);
      if (process.env.KJOB_DEBUG_WORKER) logs.push(`worker: ${req.texts.length} chunks in ${(performance.now() - t0).toFixed(1)} ms`);
      port.postMessage({ id: req.id, results, logs } satisfies Response);
    } catch (e) {
      port.postMessage({ id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e), logs } satisfies Response);
    }
  });
}

export interface CheckPoolOptions {
  /** The script the worker runs (the server bundle). */
  script: string;
  log?: (message: string) => void;
  /** Stop the worker after this long without work (ms). */
  idleMs?: number;
}

export class CheckPool {
  private worker?: Worker;
  private isReady = false;
  private answeredChunks = 0;
  private requestedChunks = 0;
  private broken = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Problem[][] | undefined) => void; size: number }>();
  private idleTimer?: NodeJS.Timeout;

  constructor(private readonly opts: CheckPoolOptions) {}

  /** Starts the worker ahead of the first big check (it loads the bundle and schema meanwhile). */
  warm(): void {
    this.ensure();
  }

  private ensure(): Worker | undefined {
    if (this.broken) return undefined;
    if (this.worker) return this.worker;
    try {
      // stdout: true — the worker's output must never reach the LSP stream on the server's stdout.
      // Small heap limits: the worker holds one batch of chunks at a time, and its memory counts
      // towards the server's (an out-of-memory worker just stops; this thread takes over).
      const w = new Worker(this.opts.script, {
        workerData: { kjobCheckWorker: true },
        stdout: true,
        stderr: true,
        resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96 },
      });
      w.unref();
      w.stdout.resume();
      w.stderr.on('data', (d: Buffer) => this.opts.log?.(`kjob check worker: ${String(d).trimEnd()}`));
      w.on('message', (r: Response) => {
        if (r.ready) {
          if (this.worker === w) this.isReady = true;
          return;
        }
        for (const l of r.logs ?? []) this.opts.log?.(l);
        const p = this.pending.get(r.id);
        if (!p) return;
        this.pending.delete(r.id);
        if (r.error) this.opts.log?.(`kjob: check worker failed: ${r.error}`);
        const ok = r.results && r.results.length === p.size;
        if (ok) this.answeredChunks += p.size;
        p.resolve(ok ? r.results : undefined);
        this.armIdle();
      });
      const fail = (why: string) => {
        this.opts.log?.(`kjob: check worker stopped (${why}); checking on the main thread`);
        if (this.worker === w) {
          this.worker = undefined;
          this.isReady = false;
        }
        for (const p of this.pending.values()) p.resolve(undefined);
        this.pending.clear();
      };
      w.on('error', (e) => {
        this.broken = true;
        fail(e instanceof Error ? e.message : String(e));
      });
      w.on('exit', (code) => {
        if (this.worker === w) fail(`exit ${code}`);
      });
      this.worker = w;
      this.armIdle();
      return w;
    } catch (e) {
      this.broken = true;
      this.opts.log?.(`kjob: could not start the check worker: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.pending.size) return this.armIdle();
      const w = this.worker;
      this.worker = undefined;
      this.isReady = false;
      void w?.terminate();
    }, this.opts.idleMs ?? 300_000);
    this.idleTimer.unref();
  }

  /** How many chunks were handed to the worker so far (for tests and logs). */
  get requested(): number {
    return this.requestedChunks;
  }

  /** How many chunks the worker has checked so far (for tests and logs). */
  get answered(): number {
    return this.answeredChunks;
  }

  /** Whether a started worker has loaded and warmed up (callers do not wait for a cold one). */
  get ready(): boolean {
    return this.isReady && !!this.worker;
  }

  /** The problems of each chunk text, or undefined when the worker is unavailable or failed. */
  check(texts: string[], settings: CheckSettings): Promise<Problem[][] | undefined> {
    const w = this.ensure();
    if (!w) return Promise.resolve(undefined);
    const id = this.nextId++;
    this.requestedChunks += texts.length;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, size: texts.length });
      try {
        w.postMessage({ id, texts, settings: { kubernetesVersion: settings.kubernetesVersion, severities: { ...settings.severities } } } satisfies Request);
      } catch (e) {
        this.pending.delete(id);
        this.opts.log?.(`kjob: check worker request failed: ${e instanceof Error ? e.message : String(e)}`);
        resolve(undefined);
      }
    });
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    this.isReady = false;
    void w?.terminate();
  }
}
