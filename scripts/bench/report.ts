/**
 * BENCHMARKS.md rendering. Every benchmark owns one marked block
 * (`<!-- bench:<id>:begin -->` … `<!-- bench:<id>:end -->`); a run rewrites only the blocks it
 * measured and keeps everything else (other blocks, hand-written sections) as it is.
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
}

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

export function renderSection(s: Section): string {
  return [`### ${s.title}`, '', s.body.trim(), '', s.targets.length ? targetsTable(s.targets) : ''].join('\n').trimEnd();
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
