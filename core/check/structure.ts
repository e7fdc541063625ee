/**
 * Structural checks of one Job/CronJob document against the schema: what the API server's decoder
 * (strict field validation, as `kubectl apply` uses by default) rejects before any validation rule
 * runs. In the same single walk it builds the document's plain-JS value for the rules, so a document
 * is traversed once.
 *
 *  - `duplicate-field` (warning): a key given twice in one mapping; kubectl keeps the last one and
 *                       silently drops the others, so those are flagged;
 *  - `unknown-field`:   a key the schema does not define at that place;
 *  - `invalid-type`:    a value of the wrong JSON type (a string where int32 is expected, int32
 *                       overflow, unquoted `True`/`yes` read as a boolean by YAML 1.1 where a string
 *                       is expected, a list where an object is expected, …).
 *
 * Every problem carries the API server's field path (`spec.template.spec.containers[0].image`).
 */
import * as yaml from 'yaml';
import type { Node, Pair, Scalar } from 'yaml';
import type { Problem } from './problem';
import type { ParsedDoc } from '../yaml/document';
import { MAX_ALIAS_COUNT } from '../yaml/document';
import { formatPath, type PathSegment } from '../yaml/fieldPath';
import type { Schema, SchemaKind, SchemaType } from '../schema/schema';
import { typeLabel } from '../schema/schema';

// Bound once: in the CommonJS bundle every call of an imported `yaml` function would otherwise go
// through an export getter (measurable on a 2,000-document file).
const { isAlias, isMap, isPair, isScalar, isSeq } = yaml;

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
const INT64_MAX = 9223372036854775807;
const INT64_MIN = -9223372036854775808;
/** Nesting bound for values the schema does not describe (free-form JSON, unknown subtrees). */
const MAX_DEPTH = 200;

export interface StructureResult {
  problems: Problem[];
  /** The document as plain JS (aliases resolved, bounded), as the API server would decode it. */
  value: unknown;
}

/** Data carried by `invalid-type` problems so a quick fix can quote a scalar. */
export interface QuoteFixData {
  quote: string;
}

export function checkStructure(pdoc: ParsedDoc, kind: SchemaKind, schema: Schema, source = ''): StructureResult {
  const w = new Walker(pdoc, schema, source);
  const value = w.walk(pdoc.doc.contents as Node | null, schema.rootType(kind), []);
  return { problems: w.problems, value };
}

class Walker {
  readonly problems: Problem[] = [];
  private aliasCount = 0;
  private readonly active = new Set<Node>();
  /** While expanding an alias, problems are reported at the alias (`*name`), once per site. */
  private site: Node | undefined;
  private readonly reported = new Set<string>();

  constructor(
    private readonly pdoc: ParsedDoc,
    private readonly schema: Schema,
    /** The file text (offsets are into it); needed only for line-based fixes. */
    private readonly source: string,
  ) {}

