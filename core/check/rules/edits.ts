/**
 * Pure text-edit helpers for quick fixes: insert a key into a YAML map (block or flow) at the file's
 * indentation, replace a scalar, remove a sequence item. Edits are offset-based TextEdits.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ParsedDoc, ParsedFile } from '../../yaml/document';
import type { FieldPath } from '../../yaml/fieldPath';
import type { TextEdit } from './types';

function lineStart(text: string, offset: number): number {
  const i = text.lastIndexOf('\n', offset - 1);
  return i < 0 ? 0 : i + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
}

/** Indentation step of the document: column difference between a block map key and its parent's. */
export function indentUnit(text: string, pdoc: ParsedDoc): number {
  let found = 0;
  const visit = (node: unknown, parentCol: number | undefined, depth: number): void => {
    if (found || depth > 50) return;
    if (isMap(node) && !node.flow) {
      const first = node.items[0];
      const k = first && (first.key as Node | undefined);
      if (k?.range) {
        const col = column(text, k.range[0]);
        if (parentCol !== undefined && col > parentCol) {
          found = col - parentCol;
          return;
        }
        for (const p of node.items) visit(p.value, col, depth + 1);
      }
    } else if (isSeq(node) && !node.flow) {
      for (const it of node.items) {
        // a map inside a "- " item: its keys sit 2 to the right of the dash; compare with the dash's parent
        visit(it, parentCol, depth + 1);
      }
    }
  };
  visit(pdoc.doc.contents, undefined, 0);
  return found > 0 && found <= 8 ? found : 2;
}

function nodeAt(pdoc: ParsedDoc, path: FieldPath): unknown {
  let node: unknown = pdoc.doc.contents;
  for (const seg of path) {
    if (typeof seg === 'number') node = isSeq(node) ? node.items[seg] : undefined;
    else {
      const key = typeof seg === 'string' ? seg : seg.key;
      node = isMap(node) ? pairOf(node, key)?.value : undefined;
    }
    if (node === undefined || node === null) return node;
  }
  return node;
}

/** Block text for `key: value` nested under `keys`, each level indented by `unit`, first line unindented. */
function nestedText(keys: string[], valueText: string, baseIndent: number, unit: number): string {
  let out = '';
  keys.forEach((k, i) => {
    const ind = ' '.repeat(baseIndent + i * unit);
    const last = i === keys.length - 1;
    out += (i === 0 ? '' : '\n' + ind) + k + ':' + (last ? ' ' + valueText : '');
  });
  return out;
}

/**
 * An edit that sets `key: valueText` in the map at `mapPath` (document-absolute), creating missing
 * intermediate maps. Inserted as the map's first key so it works inside `- ` items as well.
 */
export function insertKeyEdit(file: ParsedFile, pdoc: ParsedDoc, mapPath: FieldPath, key: string, valueText: string): TextEdit | undefined {
  const text = file.text;
  const unit = indentUnit(text, pdoc);
  // deepest existing map along the path
  let depth = mapPath.length;
  let node: unknown;
  for (; depth >= 0; depth--) {
    node = nodeAt(pdoc, mapPath.slice(0, depth));
    if (isMap(node)) break;
    if (depth === 0) return undefined;
  }
  const missing = mapPath.slice(depth).map((s) => (typeof s === 'string' ? s : typeof s === 'number' ? null : s.key));
  if (missing.some((s) => s === null)) return undefined;
  const keys = [...(missing as string[]), key];
  const map = node as YAMLMap;
  if (map.flow) {
    if (keys.length > 1) {
      // nested flow: {a: {b: v}}
      let inner = `${key}: ${valueText}`;
      for (let i = keys.length - 2; i >= 0; i--) inner = `${keys[i]}: {${inner}}`;
      return flowInsert(text, map, inner);
    }
    return flowInsert(text, map, `${key}: ${valueText}`);
  }
  const first = map.items[0];
  const firstKey = first?.key as Node | undefined;
  if (firstKey?.range) {
    const col = column(text, firstKey.range[0]);
    const body = nestedText(keys, valueText, col, unit);
    return { start: firstKey.range[0], end: firstKey.range[0], newText: body + '\n' + ' '.repeat(col) };
  }
  return undefined;
}

function flowInsert(text: string, map: YAMLMap, entry: string): TextEdit | undefined {
  const r = map.range;
  if (!r) return undefined;
  const close = text.lastIndexOf('}', r[1]);
  if (close < r[0]) return undefined;
  const empty = map.items.length === 0;
  // place before trailing whitespace preceding '}'
  let pos = close;
  while (pos > r[0] + 1 && /\s/.test(text[pos - 1]!)) pos--;
  return { start: pos, end: pos, newText: empty ? entry : `, ${entry}` };
}

