/**
 * LanguageService: the facade the LSP handlers call. It owns the parse cache (keyed by uri +
 * version; unchanged documents of a multi-document file are reused across versions), runs the pure
 * domain features on it and converts offsets to LSP ranges (service/positions.ts only).
 * Every feature catches, logs and returns an empty result: a bad file never takes the server down.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  InsertTextFormat,
  MarkupKind,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type Position,
  type Range,
} from 'vscode-languageserver';
import type { Problem, Severity } from '../../../core/check/problem';
import type { CheckSettings } from '../../../core/check/rules/types';
import { checkFileDetailed, DEFAULT_CHECK_SETTINGS, type CheckOptions, type DocCheck, type FileCheck } from '../../../core/check/check';
import { IncrementalParser, type Chunk, type ChunkedFile, type TextEdit } from '../../../core/check/chunked';
import { complete } from '../../../core/completion/complete';
import { hover } from '../../../core/hover/hover';
import { fixesFor } from '../../../core/check/fixes';
import { bundledSchema, type Schema } from '../../../core/schema/schema';
import { displayMessage } from '../../../core/check/messages';
import { toOffset, toRange } from './positions';
import type { CheckPool } from './checkWorker';

/** What the service needs of a document (vscode-languageserver-textdocument's TextDocument fits). */
export interface DocumentLike {
  uri: string;
  version: number;
  getText(): string;
}

export interface LanguageServiceOptions {
  schema?: Schema;
  log?: (message: string) => void;
  /** A worker thread that checks half of a big file's chunks in parallel (diagnosticsAsync). */
  pool?: CheckPool;
}

/** Files with more unchecked chunks than this are checked in the background (slices, one file at a time)... */
const FOREGROUND_MAX_CHUNKS = 8;
/** ...in slices of this many milliseconds. */
const BACKGROUND_SLICE_MS = 2;

/** diagnosticsAsync hands chunks to the worker only for files at least this big (characters)... */
export const PARALLEL_MIN_CHARS = 16 * 1024;
/** ...made of at least this many unchecked chunks... */
const PARALLEL_MIN_CHUNKS = 16;
/** ...in batches of this many chunks; this thread yields to take the worker's answers every PARALLEL_SLICE chunks. */
const PARALLEL_BATCH = 24;
const PARALLEL_SLICE = 16;

/**
 * A cached check. `problemsOnly`: the per-document details (rule contexts for quick fixes, which
 * hold the chunk's parse) were not kept — a check from the worker, or one whose details were
 * dropped to free the parse; code actions redo such a chunk's check.
 */
type CachedCheck = FileCheck & { problemsOnly?: boolean };

/** A chunk's problems as LSP diagnostics, for the check they came from and the line the chunk starts on. */
interface Converted {
  check: FileCheck;
  line: number;
  items: Diagnostic[];
}

/** What a diagnostic pull answers: the items, or `unchanged` when they equal the ones of `previousResultId`. */
export type DiagnosticsReport = { resultId: string; unchanged: true } | { resultId: string; unchanged?: false; items: Diagnostic[] };

