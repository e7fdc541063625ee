/** Offset <-> (line, character) conversion over UTF-16 offsets. 0-based lines and characters. */
export interface Position {
  line: number;
  character: number;
}

/** Whether `offset` starts a line: after `\n`, or after a `\r` not followed by `\n`. */
export function isLineStart(text: string, offset: number): boolean {
  if (offset <= 0 || offset > text.length) return false;
  const c = text.charCodeAt(offset - 1);
  return c === 10 /* \n */ || (c === 13 /* \r */ && text.charCodeAt(offset) !== 10);
}

/** How many line breaks `text` holds (the breaks isLineStart counts: `\n`, `\r\n`, a lone `\r`). */
export function lineBreakCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */ || (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

function scanStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) starts.push(i + 1);
    else if (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

export class LineIndex {
  /** Line start offsets, computed on first use unless given. */
  private startsCache?: number[];

  constructor(
    private readonly text: string,
    starts?: number[],
  ) {
    this.startsCache = starts;
  }

  /** The text this index is over. */
  get source(): string {
    return this.text;
  }

  /** Line start offsets (always begins with 0). Do not mutate. */
  get starts(): readonly number[] {
    return (this.startsCache ??= scanStarts(this.text));
  }

  /** Whether the line starts have been computed (used to update them incrementally). */
  get computed(): boolean {
    return this.startsCache !== undefined;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    const starts = this.starts;
    return starts[Math.max(0, Math.min(line, starts.length - 1))];
  }

  /** End of a line's content, before its line break. */
  lineEnd(line: number): number {
    const starts = this.starts;
    if (line + 1 >= starts.length) return this.text.length;
    let end = starts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  positionAt(offset: number): Position {
    const starts = this.starts;
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  }

  offsetAt(pos: Position): number {
    const starts = this.starts;
    if (pos.line >= starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    return Math.min(starts[pos.line] + Math.max(0, pos.character), this.lineEnd(pos.line));
  }
}
