/**
 * Jobs and their pods in one namespace: two list-then-watch informers feeding two stores.
 * Changes are reported as the set of affected Job uids so the view refreshes only those nodes.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { classifyError, type ClassifiedError } from '../errors';
import { jobsPath, podsPath } from '../kube';
import { ObjectStore, type WatchEvent } from './store';
import { LABEL_JOB_NAME, jobUidOfPod, keyOf, type JobObject, type PodObject } from '../../jobs/types';
import { ResourceWatch, type Backoff } from './watcher';

export interface NamespaceChange {
  /** The namespace's Job list changed (a Job added or removed) or its status/error changed. */
  structure: boolean;
  /** Uids of Jobs whose object or pods changed. */
  jobUids: Set<string>;
}

/** What the Jobs tree reads of a namespace (a NamespaceWatch, or a fake in tests). */
export interface NamespaceState {
  /** True once the first list has arrived. */
  synced: boolean;
  /** The latest error; kept while reconnecting. */
  error?: ClassifiedError;
  jobs(): Iterable<JobObject>;
  job(name: string): JobObject | undefined;
  podsOfJob(uid: string): PodObject[];
}

export class NamespaceWatch implements NamespaceState {
  readonly jobStore = new ObjectStore<JobObject>();
  readonly podStore = new ObjectStore<PodObject>(jobUidOfPod);
  private jobsSynced = false;
  private podsSynced = false;
  private jobsError: ClassifiedError | undefined;
  private podsError: ClassifiedError | undefined;
  private readonly jobsW: ResourceWatch<JobObject>;
  private readonly podsW: ResourceWatch<PodObject>;
  private readonly listeners = new Set<(c: NamespaceChange) => void>();
  private readonly keyByUid = new Map<string, string>();

  constructor(
    kc: KubeConfig,
    readonly namespace: string,
    onChange: (c: NamespaceChange) => void,
    opts: { delayFn?: (ms: number) => Promise<void>; backoff?: Backoff; where?: string; log?: (level: 'info' | 'warn' | 'error', m: string) => void } = {},
  ) {
    this.onChange = (c) => {
      onChange(c);
      for (const l of this.listeners) l(c);
    };
    const where = opts.where ?? 'the cluster';
    const log = opts.log ?? (() => undefined);
    this.jobsW = new ResourceWatch<JobObject>({
      kc,
      path: jobsPath(namespace),
      delayFn: opts.delayFn,
      backoff: opts.backoff,
      onEvent: (ev) => this.onJobEvent(ev),
      onPartial: () => {
        // Paint the first pages of a huge namespace while the rest is still loading.
        if (!this.jobsSynced) {
          this.jobsSynced = true;
          this.onChange({ structure: true, jobUids: new Set() });
        }
      },
      onSynced: () => {
        const was = this.jobsSynced && !this.jobsError;
        this.jobsSynced = true;
        this.jobsError = undefined;
        if (!was) this.onChange({ structure: true, jobUids: new Set() });
      },
      onError: (err, wait) => {
        this.jobsError = classifyError(err, where);
        log('warn', `jobs watch in ${namespace}: ${this.jobsError.message} (retry in ${wait} ms)`);
        this.onChange({ structure: true, jobUids: new Set() });
      },
    });
    this.podsW = new ResourceWatch<PodObject>({
      kc,
      path: podsPath(namespace),
      labelSelector: LABEL_JOB_NAME,
      delayFn: opts.delayFn,
      backoff: opts.backoff,
      onEvent: (ev) => this.onPodEvent(ev),
      onSynced: () => {
        const hadError = !!this.podsError;
        this.podsSynced = true;
        this.podsError = undefined;
        if (hadError) this.onChange({ structure: true, jobUids: new Set() });
      },
      onError: (err, wait) => {
        this.podsError = classifyError(err, where);
        log('warn', `pods watch in ${namespace}: ${this.podsError.message} (retry in ${wait} ms)`);
        this.onChange({ structure: true, jobUids: new Set() });
      },
    });
  }

  private readonly onChange: (c: NamespaceChange) => void;

  /** Extra listeners (log follows); returns an unsubscribe function. */
  subscribe(l: (c: NamespaceChange) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  get synced(): boolean {
    return this.jobsSynced;
  }

  get podsReady(): boolean {
    return this.podsSynced;
  }

  get error(): ClassifiedError | undefined {
    return this.jobsError ?? this.podsError;
  }

  get relists(): { jobs: number; pods: number } {
    return { jobs: this.jobsW.relists, pods: this.podsW.relists };
  }

  /** Watch failures reported so far (jobs + pods). */
  get errorCount(): number {
    return this.jobsW.errors + this.podsW.errors;
  }

  start(): void {
    this.jobsW.start();
    this.podsW.start();
  }

  stop(): void {
    this.jobsW.stop();
    this.podsW.stop();
  }

  restart(): void {
    this.jobsW.restart();
    this.podsW.restart();
  }

  /** Testing/diagnostics: resume both watches from a resourceVersion (a too-old one forces 410 → relist). */
  resumeFrom(rv: string): void {
    this.jobsW.resumeFrom(rv);
    this.podsW.resumeFrom(rv);
  }

  *jobs(): Iterable<JobObject> {
    yield* this.jobStore.values();
  }

  job(name: string): JobObject | undefined {
    return this.jobStore.get(`${this.namespace}/${name}`);
  }

  podsOfJob(uid: string): PodObject[] {
    return this.podStore.inGroup(uid);
  }

  /** The Job with this uid, in O(1) (used to map pod changes to Job nodes). */
  jobByUid(uid: string): JobObject | undefined {
    const k = this.keyByUid.get(uid);
    const j = k ? this.jobStore.get(k) : undefined;
    return j?.metadata?.uid === uid ? j : undefined;
  }

  private onJobEvent(ev: WatchEvent<JobObject>): void {
    const before = this.jobStore.size;
    const names = ev.type === 'RELIST' ? undefined : keyOf(ev.object);
    const hadName = names ? this.jobStore.get(names) !== undefined : false;
    const ch = this.jobStore.apply(ev);
    if (!ch.keys.length) return;
    const uids = new Set<string>();
    for (const k of ch.keys) {
      const j = this.jobStore.get(k);
      if (j?.metadata?.uid) {
        uids.add(j.metadata.uid);
        this.keyByUid.set(j.metadata.uid, k);
      }
    }
    if (ev.type === 'RELIST' || ev.type === 'DELETED') {
      for (const [uid, k] of this.keyByUid) if (this.jobStore.get(k)?.metadata?.uid !== uid) this.keyByUid.delete(uid);
    }
    if (ev.type !== 'RELIST' && ev.object.metadata?.uid) uids.add(ev.object.metadata.uid);
    const structure = ev.type === 'RELIST' || this.jobStore.size !== before || (names !== undefined && hadName !== (this.jobStore.get(names) !== undefined));
    this.onChange({ structure, jobUids: uids });
  }

  private onPodEvent(ev: WatchEvent<PodObject>): void {
    const ch = this.podStore.apply(ev);
    if (!ch.keys.length) return;
    this.onChange({ structure: false, jobUids: new Set(ch.groups) });
  }
}
