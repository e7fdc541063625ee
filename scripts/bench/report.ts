/**
 * BENCHMARKS.md and docs/bench-results.md rendering. Every benchmark owns one marked block
 * (`<!-- bench:<id>:begin -->` … `<!-- bench:<id>:end -->`) in each file; a run rewrites only the
 * blocks it measured and keeps everything else (other blocks, hand-written sections) as it is.
 * BENCHMARKS.md gets each part's method, figures and targets; a part's long tables (the per-case
 * results) go to the results file, linked from its BENCHMARKS.md block.
 */
import { fmtMs, fmtRatio, type Machine } from './stats';

export interface Target {
  name: string;
  target: string;
  measured: string;
  ok: boolean | null; // null: not measured
}

export interface Section {
  id: string;
  title: string;
  body: string;
  targets: Target[];
  /** Long tables (per-case results): written to the results file, not to BENCHMARKS.md. */
  details?: string;
}

/** Where `npm run bench` writes the parts' long tables (relative to the repository and to BENCHMARKS.md). */
export const RESULTS_FILE = 'docs/bench-results.md';

export const RESULTS_HEADER = [
  '# Benchmark results: the long tables',
  '',
  'Written by `npm run bench` (scripts/bench/main.ts): each block between `bench:<id>` markers is',
  'rewritten by the run that measured it. The method, the targets and the summary are in',
  '[BENCHMARKS.md](../BENCHMARKS.md).',
  '',
].join('\n');

export function markers(id: string): [string, string] {
  return [`<!-- bench:${id}:begin -->`, `<!-- bench:${id}:end -->`];
}

/** Replaces (or appends) the block `id` in `doc`; the text outside the block is untouched. */
export function replaceBlock(doc: string, id: string, content: string): string {
  const [b, e] = markers(id);
  const block = `${b}\n${content.trimEnd()}\n${e}`;
  const i = doc.indexOf(b);
  const j = doc.indexOf(e);
  if (i >= 0 && j > i) return doc.slice(0, i) + block + doc.slice(j + e.length);
  const sep = doc.length === 0 || doc.endsWith('\n\n') ? '' : doc.endsWith('\n') ? '\n' : '\n\n';
  return `${doc}${sep}${block}\n`;
}

/**
 * Writes block `id` with `content` just before the first of the blocks `ids` present in `doc`
 * (moving it there if it was elsewhere); appends it when none of them is present.
 */
export function placeBefore(doc: string, id: string, content: string, ids: string[]): string {
  const [b, e] = markers(id);
  const i = doc.indexOf(b);
  const j = doc.indexOf(e);
  let rest = doc;
  if (i >= 0 && j > i) rest = doc.slice(0, i).replace(/\n*$/, '\n') + doc.slice(j + e.length).replace(/^\n+/, '\n');
  const at = Math.min(...ids.map((x) => rest.indexOf(markers(x)[0])).filter((x) => x >= 0));
  if (!Number.isFinite(at)) return replaceBlock(rest, id, content);
  return `${rest.slice(0, at)}${b}\n${content.trimEnd()}\n${e}\n\n${rest.slice(at)}`;
}

/** Removes block `id` (and the blank line after it) from `doc`. */
export function removeBlock(doc: string, id: string): string {
  const [b, e] = markers(id);
  const i = doc.indexOf(b);
  const j = doc.indexOf(e);
  if (i < 0 || j < i) return doc;
  return doc.slice(0, i) + doc.slice(j + e.length).replace(/^\n+/, '');
}

/** The content of block `id`, or undefined. */
export function readBlock(doc: string, id: string): string | undefined {
  const [b, e] = markers(id);
  const i = doc.indexOf(b);
  const j = doc.indexOf(e);
  return i >= 0 && j > i ? doc.slice(i + b.length, j).trim() : undefined;
}

export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export function machineLine(m: Machine, load: number, when = new Date()): string {
  return `Measured ${when.toISOString().replace(/\.\d+Z$/, 'Z')} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node} (1-min load average at start: ${Number.isFinite(load) ? load.toFixed(2) : 'n/a'}).`;
}

export function targetsTable(targets: Target[]): string {
  return table(
    ['target', 'goal', 'measured', 'status'],
    targets.map((t) => [t.name, t.target, t.measured, t.ok === null ? 'not measured' : t.ok ? 'met' : '**missed**']),
  );
}

/** A heading's anchor as GitHub and VS Code's preview make it. */
export function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export function renderSection(s: Section): string {
  const out = [`### ${s.title}`, '', s.body.trim(), ''];
  if (s.details) out.push(`The per-case tables of this run: [${RESULTS_FILE}](${RESULTS_FILE}#${anchor(s.title)}).`, '');
  if (s.targets.length) out.push(targetsTable(s.targets));
  return out.join('\n').trimEnd();
}

/**
 * One part's run written into both files: its BENCHMARKS.md block (method, figures, targets,
 * `footer` lines: machine and run time) and its results-file block (the long tables and the same
 * footer), or no results block when the part has no long tables.
 */
export function writeSection(docs: { bench: string; results: string }, s: Section, footer: string[]): { bench: string; results: string } {
  const bench = replaceBlock(docs.bench, s.id, [renderSection(s), '', ...footer].join('\n'));
  const base = docs.results.trim() ? docs.results : RESULTS_HEADER;
  const results = s.details ? replaceBlock(base, s.id, [`## ${s.title}`, '', s.details.trim(), '', ...footer].join('\n')) : removeBlock(docs.results, s.id);
  return { bench, results };
}

export { fmtMs, fmtRatio };

/** What each benchmark part gets from scripts/bench/main.ts. */
export interface PartContext {
  quick: boolean;
  cpuProf: boolean;
  log: (s: string) => void;
  /** The command that reproduces this part. */
  command: string;
}
