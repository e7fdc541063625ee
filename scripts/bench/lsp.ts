/**
 * Language-server benchmark: kjob's server vs yaml-language-server (with a JSON schema converted
 * from kjob's own schema, and with the public peer schema), same files, same LSP requests over
 * stdio, measured round by round so that ratios are paired within the same round.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { LspClient, procMemory } from './lspClient';
import { bigJobFile, invalidJobs, multiJobFile, validJobs, type BenchFile, type Position } from './gen';
import { toJsonSchema } from './jsonSchema';
import { handwrittenFile, realisticFile, VARIANTS } from './realistic';
import { pairedRatio, repoRoot, summarize, type Summary } from './stats';

export const ROOT = repoRoot();
export const KJOB_SERVER = join(ROOT, 'server/out/server.js');
export const YLS_BIN = join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server');
export const PEER_SCHEMA = '/work/shared/peers/yaml-language-server/job-batch-v1.json';
/** yaml-language-server waits this long after a change before validating (yamlSettings.validationDelayMs, not configurable). */
export const YLS_DEBOUNCE_MS = 200;

export type ServerId = 'kjob' | 'yls-kjob' | 'yls-peer';

export interface ServerSpec {
  id: ServerId;
  label: string;
  script: string;
  args: string[];
  settings?: Record<string, unknown>;
  /** Fixed delay the server adds before computing pushed diagnostics. */
  debounceMs: number;
}

function ylsSettings(schemaPath: string): Record<string, unknown> {
  return {
    yaml: {
      schemas: { [pathToFileURL(schemaPath).href]: ['*.yaml'] },
      validate: true,
      hover: true,
      completion: true,
      format: { enable: false },
      schemaStore: { enable: false },
      kubernetesCRDStore: { enable: false },
      maxItemsComputed: 5000,
    },
    http: { proxy: '', proxyStrictSSL: false },
    '[yaml]': {},
    editor: { tabSize: 2 },
  };
}

export function serverSpecs(workDir: string, which: ServerId[] = ['kjob', 'yls-kjob', 'yls-peer']): ServerSpec[] {
  const specs: ServerSpec[] = [];
  if (which.includes('kjob')) specs.push({ id: 'kjob', label: 'kjob', script: KJOB_SERVER, args: ['--stdio'], debounceMs: 0 });
  if (which.includes('yls-kjob')) {
    specs.push({
      id: 'yls-kjob',
      label: 'yaml-language-server + kjob schema',
      script: YLS_BIN,
      args: ['--stdio'],
      settings: ylsSettings(join(workDir, 'job-kjob.schema.json')),
      debounceMs: YLS_DEBOUNCE_MS,
    });
  }
  if (which.includes('yls-peer') && existsSync(PEER_SCHEMA)) {
    specs.push({
      id: 'yls-peer',
      label: 'yaml-language-server + public schema',
      script: YLS_BIN,
      args: ['--stdio'],
      settings: ylsSettings(PEER_SCHEMA),
      debounceMs: YLS_DEBOUNCE_MS,
    });
  }
  return specs;
}

/** Writes the JSON schema converted from kjob's schema where yaml-language-server will read it. */
export async function writeKjobJsonSchema(workDir: string): Promise<string> {
  const { bundledSchema } = await import('../../core/schema/schema');
  const file = join(workDir, 'job-kjob.schema.json');
  writeFileSync(file, JSON.stringify(toJsonSchema(bundledSchema().data, 'Job'), null, 1));
  return file;
}

/** A started server plus how it delivers diagnostics. */
export class BenchServer {
  private versions = new Map<string, number>();
  private lastReport = new Map<string, { resultId?: string; items: Diag[] }>();
  pull = false;

  constructor(
    readonly spec: ServerSpec,
    readonly client: LspClient,
  ) {}

