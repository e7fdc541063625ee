/**
 * Incremental parsing of multi-document files. The text is split at document markers (`---` at
 * column 0, which YAML forbids inside any content), each document chunk is parsed with parseFile on
 * its own (offsets relative to the chunk), and chunks whose text did not change since the previous
 * version are reused with their checks. A one-character edit in a 2,000-Job file re-parses one Job.
 *
 * Files with directives (`%YAML`) are parsed as a single chunk (a directive belongs to the next
 * document, which splitting would break).
 */
import { parseFile, type ParsedFile } from './yaml/document';
import { LineIndex } from './yaml/lineIndex';
import type { FileCheck } from './check';

export interface ChunkData {
  text: string;
  file: ParsedFile;
  /** Check results keyed by a settings key (see LanguageService). */
  checks: Map<string, FileCheck>;
}

export interface Chunk {
  /** Offset of the chunk's first character in the whole file. */
  base: number;
  data: ChunkData;
}

export class ChunkedFile {
  private lineIndex?: LineIndex;

  constructor(
    readonly text: string,
    readonly chunks: readonly Chunk[],
  ) {}

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
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

/** Keeps the previous version's chunks to reuse unchanged ones. One per open document. */
export class IncrementalParser {
  private previous = new Map<string, ChunkData>();

  parse(text: string): ChunkedFile {
    const points = splitPoints(text);
    const next = new Map<string, ChunkData>();
    const chunks: Chunk[] = [];
    for (let i = 0; i < points.length; i++) {
      const base = points[i];
      const t = text.slice(base, i + 1 < points.length ? points[i + 1] : text.length);
      let data = next.get(t) ?? this.previous.get(t);
      if (!data) data = { text: t, file: parseFile(t), checks: new Map() };
      next.set(t, data);
      chunks.push({ base, data });
    }
    this.previous = next;
    return new ChunkedFile(text, chunks);
  }
}

/** Parses a whole text into chunks without keeping state (the CLI). */
export function parseChunked(text: string): ChunkedFile {
  return new IncrementalParser().parse(text);
}
