/**
 * Fast path for the YAML that Kubernetes manifests are made of, as people write them: one document
 * of block mappings and block sequences with plain, single- and double-quoted scalars, block
 * scalars (`|`, `|-`, `>`, `>-`), one-line flow collections (nested), anchors, aliases and merge
 * keys, comments (header, inline, whole lines at any indentation) and blank lines, LF or CRLF line
 * ends. It builds the same `yaml` node objects (Scalar, YAMLMap, YAMLSeq, Pair, Alias, Document
 * with the same ranges, comments, scalar types and YAML 1.1 tag resolution, through the Document's
 * own schema) as `parseAllDocuments` does, in one pass over the text, without the `yaml` lexer, CST
 * parser and composer (most of the cost of opening a big file).
 *
 * Anything else — tags, explicit keys, multi-line plain or quoted scalars, multi-line flow
 * collections, `+` or explicit-indentation block scalars, rare escapes, tabs, lone CR, directives,
 * a comment that `yaml` would attach to the value before it, any construct `yaml` would warn or
 * error about — returns undefined and the caller uses the full `yaml` parse.
 * test/unit/fastParse.test.ts checks node-for-node equality with `yaml` on the corpus, on every
 * benchmark corpus variant, and on generated and mutated documents.
 */
import * as yaml from 'yaml';
import type { Schema } from 'yaml';

// Bound once: in the CommonJS bundle every use of an imported `yaml` export would otherwise go
// through an export getter.
const { Alias, Document, Pair, Scalar, YAMLMap, YAMLSeq, isScalar } = yaml;
type Document = yaml.Document;
type Scalar = yaml.Scalar;
type YAMLMap = yaml.YAMLMap;
type YAMLSeq = yaml.YAMLSeq;

/**
 * Scalars and pairs without their constructors: `yaml`'s node constructors define the node-type
 * symbol with Object.defineProperty on every instance, a large share of building 2,000 Jobs' nodes.
 * These objects have the same prototype chain (`instanceof Scalar`/`Pair`, `constructor`, methods)
 * and the same own enumerable properties; the node-type symbol sits, non-enumerable, on an
 * intermediate prototype, where `yaml`'s isScalar/isPair/isNode find it.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');
const FastScalarProto = Object.create(Scalar.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.scalar') } }) as object;
const FastPairProto = Object.create(Pair.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.pair') } }) as object;
function FastScalar(this: { value: unknown }, value: unknown) {
  this.value = value;
}
FastScalar.prototype = FastScalarProto;
function FastPair(this: { key: unknown; value: unknown }, key: unknown, value: unknown) {
  this.key = key;
  this.value = value;
}
FastPair.prototype = FastPairProto;
// Collections likewise. `yaml` gives each collection its document's schema as a non-enumerable own
// property; every fast-path document is made with the same options, so their schemas are equivalent
// (same tag objects: unit-tested) and one shared schema is served from the prototype (assigning
// `schema`, as `clone(schema)` does, still makes an own property).
let sharedSchema: Schema | undefined;
const collectionProps = (type: symbol): PropertyDescriptorMap => ({
  [NODE_TYPE]: { value: type },
  schema: {
    configurable: true,
    get(): Schema {
      return (sharedSchema ??= new Document(undefined, YAML_OPTIONS).schema as Schema);
    },
    set(this: object, v: Schema) {
      Object.defineProperty(this, 'schema', { value: v, configurable: true, enumerable: false, writable: true });
    },
  },
});
const FastMapProto = Object.create(YAMLMap.prototype, collectionProps(Symbol.for('yaml.map'))) as object;
const FastSeqProto = Object.create(YAMLSeq.prototype, collectionProps(Symbol.for('yaml.seq'))) as object;
function FastMap(this: { items: unknown[] }) {
  this.items = [];
}
FastMap.prototype = FastMapProto;
function FastSeq(this: { items: unknown[] }) {
  this.items = [];
}
FastSeq.prototype = FastSeqProto;
const newMap = (): YAMLMap => new (FastMap as unknown as new () => YAMLMap)();
const newSeq = (): YAMLSeq => new (FastSeq as unknown as new () => YAMLSeq)();
const newScalar = (value: unknown): Scalar => new (FastScalar as unknown as new (v: unknown) => Scalar)(value);
const newPair = (key: unknown, value: unknown): yaml.Pair => new (FastPair as unknown as new (k: unknown, v: unknown) => yaml.Pair)(key, value);

/**
 * `yaml`'s YAML 1.1 plain-scalar resolution, brought in line with go-yaml v2 (what kubectl and the
 * API server use through sigs.k8s.io/yaml): no sexagesimal numbers (`1:20` is a string), and a float
 * needs a digit (`.`, `e3` and `.e3` are strings, not NaN). Proven against the real apiserver in the
 * corpus (yaml-1.1-plain-strings).
 */
