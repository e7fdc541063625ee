/**
 * Completion-index sets in the Job API's compact interval format (`status.completedIndexes`,
 * `status.failedIndexes`, `spec.successPolicy.rules[].succeededIndexes`), e.g. "1,3-5,7".
 *
 * Format (as the Job controller writes it): ascending, comma separated; a run of three or more
 * consecutive indexes is written `first-last`, a run of two as `a,b`.
 * Parsing (as the Job controller reads it): items are `N` or `N-M`; an item that does not parse is
 * skipped; an item starting at or beyond `completions` ends parsing; an end beyond it is clamped to
 * `completions - 1`; touching items are merged.
 *
 * `IndexSet` keeps sorted, disjoint, non-adjacent intervals so that 100,000-index Jobs stay cheap:
 * add/has are O(log n) in the number of intervals.
 */

export interface Interval {
  first: number;
  last: number;
}

export class IndexSet {
  /** Sorted, disjoint, non-touching intervals. */
  private iv: Interval[] = [];
  private count = 0;

  static from(indexes: Iterable<number>): IndexSet {
    const s = new IndexSet();
    for (const i of indexes) s.add(i);
    return s;
  }

  /** Parses the interval format; see the module comment for the tolerant rules. */
  static parse(text: string | null | undefined, completions = Number.MAX_SAFE_INTEGER): IndexSet {
    const s = new IndexSet();
    for (const r of parseIndexRanges(text, completions)) s.addRange(r.first, r.last);
    return s;
  }

  get size(): number {
    return this.count;
  }

  intervals(): readonly Interval[] {
    return this.iv;
  }

  clone(): IndexSet {
    const s = new IndexSet();
    s.iv = this.iv.map((r) => ({ ...r }));
    s.count = this.count;
    return s;
  }

  /** Index of the interval containing i, or -(insertion point) - 1. */
  private find(i: number): number {
    let lo = 0;
    let hi = this.iv.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.iv[mid];
      if (i < r.first) hi = mid - 1;
      else if (i > r.last) lo = mid + 1;
      else return mid;
    }
    return -lo - 1;
  }

  has(i: number): boolean {
    return this.find(i) >= 0;
  }

  /** Adds one index; returns true when it was not present. */
  add(i: number): boolean {
    const f = this.find(i);
    if (f >= 0) return false;
    const at = -f - 1;
    const prev = at > 0 ? this.iv[at - 1] : undefined;
    const next = at < this.iv.length ? this.iv[at] : undefined;
    const joinPrev = prev !== undefined && prev.last === i - 1;
    const joinNext = next !== undefined && next.first === i + 1;
    if (joinPrev && joinNext) {
      prev.last = next.last;
      this.iv.splice(at, 1);
    } else if (joinPrev) prev.last = i;
    else if (joinNext) next.first = i;
    else this.iv.splice(at, 0, { first: i, last: i });
    this.count++;
    return true;
  }

  addRange(first: number, last: number): void {
    if (last < first) return;
    if (last - first < 64) {
      for (let i = first; i <= last; i++) this.add(i);
      return;
    }
    // Merge a whole range: drop every interval touching [first-1, last+1].
    const out: Interval[] = [];
    let nf = first;
    let nl = last;
    let inserted = false;
    for (const r of this.iv) {
      if (r.last < nf - 1) out.push(r);
      else if (r.first > nl + 1) {
        if (!inserted) {
          out.push({ first: nf, last: nl });
          inserted = true;
        }
        out.push(r);
      } else {
        nf = Math.min(nf, r.first);
        nl = Math.max(nl, r.last);
      }
    }
    if (!inserted) out.push({ first: nf, last: nl });
    this.iv = out;
    this.count = out.reduce((n, r) => n + r.last - r.first + 1, 0);
  }

  addAll(other: IndexSet): void {
    for (const r of other.iv) this.addRange(r.first, r.last);
  }

  /** Removes one index; returns true when it was present. */
  delete(i: number): boolean {
    const f = this.find(i);
    if (f < 0) return false;
    const r = this.iv[f];
    if (r.first === r.last) this.iv.splice(f, 1);
    else if (i === r.first) r.first++;
    else if (i === r.last) r.last--;
    else {
      this.iv.splice(f + 1, 0, { first: i + 1, last: r.last });
      r.last = i - 1;
    }
    this.count--;
    return true;
  }

  /** Keeps only indexes < limit (used when completions shrink). */
  truncate(limit: number): void {
    const n = this.iv.length;
    if (n === 0 || this.iv[n - 1].last < limit) return; // nothing at or above limit
    const out: Interval[] = [];
    for (const r of this.iv) {
      if (r.first >= limit) break;
      out.push({ first: r.first, last: Math.min(r.last, limit - 1) });
    }
    this.iv = out;
    this.count = out.reduce((n, r) => n + r.last - r.first + 1, 0);
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (const r of this.iv) for (let i = r.first; i <= r.last; i++) yield i;
  }

  toArray(): number[] {
    return [...this];
  }

  /** The smallest index >= from that is not in the set. */
  nextAbsent(from: number): number {
    const f = this.find(from);
    return f >= 0 ? this.iv[f].last + 1 : from;
  }

  /** The smallest index >= from that is in the set (Infinity when there is none). */
  nextPresent(from: number): number {
    const f = this.find(from);
    if (f >= 0) return from;
    const at = -f - 1;
    return at < this.iv.length ? this.iv[at].first : Infinity;
  }

  /** The compact interval string ("" when empty). */
  toString(): string {
    return formatIntervals(this.iv);
  }
}

/** Tolerant parse into merged intervals (see module comment). */
export function parseIndexRanges(text: string | null | undefined, completions = Number.MAX_SAFE_INTEGER): Interval[] {
  const out: Interval[] = [];
  if (!text) return out;
  for (const item of text.split(',')) {
    const parts = item.split('-');
    const first = parseDecimal(parts[0]);
    if (first === undefined) continue;
    if (first >= completions) break;
    let last = first;
    if (parts.length > 1) {
      const l = parseDecimal(parts[1]);
      if (l === undefined) continue;
      last = Math.min(l, completions - 1);
    }
    const prev = out[out.length - 1];
    if (prev && prev.last === first - 1) prev.last = last;
    else out.push({ first, last });
  }
  return out;
}

/** Integer as Go's strconv.Atoi reads it (optional sign, decimal digits only). */
function parseDecimal(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Formats sorted, disjoint intervals: runs of 3+ as `a-b`, runs of 2 as `a,b`. */
export function formatIntervals(iv: readonly Interval[]): string {
  const parts: string[] = [];
  for (const r of iv) {
    if (r.last === r.first) parts.push(String(r.first));
    else if (r.last === r.first + 1) parts.push(`${r.first},${r.last}`);
    else parts.push(`${r.first}-${r.last}`);
  }
  return parts.join(',');
}

/** Formats any collection of indexes (duplicates and order do not matter). */
export function formatIndexes(indexes: Iterable<number>): string {
  return IndexSet.from(indexes).toString();
}

/** Parses to a sorted list of indexes (small sets only). */
export function parseIndexes(text: string | null | undefined, completions?: number): number[] {
  return IndexSet.parse(text, completions).toArray();
}