  walk(node: Node | null | undefined, type: SchemaType | undefined, path: PathSegment[]): unknown {
    if (node == null) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.pdoc.doc);
      if (!target || this.active.has(target) || ++this.aliasCount > MAX_ALIAS_COUNT) {
        if (this.aliasCount === MAX_ALIAS_COUNT + 1 || (target && this.active.has(target))) {
          this.report(node, path, 'invalid-type', `${this.at(path)}alias *${node.source} expands too far (a cycle or more than ${MAX_ALIAS_COUNT} alias expansions)`);
        }
        return null;
      }
      this.active.add(target);
      const prevSite = this.site;
      this.site ??= node;
      try {
        return this.walk(target, type, path);
      } finally {
        this.active.delete(target);
        this.site = prevSite;
      }
    }
    if (path.length > MAX_DEPTH) return null;
    if (isScalar(node)) return this.scalar(node, type, path);
    if (isMap(node)) return this.map(node.items as Pair[], node, type, path);
    if (isSeq(node)) {
      if (type && type.kind !== 'array' && type.kind !== 'any') {
        this.mismatch(node, path, type, 'array');
        return null;
      }
      const items = type?.kind === 'array' ? type.items : type;
      const out: unknown[] = [];
      // `path` is one stack shared by the whole walk (pushed and popped around each child; problems
      // format it when they are made), not a new array per node.
      for (let i = 0; i < node.items.length; i++) {
        path.push(i);
        out.push(this.walk(node.items[i] as Node, items, path));
        path.pop();
      }
      return out;
    }
    return null;
  }

  private map(items: Pair[], node: Node, type: SchemaType | undefined, path: PathSegment[]): unknown {
    const isObject = type?.kind === 'object';
    const isMapType = type?.kind === 'map';
    if (type && !isObject && !isMapType && type.kind !== 'any') {
      this.mismatch(node, path, type, 'object');
      return null;
    }
    const checking = isObject || isMapType;
    const out: Record<string, unknown> = {};
    // kubectl turns YAML into JSON before sending it: of keys given twice the last one wins and the
    // earlier ones are dropped without a word. So only the last occurrence is checked.
    const n = items.length;
    const names: (string | undefined)[] = new Array(n);
    for (let i = 0; i < n; i++) names[i] = isPair(items[i]) ? keyName(items[i].key as Node | null) : undefined;
    // Index of each name's last occurrence, made only when some name occurs twice (rare).
    let last: Map<string, number> | undefined;
    if (n > 1) {
      let dup = false;
      if (n <= 24) {
        for (let i = 0; i < n && !dup; i++) for (let j = i + 1; j < n; j++) if (names[i] !== undefined && names[i] === names[j]) dup = true;
      } else dup = new Set(names).size < n;
      if (dup) {
        last = new Map<string, number>();
        for (let i = 0; i < n; i++) if (names[i] !== undefined && names[i] !== '<<') last.set(names[i]!, i);
      }
    }
    for (let i = 0; i < items.length; i++) {
      const pair = items[i];
      const name = names[i];
      if (name === undefined) continue; // complex keys: nothing a Kubernetes object can hold
      const keyNode = pair.key as Node | null;
      if (name === '<<') {
        // YAML 1.1 merge key: merge the referenced mapping(s) without overriding explicit keys.
        const merged = this.walkMerge(pair.value as Node | null, type, path);
        for (const [k, v] of Object.entries(merged)) if (!(k in out)) out[k] = v;
        continue;
      }
      path.push(isMapType ? { key: name } : name);
      if (last && last.get(name) !== i) {
        if (checking || !type) {
          this.report(
            keyNode,
            path,
            'duplicate-field',
            `duplicate field "${formatPath(path)}": a later "${name}" in the same mapping overrides this one, which kubectl drops without a warning`,
            this.lineSpan(pair),
            'warning',
          );
        }
        path.pop();
        continue;
      }
      let childType: SchemaType | undefined;
      let key = name;
      if (isObject) {
        const e = this.schema.fieldEntry(type, name);
        if (!e) {
          this.report(keyNode, path, 'unknown-field', unknownMessage(this.schema, type, name, path), suggestion(this.schema, type, name));
          path.pop();
          continue;
        }
        key = e[0];
        childType = e[1].type;
      } else if (isMapType) childType = type.values;
      else if (type?.kind === 'any') childType = type;
      out[key] = this.walk(pair.value as Node | null, childType, path);
      path.pop();
    }
    return out;
  }

  private walkMerge(node: Node | null, type: SchemaType | undefined, path: PathSegment[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const sources = isSeq(node) ? (node.items as Node[]) : [node];
    for (const s of sources) {
      const v = this.walk(s, type, path);
      if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) if (!(k in out)) out[k] = x;
    }
    return out;
  }

  private scalar(node: Scalar, type: SchemaType | undefined, path: PathSegment[]): unknown {
    const v = node.value;
    const value = v instanceof Date ? (node.source ?? v.toISOString()) : v instanceof Uint8Array ? node.source : v;
    if (!type || value === null || value === undefined) return value ?? null;
    const got = jsonKind(value);
    switch (type.kind) {
      case 'any':
        return value;
      case 'string':
        if (got !== 'string') this.mismatch(node, path, type, got, value);
        return value;
      case 'boolean':
        if (got !== 'boolean') this.mismatch(node, path, type, got, value);
        return value;
      case 'number':
        if (got !== 'number' || !Number.isFinite(value as number)) this.mismatch(node, path, type, got, value);
        return value;
      case 'integer':
        if (got !== 'number' || !Number.isFinite(value as number)) this.mismatch(node, path, type, got, value);
        else if (!Number.isInteger(value)) this.mismatch(node, path, type, 'number (not an integer)', value);
        else this.range(node, path, type.format, value as number);
        return value;
      case 'quantity':
        if (got !== 'string' && !(got === 'number' && Number.isFinite(value as number))) this.mismatch(node, path, type, got, value);
        return value;
      case 'intOrString':
        if (got === 'number') {
          if (!Number.isInteger(value)) this.mismatch(node, path, type, 'number (not an integer)', value);
          else this.range(node, path, 'int32', value as number);
        } else if (got !== 'string') this.mismatch(node, path, type, got, value);
        return value;
      case 'object':
      case 'map':
      case 'array':
        this.mismatch(node, path, type, got, value);
        return null;
    }
  }

  private range(node: Node, path: PathSegment[], format: 'int32' | 'int64', n: number): void {
    const [lo, hi] = format === 'int32' ? [INT32_MIN, INT32_MAX] : [INT64_MIN, INT64_MAX];
    if (n < lo || n > hi) {
      this.report(node, path, 'invalid-type', `${this.at(path)}Invalid value: ${sourceOf(node) ?? n}: out of range for ${format} (${lo} to ${hi}); the API server cannot decode it`);
    }
  }

  private mismatch(node: Node, path: PathSegment[], type: SchemaType, got: string, value?: unknown): void {
    const want = typeLabel(this.schema, type);
    let msg = `${this.at(path)}Invalid type: expected ${want}, got ${got}`;
    if (value !== undefined && got !== 'object' && got !== 'array') msg += ` ${JSON.stringify(value)}`;
    let data: QuoteFixData | undefined;
    const wantsString = type.kind === 'string' || type.kind === 'quantity' || type.kind === 'intOrString';
    if (wantsString && isScalar(node) && (got === 'boolean' || got === 'number') && node.type === 'PLAIN') {
      const src = sourceOf(node) ?? String(value);
      data = { quote: src };
      msg += got === 'boolean'
        ? `: YAML 1.1 reads unquoted ${src} as a boolean, so the API server cannot decode it. Quote it: "${src}"`
        : `: quote it ("${src}") if it is meant as text`;
    } else {
      msg += '; the API server cannot decode it';
    }
    this.report(node, path, 'invalid-type', msg, data);
  }

  /** The whole lines a block-style pair occupies (for a "remove" fix), when it has lines of its own. */
  private lineSpan(pair: Pair): { remove?: { start: number; end: number } } {
    const k = (pair.key as Node | null)?.range;
    const v = (pair.value as Node | null)?.range;
    if (!k || this.site) return {};
    const src = this.source;
    const lineStart = src.lastIndexOf('\n', k[0] - 1) + 1;
    if (src.slice(lineStart, k[0]).trim() !== '') return {};
    const valueEnd = v ? v[1] : k[1];
    let end = src.indexOf('\n', Math.max(valueEnd - 1, k[1]));
    end = end < 0 ? src.length : end + 1;
    return { remove: { start: lineStart, end } };
  }

  private at(path: PathSegment[]): string {
    return path.length ? `${formatPath(path)}: ` : '';
  }

  private report(node: Node | null, path: PathSegment[], code: string, message: string, data?: unknown, severity: 'error' | 'warning' = 'error'): void {
    const r = rangeOf(this.site ?? node);
    const start = r?.start ?? this.pdoc.start;
    const end = r && r.end > r.start ? r.end : start + 1;
    if (this.site) {
      const k = `${start}:${code}:${message}`;
      if (this.reported.has(k)) return;
      this.reported.add(k);
    }
    const p: Problem = { start, end, severity, code, path: path.length ? formatPath(path) : null, message };
    if (data !== undefined) p.data = data;
    this.problems.push(p);
  }
}