interface Entry {
  version: number;
  parser: IncrementalParser;
  file: ChunkedFile;
  /** Edits since `version` reported by `changed`, ending at version `to`; null when unknown (a full-text change). */
  pending?: { to: number; edits: TextEdit[] } | null;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export class LanguageService {
  private readonly docs = new Map<string, Entry>();
  /** Diagnostics of each chunk, converted once (reused while the chunk and its first line stay). */
  private readonly converted = new WeakMap<object, Converted>();
  /** The last diagnostics reported per document, with their result id. */
  private readonly reports = new Map<string, { resultId: string; items: Diagnostic[] }>();
  private nextResultId = 1;
  /** The background check running (files being opened are checked one at a time). */
  private background: Promise<void> = Promise.resolve();
  private readonly schema: Schema;
  private readonly log: (message: string) => void;
  private readonly pool?: CheckPool;

  constructor(opts: LanguageServiceOptions = {}) {
    this.schema = opts.schema ?? bundledSchema();
    this.log = opts.log ?? (() => {});
    this.pool = opts.pool;
  }

  /** The parsed file for this version of the document (parsed at most once per version). */
  parsed(doc: DocumentLike): ChunkedFile {
    let e = this.docs.get(doc.uri);
    if (e && e.version === doc.version) return e.file;
    const parser = e?.parser ?? new IncrementalParser();
    const edits = e?.pending && e.pending.to === doc.version ? e.pending.edits : undefined;
    const file = parser.parse(doc.getText(), edits);
    e = { version: doc.version, parser, file };
    this.docs.set(doc.uri, e);
    return file;
  }

  /**
   * Reports the edits (offsets in the text before each edit, applied in order) that turned version
   * `from` of a document into version `to`, so that the next parse updates the split points instead
   * of rescanning the whole text. `edits` undefined: unknown change (the next parse starts over).
   */
  changed(uri: string, from: number, to: number, edits: TextEdit[] | undefined): void {
    const e = this.docs.get(uri);
    if (!e) return;
    if (!edits) e.pending = null;
    else if (e.pending === undefined && e.version === from) e.pending = { to, edits: [...edits] };
    else if (e.pending && e.pending.to === from) e.pending = { to, edits: [...e.pending.edits, ...edits] };
    else e.pending = null;
  }

  close(uri: string): void {
    this.docs.delete(uri);
    this.reports.delete(uri);
  }

  /** The cache key of a settings + schema variant (computed once per request, not per chunk). */
  private checkKey(settings: CheckSettings, schema: Schema): string {
    return `${settingsKey(settings)}#${schemaId(schema)}`;
  }

  /**
   * The cached check of a chunk for this settings key, computed when missing. `details`: the
   * per-document details (rule contexts for quick fixes) are needed, so a check that came from the
   * worker (problems only) is redone here.
   */
  private checkChunk(chunk: Chunk, key: string, settings: CheckSettings, schema: Schema, details = false): FileCheck {
    let c = chunk.data.checks.get(key) as CachedCheck | undefined;
    if (!c || (details && c.problemsOnly && c.problems.length)) {
      const opts: CheckOptions = { schema, log: this.log };
      const full = checkFileDetailed(chunk.data.file, settings, opts);
      // The per-document details (parse, rule context) serve only quick fixes: a check made for
      // them keeps them; otherwise the chunk keeps its problem list alone and drops its parse
      // (completion/hover re-parse that one chunk on demand, code actions redo its check), so that
      // a big file whose every document has a warning does not keep every parse.
      if (details) c = { problems: full.problems, docs: full.docs.filter((dc) => dc.problems.length) };
      else {
        c = { problems: full.problems, docs: [], problemsOnly: true };
        chunk.data.release();
      }
      this.store(chunk, key, c);
    }
    return c;
  }

  private store(chunk: Chunk, key: string, c: CachedCheck): void {
    chunk.data.checks.clear(); // one settings variant per chunk bounds memory
    chunk.data.checks.set(key, c);
  }

  diagnostics(doc: DocumentLike, settings: CheckSettings = DEFAULT_CHECK_SETTINGS, schema: Schema = this.schema): Diagnostic[] {
    try {
      const file = this.parsed(doc);
      const out: Diagnostic[] = [];
      const key = this.checkKey(settings, schema);
      for (const chunk of file.chunks) {
        const check = this.checkChunk(chunk, key, settings, schema);
        if (!check.problems.length) continue;
        for (const d of this.convert(file, chunk, check)) out.push(d);
      }
      return out;
    } catch (e) {
      this.fail('diagnostics', doc.uri, e);
      return [];
    }
  }

  /**
   * A chunk's diagnostics. Converted once per check; a chunk whose text is unchanged but starts on
   * another line (lines typed above it) gets the same diagnostics moved by that many lines, without
   * re-converting (a keystroke in a 2,000-Job file re-converts only the edited Job's problems).
   */
  private convert(file: ChunkedFile, chunk: Chunk, check: FileCheck): Diagnostic[] {
    const line = file.positionAt(chunk.base).line;
    const prev = this.converted.get(chunk.data);
    if (prev && prev.check === check && prev.line === line) return prev.items;
    let items: Diagnostic[];
    // Moving by whole lines is exact when the chunk starts a line (always, except after a
    // separator only JavaScript counts as a line break, where the first line's characters depend
    // on the text before the chunk).
    if (prev && prev.check === check && file.chunksStartLines) {
      const d = line - prev.line;
      items = prev.items.map((x) => ({ ...x, range: { start: { line: x.range.start.line + d, character: x.range.start.character }, end: { line: x.range.end.line + d, character: x.range.end.character } } }));
    } else items = check.problems.map((p) => this.toDiagnostic(file, chunk.base, p));
    this.converted.set(chunk.data, { check, line, items });
    return items;
  }

  /**
   * The diagnostic pull's answer (LSP result ids): when the diagnostics equal the ones last
   * reported for this document and the client holds those (`previousResultId`), only "unchanged"
   * goes back — typing in a big file with many warnings does not resend them all every keystroke.
   */
  async diagnosticsReport(doc: DocumentLike, previousResultId: string | undefined, settings: CheckSettings = DEFAULT_CHECK_SETTINGS, schema: Schema = this.schema): Promise<DiagnosticsReport> {
    const items = await this.diagnosticsAsync(doc, settings, schema);
    const last = this.reports.get(doc.uri);
    if (last && sameDiagnostics(last.items, items)) {
      return last.resultId === previousResultId ? { resultId: last.resultId, unchanged: true } : { resultId: last.resultId, items: last.items };
    }
    const resultId = String(this.nextResultId++);
    this.reports.set(doc.uri, { resultId, items });
    return { resultId, items };
  }

  /**
   * Same result as `diagnostics`; for a big file with many unchecked chunks (opening it), the
   * worker thread checks the second half of them while this thread checks the first half.
   */
  async diagnosticsAsync(doc: DocumentLike, settings: CheckSettings = DEFAULT_CHECK_SETTINGS, schema: Schema = this.schema): Promise<Diagnostic[]> {
    if (this.pool && schema === this.schema) {
      try {
        await this.checkInParallel(this.parsed(doc), settings, schema);
      } catch (e) {
        this.fail('parallel check', doc.uri, e);
      }
    } else {
      try {
        await this.checkInBackground(doc, settings, schema);
      } catch (e) {
        this.fail('background check', doc.uri, e);
      }
    }
    return this.diagnostics(doc, settings, schema);
  }

  /**
   * A file with many unchecked chunks (opening it) is checked in slices of about
   * BACKGROUND_SLICE_MS, yielding between them, one such file at a time: typing in another file
   * (one unchecked chunk, answered at once) waits for at most one slice, not for every file being
   * opened (50 files restored at start-up).
   */
  private async checkInBackground(doc: DocumentLike, settings: CheckSettings, schema: Schema): Promise<void> {
    const first = this.parsed(doc);
    const key = this.checkKey(settings, schema);
    let unchecked = 0;
    for (const c of first.chunks) if (!c.data.checks.has(key) && ++unchecked > FOREGROUND_MAX_CHUNKS) break;
    if (unchecked <= FOREGROUND_MAX_CHUNKS) return;
    const run = this.background.then(async () => {
      let file: ChunkedFile | undefined;
      let i = 0;
      for (;;) {
        // The document may have changed or closed while waiting: check its current version.
        const e = this.docs.get(doc.uri);
        if (!e) return;
        if (e.file !== file) {
          file = e.file;
          i = 0;
        }
        const chunks = file.chunks;
        const t0 = performance.now();
        for (; i < chunks.length; i++) {
          const c = chunks[i]!;
          if (c.data.checks.has(key)) continue;
          if (performance.now() - t0 > BACKGROUND_SLICE_MS) break;
          this.checkChunk(c, key, settings, schema);
        }
        if (i >= chunks.length) return;
        await yieldNow();
      }
    });
    this.background = run.catch(() => {});
    await run;
  }

  /**
   * Checks the unchecked chunks with the worker's help: this thread takes chunks from the front,
   * the worker batches from the back, until they meet; this thread yields between small slices so
   * the worker's answers are stored as they come, and at the end it checks any chunk the worker has
   * not answered yet itself (a late answer is then ignored). A slow or busy worker thus never
   * makes opening slower than checking alone.
   */
  private async checkInParallel(file: ChunkedFile, settings: CheckSettings, schema: Schema): Promise<void> {
    const pool = this.pool!;
    if (file.text.length < PARALLEL_MIN_CHARS) return;
    const key = this.checkKey(settings, schema);
    const todo = file.chunks.filter((c) => !c.data.checks.has(key));
    if (todo.length < PARALLEL_MIN_CHUNKS) return;
    if (!pool.ready) {
      pool.warm(); // for the next big file; this one is checked here
      return;
    }
    let front = 0;
    let back = todo.length;
    let inFlight = 0;
    let failed = false;
    const sendBatch = () => {
      if (failed || back - front < PARALLEL_BATCH * 2) return;
      const batch = todo.slice(back - PARALLEL_BATCH, back);
      back -= PARALLEL_BATCH;
      inFlight++;
      void pool.check(batch.map((c) => c.data.text), settings).then((results) => {
        inFlight--;
        if (!results) {
          failed = true;
          return;
        }
        for (let i = 0; i < batch.length; i++) {
          if (batch[i].data.checks.has(key)) continue; // checked here meanwhile
          this.store(batch[i], key, { problems: results[i], docs: [], problemsOnly: true });
        }
        sendBatch();
      });
    };
    // Two batches in flight keep the worker busy while an answer travels back.
    sendBatch();
    sendBatch();
    let sinceYield = 0;
    while (front < back) {
      this.checkChunk(todo[front++], key, settings, schema);
      if (++sinceYield >= PARALLEL_SLICE) {
        sinceYield = 0;
        await yieldNow();
      }
    }
    // Chunks handed to the worker and not answered yet: check them here, last first, yielding so
    // that answers arriving meanwhile are used.
    for (let i = todo.length - 1; i >= 0 && inFlight > 0; i--) {
      if (todo[i].data.checks.has(key)) continue;
      this.checkChunk(todo[i], key, settings, schema);
      if (++sinceYield >= PARALLEL_SLICE) {
        sinceYield = 0;
        await yieldNow();
      }
    }
  }

  private toDiagnostic(file: ChunkedFile, base: number, p: Problem): Diagnostic {
    const d: Diagnostic = {
      range: toRange(file, base + p.start, base + p.end),
      severity: SEVERITY[p.severity],
      code: p.code,
      source: 'kjob',
      message: displayMessage(p),
      data: { path: p.path },
    };
    if (/deprecat/i.test(p.code)) d.tags = [DiagnosticTag.Deprecated];
    return d;
  }

  completion(doc: DocumentLike, position: Position, triggerCharacter?: string, schema: Schema = this.schema): CompletionList | null {
    try {
      const file = this.parsed(doc);
      const offset = toOffset(file, position);
      const chunk = file.chunkAt(offset);
      if (!chunk) return null;
      const r = complete(chunk.data.file, offset - chunk.base, schema, triggerCharacter ? { triggerCharacter } : {});
      if (!r) return null;
      const range = toRange(file, chunk.base + r.start, chunk.base + r.end);
      const items: CompletionItem[] = r.items.map((i) => {
        const item: CompletionItem = {
          label: i.label,
          kind: i.kind === 'field' ? CompletionItemKind.Field : i.kind === 'value' ? CompletionItemKind.EnumMember : i.kind === 'item' ? CompletionItemKind.Struct : CompletionItemKind.Snippet,
          textEdit: { range, newText: i.insertText },
          insertTextFormat: i.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
          filterText: i.kind === 'snippet' ? undefined : i.label,
        };
        if (i.detail) item.detail = i.detail;
        if (i.documentation) item.documentation = { kind: MarkupKind.Markdown, value: i.documentation };
        if (i.sortText) item.sortText = i.sortText;
        if (i.deprecated) item.tags = [1 /* CompletionItemTag.Deprecated */];
        return item;
      });
      return { isIncomplete: false, items };
    } catch (e) {
      this.fail('completion', doc.uri, e);
      return null;
    }
  }

  hover(doc: DocumentLike, position: Position, schema: Schema = this.schema): Hover | null {
    try {
      const file = this.parsed(doc);
      const offset = toOffset(file, position);
      const chunk = file.chunkAt(offset);
      if (!chunk) return null;
      const h = hover(chunk.data.file, offset - chunk.base, schema);
      if (!h) return null;
      return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(file, chunk.base + h.start, chunk.base + h.end) };
    } catch (e) {
      this.fail('hover', doc.uri, e);
      return null;
    }
  }

