/**
 * Incremental parsing of multi-document files. The text is split at document markers (`---` at
 * column 0, which YAML forbids inside any content), each document chunk is parsed with parseFile on
 * its own (offsets relative to the chunk), and chunks whose text did not change since the previous
 * version are reused with their checks. A one-character edit in a 2,000-Job file re-parses one Job.
 *
 * When the caller passes the edits that turned the previous text into the new one, the split points
 * and the whole-file line index are updated from the edits (positions after an edit are shifted, only
 * the edited neighbourhood is rescanned) instead of rescanning the whole text; the result is the same
 * as a from-scratch split (unit-tested against it).
 *
 * Files with directives (`%YAML`) are parsed as a single chunk (a directive belongs to the next
 * document, which splitting would break).
 */
import { parseFile, type ParsedFile } from '../yaml/document';
import { isLineStart, lineBreakCount, LineIndex, type Position } from '../yaml/lineIndex';
import type { FileCheck } from './results';

/** Chunks whose parse was dropped and re-made on demand, most recent last (bounded). */
const reparsed: ChunkData[] = [];
const MAX_REPARSED = 4;

/**
 * One document chunk: its text, its parse (the `yaml` Document trees) and its cached checks.
 * The parse can be released once the checks are cached (`release`): a 2,000-Job file then keeps
 * only the checks' problems, and completion/hover/code actions re-parse the one chunk they need
 * (well under a millisecond); the few chunks re-parsed most recently are kept.
 */
export class ChunkData {
  /** Check results keyed by a settings key (see LanguageService). */
  readonly checks = new Map<string, FileCheck>();
  private parsed?: ParsedFile;

  constructor(
    readonly text: string,
    file?: ParsedFile,
  ) {
    this.parsed = file;
  }

  /** The parse of this chunk (re-made on demand after `release`; same result: parsing is pure). */
  get file(): ParsedFile {
    if (this.parsed) return this.parsed;
    const file = parseFile(this.text);
    this.parsed = file;
    reparsed.push(this);
    while (reparsed.length > MAX_REPARSED) {
      const old = reparsed.shift()!;
      if (!reparsed.includes(old)) old.parsed = undefined;
    }
    return file;
  }

  private lineIndex?: LineIndex;
  private breaks?: number;

  /** Line starts of this chunk's own text (positions inside it without the whole file's index). */
  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  /** How many line breaks the chunk's text holds (`\n`, `\r\n` or a lone `\r`), counted once. */
  get lineBreaks(): number {
    return (this.breaks ??= lineBreakCount(this.text));
  }

  /** Whether the parse is currently held. */
  get held(): boolean {
    return this.parsed !== undefined;
  }

  /** Drops the parse (the next `file` re-parses). */
  release(): void {
    if (!reparsed.includes(this)) this.parsed = undefined;
  }
}

export interface Chunk {
  /** Offset of the chunk's first character in the whole file. */
  base: number;
  data: ChunkData;
}

/** One replacement of the previous text: offsets [start, end) of the text before it, replaced by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export class ChunkedFile {
  private lineIndex?: LineIndex;
  /** The line each chunk starts on, when every chunk starts a line (null: use the whole-file index). */
  private baseLinesCache?: number[] | null;

  constructor(
    readonly text: string,
    readonly chunks: readonly Chunk[],
    lineIndex?: LineIndex,
  ) {
    this.lineIndex = lineIndex;
  }

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  /** The line index if it exists already (not built by asking). */
  get linesIfBuilt(): LineIndex | undefined {
    return this.lineIndex;
  }

  /**
   * The line each chunk starts on, from the chunks' own line counts (no scan of the whole text),
   * or null when a chunk starts after a separator that only JavaScript counts as a line break.
   */
  private baseLines(): number[] | null {
    if (this.baseLinesCache !== undefined) return this.baseLinesCache;
    const out: number[] = [];
    let line = 0;
    for (let i = 0; i < this.chunks.length; i++) {
      const c = this.chunks[i]!;
      if (i > 0) {
        // The chunk before ends with a line break (read from its own text: the whole text is not touched).
        const prev = this.chunks[i - 1]!.data.text;
        const last = prev.charCodeAt(prev.length - 1);
        if (last !== 10 && last !== 13) return (this.baseLinesCache = null);
      }
      out.push(line);
      line += c.data.lineBreaks;
    }
    return (this.baseLinesCache = out);
  }

  /** Whether every chunk starts a line (diagnostics of an unchanged chunk can then move by whole lines). */
  get chunksStartLines(): boolean {
    return this.baseLines() !== null;
  }

  /** LSP position of an offset, through the chunk holding it (same result as the whole-file index). */
  positionAt(offset: number): Position {
    const bl = this.baseLines();
    if (!bl) return this.lines.positionAt(offset);
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid]!.base <= offset) lo = mid;
      else hi = mid - 1;
    }
    const c = this.chunks[lo];
    if (!c) return { line: 0, character: offset };
    const p = c.data.lines.positionAt(offset - c.base);
    return { line: bl[lo]! + p.line, character: p.character };
  }

  /** Offset of an LSP position, through the chunk holding its line (same result as the whole-file index). */
  offsetAt(pos: Position): number {
    const bl = this.baseLines();
    if (!bl || !this.chunks.length) return this.lines.offsetAt(pos);
    if (pos.line < 0) return 0;
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bl[mid]! <= pos.line) lo = mid;
      else hi = mid - 1;
    }
    const c = this.chunks[lo]!;
    return c.base + c.data.lines.offsetAt({ line: pos.line - bl[lo]!, character: pos.character });
  }

  /** The chunk containing an offset (the last one starting at or before it). */
  chunkAt(offset: number): Chunk | undefined {
    let lo = 0;
    let hi = this.chunks.length - 1;
    if (hi < 0) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid].base <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.chunks[lo];
  }
}