/** An edit that sets the value at `path` (document-absolute): replaces the node, or inserts the key. */
export function setValueEdit(file: ParsedFile, pdoc: ParsedDoc, path: FieldPath, valueText: string): TextEdit | undefined {
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  const parent = nodeAt(pdoc, parentPath);
  if (isMap(parent)) {
    const pair = pairOf(parent, last);
    if (pair) {
      const v = pair.value as Node | null;
      if (v && v.range && v.range[1] > v.range[0] && (isScalar(v) || (v as { flow?: boolean }).flow)) {
        return { start: v.range[0], end: v.range[1], newText: valueText };
      }
      const k = pair.key as Node;
      if (!v || (isScalar(v) && (v.range?.[1] ?? 0) <= (v.range?.[0] ?? 0))) {
        // `key:` with no value
        const after = lineEnd(file.text, k.range![1]);
        const colon = file.text.indexOf(':', k.range![1]);
        const pos = colon >= 0 && colon < after ? colon + 1 : after;
        return { start: pos, end: after, newText: ' ' + valueText };
      }
      return undefined;
    }
  }
  return insertKeyEdit(file, pdoc, parentPath, last, valueText);
}

/** Replaces the scalar at `path` with `valueText`. */
export function replaceScalarEdit(pdoc: ParsedDoc, path: FieldPath, valueText: string): TextEdit | undefined {
  const n = nodeAt(pdoc, path) as Node | undefined;
  if (!n || !isScalar(n) || !n.range) return undefined;
  return { start: n.range[0], end: n.range[1], newText: valueText };
}

/** Removes item `index` of the sequence at `seqPath` (whole lines for block sequences). */
export function removeSeqItemEdit(file: ParsedFile, pdoc: ParsedDoc, seqPath: FieldPath, index: number): TextEdit | undefined {
  const seq = nodeAt(pdoc, seqPath);
  if (!isSeq(seq)) return undefined;
  const item = seq.items[index] as Node | undefined;
  if (!item?.range) return undefined;
  const text = file.text;
  if (seq.flow) {
    const nextItem = seq.items[index + 1] as Node | undefined;
    const prevItem = seq.items[index - 1] as Node | undefined;
    if (nextItem?.range) return { start: item.range[0], end: nextItem.range[0], newText: '' };
    if (prevItem?.range) return { start: prevItem.range[1], end: item.range[1], newText: '' };
    return { start: item.range[0], end: item.range[1], newText: '' };
  }
  const dash = text.lastIndexOf('-', item.range[0]);
  const start = lineStart(text, dash);
  const nextItem = seq.items[index + 1] as Node | undefined;
  let end: number;
  if (nextItem?.range) {
    const nextDash = text.lastIndexOf('-', nextItem.range[0]);
    end = lineStart(text, nextDash);
  } else {
    end = lineEnd(text, Math.max(item.range[1] - 1, item.range[0]));
    if (text[end] === '\n') end++;
  }
  if (seq.items.length === 1) {
    // the sequence would become empty: leave an explicit empty list after the key
    return { start: lineStart(text, dash) - 1 >= 0 ? start - 1 : start, end: end > start ? end - 1 : end, newText: ' []' };
  }
  return { start, end, newText: '' };
}

/** Applies non-overlapping edits to a text (for tests and the CLI). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Removes the key at `path` (document-absolute) from its map: whole lines in block maps. */
export function removeKeyEdit(file: ParsedFile, pdoc: ParsedDoc, path: FieldPath): TextEdit | undefined {
  const last = path[path.length - 1];
  const key = typeof last === 'string' ? last : typeof last === 'object' && last !== null ? last.key : undefined;
  if (key === undefined) return undefined;
  const map = nodeAt(pdoc, path.slice(0, -1));
  if (!isMap(map)) return undefined;
  const idx = map.items.findIndex((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  if (idx < 0) return undefined;
  const pair = map.items[idx]!;
  const k = pair.key as Node;
  const v = pair.value as Node | null;
  const text = file.text;
  if (!k.range) return undefined;
  if (map.flow) {
    const next = map.items[idx + 1]?.key as Node | undefined;
    const prev = map.items[idx - 1];
    const prevEnd = (prev?.value as Node | null)?.range?.[1] ?? (prev?.key as Node | undefined)?.range?.[1];
    const end = v?.range ? v.range[1] : k.range[1];
    if (next?.range) return { start: k.range[0], end: next.range[0], newText: '' };
    if (prevEnd !== undefined) return { start: prevEnd, end, newText: '' };
    return { start: k.range[0], end, newText: '' };
  }
  const start = lineStart(text, k.range[0]);
  if (map.items.length === 1) {
    // the map would become empty: leave an explicit {} after its parent's key ("labels: {}")
    const valueEnd = v?.range ? v.range[1] : k.range[1];
    const end = lineEnd(text, Math.max(valueEnd - 1, k.range[1]));
    const before = text.slice(lineStart(text, start - 1), start - 1);
    if (start === 0 || text.slice(start, k.range[0]).trim() !== '' || !/:\s*$/.test(before)) return undefined;
    return { start: start - 1, end, newText: ' {}' };
  }
  const next = map.items[idx + 1]?.key as Node | undefined;
  let end: number;
  if (next?.range) end = lineStart(text, next.range[0]);
  else {
    const valueEnd = v?.range ? v.range[1] : k.range[1];
    end = lineEnd(text, Math.max(valueEnd - 1, k.range[1]));
    if (text[end] === '\n') end++;
  }
  // a key that is the first entry of a "- " item keeps the dash: only remove from the key on
  if (text.slice(start, k.range[0]).trim() !== '') return undefined;
  return { start, end, newText: '' };
}
