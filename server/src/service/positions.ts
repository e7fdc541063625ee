/** The one place offsets become LSP positions and ranges (and back). */
import type { Position, Range } from 'vscode-languageserver';
import type { LineIndex } from '../../../core/yaml/lineIndex';

export function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(Math.max(start, end)) };
}

export function toOffset(lines: LineIndex, pos: Position): number {
  return lines.offsetAt(pos);
}