export function goYamlTags(tags: yaml.Tags): yaml.Tags {
  const digit = /[0-9]/;
  return tags
    .filter((t) => !(typeof t === 'object' && (t.tag === 'tag:yaml.org,2002:int' || t.tag === 'tag:yaml.org,2002:float') && t.format === 'TIME'))
    .map((t) => {
      if (typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:float' || !('test' in t) || !t.test || t.test.source.includes('inf')) return t;
      // One wrapper per shared tag (not per document): the fast path's tag cache stays valid
      // across documents, which it checks by the tags' identity.
      let w = wrappedFloatTags.get(t);
      if (!w) {
        const test = t.test;
        // Mutating the shared tag would change every other user of `yaml`: a wrapper with its own test.
        w = { ...t, test: { test: (s: string) => test.test(s) && digit.test(s.replace(/[eE][-+]?[0-9]+$/, '')) } as unknown as RegExp };
        wrappedFloatTags.set(t, w);
      }
      return w;
    });
}

const wrappedFloatTags = new WeakMap<object, yaml.ScalarTag>();

export const YAML_OPTIONS = {
  // Kubernetes reads YAML with go-yaml v2 semantics (YAML 1.1: yes/no/on/off are booleans).
  version: '1.1',
  customTags: goYamlTags,
  uniqueKeys: false, // duplicates are reported by kjob with an API-server field path
  prettyErrors: false,
  keepSourceTokens: false,
  strict: false,
} as const;

const SCALAR_TAG = Symbol.for('yaml.scalar');

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve: (value: string, onError: (msg: string) => void, options: unknown) => unknown;
}

/** Thrown (and caught in fastParseDocument) when the text leaves the supported subset. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported('unsupported');

function bail(): never {
  throw UNSUPPORTED;
}

/** Tag chosen for a plain scalar, by (schema tag list, value), for values and keys; the same for every document. */
const tagCache = new Map<string, ScalarTag>();
const keyTagCache = new Map<string, ScalarTag>();
let tagCacheTags: unknown;

/** A blank line (comment undefined) or a comment line (its text after `#`) between content lines. */
interface GapLine {
  indent: number;
  comment: string | undefined;
  /** Whether a line break ends it (false: the text ends). */
  nl: boolean;
}

/** The blank and comment lines before the next content line (at `next`, with `indent`; -1 at the end). */
interface Gap {
  readonly lines: readonly GapLine[];
  next: number;
  indent: number;
  end: number;
}

const NO_LINES: readonly GapLine[] = [];

interface Props {
  comment: string;
  spaceBefore: boolean;
}

/**
 * The comment and blank-line flag `yaml` gives the node after a gap, as its resolveProps reads the
 * tokens before a node: comments joined by line breaks, a blank line after a comment adds a line
 * break, a blank line before any comment sets spaceBefore (not after a sequence's `-`).
 * `atNewline`: the gap starts a line (false after `key:` or `---`, whose line break comes first);
 * `inline`: a comment on the `key:` line.
 */
function gapProps(g: Gap, atNewline: boolean, afterIndicator: boolean, inline?: string): Props {
  let comment = '';
  let sep = '';
  let spaceBefore = false;
  const addComment = (c: string) => {
    const cb = c || ' ';
    comment = comment ? comment + sep + cb : cb;
    sep = '';
    atNewline = false;
  };
  const newline = () => {
    if (atNewline) {
      if (comment) comment += '\n';
      else spaceBefore = true;
    } else sep += '\n';
    atNewline = true;
  };
  if (inline !== undefined) addComment(inline);
  if (afterIndicator) newline(); // the line break after `key:` / `---`
  for (const l of g.lines) {
    if (l.comment !== undefined) addComment(l.comment);
    if (l.nl) newline();
  }
  return { comment, spaceBefore };
}

function applyProps(node: { commentBefore?: string | null; spaceBefore?: boolean }, p: Props): void {
  if (p.spaceBefore) node.spaceBefore = true;
  if (p.comment) node.commentBefore = p.comment;
}

/** A document's trailing comment, as `yaml`'s resolveEnd joins it (line breaks between comments kept, trailing ones dropped). */
function endComment(g: Gap): string {
  let comment = '';
  let sep = '';
  for (const l of g.lines) {
    if (l.comment !== undefined) {
      const cb = l.comment || ' ';
      comment = comment ? comment + sep + cb : cb;
      sep = '';
    }
    if (l.nl && comment) sep += '\n';
  }
  return comment;
}

