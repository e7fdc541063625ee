/**
 * Text -> multi-document YAML model with exact node ranges (wraps the `yaml` package).
 * One `ParsedFile` per document version is shared by every feature (diagnostics, completion,
 * hover, code actions, simulate).
 */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import type { Problem } from '../check/problem';
import { formatPath, type FieldPath } from './fieldPath';
import { LineIndex } from './lineIndex';
import { fastParseDocument, YAML_OPTIONS } from './fastParse';

export type JobKind = 'Job' | 'CronJob';

export interface ParsedDoc {
  /** 0-based position of the document in the file. */
  index: number;
  /** Offsets of the document's own text, `---` excluded. */
  start: number;
  end: number;
  doc: Document.Parsed;
  apiVersion?: string;
  kind?: string;
  /** Set when the document is a batch/v1 Job or CronJob: the only documents kjob acts on. */
  target?: JobKind;
  /** YAML syntax errors and warnings of this document. */
  syntaxProblems: Problem[];
}

export interface ParsedFile {
  text: string;
  lines: LineIndex;
  docs: ParsedDoc[];
}

/** Bound alias expansion: a "billion laughs" document must not hang or exhaust memory. */
export const MAX_ALIAS_COUNT = 1000;

export interface ParseOptions {
  /** Use the fast path for plain block-style documents (default true; false: always `yaml`'s full parse). */
  fast?: boolean;
}

export function parseFile(text: string, opts: ParseOptions = {}): ParsedFile {
  const lines = new LineIndex(text);
  let raw: Document.Parsed[] | undefined;
  if (opts.fast !== false) {
    const d = fastParseDocument(text);
    if (d) raw = [d];
  }
  if (!raw) {
    try {
      const parsed = parseAllDocuments(text, YAML_OPTIONS);
      raw = Array.isArray(parsed) ? parsed : [];
    } catch {
      raw = [];
    }
  }
  const docs = raw.map((doc, index) => toParsedDoc(doc, index, text));
  return { text, lines, docs };
}

function toParsedDoc(doc: Document.Parsed, index: number, text: string): ParsedDoc {
  const [start, , end] = doc.range;
  const syntaxProblems: Problem[] = [];
  for (const e of doc.errors) {
    syntaxProblems.push({
      start: e.pos[0],
      end: Math.max(e.pos[1], e.pos[0] + 1),
      severity: 'error',
      code: 'yaml-syntax',
      path: null,
      message: cleanYamlMessage(e.message),
    });
  }
  for (const w of doc.warnings) {
    syntaxProblems.push({
      start: w.pos[0],
      end: Math.max(w.pos[1], w.pos[0] + 1),
      severity: 'warning',
      code: 'yaml-warning',
      path: null,
      message: cleanYamlMessage(w.message),
    });
  }
  const out: ParsedDoc = { index, start, end: Math.min(end, text.length), doc, syntaxProblems };
  const root = doc.contents;
  if (isMap(root)) {
    const apiVersion = scalarString(root.get('apiVersion', true));
    const kind = scalarString(root.get('kind', true));
    if (apiVersion !== undefined) out.apiVersion = apiVersion;
    if (kind !== undefined) out.kind = kind;
    if (apiVersion === 'batch/v1' && (kind === 'Job' || kind === 'CronJob')) out.target = kind;
  }
  return out;
}

function cleanYamlMessage(m: string): string {
  // The `yaml` package appends " at line X, column Y" and a code frame; the editor shows positions.
  const msg = m.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
  // `yaml` reports its own stack overflow on very deep nesting as an error at the depth it reached.
  if (msg === 'Maximum call stack size exceeded') return 'The YAML is nested too deeply to read (thousands of levels): the content from here on is ignored.';
  return msg;
}

function scalarString(n: unknown): string | undefined {
  return isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
}

/** The document containing an offset (documents are in text order). */
export function docAt(file: ParsedFile, offset: number): ParsedDoc | undefined {
  for (const d of file.docs) if (offset >= d.start && offset <= d.end) return d;
  return undefined;
}

export interface Located {
  /** The value node at the path, when present. */
  node?: Node;
  /** The key node of the pair holding the value, when the path ends at a map field. */
  key?: Node;
  start: number;
  end: number;
  /** True when the path exists; false when the range is the nearest existing parent's key. */
  exact: boolean;
}

/**
 * Finds the range a problem at `path` should underline: the value when it exists, else the key of
 * the nearest existing parent (or the document start).
 */
export function locate(pdoc: ParsedDoc, path: FieldPath): Located {
  let node: unknown = pdoc.doc.contents;
  let lastKey: Node | undefined;
  let lastPair: Pair | undefined;
  let fallback: { start: number; end: number } = rootRange(pdoc);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    let next: unknown;
    let keyNode: Node | undefined;
    let pair: Pair | undefined;
    if (typeof seg === 'number') {
      if (isSeq(node)) next = node.items[seg];
    } else {
      const name = typeof seg === 'string' ? seg : seg.key;
      if (isMap(node)) {
        pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === name) as Pair | undefined;
        if (pair) {
          next = pair.value;
          keyNode = pair.key as Node;
        }
      }
    }
    if (next === undefined && !pair) {
      return { ...fallback, exact: false, ...(lastKey ? { key: lastKey } : {}) };
    }
    if (pair && keyNode && keyNode.range) {
      lastKey = keyNode;
      lastPair = pair;
      fallback = { start: keyNode.range[0], end: keyNode.range[1] };
    } else if (next && (next as Node).range) {
      const r = (next as Node).range!;
      fallback = { start: r[0], end: r[1] };
    }
    node = next;
  }
  const n = node as Node | null | undefined;
  if (n && n.range && n.range[1] > n.range[0]) {
    return { node: n, ...(lastKey ? { key: lastKey } : {}), start: n.range[0], end: n.range[1], exact: true };
  }
  // `key:` with an empty value: underline the key.
  void lastPair;
  return { ...(n ? { node: n } : {}), ...(lastKey ? { key: lastKey } : {}), ...fallback, exact: true };
}

function rootRange(pdoc: ParsedDoc): { start: number; end: number } {
  const root = pdoc.doc.contents;
  if (isMap(root)) {
    const kind = root.items.find((p) => isScalar(p.key) && p.key.value === 'kind');
    const k = kind?.key as Node | undefined;
    if (k?.range) return { start: k.range[0], end: k.range[1] };
  }
  return { start: pdoc.start, end: Math.min(pdoc.end, pdoc.start + 1) };
}

/** Convenience for rules: a problem anchored at a field path. */
export function problemAt(
  pdoc: ParsedDoc,
  path: FieldPath,
  p: Omit<Problem, 'start' | 'end' | 'path'> & { path?: string | null },
): Problem {
  const loc = locate(pdoc, path);
  return { ...p, start: loc.start, end: loc.end, path: p.path === undefined ? formatPath(path) : p.path };
}