  /** Quick fixes for the problems overlapping `range` (from the cached check of this version). */
  codeActions(doc: DocumentLike, range: Range, settings: CheckSettings = DEFAULT_CHECK_SETTINGS, only?: Diagnostic[], schema: Schema = this.schema): CodeAction[] {
    try {
      const file = this.parsed(doc);
      const start = toOffset(file, range.start);
      const end = toOffset(file, range.end);
      const out: CodeAction[] = [];
      const key = this.checkKey(settings, schema);
      for (const chunk of file.chunks) {
        if (chunk.base + chunk.data.text.length < start || chunk.base > end) continue;
        const check = this.checkChunk(chunk, key, settings, schema, true);
        for (const dc of check.docs) {
          for (const p of dc.problems) {
            if (chunk.base + p.end < start || chunk.base + p.start > end) continue;
            const diagnostic = this.toDiagnostic(file, chunk.base, p);
            if (only && only.length && !only.some((d) => sameDiagnostic(d, diagnostic))) continue;
            out.push(...this.actionsFor(doc.uri, file, chunk, dc, p, diagnostic));
          }
        }
      }
      return out;
    } catch (e) {
      this.fail('code actions', doc.uri, e);
      return [];
    }
  }

  private actionsFor(uri: string, file: ChunkedFile, chunk: Chunk, dc: DocCheck, p: Problem, diagnostic: Diagnostic): CodeAction[] {
    return fixesFor(dc, p, undefined, this.log).map((fix) => ({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      ...(fix.isPreferred ? { isPreferred: true } : {}),
      edit: {
        changes: {
          [uri]: fix.edits.map((e) => ({ range: toRange(file, chunk.base + e.start, chunk.base + e.end), newText: e.newText })),
        },
      },
    }));
  }