/** The comment lines before a document without `---`, as `yaml`'s composer reads its prelude. */
function parsePrelude(g: Gap): { comment: string; afterEmptyLine: boolean } {
  let comment = '';
  let atComment = false;
  let afterEmptyLine = false;
  for (const l of g.lines) {
    if (l.comment !== undefined) {
      comment += (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') + (l.comment || ' ');
      atComment = true;
      afterEmptyLine = false;
    }
    if (l.nl) {
      if (!atComment) afterEmptyLine = true;
      atComment = false;
    }
  }
  return { comment, afterEmptyLine };
}

class FastParser {
  /** The blank and comment lines after the node parsed last, up to the next content line. */
  private gap: Gap = { lines: NO_LINES, next: 0, indent: -1, end: 0 };
  private readonly noGap: Gap = { lines: NO_LINES, next: 0, indent: -1, end: 0 };
  private readonly n: number;
  private readonly tags: ScalarTag[];
  private readonly strTag: ScalarTag;
  private readonly options: unknown;

  constructor(
    private readonly text: string,
    private readonly doc: yaml.Document.Parsed,
  ) {
    this.n = text.length;
    this.tags = (doc.schema as unknown as { tags: ScalarTag[] }).tags;
    this.strTag = (doc.schema as unknown as Record<symbol, ScalarTag>)[SCALAR_TAG];
    this.options = doc.options;
    if (tagCacheTags !== this.tags && tagCacheTags !== undefined) {
      // A different tag list (another schema instance): tags are shared module constants in
      // `yaml`, so compare by content.
      if (!sameTags(tagCacheTags as ScalarTag[], this.tags)) {
        tagCache.clear();
        keyTagCache.clear();
      }
    }
    tagCacheTags = this.tags;
  }

  /** Offset of the end of the line containing / starting at `i` (its `\n` or `\r\n`, or the text end). */
  private eol(i: number): number {
    const e = this.text.indexOf('\n', i);
    if (e < 0) return this.n;
    return e > i && this.text.charCodeAt(e - 1) === 13 ? e - 1 : e;
  }

  /** Offset just after the line's terminator (or the text end). */
  private nextLine(eol: number): number {
    if (eol >= this.n) return eol;
    return this.text.charCodeAt(eol) === 13 ? eol + 2 : eol + 1;
  }

  parse(): void {
    const t = this.text;
    let g: Gap;
    let props: Props | undefined;
    let prelude: { comment: string; afterEmptyLine: boolean } | undefined;
    if (t.startsWith('---')) {
      const c = t.charCodeAt(3);
      if (this.n > 3 && c !== 10 && c !== 13) bail(); // `--- value`, `--- # comment`
      this.doc.directives.docStart = true;
      const p = this.nextLine(3);
      if (p >= this.n) bail();
      g = this.scanGap(p);
      // After `---`: the document's own properties, which `yaml` gives to its contents.
      props = gapProps(g, false, true);
    } else {
      g = this.scanGap(0);
      prelude = parsePrelude(g);
    }
    if (g.indent !== 0) bail(); // empty document, or content not at column 0
    const contentStart = g.next;
    const node = this.blockNode(0, contentStart);
    if (props) applyProps(node, props);
    if (prelude?.comment) {
      if (prelude.afterEmptyLine) this.doc.commentBefore = prelude.comment;
      else {
        const first = node.items[0] as yaml.Pair | Scalar | YAMLMap | YAMLSeq;
        const it = (yaml.isPair(first) ? first.key : first) as Scalar;
        it.commentBefore = it.commentBefore ? `${prelude.comment}\n${it.commentBefore}` : prelude.comment;
      }
    }
    // What follows the contents: comment and blank lines only (the document's trailing comment).
    const rest = this.gap;
    if (rest.indent >= 0) bail();
    const comment = endComment(rest);
    if (comment) this.doc.comment = comment;
    const contentEnd = node.range![2];
    this.doc.contents = node as never;
    this.doc.range = [props ? 0 : contentStart, contentEnd, this.n];
  }

  /**
   * The blank and comment lines from the line starting at `ls`, up to the next content line (or the
   * text end), with that line's indentation and first character (indent -1 at the end).
   */
  private scanGap(ls: number): Gap {
    const t = this.text;
    const n = this.n;
    let lines: GapLine[] | undefined;
    for (;;) {
      let i = ls;
      while (i < n && t.charCodeAt(i) === 32) i++;
      if (i >= n) return this.gapOf(lines, n, -1);
      const c = t.charCodeAt(i);
      if (c === 10 || c === 13) {
        (lines ??= []).push({ indent: -1, comment: undefined, nl: true });
        ls = this.nextLine(i);
        continue;
      }
      if (c === 35 /* # */) {
        const e = this.eol(i);
        const text = t.slice(i + 1, e);
        checkChars(text);
        (lines ??= []).push({ indent: i - ls, comment: text, nl: e < n });
        ls = this.nextLine(e);
        continue;
      }
      return this.gapOf(lines, i, i - ls);
    }
  }

  /** A gap; the one without lines (after almost every line) is one object, reused. */
  private gapOf(lines: GapLine[] | undefined, next: number, indent: number): Gap {
    if (lines) return { lines, next, indent, end: next };
    const g = this.noGap;
    g.next = next;
    g.indent = indent;
    g.end = next;
    return g;
  }

  /**
   * A block collection whose first line has its content at column `col` (`start` is the content's
   * offset). Leaves `this.gap` at the lines after it.
   */
  private blockNode(col: number, start: number): YAMLMap | YAMLSeq {
    if (this.isDash(start)) return this.blockSeq(col, start);
    return this.blockMap(col, start);
  }

  /** Whether a sequence item indicator (`-` followed by a space, a line end or the text end) is at `i`. */
  private isDash(i: number): boolean {
    const t = this.text;
    if (t.charCodeAt(i) !== 45) return false;
    const d = t.charCodeAt(i + 1);
    return i + 1 >= this.n || d === 32 || d === 10 || d === 13;
  }

  private blockSeq(col: number, first: number): YAMLSeq {
    const t = this.text;
    const seq = newSeq();
    let start = first;
    let end = first;
    let before: Gap | undefined;
    for (;;) {
      // `start` is at '-' (column col).
      let p = start + 1;
      const e = this.eol(p);
      while (p < e && t.charCodeAt(p) === 32) p++;
      let item: Scalar | YAMLMap | YAMLSeq | yaml.Alias;
      if (p === e) {
        // `-` alone: the item is on the following lines, more indented.
        if (e >= this.n) bail();
        const g = this.scanGap(this.nextLine(e));
        if (g.lines.length) bail(); // comments between `-` and its item: left to `yaml`
        if (g.indent <= col) bail(); // empty item
        item = this.blockNode(g.indent, g.next);
      } else {
        const ic = t.charCodeAt(p);
        if (ic === 35 /* # */) bail(); // `- # comment`
        if (ic === 45 /* - */ && this.isDash(p)) bail(); // `- - x`
        if (this.keyEnd(p, e) >= 0) {
          // `- key: value`: a block mapping whose column is the key's.
          item = this.blockMap(p - (start - col), p);
        } else {
          item = this.lineValue(p, e, col);
        }
      }
      if (before) applyProps(item, gapProps(before, true, false));
      before = undefined;
      seq.items.push(item);
      end = item.range![2];
      // Next item: a line at column col starting with `- `.
      const g = this.gap;
      if (g.indent > col) bail();
      if (g.indent === col && this.isDash(g.next)) {
        if (g.lines.length) before = g;
        start = g.next;
        continue;
      }
      if (g.indent === col && !this.isDash(g.next) && t.charCodeAt(g.next) === 45) bail();
      seq.range = [first, end, this.closeCollection(seq, col, end)];
      return seq;
    }
  }

  /**
   * A block collection at column `col` ends (its last item ends at `end`) before the pending gap's
   * next content line: the comment lines of the gap stay with it (its `comment`, its range up to
   * that line) when one of them is at least as indented as it is (not for column 0); otherwise the
   * gap passes to the enclosing collection, as `yaml`'s parser hands them over. Returns the end of
   * the collection's range.
   */
  private closeCollection(coll: YAMLMap | YAMLSeq, col: number, end: number): number {
    const g = this.gap;
    if (col === 0 || !g.lines.some((l) => l.comment !== undefined && l.indent >= col)) return end;
    coll.comment = gapProps(g, true, false).comment;
    this.gap = { lines: NO_LINES, next: g.next, indent: g.indent, end: g.end };
    return g.next;
  }

  /** The end of an anchor or alias name starting at `p` (`&` or `*`): word characters, dots and dashes, then a space or the line end. */
  private anchorEnd(p: number, e: number): number {
    const t = this.text;
    let i = p + 1;
    while (i < e) {
      const c = t.charCodeAt(i);
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46) i++;
      else break;
    }
    if (i === p + 1 || (i < e && t.charCodeAt(i) !== 32)) bail();
    return i;
  }

  /**
   * The offset of the `:` ending an implicit plain key starting at `p` on the line ending at `e`,
   * or -1 when the line is not `key:` / `key: ...`.
   */
  private keyEnd(p: number, e: number): number {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 34 || c === 39 || c === 91 || c === 123) {
      // A quoted or flow key, or a flow value: keys like that are not supported; a value is.
      // Past the quoted string or the balanced brackets, a `:` would make it a key.
      let i = p;
      let depth = 0;
      while (i < e) {
        const d = t.charCodeAt(i);
        if (d === 34 || d === 39) {
          i++;
          while (i < e && t.charCodeAt(i) !== d) i += d === 34 && t.charCodeAt(i) === 92 ? 2 : 1;
        } else if (d === 91 || d === 123) depth++;
        else if (d === 93 || d === 125) depth--;
        i++;
        if (depth <= 0) break;
      }
      for (; i < e; i++) if (t.charCodeAt(i) === 58) bail();
      return -1;
    }
    for (let i = p; i < e; i++) {
      const ch = t.charCodeAt(i);
      if (ch === 58 /* : */) {
        const d = t.charCodeAt(i + 1);
        if (i + 1 === e || d === 32) return i;
      } else if (ch === 35 /* # */ && i > p && t.charCodeAt(i - 1) === 32) return -1; // a comment
    }
    return -1;
  }

  private blockMap(col: number, first: number): YAMLMap {
    const t = this.text;
    const map = newMap();
    let ks = first;
    let end = first;
    let before: Gap | undefined;
    for (;;) {
      const e = this.eol(ks);
      const colon = this.keyEnd(ks, e);
      if (colon < 0) bail();
      if (colon - ks > 1000) bail();
      const key = this.plainScalar(ks, colon, true, false);
      if (t.charCodeAt(colon - 1) === 32) bail(); // `key :`
      if (before) {
        applyProps(key, gapProps(before, true, false));
        before = undefined;
      }
      let p = colon + 1;
      while (p < e && t.charCodeAt(p) === 32) p++;
      let value: Scalar | YAMLMap | YAMLSeq | yaml.Alias;
      // `key: &name` with the value on the following lines: the anchor is the value's.
      let anchor: string | undefined;
      if (t.charCodeAt(p) === 38) {
        const ae = this.anchorEnd(p, e);
        let q = ae;
        while (q < e && t.charCodeAt(q) === 32) q++;
        if (q === e || (t.charCodeAt(q) === 35 && q > ae)) {
          anchor = t.slice(p + 1, ae);
          p = q;
        }
      }
      if (p === e || t.charCodeAt(p) === 35) {
        // `key:` (optionally `key: # comment`) — the value is on the following lines: more
        // indented, or a `- ` list at the same column; blank and comment lines before it are the
        // value's (commentBefore, spaceBefore).
        let inline: string | undefined;
        if (p < e) {
          if (p === colon + 1) bail();
          inline = t.slice(p + 1, e);
          checkChars(inline);
        }
        if (e >= this.n) bail();
        const g = this.scanGap(this.nextLine(e));
        const ind = g.indent;
        const cs = g.next;
        if (ind > col) value = this.blockNode(ind, cs);
        else if (ind === col && ind >= 0 && this.isDash(cs)) value = this.blockSeq(ind, cs);
        else bail(); // empty value
        if (g.lines.length || inline !== undefined) applyProps(value, gapProps(g, false, true, inline));
        if (anchor !== undefined) value.anchor = anchor;
      } else {
        value = this.lineValue(p, e, col);
      }
      map.items.push(newPair(key, value));
      end = value.range![2];
      const g = this.gap;
      if (g.indent > col) bail();
      if (g.indent === col) {
        if (this.isDash(g.next)) bail(); // `- ` at a map's column (not after `key:`)
        if (g.lines.length) before = g;
        ks = g.next;
        continue;
      }
      map.range = [first, end, this.closeCollection(map, col, end)];
      return map;
    }
  }

  /**
   * A value that fits on the rest of the line [p, e): a quoted or plain scalar or a one-line flow
   * collection, optionally followed by a comment. The next content line must not be more indented
   * than `col` (no continuation). Leaves `this.gap` at the lines after it.
   */
  private lineValue(p: number, e: number, col: number): Scalar | YAMLSeq | YAMLMap | yaml.Alias {
    const t = this.text;
    let c = t.charCodeAt(p);
    let node: Scalar | YAMLSeq | YAMLMap | yaml.Alias;
    let valueEnd: number;
    let anchor: string | undefined;
    if (c === 38 /* & */) {
      // `&name value`: the anchor is the value's (whose range starts after it).
      const ae = this.anchorEnd(p, e);
      anchor = t.slice(p + 1, ae);
      let q = ae;
      while (q < e && t.charCodeAt(q) === 32) q++;
      if (q === ae || q >= e) bail();
      p = q;
      c = t.charCodeAt(p);
      if (c === 38 || c === 42 || c === 35) bail();
    }
    if (c === 42 /* * */) {
      // An alias.
      const ae = this.anchorEnd(p, e);
      node = new Alias(t.slice(p + 1, ae));
      valueEnd = ae;
      node.range = [p, ae, ae];
    } else if (c === 124 /* | */ || c === 62 /* > */) {
      if (anchor !== undefined) bail();
      // A block scalar: its lines follow; the gap after it is scanned from its end.
      node = this.blockScalar(p, e, col);
      const g = (this.gap = this.scanGap(node.range![2]));
      if (g.indent > col) bail();
      return node;
    } else if (c === 34 || c === 39) {
      node = this.quoted(p, e);
      valueEnd = node.range![1];
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      node = this.flowCollection(p, e);
      valueEnd = node.range![1];
    } else {
      // A plain scalar ends before ` #` (a comment).
      let ve = e;
      for (let i = p + 1; i < e; i++) {
        if (t.charCodeAt(i) === 35 && t.charCodeAt(i - 1) === 32) {
          ve = i;
          break;
        }
      }
      while (ve > p && t.charCodeAt(ve - 1) === 32) ve--;
      node = this.plainScalar(p, ve, false, true);
      valueEnd = ve;
    }
    // After the value: spaces, then the line end or a comment (after at least one space).
    let i = valueEnd;
    while (i < e && t.charCodeAt(i) === 32) i++;
    if (i < e) {
      if (t.charCodeAt(i) !== 35 || i === valueEnd) bail();
      const comment = t.slice(i + 1, e);
      checkChars(comment);
      node.comment = comment || ' ';
    }
    const next = this.nextLine(e);
    node.range = [node.range![0], node.range![1], next];
    if (anchor !== undefined) node.anchor = anchor;
    const g = (this.gap = this.scanGap(next));
    // A more indented next line would continue the scalar (or be an error); a more indented first
    // comment line belongs to this value in `yaml` (left to it).
    if (g.indent > col) bail();
    for (const l of g.lines) {
      if (l.comment === undefined) continue;
      if (l.indent > col) bail();
      break;
    }
    return node;
  }

  private quoted(p: number, e: number): Scalar {
    const t = this.text;
    const q = t.charCodeAt(p);
    let value: string;
    let close: number;
    if (q === 34) {
      close = t.indexOf('"', p + 1);
      if (close < 0 || close >= e) bail();
      value = t.slice(p + 1, close);
      if (value.includes('\\')) {
        // Escapes: the closing quote is the first one not escaped.
        let out = '';
        let i = p + 1;
        for (;;) {
          if (i >= e) bail();
          const ch = t.charCodeAt(i);
          if (ch === 34) break;
          if (ch !== 92) {
            out += t[i];
            i++;
            continue;
          }
          const x = t[i + 1];
          const simple = x === undefined ? undefined : ESCAPES[x];
          if (simple !== undefined) {
            out += simple;
            i += 2;
          } else if (x === 'x' || x === 'u') {
            const len = x === 'x' ? 2 : 4;
            const hex = t.slice(i + 2, i + 2 + len);
            if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) bail();
            const code = parseInt(hex, 16);
            if (code >= 0xd800 && code <= 0xdfff) bail();
            out += String.fromCharCode(code);
            i += 2 + len;
          } else bail(); // \U, \N, \_, \L, \P, a line continuation, an invalid escape: left to `yaml`
        }
        close = i;
        value = out;
      }
    } else {
      let i = p + 1;
      let parts = '';
      for (;;) {
        const j = t.indexOf("'", i);
        if (j < 0 || j >= e) bail();
        if (t.charCodeAt(j + 1) === 39) {
          parts += t.slice(i, j + 1);
          i = j + 2;
          continue;
        }
        parts += t.slice(i, j);
        close = j;
        break;
      }
      value = parts;
    }
    checkChars(t.slice(p + 1, close));
    const s = newScalar(value);
    s.range = [p, close + 1, close + 1];
    s.source = value;
    s.type = q === 34 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
    return s;
  }

  /**
   * A flow collection on one line starting at `p` (`[` or `{`), items being plain or quoted
   * scalars and nested flow collections, map keys plain scalars followed by `: `. Its range ends
   * after the closing bracket. No trailing comma, no comment, no multi-line flow.
   */
  private flowCollection(p: number, e: number, depth = 0): YAMLSeq | YAMLMap {
    if (depth > 50) bail();
    const t = this.text;
    const isMap = t.charCodeAt(p) === 123;
    const close = isMap ? 125 : 93;
    const coll = isMap ? newMap() : newSeq();
    coll.flow = true;
    let i = p + 1;
    while (i < e && t.charCodeAt(i) === 32) i++;
    if (t.charCodeAt(i) === close) {
      if (isMap && i !== p + 1) bail(); // `{ }`
      coll.range = [p, i + 1, i + 1];
      return coll;
    }
    for (;;) {
      if (i >= e) bail();
      let key: Scalar | undefined;
      if (isMap) {
        // A plain key up to `: `.
        let j = i;
        while (j < e) {
          const d = t.charCodeAt(j);
          if (d === 58) break;
          if (d === 44 || d === 91 || d === 93 || d === 123 || d === 125 || d === 35 || d === 34 || d === 39) bail();
          j++;
        }
        if (j >= e || t.charCodeAt(j + 1) !== 32 || t.charCodeAt(j - 1) === 32) bail();
        key = this.plainScalar(i, j, true, false);
        i = j + 1;
        while (i < e && t.charCodeAt(i) === 32) i++;
        if (i >= e) bail();
      }
      const c = t.charCodeAt(i);
      let item: Scalar | YAMLSeq | YAMLMap;
      let ve: number;
      let nested = false;
      if (c === 34 || c === 39) {
        item = this.quoted(i, e);
        ve = item.range![1];
      } else if (c === 91 || c === 123) {
        item = this.flowCollection(i, e, depth + 1);
        ve = item.range![1];
        nested = true;
      } else {
        let j = i;
        while (j < e) {
          const d = t.charCodeAt(j);
          if (d === 44 || d === 93 || d === 125) break;
          if (d === 91 || d === 123 || d === 58 || d === 35) bail();
          j++;
        }
        ve = j;
        while (ve > i && t.charCodeAt(ve - 1) === 32) ve--;
        if (ve === i) bail();
        item = this.plainScalar(i, ve, false, false);
      }
      let k = ve;
      while (k < e && t.charCodeAt(k) === 32) k++;
      if (k >= e) bail();
      if (nested && k !== ve) bail(); // spaces after a nested collection: left to `yaml`
      if (!nested) item.range = [item.range![0], ve, k];
      coll.items.push((key ? newPair(key, item) : item) as never);
      const d = t.charCodeAt(k);
      if (d === close) {
        coll.range = [p, k + 1, k + 1];
        return coll;
      }
      if (d !== 44) bail();
      i = k + 1;
      while (i < e && t.charCodeAt(i) === 32) i++;
      if (t.charCodeAt(i) === close) bail(); // trailing comma
    }
  }

  /**
   * A block scalar (`|`, `|-`, `>`, `>-`, optionally with a comment on its header line) whose header
   * is at `p` on the line ending at `e`, in a collection at column `col`: its lines are those
   * indented more than `col`, all at the first one's indentation for `>` (more indented lines, an
   * explicit indentation, `+` and lines of spaces are left to `yaml`). Its range ends after its last
   * non-empty line (following empty lines are the next node's, as in `yaml`).
   */
  private blockScalar(p: number, e: number, col: number): Scalar {
    const t = this.text;
    const folded = t.charCodeAt(p) === 62;
    let i = p + 1;
    let strip = false;
    if (t.charCodeAt(i) === 45) {
      strip = true;
      i++;
    }
    const hs = i;
    while (i < e && t.charCodeAt(i) === 32) i++;
    let comment: string | undefined;
    if (i < e) {
      if (t.charCodeAt(i) !== 35 || i === hs) bail(); // `+`, an indentation digit, anything else
      comment = t.slice(i + 1, e);
      checkChars(comment);
    }
    if (e >= this.n) bail();
    const lines: string[] = [];
    let blanks = 0;
    let indent = -1;
    let ls = this.nextLine(e);
    let end = -1;
    while (ls < this.n) {
      let j = ls;
      while (j < this.n && t.charCodeAt(j) === 32) j++;
      if (j >= this.n) bail();
      if (t.charCodeAt(j) === 10 || t.charCodeAt(j) === 13) {
        if (j > ls) bail(); // a line of spaces
        blanks++;
        ls = this.nextLine(j);
        continue;
      }
      const ind = j - ls;
      if (indent < 0) {
        if (ind <= col) break;
        indent = ind;
      }
      if (ind < indent) {
        if (ind > col) bail();
        break;
      }
      if (ind > indent && folded) bail();
      for (; blanks > 0; blanks--) lines.push('');
      const le = this.eol(j);
      const line = t.slice(ls + indent, le);
      checkChars(line);
      lines.push(line);
      end = this.nextLine(le);
      ls = end;
    }
    if (indent < 0) bail(); // empty
    let value: string;
    if (!folded) value = lines.join('\n');
    else {
      value = '';
      let sep = '';
      for (const l of lines) {
        if (l === '') {
          if (sep === '\n') value += '\n';
          else sep = '\n';
        } else {
          value += sep + l;
          sep = ' ';
        }
      }
    }
    if (!strip) value += '\n';
    const sc = newScalar(value);
    sc.range = [p, end, end];
    sc.source = value;
    sc.type = folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
    if (comment !== undefined) sc.comment = comment || ' ';
    return sc;
  }

  /** A plain scalar [s, e) on one line, resolved with the schema's tags as `yaml` does. */
  private plainScalar(s: number, e: number, atKey: boolean, block: boolean): Scalar {
    const t = this.text;
    if (e <= s) bail();
    const c = t.charCodeAt(s);
    // Indicators that cannot start a plain scalar, or that start something else (alias, anchor, tag,
    // block scalar, directive, reserved, comment, `?`/`:`/`-` forms).
    switch (c) {
      case 33: // !
      case 35: // #
      case 37: // %
      case 38: // &
      case 42: // *
      case 44: // ,
      case 58: // :
      case 62: // >
      case 63: // ?
      case 64: // @
      case 91: // [
      case 93: // ]
      case 96: // `
      case 123: // {
      case 124: // |
      case 125: // }
      case 34:
      case 39:
      case 32:
        bail();
        break;
      case 45: // -
        if (s + 1 >= e || t.charCodeAt(s + 1) === 32) bail();
        break;
    }
    // One pass: characters left to `yaml`, comments (` #`), `: ` (a nested mapping) and a final `:`.
    for (let i = s; i < e; i++) {
      const ch = t.charCodeAt(i);
      if (ch < 32 || ch === 127 || ch >= 0xd800) bail();
      if (ch === 32) {
        const nx = t.charCodeAt(i + 1);
        if (nx === 35 && i + 1 < e) bail();
      } else if (ch === 58) {
        const nx = t.charCodeAt(i + 1);
        if (i + 1 === e || nx === 32) bail();
      }
    }
    const source = t.slice(s, e);
    if (block && source.startsWith('---')) bail();
    const cache = atKey ? keyTagCache : tagCache;
    let tag = cache.get(source);
    if (!tag) {
      tag = this.tags.find((tg) => (tg.default === true || (atKey && tg.default === 'key')) && tg.test?.test(source)) ?? this.strTag;
      if (cache.size > 50000) cache.clear();
      cache.set(source, tag);
    }
    let failed = false;
    let res: unknown;
    try {
      res = tag.resolve(source, () => (failed = true), this.options);
    } catch {
      bail();
    }
    if (failed) bail();
    const sc = isScalar(res) ? (res as Scalar) : newScalar(res);
    sc.range = [s, e, e];
    sc.source = source;
    sc.type = 'PLAIN';
    if (tag.format) sc.format = tag.format;
    return sc;
  }
}

