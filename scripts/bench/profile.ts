/**
 * Summarizes a V8 `.cpuprofile` (node --cpu-prof): self time per function and per source file,
 * so that a missed target comes with "where the time goes".
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

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
    const f = fileLabel(n.callFrame.url);
    const name = `${n.callFrame.functionName || '(anonymous)'} ${f}${n.callFrame.url && !/\.[cm]?ts$/.test(n.callFrame.url) ? `:${n.callFrame.lineNumber + 1}` : ''}`;
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