  static async start(spec: ServerSpec, workDir: string, nodeArgs: string[] = []): Promise<BenchServer> {
    const client = new LspClient(spec.script, spec.args, { settings: spec.settings, cwd: workDir, nodeArgs });
    const init = await client.initialize(pathToFileURL(workDir).href);
    const s = new BenchServer(spec, client);
    s.pull = init.capabilities.diagnosticProvider !== undefined && init.capabilities.diagnosticProvider !== null;
    // yaml-language-server pulls its settings on didChangeConfiguration; kjob ignores unknown ones.
    client.notify('workspace/didChangeConfiguration', { settings: spec.settings ?? {} });
    await new Promise((r) => setTimeout(r, 300));
    return s;
  }

  private async diagnostics(uri: string, version: number, send: () => void): Promise<{ ms: number; count: number; items: Diag[] }> {
    const t0 = performance.now();
    if (this.pull) {
      send();
      // As VS Code does: the pull names the result the client holds; "unchanged" keeps it.
      const last = this.lastReport.get(uri);
      const res = await this.client.request<{ kind: string; resultId?: string; items?: Diag[] }>('textDocument/diagnostic', { textDocument: { uri }, ...(last?.resultId ? { previousResultId: last.resultId } : {}) });
      const items = res?.kind === 'unchanged' ? (last?.items ?? []) : (res?.items ?? []);
      this.lastReport.set(uri, { resultId: res?.resultId, items });
      return { ms: performance.now() - t0, count: items.length, items };
    }
    const next = this.client.nextDiagnostics(uri, version);
    send();
    const d = await next;
    return { ms: performance.now() - t0, count: d.diagnostics.length, items: d.diagnostics as Diag[] };
  }

  open(uri: string, text: string) {
    this.versions.set(uri, 1);
    return this.diagnostics(uri, 1, () =>
      this.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } }),
    );
  }

  /** Replaces `length` characters at `at` by `text` (one didChange), then waits for the diagnostics. */
  change(uri: string, at: Position, length: number, text: string) {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const range = { start: at, end: { line: at.line, character: at.character + length } };
    return this.diagnostics(uri, version, () =>
      this.client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] }),
    );
  }

  /**
   * Edit number `k` (0-based) of the file's edit sequence: a toggled digit, or with `insert` a
   * typed character (even k) and its deletion (odd k). After an even number of edits the text is
   * as generated.
   */
  edit(uri: string, e: BenchFile['edit'], k: number) {
    if (e.insert) return k % 2 === 0 ? this.change(uri, e.position, 0, e.chars[1]) : this.change(uri, e.position, 1, '');
    return this.change(uri, e.position, 1, e.chars[(k + 1) % 2]!);
  }

  close(uri: string): void {
    this.client.notify('textDocument/didClose', { textDocument: { uri } });
    this.versions.delete(uri);
    this.lastReport.delete(uri);
  }

  async timed(method: 'textDocument/completion' | 'textDocument/hover', uri: string, position: Position): Promise<{ ms: number; result: unknown }> {
    const t0 = performance.now();
    const result = await this.client.request(method, { textDocument: { uri }, position });
    return { ms: performance.now() - t0, result };
  }

  memory() {
    return procMemory(this.client.pid);
  }
}

export interface Diag {
  severity?: number;
  message: string;
  code?: string | number;
  range: { start: Position; end: Position };
}

export interface ServerFileResult {
  server: ServerId;
  label: string;
  pull: boolean;
  /** Wall time from didOpen to diagnostics, per round. */
  open: number[];
  /** Same minus the server's fixed debounce (its compute + transport time). */
  openCompute: number[];
  edit: number[];
  editCompute: number[];
  /** Typing (and deleting) a character that changes the diagnostics: the whole list goes back. */
  diagEditCompute: number[];
  completion: number[];
  hover: number[];
  completionByProbe: Record<string, Summary>;
  hoverByProbe: Record<string, Summary>;
  completionItems: Record<string, number>;
  hoverFound: Record<string, boolean>;
  diagnosticsOnOpen: number;
  firstDiagnostics: string[];
  rssMiB: number;
  hwmMiB: number;
  error?: string;
}

