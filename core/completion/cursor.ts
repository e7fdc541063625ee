/**
 * Where the cursor is, read from the text by indentation (not from the YAML AST), so it works on the
 * half-typed, syntactically broken YAML that exists while someone types. Block style only (what
 * Kubernetes manifests use); block scalars (`|`, `>`) are skipped.
 */
import type { PathSegment } from '../yaml/fieldPath';

interface Entry {
  col: number;
  kind: 'key' | 'item';
  name?: string;
  /** A key with a value on its own line (`key: value`): it cannot own children. */
  inline: boolean;
  /** Item children counted so far (for list indexes). */
  items: number;
  index?: number;
  keys: Set<string>;
}

interface Token {
  kind: 'key' | 'item';
  col: number;
  name?: string;
  /** Text after `key:` (trimmed, comments kept). */
  value?: string;
  valueCol?: number;
}

export type CursorContext =
  | {
      /** Typing a key: `path` is the object (or list item) the key goes into. */
      kind: 'key';
      path: PathSegment[];
      /** Column the key starts at. */
      col: number;
      /** Offsets of the partial word being typed (replace range). */
      start: number;
      end: number;
      prefix: string;
      /** Keys already present in that object (before and after the cursor). */
      present: Set<string>;
      /** True when the line has `- ` right before the cursor word (a new list item). */
      inNewItem: boolean;
      /** The key owning a list the cursor can add an item to (cursor on an empty line under `key:`). */
      seqOwner?: PathSegment[];
    }
  | {
      /** Typing a value: `path` is the field (or list) the value belongs to. */
      kind: 'value';
      path: PathSegment[];
      start: number;
      end: number;
      prefix: string;
      /** The value is a list item (`- val`). */
      item: boolean;
    };

