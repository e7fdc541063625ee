/**
 * Summarizes a V8 `.cpuprofile` (node --cpu-prof): self time per function and per source file,
 * so that a missed target comes with "where the time goes".
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileEntry {
  name: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  byFunction: ProfileEntry[];
  byFile: ProfileEntry[];
}

const ROOT = `${process.cwd()}/`;

function fileLabel(url: string): string {
  if (!url) return '(native/VM)';
  const path = url.replace(/^file:\/\//, '');
  const rel = path.startsWith(ROOT) ? relative(ROOT, path) : path;
  return rel.replace(/^node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, 'npm:');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes a source map's `mappings` into, per generated line, sorted [column, sourceIndex] pairs. */
export function decodeMappings(mappings: string): [number, number][][] {
  const lines: [number, number][][] = [];
  let src = 0;
  let srcLine = 0;
  let srcCol = 0;
  let name = 0;
  for (const line of mappings.split(';')) {
    const segs: [number, number][] = [];
    let col = 0;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const vals: number[] = [];
      let v = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
          v = 0;
          shift = 0;
        }
      }
      col += vals[0] ?? 0;
      if (vals.length >= 4) {
        src += vals[1]!;
        srcLine += vals[2]!;
        srcCol += vals[3]!;
        if (vals.length >= 5) name += vals[4]!;
        segs.push([col, src]);
      }
    }
    lines.push(segs);
  }
  return lines;
}

interface SourceMapIndex {
  sources: string[];
  lines: [number, number][][];
}

const mapCache = new Map<string, SourceMapIndex | null>();

/** The original source file of a generated position, via the bundle's linked `.map` file. */
function originalSource(url: string, line: number, col: number): string | undefined {
  const file = url.replace(/^file:\/\//, '');
  let idx = mapCache.get(file);
  if (idx === undefined) {
    idx = null;
    try {
      if (existsSync(`${file}.map`)) {
        const m = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; mappings: string; sourceRoot?: string };
        idx = { sources: m.sources.map((s) => resolve(dirname(file), m.sourceRoot ?? '', s)), lines: decodeMappings(m.mappings) };
      }
    } catch {
      idx = null;
    }
    mapCache.set(file, idx);
  }
  const segs = idx?.lines[line];
  if (!idx || !segs?.length) return undefined;
  let best: [number, number] | undefined;
  for (const s of segs) {
    if (s[0] > col) break;
    best = s;
  }
  return idx.sources[(best ?? segs[0]!)[1]];
}

/** Self time per node from samples × time deltas (falls back to hit counts). */
export function summarizeProfile(profile: CpuProfile, top = 12): ProfileSummary {
  const self = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    for (let i = 0; i < profile.samples.length; i++) {
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + dt);
    }
  } else {
    const per = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0));
    for (const n of profile.nodes) self.set(n.id, (n.hitCount ?? 0) * per);
  }
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const ms = self.get(n.id) ?? 0;
    if (!ms || n.callFrame.functionName === '(idle)') continue;
    total += ms;
    const orig = n.callFrame.url.endsWith('.js') ? originalSource(n.callFrame.url, n.callFrame.lineNumber, n.callFrame.columnNumber) : undefined;
    const f = orig ? fileLabel(`file://${orig}`) : fileLabel(n.callFrame.url);
    const name = `${n.callFrame.functionName || '(anonymous)'} ${f}${n.callFrame.url && !orig && !/\.[cm]?ts$/.test(n.callFrame.url) ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    fn.set(name, (fn.get(name) ?? 0) + ms);
    file.set(f, (file.get(f) ?? 0) + ms);
  }
  const list = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, selfMs]) => ({ name, selfMs, share: total ? selfMs / total : 0 }));
  return { totalMs: total, byFunction: list(fn), byFile: list(file) };
}

export function loadProfile(path: string): CpuProfile {
  return JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
}

export function profileMarkdown(title: string, s: ProfileSummary): string {
  const rows = (xs: ProfileEntry[]) => xs.map((e) => `| ${e.name.replace(/\|/g, '\\|')} | ${e.selfMs.toFixed(0)} | ${(e.share * 100).toFixed(1)}% |`).join('\n');
  return [
    `**${title}** (sampled ${s.totalMs.toFixed(0)} ms)`,
    '',
    '| function (self time) | ms | share |',
    '| --- | --- | --- |',
    rows(s.byFunction),
    '',
    '| file (self time) | ms | share |',
    '| --- | --- | --- |',
    rows(s.byFile),
  ].join('\n');
}

if (require.main === module) {
  for (const p of process.argv.slice(2)) console.log(profileMarkdown(p, summarizeProfile(loadProfile(p))) + '\n');
}
