/**
 * Mutated Job documents for the language-server fuzz (issue #16), as fast-check arbitraries: a real
 * manifest (tutorial fixtures and the API-server corpus) and a few edits of the kinds typing and
 * pasting make (splices of YAML punctuation, keywords, random and broken Unicode; whole-line
 * duplication, deletion and re-indentation), plus cursor positions for completion/hover/code actions.
 * Shrinks towards fewer, smaller edits on the first manifest.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from './corpus';

const fixturesDir = join(__dirname, '..', '..', 'fixtures');
export const BASES: readonly string[] = [
  ...readdirSync(fixturesDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => readFileSync(join(fixturesDir, f), 'utf8')),
  ...loadCorpus().map((c) => c.text),
];

const PIECES = [':', ': ', ' ', '\n', '- ', '  ', '"', "'", '\\', '[', ']', '{', '}', ',', '#', '# x', '&a ', '*a', '<<: *a', '!!str ', '!!int ', '!tag ', '|', '|-', '>', '?', '\t', '\r\n', '\r', '---\n', '...\n', '%YAML 1.2\n', 'True', 'null', '~', '007', '0x1F', '1e400', '.inf', '-1', '2147483648', '100m', '1Mi', '1.5', '"\\u0000"', 'spec:', 'template:', 'containers:', 'kind: CronJob', 'apiVersion: batch/v1', 'completionMode: Indexed', 'podFailurePolicy:', 'rules:', '{{ .Values.x }}', '\u00a0', '\ufeff', '\u2028', '\ud800', 'é', '😀'];

const anyChar = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

export type Mutation =
  | { kind: 'splice'; at: number; del: number; ins: string }
  | { kind: 'dupLine' | 'dropLine' | 'indent' | 'dedent'; at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), del: fc.nat({ max: 12 }), ins: fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: anyChar, maxLength: 6 }), fc.constant('')) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('dupLine' as const, 'dropLine' as const, 'indent' as const, 'dedent' as const), at: fc.nat() }) },
);

export interface FuzzDoc {
  base: number;
  edits: Mutation[];
  /** Cursor positions (offsets, taken modulo the text length + 1). */
  probes: number[];
  trigger: string | undefined;
}

export const fuzzDoc: fc.Arbitrary<FuzzDoc> = fc.record({
  base: fc.nat({ max: BASES.length - 1 }),
  edits: fc.array(mutation, { minLength: 1, maxLength: 5 }),
  probes: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  trigger: fc.constantFrom(undefined, ' ', ':', '-'),
});

/** A text edit: replace [start, end) of the text before it with `text`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** The splice a mutation makes on `text` (positions clamped into it). */
export function toSplice(text: string, m: Mutation): Splice {
  const at = m.at % (text.length + 1);
  if (m.kind === 'splice') return { start: at, end: Math.min(text.length, at + m.del), text: m.ins };
  const ls = text.lastIndexOf('\n', at - 1) + 1;
  let le = text.indexOf('\n', at);
  le = le < 0 ? text.length : le + 1;
  const line = text.slice(ls, le);
  switch (m.kind) {
    case 'dupLine':
      return { start: ls, end: ls, text: line.endsWith('\n') ? line : `${line}\n` };
    case 'dropLine':
      return { start: ls, end: le, text: '' };
    case 'indent':
      return { start: ls, end: ls, text: '  ' };
    case 'dedent':
      return { start: ls, end: Math.min(le, ls + (line.startsWith('  ') ? 2 : line.startsWith(' ') ? 1 : 0)), text: '' };
  }
}

export function applySplice(text: string, s: Splice): string {
  return text.slice(0, s.start) + s.text + text.slice(s.end);
}

/** The runs (fast-check numRuns) and seed of a fuzz: environment overrides, else the defaults. */
export function fuzzParams(defaultRuns: number, defaultSeed: number): { numRuns: number; seed: number } {
  const runs = Number(process.env.KJOB_FUZZ_RUNS);
  const seed = Number(process.env.KJOB_FUZZ_SEED);
  return { numRuns: Number.isInteger(runs) && runs > 0 ? runs : defaultRuns, seed: Number.isInteger(seed) ? seed : defaultSeed };
}

/** Longest a fuzzed request may take. */
export const REQUEST_BUDGET_MS = 1000;

/** Times fuzzed requests: fails one over REQUEST_BUDGET_MS, remembers the slowest. */
export class RequestTimer {
  count = 0;
  slowest = { ms: 0, what: '' };

  private record(what: string, ms: number): void {
    this.count++;
    if (ms > this.slowest.ms) this.slowest = { ms, what };
    if (ms > REQUEST_BUDGET_MS) throw new Error(`${what} took ${Math.round(ms)} ms (budget ${REQUEST_BUDGET_MS} ms)`);
  }

  sync<T>(what: string, f: () => T): T {
    const t0 = performance.now();
    const r = f();
    this.record(what, performance.now() - t0);
    return r;
  }

  async wait<T>(what: string, p: Promise<T>): Promise<T> {
    const t0 = performance.now();
    const r = await p;
    this.record(what, performance.now() - t0);
    return r;
  }

  get summary(): string {
    return `${this.count} requests; slowest ${Math.round(this.slowest.ms)} ms (${this.slowest.what})`;
  }
}

/** Throws when a diagnostic reports an internal error (a check that crashed). */
export function assertNoInternalErrors(what: string, diags: { code?: unknown; message: unknown }[]): void {
  const bad = diags.filter((d) => d.code === 'internal-error');
  if (bad.length) throw new Error(`${what}: ${bad.map((d) => String(d.message)).join('; ')}`);
}
