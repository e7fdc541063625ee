/** A binary min-heap ordered by (time, sequence): the simulator's event queue. */
export interface HeapItem {
  t: number;
  seq: number;
}

export class EventHeap<T extends HeapItem> {
  private a: T[] = [];

  get size(): number {
    return this.a.length;
  }

  push(x: T): void {
    const a = this.a;
    // Sift up with a hole: parents move down until x's place is found.
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p];
      if (less(parent, x)) break;
      a[i] = parent;
      i = p;
    }
    a[i] = x;
  }

  peek(): T | undefined {
    return this.a[0];
  }

  pop(): T | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    const n = a.length;
    if (n) {
      // Sift down with a hole: smaller children move up until last's place is found.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && less(a[r], a[l]) ? r : l;
        if (!less(a[m], last)) break;
        a[i] = a[m];
        i = m;
      }
      a[i] = last;
    }
    return top;
  }
}

function less(x: HeapItem, y: HeapItem): boolean {
  return x.t < y.t || (x.t === y.t && x.seq < y.seq);
}
