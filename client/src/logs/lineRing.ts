/** A bounded line buffer for endless logs: keeps the newest `max` lines and counts what it dropped. */
export class LineRing {
  private buf: string[] = [];
  private start = 0;
  dropped = 0;
  /** Total lines ever pushed. */
  total = 0;

  constructor(readonly max: number) {}

  push(lines: string[]): void {
    for (const l of lines) {
      this.total++;
      if (this.buf.length < this.max) this.buf.push(l);
      else {
        this.buf[this.start] = l;
        this.start = (this.start + 1) % this.max;
        this.dropped++;
      }
    }
  }

  get length(): number {
    return this.buf.length;
  }

  toArray(): string[] {
    return this.start === 0 ? [...this.buf] : [...this.buf.slice(this.start), ...this.buf.slice(0, this.start)];
  }

  /** The text with a note about dropped lines first. */
  text(): string {
    const head = this.dropped ? [`… ${this.dropped} earlier line${this.dropped === 1 ? '' : 's'} dropped (kjob.logs.maxLines = ${this.max})`] : [];
    return [...head, ...this.toArray()].join('\n') + (this.buf.length ? '\n' : '');
  }
}
