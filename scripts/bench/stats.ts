/** Small statistics and machine-description helpers shared by the benchmarks. */
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Nearest-rank percentile (p in 0..100) of a non-empty sample; NaN for an empty one. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return NaN;
  const s = [...sample].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

export function median(sample: readonly number[]): number {
  if (sample.length === 0) return NaN;
  const s = [...sample].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function summarize(sample: readonly number[]): Summary {
  return {
    n: sample.length,
    median: median(sample),
    p95: percentile(sample, 95),
    min: sample.length ? Math.min(...sample) : NaN,
    max: sample.length ? Math.max(...sample) : NaN,
  };
}

/**
 * Ratio of two paired samples: each run i of `a` is divided by run i of `b` (both measured in the
 * same round), and the median of those per-pair ratios is returned.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  const r: number[] = [];
  for (let i = 0; i < n; i++) if (b[i]! > 0) r.push(a[i]! / b[i]!);
  return median(r);
}

/** Milliseconds with a sensible number of digits for a table. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(r >= 10 ? 1 : 2)}×` : 'n/a';
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
}

export function machine(): Machine {
  const c = cpus();
  let osName = `${process.platform} ${process.arch}`;
  try {
    const rel = readFileSync('/etc/os-release', 'utf8');
    const m = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(rel);
    if (m) osName = `${m[1]} (${process.arch})`;
  } catch {
    /* not Linux */
  }
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: osName,
  };
}

/** One-minute load average at the time of the call (a noisy machine makes noisy figures). */
export function loadAverage(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return NaN;
  }
}

/**
 * The repository root: two levels above scripts/bench when this module runs from there (the normal
 * case), else the nearest folder above the working directory whose package.json is kjob's.
 */
export function repoRoot(): string {
  const here = join(__dirname, '..', '..');
  if (existsSync(join(here, 'scripts', 'bench', 'stats.ts'))) return here;
  for (let d = process.cwd(); ; d = dirname(d)) {
    try {
      if (JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name === 'kjob') return d;
    } catch {
      /* keep looking */
    }
    if (dirname(d) === d) return process.cwd();
  }
}
