/**
 * The watch-event reducer behind the tree: objects keyed by namespace/name, fed by list (RELIST)
 * and watch events (ADDED/MODIFIED/DELETED). No I/O. resourceVersion is opaque: it is compared
 * only for equality (duplicate detection), never ordered.
 *
 * - Duplicates (same uid and resourceVersion) change nothing.
 * - A late ADDED for an incarnation we already hold is ignored (ADDED describes the first state).
 * - A DELETED tombstones the uid: a late ADDED/MODIFIED for it does not resurrect a ghost.
 * - A DELETED for an older incarnation (different uid) leaves the current object alone.
 * - RELIST replaces everything: objects missing from the list are removed (no ghosts).
 * Mutable for speed (20,000 pods), deterministic, and tested in plain Node.
 */
import { keyOf, type KObject } from '../../jobs/types';

export type WatchEvent<T extends KObject> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T }
  | { type: 'RELIST'; items: T[] };

export interface StoreChange {
  /** Keys added, updated or removed. */
  keys: string[];
  /** Group ids (see groupOf) whose membership or members changed. */
  groups: string[];
}

const MAX_TOMBSTONES = 10_000;

export class ObjectStore<T extends KObject> {
  private readonly objects = new Map<string, T>();
  private readonly groups = new Map<string, Set<string>>();
  private readonly groupByKey = new Map<string, string>();
  private readonly tombstones = new Set<string>();

  /** groupOf: optional secondary index (e.g. a pod's Job uid). */
  constructor(private readonly groupOf?: (o: T) => string | undefined) {}

  get size(): number {
    return this.objects.size;
  }

  get(key: string): T | undefined {
    return this.objects.get(key);
  }

  values(): IterableIterator<T> {
    return this.objects.values();
  }

  inGroup(group: string): T[] {
    const keys = this.groups.get(group);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) {
      const o = this.objects.get(k);
      if (o) out.push(o);
    }
    return out;
  }

  apply(ev: WatchEvent<T>): StoreChange {
    const change: StoreChange = { keys: [], groups: [] };
    if (ev.type === 'RELIST') {
      const fresh = new Map<string, T>();
      for (const o of ev.items) fresh.set(keyOf(o), o);
      for (const [k, old] of [...this.objects]) {
        if (!fresh.has(k)) {
          this.remove(k, change);
          if (old.metadata?.uid) this.tomb(old.metadata.uid);
        }
      }
      for (const [k, o] of fresh) this.put(k, o, change);
      return change;
    }
    const o = ev.object;
    const k = keyOf(o);
    const uid = o.metadata?.uid;
    const cur = this.objects.get(k);
    if (ev.type === 'DELETED') {
      if (uid) this.tomb(uid);
      if (cur && (!uid || !cur.metadata?.uid || cur.metadata.uid === uid)) this.remove(k, change);
      return change;
    }
    if (uid && this.tombstones.has(uid)) return change;
    if (ev.type === 'ADDED' && cur && uid && cur.metadata?.uid === uid) return change;
    this.put(k, o, change);
    return change;
  }

  private put(k: string, o: T, change: StoreChange): void {
    const cur = this.objects.get(k);
    if (
      cur &&
      cur.metadata?.uid === o.metadata?.uid &&
      cur.metadata?.resourceVersion !== undefined &&
      cur.metadata.resourceVersion === o.metadata?.resourceVersion
    ) {
      return;
    }
    this.objects.set(k, o);
    change.keys.push(k);
    const oldGroup = this.groupByKey.get(k);
    const group = this.groupOf?.(o);
    if (oldGroup !== undefined) change.groups.push(oldGroup);
    if (oldGroup !== group) {
      if (oldGroup !== undefined) this.unindex(k, oldGroup);
      if (group !== undefined) {
        let s = this.groups.get(group);
        if (!s) this.groups.set(group, (s = new Set()));
        s.add(k);
        this.groupByKey.set(k, group);
        change.groups.push(group);
      }
    }
  }

  private remove(k: string, change: StoreChange): void {
    this.objects.delete(k);
    change.keys.push(k);
    const g = this.groupByKey.get(k);
    if (g !== undefined) {
      this.unindex(k, g);
      change.groups.push(g);
    }
  }

  private unindex(k: string, g: string): void {
    this.groupByKey.delete(k);
    const s = this.groups.get(g);
    if (s) {
      s.delete(k);
      if (!s.size) this.groups.delete(g);
    }
  }

  private tomb(uid: string): void {
    this.tombstones.add(uid);
    if (this.tombstones.size > MAX_TOMBSTONES) {
      // Sets iterate in insertion order: drop the oldest.
      const first = this.tombstones.values().next().value;
      if (first !== undefined) this.tombstones.delete(first);
    }
  }
}