const MARKER = /^---(?=[ \t\r\n]|$)/gm;

/** Chunk boundaries: 0 and the start of every `---` line. */
export function splitPoints(text: string): number[] {
  const points = [0];
  if (/^%/m.test(text)) return points;
  MARKER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MARKER.exec(text))) if (m.index > 0) points.push(m.index);
  return points;
}

/** A line terminator as the `m` flag of the regexes above sees it. */
function isTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

function afterTerminator(text: string, i: number): boolean {
  return i === 0 || isTerminator(text.charCodeAt(i - 1));
}

/** Same test as MARKER at offset i (i > 0). */
function isMarkerAt(text: string, i: number): boolean {
  if (i <= 0 || i + 3 > text.length) return false;
  if (text.charCodeAt(i) !== 45 || text.charCodeAt(i + 1) !== 45 || text.charCodeAt(i + 2) !== 45) return false;
  if (!afterTerminator(text, i)) return false;
  if (i + 3 === text.length) return true;
  const c = text.charCodeAt(i + 3);
  return c === 32 || c === 9 || isTerminator(c);
}

function isDirectiveAt(text: string, i: number): boolean {
  return text.charCodeAt(i) === 37 /* % */ && afterTerminator(text, i);
}

/**
 * Updates a sorted set of positions of the previous text for `edits` (applied in order), where
 * whether a position belongs to the set depends only on the characters [x - before, x + after] of
 * the text. Positions away from every edit are kept (shifted); the neighbourhood of each edit is
 * rescanned in the new text with `test`. Returns the new sorted positions.
 */
export function updatePositions(
  positions: readonly number[],
  edits: readonly TextEdit[],
  text: string,
  before: number,
  after: number,
  test: (text: string, i: number) => boolean,
): number[] {
  if (edits.length === 1) return updatePositionsOne(positions, edits[0]!, text, before, after, test);
  let pos: number[] = positions as number[];
  // Dirty intervals [lo, hi] (inclusive, in the current coordinates) to rescan.
  let dirty: [number, number][] = [];
  for (const e of edits) {
    const delta = e.text.length - (e.end - e.start);
    const dropLo = e.start - 1 - after; // positions >= dropLo and <= dropHi may change
    const dropHi = e.end + before;
    const next: number[] = [];
    for (const x of pos) {
      if (x < dropLo) next.push(x);
      else if (x > dropHi) next.push(x + delta);
    }
    pos = next;
    const map = (x: number, right: boolean) => (x < e.start ? x : x >= e.end ? x + delta : right ? e.start + e.text.length : e.start);
    dirty = dirty.map(([lo, hi]) => [map(lo, false), map(hi, true)]);
    dirty.push([dropLo, e.start + e.text.length + before]);
  }
  if (!dirty.length) return pos.slice();
  dirty.sort((a, b) => a[0] - b[0]);
  const found: number[] = [];
  let scannedTo = -1;
  for (const [lo0, hi0] of dirty) {
    const lo = Math.max(lo0, scannedTo + 1, 0);
    const hi = Math.min(hi0, text.length);
    for (let i = lo; i <= hi; i++) if (test(text, i)) found.push(i);
    scannedTo = Math.max(scannedTo, hi);
  }
  // Merge kept positions (outside every dirty interval) with the rescanned ones.
  const inDirty = (x: number) => dirty.some(([lo, hi]) => x >= lo && x <= hi);
  const out: number[] = [];
  let j = 0;
  for (const x of pos) {
    if (inDirty(x)) continue;
    while (j < found.length && found[j] < x) out.push(found[j++]);
    if (j < found.length && found[j] === x) j++;
    out.push(x);
  }
  while (j < found.length) out.push(found[j++]);
  return out;
}

/**
 * updatePositions for a single edit (typing): the positions before the edit's neighbourhood are
 * copied, the neighbourhood is rescanned, the positions after it are shifted, in one pass without
 * intermediate arrays (a 100,000-line file's line starts are updated on every keystroke).
 */