/** A mapping key as the JSON key it becomes; '<<' for a YAML 1.1 merge key; undefined for complex keys. */
function keyName(k: Node | null): string | undefined {
  if (k == null) return '';
  if (!isScalar(k)) return undefined;
  if (typeof k.value === 'symbol' || (k.source === '<<' && k.value === '<<')) return '<<';
  return k.value === null ? '' : String(k.value);
}

function rangeOf(n: Node | null | undefined): { start: number; end: number } | undefined {
  return n?.range ? { start: n.range[0], end: n.range[1] } : undefined;
}

function sourceOf(n: Node): string | undefined {
  return isScalar(n) && typeof n.source === 'string' ? n.source : undefined;
}

function jsonKind(v: unknown): string {
  if (typeof v === 'bigint') return 'number';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function unknownMessage(schema: Schema, type: SchemaType, name: string, path: PathSegment[]): string {
  const s = suggestion(schema, type, name);
  const owner = type.kind === 'object' ? schema.object(type.ref)?.displayName : undefined;
  return `unknown field "${formatPath(path)}"${owner ? ` (${owner} has no field "${name}")` : ''}${s ? `; did you mean "${s.replace}"?` : ''}`;
}

/** The closest known field name (case-insensitive or within a small edit distance), for "did you mean". */
function suggestion(schema: Schema, type: SchemaType, name: string): { replace: string } | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const lower = name.toLowerCase();
  for (const [f] of schema.fields(type)) {
    if (f.toLowerCase() === lower) return { replace: f };
    const d = editDistance(lower, f.toLowerCase(), 3);
    if (d < bestD) {
      bestD = d;
      best = f;
    }
  }
  return best !== undefined && bestD <= Math.min(3, Math.floor(name.length / 3)) ? { replace: best } : undefined;
}

/** Levenshtein distance, giving up (returning limit+1) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}
