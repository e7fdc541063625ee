/**
 * Schema-driven completion at an offset of a parsed file (a chunk: offsets relative to its text).
 * Keys valid at the cursor minus those present, insert text by type, enum/boolean values, list
 * items and whole-pattern snippets. Works on broken YAML (the cursor context is read from text).
 */
import { docAt, type ParsedDoc, type ParsedFile } from '../yaml/document';
import { typeLabel, type FieldData, type Schema, type SchemaKind, type SchemaType } from '../schema/schema';
import { cursorContext } from './cursor';
import { jobSpecSnippets } from './snippets';

export interface CompletionEntry {
  label: string;
  kind: 'field' | 'value' | 'snippet' | 'item';
  /** Snippet syntax when `snippet` is true. */
  insertText: string;
  snippet: boolean;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  sortText?: string;
  deprecated?: boolean;
}

export interface CompletionResult {
  items: CompletionEntry[];
  /** Offsets of the text the chosen item replaces. */
  start: number;
  end: number;
}

const INDENT = '  ';

/** The kind kjob completes a document as, or undefined when the document is not ours. */
export function completionKind(file: ParsedFile, pdoc: ParsedDoc | undefined, from: number, to: number): SchemaKind | undefined {
  if (pdoc?.target) return pdoc.target;
  const text = file.text.slice(from, to);
  if (!/^apiVersion:[ \t]*["']?batch\/v1["']?[ \t]*(#.*)?\r?$/m.test(text)) return undefined;
  const kind = /^kind:[ \t]*["']?(\w*)["']?/m.exec(text)?.[1];
  if (kind === undefined || kind === '' || 'Job'.startsWith(kind)) return 'Job';
  if ('CronJob'.startsWith(kind)) return 'CronJob';
  return undefined;
}

function docBounds(file: ParsedFile, offset: number): { pdoc?: ParsedDoc; from: number; to: number } {
  const pdoc = docAt(file, offset);
  if (pdoc) {
    const from = file.text.lastIndexOf('\n', pdoc.start - 1) + 1;
    return { pdoc, from, to: Math.max(pdoc.end, offset) };
  }
  // Past the last document's end (e.g. trailing lines being typed): scan from the previous marker.
  const m = file.text.lastIndexOf('\n---', offset);
  return { from: m < 0 ? 0 : m + 1, to: file.text.length };
}

export interface CompleteOptions {
  /** The character that triggered completion, when typing one did. A space only opens value lists. */
  triggerCharacter?: string;
}

export function complete(file: ParsedFile, offset: number, schema: Schema, opts: CompleteOptions = {}): CompletionResult | undefined {
  const { pdoc, from, to } = docBounds(file, offset);
  const kind = completionKind(file, pdoc, from, Math.max(to, file.text.length));
  if (!kind) return undefined;
  const ctx = cursorContext(file.text, offset, from);
  if (!ctx) return undefined;
  const items: CompletionEntry[] = [];
  // Spaces typed as indentation must not pop up key lists; after `key: ` a value list is wanted.
  if (opts.triggerCharacter === ' ' && ctx.kind !== 'value') return undefined;
  if (ctx.kind === 'value') {
    const r = schema.resolve(kind, ctx.path);
    let t = r?.type;
    if (ctx.item && t?.kind === 'array') t = t.items;
    if (ctx.path.length === 1 && ctx.path[0] === 'kind') {
      for (const k of Object.keys(schema.data.roots)) items.push(value(k, 'kind of a batch/v1 object'));
    } else if (ctx.path.length === 1 && ctx.path[0] === 'apiVersion') {
      items.push(value('batch/v1', 'group/version of Job and CronJob'));
    } else if (t) {
      items.push(...valuesFor(t, r?.field));
      if (t.kind === 'string' && !t.enum) items.push(...supportedValues(schema, kind, ctx.path));
    }
    // Right after `key:` (completion triggered by typing the colon): keep YAML's space.
    if (file.text[ctx.start - 1] === ':') for (const i of items) i.insertText = ` ${i.insertText}`;
    return { items, start: ctx.start, end: ctx.end };
  }
  const parent = schema.resolve(kind, ctx.path);
  let t = parent?.type;
  if (t?.kind === 'array' && ctx.inNewItem) t = t.items;
  if (t?.kind === 'array' && ctx.inNewItem === false) t = undefined;
  // Renaming an existing key (`compl|etions: 3`): insert the name only.
  const keyOnly = /^[ \t]*:/.test(file.text.slice(ctx.end, ctx.end + 200));
  if (t && t.kind === 'object') {
    const atRoot = ctx.path.length === 0;
    for (const [name, f] of schema.fields(t)) {
      if (ctx.present.has(name)) continue;
      const item = fieldItem(schema, name, f, schema.isRequired(t.ref, name), atRoot && name === 'status');
      if (keyOnly) item.insertText = /^[\w.\-/]+$/.test(name) ? name : JSON.stringify(name);
      items.push(item);
    }
    const owner = schema.object(t.ref);
    if (owner?.displayName === 'JobSpec' && !keyOnly) {
      for (const s of jobSpecSnippets) {
        if (s.keys.some((k) => ctx.present.has(k))) continue;
        items.push({ label: s.label, kind: 'snippet', insertText: s.body.replace(/\n$/, ''), snippet: true, detail: s.detail, documentation: s.documentation, sortText: `3${s.label}` });
      }
    }
  } else if (t && ctx.inNewItem) {
    // `- |` in a list of scalars: offer its values.
    items.push(...valuesFor(t, parent?.field));
  }
  // A new list item under `key:` (cursor on an empty line below it).
  if (ctx.seqOwner && !ctx.inNewItem) {
    const owner = schema.resolve(kind, ctx.seqOwner);
    if (owner?.type.kind === 'array') items.push(...listItem(schema, owner.type.items));
  }
  return { items, start: ctx.start, end: ctx.end };
}

function value(v: string, detail: string, documentation?: string): CompletionEntry {
  return { label: v, kind: 'value', insertText: v, snippet: false, detail, ...(documentation ? { documentation } : {}) };
}

function valuesFor(t: SchemaType, field: FieldData | undefined): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  const dflt = field?.default ?? field?.defaultText;
  if (t.kind === 'string' && t.enum) {
    for (const v of t.enum) {
      if (v === '') continue;
      out.push({ ...value(/^(true|false|yes|no|on|off|y|n|null|~|[-+.\d].*)$/i.test(v) ? JSON.stringify(v) : v, dflt === v ? 'enum value (default)' : 'enum value'), sortText: dflt === v ? '0' : `1${v}` });
    }
  } else if (t.kind === 'boolean') {
    out.push(value('true', 'boolean'), value('false', 'boolean'));
  }
  return out;
}

/** Fields Kubernetes documents as set by the system ("Populated by the system", "Read-only."). */
const SYSTEM_SET = /(?:^|\.\s+)(?:Populated by the system|Read-only\.)/;

function fieldItem(schema: Schema, name: string, f: FieldData, required: boolean, statusOfRoot: boolean): CompletionEntry {
  const label = typeLabel(schema, f.type);
  const deprecated = /^(Deprecated|DEPRECATED)\b|\bdeprecated\b/.test(f.description?.slice(0, 120) ?? '');
  const system = statusOfRoot || SYSTEM_SET.test(f.description ?? '');
  const dflt = f.default !== undefined ? JSON.stringify(f.default) : f.defaultText;
  return {
    label: name,
    kind: 'field',
    insertText: insertFor(schema, name, f.type),
    snippet: true,
    detail: required ? `${label} (required)` : system ? `${label} (set by the system)` : label,
    ...(f.description || dflt !== undefined ? { documentation: [f.description, dflt !== undefined ? `Default: \`${dflt}\`` : undefined].filter(Boolean).join('\n\n') } : {}),
    sortText: `${required ? 0 : deprecated || system ? 2 : 1}${name}`,
    ...(deprecated ? { deprecated } : {}),
  };
}

/** Insert text that fits the type: scalar `key: `, object `key:` + newline + indent, list `- `. */
export function insertFor(schema: Schema, name: string, t: SchemaType): string {
  const key = /^[\w.\-/]+$/.test(name) ? name : JSON.stringify(name);
  switch (t.kind) {
    case 'object':
    case 'map':
      return `${key}:\n${INDENT}$0`;
    case 'array': {
      const first = t.items.kind === 'object' ? firstKey(schema, t.items) : undefined;
      return first ? `${key}:\n- ${first}: $0` : `${key}:\n- $0`;
    }
    case 'string':
      if (t.enum?.length) return `${key}: \${1|${t.enum.filter((v) => v !== '').map(escapeChoice).join(',')}|}`;
      return `${key}: $0`;
    case 'boolean':
      return `${key}: \${1|true,false|}`;
    default:
      return `${key}: $0`;
  }
}

function escapeChoice(v: string): string {
  return v.replace(/[\\|,$}]/g, (c) => `\\${c}`);
}

/** The key a new list item usually starts with: `name` when the type has one, else the first required. */
function firstKey(schema: Schema, t: SchemaType): string | undefined {
  if (t.kind !== 'object') return undefined;
  if (schema.field(t, 'name')) return 'name';
  return schema.object(t.ref)?.required?.[0];
}

function listItem(schema: Schema, items: SchemaType): CompletionEntry[] {
  const first = firstKey(schema, items);
  const label = first ? `- ${first}: ` : '- ';
  return [{ label, kind: 'item', insertText: first ? `- ${first}: $0` : '- $0', snippet: true, detail: `new ${typeLabel(schema, items)} list item`, sortText: '0' }];
}


/** The annotation (and label) the Job controller puts the completion index in. */
export const COMPLETION_INDEX_KEY = 'batch.kubernetes.io/job-completion-index';

/**
 * Values a field's parent documents as supported ("Selects a field of the pod: supports
 * metadata.name, metadata.namespace, `metadata.labels['<KEY>']`, …"), e.g. for `fieldRef.fieldPath`.
 * `<KEY>` for annotations/labels becomes the completion-index key, the one a Job needs.
 */
function supportedValues(schema: Schema, kind: SchemaKind, path: readonly (string | number | { key: string })[]): CompletionEntry[] {
  const parent = schema.resolve(kind, path.slice(0, -1));
  const m = /\bsupports:? ([^.]+(?:\.[A-Za-z][^.\s,]*)*(?:, [^,]+)*)\./.exec(parent?.field?.description ?? '');
  if (!m) return [];
  const out: CompletionEntry[] = [];
  for (const raw of m[1].split(/,\s*(?:and\s+)?/)) {
    const v = raw.replace(/`/g, '').trim();
    if (!/^[\w.[\]'<>-]+$/.test(v)) continue;
    if (v.includes('<KEY>')) {
      const concrete = v.replace('<KEY>', COMPLETION_INDEX_KEY);
      out.push({ ...value(concrete, 'the completion index of an Indexed Job\'s pod'), sortText: '0' });
    } else out.push(value(v, 'supported field'));
  }
  return out;
}