function updatePositionsOne(positions: readonly number[], e: TextEdit, text: string, before: number, after: number, test: (text: string, i: number) => boolean): number[] {
  const delta = e.text.length - (e.end - e.start);
  const dropLo = e.start - 1 - after;
  const dropHi = e.end + before;
  const firstAtOrAbove = (x: number) => {
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (positions[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const i0 = firstAtOrAbove(dropLo);
  const i1 = firstAtOrAbove(dropHi + 1);
  const out = positions.slice(0, i0);
  const hi = Math.min(e.start + e.text.length + before, text.length);
  for (let i = Math.max(dropLo, 0); i <= hi; i++) if (test(text, i)) out.push(i);
  for (let i = i1; i < positions.length; i++) out.push(positions[i]! + delta);
  return out;
}

/** V8 keeps a slice of a big string alive through the big string; a re-parsed chunk gets its own copy. */
function ownCopy(s: string): string {
  return s.length < 64 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

interface State {
  text: string;
  /** Chunk start offsets (points[0] = 0). */
  points: number[];
  directive: boolean;
  chunks: Chunk[];
}

/** Keeps the previous version's chunks to reuse unchanged ones. One per open document. */
export class IncrementalParser {
  private state?: State;
  private lastFile?: ChunkedFile;

  /**
   * Parses `text`. `edits`, when given, turned the previously parsed text into `text` (applied in
   * order, each in the coordinates of the text after the previous one); without them (or without a
   * previous text) the text is split from scratch.
   */
  parse(text: string, edits?: readonly TextEdit[]): ChunkedFile {
    const prev = this.state;
    if (edits && prev && !prev.directive && consistent(prev.text, text, edits)) return this.parseEdited(prev, text, edits);
    return this.parseFull(text);
  }

  private parseFull(text: string): ChunkedFile {
    const points = splitPoints(text);
    // Reuse the previous version's chunks whose text is unchanged.
    const previous = new Map<string, ChunkData>();
    for (const c of this.state?.chunks ?? []) previous.set(c.data.text, c.data);
    const next = new Map<string, ChunkData>();
    const chunks: Chunk[] = [];
    for (let i = 0; i < points.length; i++) {
      const base = points[i];
      const t = text.slice(base, i + 1 < points.length ? points[i + 1] : text.length);
      let data = next.get(t) ?? previous.get(t);
      if (!data) data = new ChunkData(t);
      next.set(t, data);
      chunks.push({ base, data });
    }
    const file = new ChunkedFile(text, chunks);
    this.state = { text, points, directive: points.length === 1 && /^%/m.test(text), chunks };
    this.lastFile = file;
    return file;
  }

  private parseEdited(prev: State, text: string, edits: readonly TextEdit[]): ChunkedFile {
    // A new `%` directive line anywhere near an edit switches to one chunk (from scratch).
    const directives = updatePositions([], edits, text, 1, 0, isDirectiveAt);
    if (directives.length) return this.parseFull(text);
    // Point 0 is not a marker: strip it, update the markers, put it back.
    const markers = updatePositions(prev.points.slice(1), edits, text, 1, 3, isMarkerAt);
    const points = [0, ...markers.filter((p) => p > 0)];
    // Old chunks untouched by every edit keep their data (shifted).
    let old = prev.chunks.map((c, i) => ({ base: c.base, end: i + 1 < prev.chunks.length ? prev.chunks[i + 1].base : prev.text.length, data: c.data as ChunkData | undefined }));
    for (const e of edits) {
      const delta = e.text.length - (e.end - e.start);
      for (const c of old) {
        if (!c.data) continue;
        if (e.start <= c.end && e.end >= c.base) c.data = undefined;
        else if (c.base >= e.end) {
          c.base += delta;
          c.end += delta;
        }
      }
    }
    old = old.filter((c) => c.data);
    const chunks: Chunk[] = [];
    let j = 0;
    for (let i = 0; i < points.length; i++) {
      const base = points[i];
      const end = i + 1 < points.length ? points[i + 1] : text.length;
      while (j < old.length && old[j].base < base) j++;
      let data: ChunkData;
      if (j < old.length && old[j].base === base && old[j].end === end) data = old[j].data!;
      else {
        const t = ownCopy(text.slice(base, end));
        data = new ChunkData(t);
      }
      chunks.push({ base, data });
    }
    const prevLines = this.lastFile?.linesIfBuilt;
    const lines = prevLines?.computed ? new LineIndex(text, [0, ...updatePositions(prevLines.starts.slice(1), edits, text, 1, 0, isLineStart)]) : undefined;
    const file = new ChunkedFile(text, chunks, lines);
    this.state = { text, points, directive: false, chunks };
    this.lastFile = file;
    return file;
  }
}

/** The edits' lengths add up to the new text (guards against a caller passing stale edits). */
function consistent(prevText: string, text: string, edits: readonly TextEdit[]): boolean {
  let len = prevText.length;
  for (const e of edits) {
    if (e.start < 0 || e.end < e.start || e.end > len) return false;
    len += e.text.length - (e.end - e.start);
  }
  return len === text.length;
}

/** Parses a whole text into chunks without keeping state (the CLI). */
export function parseChunked(text: string): ChunkedFile {
  return new IncrementalParser().parse(text);
}