const WS = /\s/;
const PLAIN_KEY_START = /[^\s#'"\-?:,[\]{}]/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * The key a line (after indentation and `- `) starts with: a quoted key or a plain one ending at
 * the first `:` followed by a space or the end, before any `#`; with the length up to that colon.
 * A scan (the regex it replaces backtracked quadratically on a long line without such a colon).
 */
export function matchKey(rest: string): { name: string; length: number } | undefined {
  const c0 = rest[0];
  let close: number; // index after the key text
  if (c0 === '"') {
    let i = 1;
    for (;;) {
      if (i >= rest.length) return undefined;
      const c = rest[i]!;
      if (c === '"') break;
      if (c === '\\') {
        if (i + 1 >= rest.length || LINE_BREAK.test(rest[i + 1]!)) return undefined;
        i += 2;
      } else i++;
    }
    close = i + 1;
  } else if (c0 === "'") {
    // Quote pairs are escapes; the first run of an odd number of quotes closes the key.
    let i = 1;
    for (;;) {
      while (i < rest.length && rest[i] !== "'") i++;
      if (i >= rest.length) return undefined;
      let k = 0;
      while (rest[i + k] === "'") k++;
      i += k;
      if (k % 2 === 1) break;
    }
    close = i;
  } else {
    let start: number;
    if (c0 !== undefined && PLAIN_KEY_START.test(c0)) start = 1;
    else if (c0 === '-' && rest.length > 1 && !WS.test(rest[1]!) && rest[1] !== '#') start = 2;
    else return undefined;
    let i = start;
    for (; i < rest.length; i++) {
      const c = rest[i]!;
      if (c === '#') return undefined;
      if (c === ':' && (i + 1 === rest.length || WS.test(rest[i + 1]!))) break;
    }
    if (i >= rest.length) return undefined;
    const name = rest.slice(0, i).trimEnd();
    return { name, length: i + 1 };
  }
  let j = close;
  while (j < rest.length && WS.test(rest[j]!)) j++;
  if (rest[j] !== ':' || !(j + 1 === rest.length || WS.test(rest[j + 1]!))) return undefined;
  return { name: rest.slice(0, close), length: j + 1 };
}

function tokenize(line: string): { tokens: Token[]; indent: number; blank: boolean } {
  let i = 0;
  while (i < line.length && line[i] === ' ') i++;
  const indent = i;
  if (i >= line.length || line[i] === '#' || line[i] === '\r') return { tokens: [], indent, blank: true };
  const tokens: Token[] = [];
  while (line[i] === '-' && (i + 1 === line.length || line[i + 1] === ' ' || line[i + 1] === '\r')) {
    tokens.push({ kind: 'item', col: i });
    i++;
    while (line[i] === ' ') i++;
  }
  const rest = line.slice(i);
  const m = matchKey(rest);
  if (m) {
    let name = m.name;
    if (name.startsWith('"')) {
      try {
        name = JSON.parse(name);
      } catch {
        name = name.slice(1, -1);
      }
    } else if (name.startsWith("'")) name = name.slice(1, -1).replace(/''/g, "'");
    const after = rest.slice(m.length);
    const lead = after.length - after.trimStart().length;
    const value = after.trim().replace(/\r$/, '');
    tokens.push({ kind: 'key', col: i, name, value, valueCol: i + m.length + lead });
  } else if (tokens.length && isBlockScalarHeader(rest.trim())) {
    // `- |`: a block scalar list item; its content lines follow, more indented.
    tokens[tokens.length - 1].value = rest.trim();
  } else if (rest.trim() && tokens.length === 0) {
    // A bare word at the start of a line (a half-typed key).
    tokens.push({ kind: 'key', col: i, name: undefined, value: undefined });
  }
  return { tokens, indent, blank: false };
}

function isBlockScalarHeader(v: string | undefined): boolean {
  return !!v && /^[|>][0-9+-]*\s*(#.*)?$/.test(v);
}

class Stack {
  entries: Entry[] = [];

  path(upTo = this.entries.length): PathSegment[] {
    const out: PathSegment[] = [];
    for (let i = 0; i < upTo; i++) {
      const e = this.entries[i];
      if (e.kind === 'key') out.push(e.name ?? '');
      else out.push(e.index ?? 0);
    }
    return out;
  }

  top(): Entry | undefined {
    return this.entries[this.entries.length - 1];
  }

  popForKey(col: number): void {
    while (this.entries.length && this.top()!.col >= col) this.entries.pop();
  }

  popForItem(col: number): void {
    for (;;) {
      const t = this.top();
      if (!t) return;
      if (t.col > col || (t.col === col && !(t.kind === 'key' && !t.inline))) this.entries.pop();
      else return;
    }
  }

  push(tok: Token): Entry {
    const parent = this.top();
    const e: Entry = { col: tok.col, kind: tok.kind, inline: false, items: 0, keys: new Set() };
    if (tok.kind === 'key') {
      e.name = tok.name;
      e.inline = !!tok.value && !tok.value.startsWith('#') && !isBlockScalarHeader(tok.value);
      if (parent && tok.name !== undefined) parent.keys.add(tok.name);
    } else {
      e.index = parent ? parent.items++ : 0;
    }
    this.entries.push(e);
    return e;
  }

  apply(tokens: Token[]): void {
    for (const t of tokens) {
      if (t.kind === 'key') this.popForKey(t.col);
      else this.popForItem(t.col);
      this.push(t);
    }
  }
}

/**
 * The cursor context at `offset` in `text`, scanning from `from` (the document's first line).
 */
export function cursorContext(text: string, offset: number, from = 0): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const stack = new Stack();
  let blockCol = -1; // inside a block scalar owned by a key at this column
  let pos = from;
  while (pos < lineStart) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl >= lineStart) nl = lineStart - 1;
    const line = text.slice(pos, nl);
    pos = nl + 1;
    const { tokens, indent, blank } = tokenize(line);
    if (blockCol >= 0) {
      if (blank || indent > blockCol) continue;
      blockCol = -1;
    }
    if (blank || line.startsWith('---') || line.startsWith('...')) continue;
    stack.apply(tokens);
    const last = tokens[tokens.length - 1];
    if (last && isBlockScalarHeader(last.value)) blockCol = last.col;
  }
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const col = offset - lineStart;
  const prefixText = line.slice(0, col);
  // End of the word under the cursor (replace range end).
  let wordEnd = col;
  while (wordEnd < line.length && /[\w.\-/]/.test(line[wordEnd])) wordEnd++;
  const end = lineStart + wordEnd;
  // Nothing to complete inside a comment.
  if (/(^|\s)#/.test(withoutQuoted(prefixText))) return undefined;
  const { tokens } = tokenize(prefixText);
  const keyTok = tokens.find((t) => t.kind === 'key' && t.value !== undefined);
  if (keyTok && keyTok.valueCol !== undefined && col >= keyTok.valueCol) {
    // `key: val|`
    stack.apply(tokens.filter((t) => t !== keyTok));
    stack.popForKey(keyTok.col);
    const path = [...stack.path(), keyTok.name ?? ''];
    return { kind: 'value', path, start: lineStart + keyTok.valueCol, end, prefix: prefixText.slice(keyTok.valueCol), item: false };
  }
  const items = tokens.filter((t) => t.kind === 'item');
  const word = trailingWord(prefixText);
  const wordCol = col - word.length;
  if (/[:"'[{]/.test(word)) return undefined;
  if (items.length) stack.apply(items);
  const keyCol = wordCol;
  if (items.length) {
    // After `- `: either a key of a new list item, or a scalar list value.
    const parentIdx = stack.entries.length - 1;
    const itemEntry = stack.entries[parentIdx];
    const present = collectAfter(text, lineEnd + 1, keyCol, itemEntry.keys);
    return {
      kind: 'key',
      path: stack.path(),
      col: keyCol,
      start: lineStart + wordCol,
      end,
      prefix: word,
      present,
      inNewItem: true,
    };
  }
  // A key (or nothing yet) at column keyCol.
  let seqOwner: PathSegment[] | undefined;
  const owner = [...stack.entries].reverse().find((e) => e.col <= keyCol);
  if (owner && owner.kind === 'key' && !owner.inline && owner.col <= keyCol) {
    seqOwner = stack.path(stack.entries.indexOf(owner) + 1);
  }
  stack.popForKey(keyCol);
  const parent = stack.top();
  const present = collectAfter(text, lineEnd + 1, keyCol, parent ? parent.keys : topKeys(text, from, lineStart));
  return {
    kind: 'key',
    path: stack.path(),
    col: keyCol,
    start: lineStart + wordCol,
    end,
    prefix: word,
    present,
    inNewItem: false,
    ...(seqOwner ? { seqOwner } : {}),
  };
}

/**
 * `s` with each quoted string replaced by `""`, exactly as
 * `s.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '""')` does, in linear time (that regex retries
 * every quote of an unterminated string: quadratic). Where each string ends is computed once,
 * right to left, for every start.
 */
export function withoutQuoted(s: string): string {
  const n = s.length;
  // dq[p]: index of the closing '"' of a double-quoted string whose content starts at p, or -1.
  const dq = new Int32Array(n + 2).fill(-1);
  // run[p]: quotes in the run of single quotes starting at p; sq[p]: the last closing quote the
  // greedy single-quoted pattern can reach from content start p, or -1.
  const run = new Int32Array(n + 1);
  const sq = new Int32Array(n + 1).fill(-1);
  for (let p = n - 1; p >= 0; p--) {
    const c = s[p]!;
    if (c === '"') dq[p] = p;
    else if (c === '\\') dq[p] = p + 1 < n && !LINE_BREAK.test(s[p + 1]!) ? dq[p + 2]! : -1;
    else dq[p] = dq[p + 1]!;
    if (c === "'") {
      run[p] = run[p + 1]! + 1;
      const k = run[p]!;
      if (k % 2 === 1) sq[p] = p + k - 1;
      else sq[p] = sq[p + k]! >= 0 ? sq[p + k]! : p + k - 2;
    } else sq[p] = sq[p + 1]!;
  }
  let out = '';
  let last = 0;
  for (let i = 0; i < n; i++) {
    const c = s[i];
    const close = c === '"' ? dq[i + 1]! : c === "'" ? (i + 1 < n ? sq[i + 1]! : -1) : -1;
    if (close < 0) continue;
    out += s.slice(last, i) + '""';
    last = close + 1;
    i = close;
  }
  return out + s.slice(last);
}

/**
 * The word before the cursor: the trailing run of non-space characters without its leading `-`s,
 * empty after a space (what `/[^\s-][^\s]*$/` finds, without its quadratic retries).
 */
function trailingWord(prefix: string): string {
  let j = prefix.length;
  while (j > 0 && !WS.test(prefix[j - 1]!)) j--;
  while (j < prefix.length && prefix[j] === '-') j++;
  return prefix.slice(j);
}

/** Root-level keys before the cursor line. */
function topKeys(text: string, from: number, until: number): Set<string> {
  const keys = new Set<string>();
  const re = /^([A-Za-z_][\w.-]*)\s*:/gm;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index < until) keys.add(m[1]);
  return keys;
}

/** Adds sibling keys (at exactly `col`) found after the cursor line, until the block ends. */
function collectAfter(text: string, from: number, col: number, before: Set<string>): Set<string> {
  const present = new Set(before);
  let pos = from;
  let blockCol = -1;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl);
    pos = nl + 1;
    if (line.startsWith('---') || line.startsWith('...')) break;
    const { tokens, indent, blank } = tokenize(line);
    if (blank) continue;
    if (blockCol >= 0) {
      if (indent > blockCol) continue;
      blockCol = -1;
    }
    const first = tokens[0];
    if (!first) continue;
    if (first.col < col) break;
    if (first.kind === 'item' && first.col <= col) break;
    const key = tokens.find((t) => t.kind === 'key');
    if (key && key.col === col && key.name !== undefined) present.add(key.name);
    const last = tokens[tokens.length - 1];
    if (last && isBlockScalarHeader(last.value)) blockCol = last.col;
  }
  return present;
}