export interface FileResult {
  file: string;
  lines: number;
  bytes: number;
  documents: number;
  rounds: number;
  parse: number[];
  servers: ServerFileResult[];
}

export interface LspBenchOptions {
  files: BenchFile[];
  rounds: (f: BenchFile) => number;
  edits: (f: BenchFile, s: ServerSpec) => number;
  reps: (f: BenchFile, s: ServerSpec) => number;
  servers: ServerSpec[];
  workDir: string;
  log: (s: string) => void;
  /** Node flags for kjob's server per file (e.g. --cpu-prof). */
  kjobNodeArgs?: (f: BenchFile) => string[];
}

function emptyResult(s: ServerSpec): ServerFileResult {
  return {
    server: s.id,
    label: s.label,
    pull: false,
    open: [],
    openCompute: [],
    edit: [],
    editCompute: [],
    diagEditCompute: [],
    completion: [],
    hover: [],
    completionByProbe: {},
    hoverByProbe: {},
    completionItems: {},
    hoverFound: {},
    diagnosticsOnOpen: -1,
    firstDiagnostics: [],
    rssMiB: NaN,
    hwmMiB: NaN,
  };
}

function itemCount(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  const items = (result as { items?: unknown[] } | null)?.items;
  return Array.isArray(items) ? items.length : 0;
}