/** Double-quoted escapes resolved by the fast path (the others are left to `yaml`). */
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v', ' ': ' ' };

/** Characters the fast path leaves to `yaml` (tabs, CR, control and non-BMP/BOM characters). */
function checkChars(s: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 127 || c >= 0xd800) bail();
  }
}

function sameTags(a: ScalarTag[], b: ScalarTag[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The document of `text` (which must hold exactly one document, optionally starting with `---`)
 * built by the fast path, or undefined when the text is outside the supported subset.
 */
export function fastParseDocument(text: string): yaml.Document.Parsed | undefined {
  // Tabs and CR are left to `yaml` (indentation and line-break rules); everything else is checked
  // where it occurs.
  if (/\t|\r(?!\n)/.test(text)) return undefined;
  // Document markers at column 0 inside the text (`...` ends a document, `---` starts one).
  if (/(?:^|\n)(?:\.\.\.|---)(?=[ \n]|$)/.test(text.slice(3)) || text.startsWith('...')) return undefined;
  const doc = new Document(undefined, YAML_OPTIONS) as unknown as yaml.Document.Parsed;
  try {
    new FastParser(text, doc).parse();
  } catch (e) {
    // Unsupported input, and also a stack overflow on very deep nesting (the parser recurses per
    // level): `yaml`'s full parse reads such a document (and reports its depth) instead.
    if (e === UNSUPPORTED || e instanceof RangeError) return undefined;
    throw e;
  }
  return doc;
}