  private fail(what: string, uri: string, e: unknown): void {
    this.log(`kjob: ${what} failed for ${uri}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

const schemaIds = new WeakMap<Schema, number>();
let nextSchemaId = 1;
function schemaId(s: Schema): number {
  let id = schemaIds.get(s);
  if (id === undefined) schemaIds.set(s, (id = nextSchemaId++));
  return id;
}

function settingsKey(s: CheckSettings): string {
  return JSON.stringify([s.kubernetesVersion, s.severities]);
}

/** Lets the event loop run (other requests, the worker's answers) before going on. */
function yieldNow(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** Whether two diagnostic lists are equal (item by item: the same object, or the same range, severity, code, message, tags and path). */
function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const r = x.range;
    const s = y.range;
    if (r.start.line !== s.start.line || r.start.character !== s.start.character || r.end.line !== s.end.line || r.end.character !== s.end.character) return false;
    if (x.severity !== y.severity || x.code !== y.code || x.message !== y.message || x.source !== y.source) return false;
    if ((x.tags?.length ?? 0) !== (y.tags?.length ?? 0)) return false;
    if ((x.data as { path?: unknown } | undefined)?.path !== (y.data as { path?: unknown } | undefined)?.path) return false;
  }
  return true;
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return a.code === b.code && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character && a.message === b.message;
}