export async function benchFile(f: BenchFile, o: LspBenchOptions): Promise<FileResult> {
  const warm = multiJobFile(20);
  const started: { spec: ServerSpec; server?: BenchServer; res: ServerFileResult }[] = [];
  for (const spec of o.servers) {
    const res = emptyResult(spec);
    try {
      const server = await BenchServer.start(spec, o.workDir, spec.id === 'kjob' ? (o.kjobNodeArgs?.(f) ?? []) : []);
      res.pull = server.pull;
      // Warm-up: the same small file and requests on every server (JIT, schema loading).
      const wuri = pathToFileURL(join(o.workDir, `warm-${spec.id}.yaml`)).href;
      await server.open(wuri, warm.text);
      for (const p of warm.completion) await server.timed('textDocument/completion', wuri, p.position);
      for (const p of warm.hover) await server.timed('textDocument/hover', wuri, p.position);
      await server.edit(wuri, warm.edit, 0);
      server.close(wuri);
      started.push({ spec, server, res });
    } catch (e) {
      res.error = String((e as Error).message ?? e).slice(0, 500);
      started.push({ spec, res });
    }
  }
  const rounds = o.rounds(f);
  const parse: number[] = [];
  const samples = new Map<string, { c: Record<string, number[]>; h: Record<string, number[]> }>();
  for (let r = 0; r < rounds; r++) {
    // The physical floor: the `yaml` package alone parsing the same text.
    const t0 = performance.now();
    parseAllDocuments(f.text);
    parse.push(performance.now() - t0);
    // Rotate the server order each round so that no server always runs first.
    const order = started.map((_, i) => started[(i + r) % started.length]!);
    for (const { spec, server, res } of order) {
      if (!server || res.error) continue;
      try {
        const uri = pathToFileURL(join(o.workDir, `${f.name}-${spec.id}-r${r}.yaml`)).href;
        const op = await server.open(uri, f.text);
        res.open.push(op.ms);
        res.openCompute.push(op.ms - spec.debounceMs);
        if (r === 0) {
          res.diagnosticsOnOpen = op.count;
          res.firstDiagnostics = op.items.slice(0, 3).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`.slice(0, 200));
        }
        const edits = o.edits(f, spec);
        for (let e = 0; e < edits; e++) {
          const ed = await server.edit(uri, f.edit, e);
          res.edit.push(ed.ms);
          res.editCompute.push(ed.ms - spec.debounceMs);
        }
        // Leave the document as generated (an even number of edits), then probe.
        if (edits % 2 === 1) await server.edit(uri, f.edit, edits);
        if (f.diagEdit) {
          for (let e = 0; e < edits + (edits % 2); e++) {
            const ed = await server.change(uri, f.diagEdit, e % 2, e % 2 === 0 ? 'x' : '');
            res.diagEditCompute.push(ed.ms - spec.debounceMs);
          }
        }
        const s = samples.get(spec.id) ?? { c: {}, h: {} };
        samples.set(spec.id, s);
        const reps = o.reps(f, spec);
        for (let k = 0; k < reps; k++) {
          for (const p of f.completion) {
            const { ms, result } = await server.timed('textDocument/completion', uri, p.position);
            (s.c[p.name] ??= []).push(ms);
            res.completion.push(ms);
            if (r === 0 && k === 0) res.completionItems[p.name] = itemCount(result);
          }
          for (const p of f.hover) {
            const { ms, result } = await server.timed('textDocument/hover', uri, p.position);
            (s.h[p.name] ??= []).push(ms);
            res.hover.push(ms);
            if (r === 0 && k === 0) res.hoverFound[p.name] = result !== null && result !== undefined;
          }
        }
        const m = server.memory();
        res.rssMiB = Number.isNaN(res.rssMiB) ? m.rssMiB : Math.max(res.rssMiB, m.rssMiB);
        server.close(uri);
      } catch (e) {
        res.error = String((e as Error).message ?? e).slice(0, 500);
      }
    }
    o.log(`  ${f.name}: round ${r + 1}/${rounds}`);
  }
  for (const { spec, server, res } of started) {
    const s = samples.get(spec.id);
    if (s) {
      for (const [k, v] of Object.entries(s.c)) res.completionByProbe[k] = summarize(v);
      for (const [k, v] of Object.entries(s.h)) res.hoverByProbe[k] = summarize(v);
    }
    if (server) {
      res.hwmMiB = server.memory().hwmMiB;
      await server.client.shutdown();
    }
  }
  return {
    file: f.name,
    lines: f.lines,
    bytes: Buffer.byteLength(f.text),
    documents: f.text.split(/^---$/m).length,
    rounds,
    parse,
    servers: started.map((s) => s.res),
  };
}

export interface CaseResult {
  name: string;
  why: string;
  kind: 'schema' | 'rule';
  expectInvalid: boolean;
  flagged: Record<string, boolean>;
  messages: Record<string, string[]>;
}

/** Opens each invalid (and valid) Job on every server and records whether it reports a problem. */
export async function flagCount(o: Pick<LspBenchOptions, 'servers' | 'workDir'>, extraCases: { name: string; why: string; kind: 'schema' | 'rule'; text: string; valid: boolean }[] = []): Promise<CaseResult[]> {
  const cases = [
    ...invalidJobs().map((c) => ({ ...c, valid: false })),
    ...extraCases.filter((c) => !c.valid),
    ...validJobs().map((c) => ({ ...c, valid: true })),
    ...extraCases.filter((c) => c.valid),
  ];
  const results: CaseResult[] = cases.map((c) => ({ name: c.name, why: c.why, kind: c.kind, expectInvalid: !c.valid, flagged: {}, messages: {} }));
  for (const spec of o.servers) {
    let server: BenchServer;
    try {
      server = await BenchServer.start(spec, o.workDir);
    } catch {
      continue;
    }
    for (let i = 0; i < cases.length; i++) {
      const uri = pathToFileURL(join(o.workDir, `case-${spec.id}-${i}.yaml`)).href;
      try {
        const d = await Promise.race([
          server.open(uri, cases[i]!.text),
          new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 20000)),
        ]);
        // Only errors count (what the API server rejects); warnings and hints do not.
        const problems = d.items.filter((x) => (x.severity ?? 1) === 1);
        results[i]!.flagged[spec.id] = problems.length > 0;
        results[i]!.messages[spec.id] = problems.slice(0, 2).map((x) => x.message.split('\n')[0]!.slice(0, 160));
      } catch (e) {
        results[i]!.flagged[spec.id] = false;
        results[i]!.messages[spec.id] = [`(no answer: ${(e as Error).message})`];
      }
      server.close(uri);
    }
    await server.client.shutdown();
  }
  return results;
}

/** What scripts/bench/lspMany.ts measures. */
export interface ManyResult {
  files: number;
  jobsPerFile: number;
  bytes: number;
  /** Typing in file 0 while the other files were still being checked (ms per edit → diagnostics). */
  editDuring: number[];
  /** How many of the other files' first diagnostics had arrived when each of those edits was answered. */
  checkedAtEdit: number[];
  /** Typing in file 0 once every file was checked. */
  editAfter: number[];
  /** From the first didOpen to the last file's diagnostics. */
  allCheckedMs: number;
  diagnostics: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  rssAllOpenMiB: number;
  rssAfterCloseMiB: number;
  hwmMiB: number;
}

export interface LspBenchResult {
  files: FileResult[];
  cases: CaseResult[];
  ylsVersion: string;
  /** Many open files (scripts/bench/lspMany.ts). */
  many?: ManyResult;
}

export function defaultFiles(): BenchFile[] {
  return [multiJobFile(1), multiJobFile(100), multiJobFile(2000), bigJobFile(2000)];
}

/** The files written the way people write them (scripts/bench/realistic.ts): one row each. */
export function realisticFiles(count = 2000): BenchFile[] {
  return [...VARIANTS.map((v) => realisticFile(v, count)), handwrittenFile(ROOT), handwrittenFile(ROOT, 40)];
}

/** Every file of the language-server benchmark, in report order. */
export function allFiles(): BenchFile[] {
  return [...defaultFiles(), ...realisticFiles()];
}

export function workDir(): string {
  const dir = join(tmpdir(), 'kjob-bench');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Diagnostics ratio for the summary: kjob over a peer, paired round by round. */
export function ratio(file: FileResult, a: ServerId, b: ServerId, key: 'openCompute' | 'editCompute' = 'openCompute'): number {
  const x = file.servers.find((s) => s.server === a);
  const y = file.servers.find((s) => s.server === b);
  if (!x || !y) return NaN;
  return pairedRatio(x[key], y[key]);
}

export function parseRatio(file: FileResult, a: ServerId = 'kjob'): number {
  const x = file.servers.find((s) => s.server === a);
  return x ? pairedRatio(x.openCompute, file.parse) : NaN;
}

/**
 * A separate profiling pass (not timed): kjob's server under --cpu-prof opens `f`, gets its
 * diagnostics, takes 10 one-character edits and 20 rounds of completion and hover, then exits.
 * Returns the path of the .cpuprofile.
 */
export async function profileKjob(f: BenchFile, dir: string): Promise<string | undefined> {
  const profDir = join(dir, 'prof');
  mkdirSync(profDir, { recursive: true });
  const name = `kjob-server-${f.name}-profile.cpuprofile`;
  const [spec] = serverSpecs(dir, ['kjob']);
  const s = await BenchServer.start(spec!, dir, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, `--cpu-prof-name=${name}`]);
  const uri = pathToFileURL(join(dir, `profile-${f.name}.yaml`)).href;
  await s.open(uri, f.text);
  for (let e = 0; e < 10; e++) await s.edit(uri, f.edit, e);
  for (let k = 0; k < 20; k++) {
    for (const p of f.completion) await s.timed('textDocument/completion', uri, p.position);
    for (const p of f.hover) await s.timed('textDocument/hover', uri, p.position);
  }
  await s.client.shutdown();
  const file = join(profDir, name);
  for (let i = 0; i < 50 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  return existsSync(file) ? file : undefined;
}
