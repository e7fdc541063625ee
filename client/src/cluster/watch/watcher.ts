/**
 * List-then-watch for one resource in one namespace, on client-node's ListWatch informer:
 * - the list is paged and raw JSON; every (re)list reaches the store as one RELIST event, so
 *   objects deleted while we were not watching disappear (no ghosts);
 * - a 410 Gone relists (ListWatch does it: it clears its resourceVersion and lists again);
 * - any other failure (apiserver down, 401, 403) is reported, then after an exponential backoff
 *   (injectable delay) a fresh informer relists and watches again. ListWatch alone stops on errors.
 * No polling: while nothing changes, the only traffic is the watch connection itself.
 */
import { ListWatch, Watch, type KubeConfig } from '@kubernetes/client-node';
import { listAll } from '../kube';
import type { WatchEvent } from './store';
import type { KObject } from '../../jobs/types';

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 250, maxMs: 4000 };

export function backoffDelay(attempt: number, b: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(b.maxMs, b.baseMs * 2 ** Math.max(0, attempt - 1));
}

export interface ResourceWatchOptions<T extends KObject> {
  kc: KubeConfig;
  path: string;
  labelSelector?: string;
  onEvent(ev: WatchEvent<T>): void;
  onError(err: unknown, retryInMs: number): void;
  /** Called after each successful (re)list. */
  onSynced(): void;
  /** When set, the first list reports each page as it arrives (then onSynced at the end). */
  onPartial?(): void;
  delayFn?: (ms: number) => Promise<void>;
  backoff?: Backoff;
  pageSize?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class ResourceWatch<T extends KObject> {
  private lw: ListWatch<any> | undefined;
  private stopped = true;
  private failures = 0;
  private generation = 0;
  /** Number of lists done (first list included). */
  relists = 0;
  /** Failures reported through onError (a 410 relist is not one: ListWatch handles it). */
  errors = 0;

  constructor(private readonly o: ResourceWatchOptions<T>) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.failures = 0;
    this.spawn();
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    const lw = this.lw;
    this.lw = undefined;
    void lw?.stop();
  }

  /** Restart now (user "Retry"), relisting. */
  restart(): void {
    this.stop();
    this.start();
  }

  /**
   * Testing and diagnostics: resume watching from a given resourceVersion without listing, as a
   * reconnect after a long outage does. A too-old version makes the apiserver answer 410 Gone.
   */
  resumeFrom(resourceVersion: string): void {
    this.stop();
    this.stopped = false;
    this.spawn(resourceVersion);
  }

  private spawn(resumeFrom?: string): void {
    const gen = ++this.generation;
    const live = () => gen === this.generation && !this.stopped;
    const listFn = async () => {
      // The very first list paints page by page (ADDED events; the RELIST below settles it).
      const progressive = this.relists === 0 && this.o.onPartial !== undefined;
      const { items, resourceVersion } = await listAll<T>(this.o.kc, this.o.path, { labelSelector: this.o.labelSelector }, this.o.pageSize ?? 2000, undefined, (page, more) => {
        if (!progressive || !more || !live()) return;
        for (const object of page) this.o.onEvent({ type: 'ADDED', object });
        this.o.onPartial?.();
      });
      if (!live()) return { metadata: { resourceVersion }, items: [] as T[] };
      this.relists++;
      this.failures = 0;
      this.o.onEvent({ type: 'RELIST', items });
      this.o.onSynced();
      return { metadata: { resourceVersion }, items };
    };
    const lw = new ListWatch<any>(this.o.path, new Watch(this.o.kc), listFn, false, this.o.labelSelector, undefined, {
      delayFn: this.o.delayFn ?? sleep,
    });
    lw.on('add', (obj: T) => live() && this.o.onEvent({ type: 'ADDED', object: obj }));
    lw.on('update', (obj: T) => live() && this.o.onEvent({ type: 'MODIFIED', object: obj }));
    lw.on('delete', (obj: T) => live() && this.o.onEvent({ type: 'DELETED', object: obj }));
    lw.on('error', (err) => {
      if (!live()) return;
      this.failures++;
      this.errors++;
      const wait = backoffDelay(this.failures, this.o.backoff);
      this.o.onError(err, wait);
      const d = this.o.delayFn ?? sleep;
      void d(wait).then(() => {
        if (!live()) return;
        void this.lw?.stop();
        this.spawn();
      });
    });
    this.lw = lw;
    if (resumeFrom !== undefined) (lw as unknown as { resourceVersion: string }).resourceVersion = resumeFrom;
    void lw.start().catch((err) => {
      if (live()) this.o.onError(err, 0);
    });
  }
}
