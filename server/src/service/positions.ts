/** The one place offsets become LSP positions and ranges (and back). */
import type { Position, Range } from 'vscode-languageserver';
import type { Position as Pos } from '../../../core/yaml/lineIndex';

/** Offset <-> position conversion: a LineIndex, or a ChunkedFile (through its chunks). */
export interface Positions {
  positionAt(offset: number): Pos;
  offsetAt(pos: Pos): number;
}

export function toRange(lines: Positions, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(Math.max(start, end)) };
}

export function toOffset(lines: Positions, pos: Position): number {
  return lines.offsetAt(pos);
}
