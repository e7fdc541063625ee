/**
 * Simulator and run-locally benchmarks.
 *  - simulate(): a 100,000-index Indexed Job where 1% of the indexes fail once, measured in a fresh
 *    process per run (so every run includes the JIT warming up, as a CLI call would).
 *  - run locally: 1,000 pods whose command is `true` at parallelism 16, against the floor of
 *    spawning `true` 1,000 times at concurrency 16 from Node.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { PartContext } from './report';
import { fmtMs, table, type Section, type Target } from './report';
import { pairedRatio, repoRoot, summarize } from './stats';
import { loadProfile, profileMarkdown, summarizeProfile } from './profile';

const ROOT = repoRoot();


/**
 * The child bundle: scripts/bench/simChild.ts built by esbuild with the options scripts/build.mjs
 * uses for cli/out/cli.js (CommonJS, node20, linked source map so profiles name the sources), so
 * the timed code is what `kjob simulate` runs rather than TypeScript through a loader.
 */
function buildChild(): string {
  const dir = join(tmpdir(), 'kjob-bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'sim-child.js');
  const script = `require('esbuild').buildSync({ entryPoints: [${JSON.stringify(join(ROOT, 'scripts/bench/simChild.ts'))}], outfile: ${JSON.stringify(outfile)}, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: ${JSON.stringify(ROOT)} })`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the simulator bench bundle failed: ${r.stderr.slice(-1500)}`);
  return outfile;
}

interface SimRun {
  ms: number;
  mainCpuMs: number;
  succeeded: number;
  failed: number;
  pods: number;
  endSeconds: number;
  truncated: boolean;
  conditions: string[];
}

function runChild(bundle: string, args: string[], nodeArgs: string[] = []): SimRun {
  const r = spawnSync(process.execPath, [...nodeArgs, bundle, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`simulate child failed: ${r.stderr.slice(-1500)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as SimRun;
}

export async function runSimulator(ctx: PartContext): Promise<Section> {
  const runs = ctx.quick ? 2 : 7;
  const variants: { id: string; label: string; timeline: boolean }[] = [
    { id: 'perIndex', label: 'backoffLimitPerIndex: 1, no timeline', timeline: false },
    { id: 'perIndex', label: 'backoffLimitPerIndex: 1, with timeline (what `kjob simulate` shows)', timeline: true },
    { id: 'global', label: 'backoffLimit: 2000, no timeline', timeline: false },
  ];
  const rows: string[][] = [];
  const targets: Target[] = [];
  const profDir = join(tmpdir(), 'kjob-bench', 'prof');
  const profiles: string[] = [];
  const bundle = buildChild();
  for (const v of variants) {
    const ms: number[] = [];
    const cpu: number[] = [];
    let last: SimRun | undefined;
    for (let i = 0; i < runs; i++) {
      last = runChild(bundle, [v.id, String(v.timeline)]);
      ms.push(last.ms);
      cpu.push(last.mainCpuMs);
      ctx.log(`  simulate ${v.label}: run ${i + 1}/${runs} ${fmtMs(last.ms)} ms (main thread CPU ${fmtMs(last.mainCpuMs)} ms)`);
    }
    const s = summarize(ms);
    const c = summarize(cpu.filter((x) => Number.isFinite(x)));
    rows.push([
      v.label,
      String(runs),
      `${fmtMs(s.median)} / ${fmtMs(s.p95)}`,
      cpu.every((x) => Number.isFinite(x)) ? `${fmtMs(c.median)} / ${fmtMs(c.p95)}` : 'n/a',
      `succeeded ${last!.succeeded}, failed pods ${last!.failed}, ${last!.pods} pods, ${last!.conditions.join('+') || 'no condition'}${last!.truncated ? ' (TRUNCATED)' : ''}, virtual ${(last!.endSeconds / 3600).toFixed(1)} h`,
    ]);
    targets.push({ name: `simulate 100,000 indexes, 1% failures (${v.label})`, target: '≤ 1 s', measured: `${fmtMs(s.median)} ms median, ${fmtMs(s.p95)} ms p95`, ok: s.p95 <= 1000 });
    if (ctx.cpuProf || s.p95 > 1000) {
      // Where the time goes: one more, untimed run under the V8 profiler.
      mkdirSync(profDir, { recursive: true });
      const name = `simulate-${v.id}-${v.timeline ? 'timeline' : 'plain'}.cpuprofile`;
      runChild(bundle, [v.id, String(v.timeline)], ['--cpu-prof', `--cpu-prof-dir=${profDir}`, `--cpu-prof-name=${name}`]);
      if (existsSync(join(profDir, name))) profiles.push(profileMarkdown(`simulate() — ${v.label}`, summarizeProfile(loadProfile(join(profDir, name)), 12)));
    }
  }
  const body = [
    'A 100,000-completion Indexed Job (parallelism 1,000, each pod runs 30 virtual seconds) where every 100th index fails once with exit code 1 and then succeeds (1,000 failures, 1%). One `simulate()` call (core/controller) per fresh Node process, so every run is JIT-cold like a CLI call (module loading is not timed). The timed code is an esbuild bundle built like cli/out/cli.js (scripts/bench/simChild.ts), not TypeScript through tsx. The timeline variant also renders the text report `kjob simulate` prints (timeline lines are rendered only when shown). Wall time, ms, median / p95 (what the target is about), and the CPU time of the main thread over the same span (JavaScript and GC work on it; not the time spent waiting for a core when other processes load the machine, nor the compiler and GC helper threads): when the two differ a lot, the machine was busy.',
    '',
    `Command: \`${ctx.command}\``,
    '',
    table(['variant', 'runs', 'simulate() ms (median / p95)', 'main-thread CPU ms (median / p95)', 'result'], rows),
    ...(profiles.length ? ['', '#### Profiles (separate untimed runs under `node --cpu-prof`; self time, `npm:` = dependency)', '', ...profiles.flatMap((p) => [p, ''])] : []),
  ].join('\n');
  return { id: 'sim', title: 'Simulator', body, targets };
}

// ---------------------------------------------------------------------------------------------
// Run locally

/**
 * The floor, measured in a fresh, small Node process (plain JS, no loaders): spawning cost on
 * Linux grows with the parent's memory (fork), so it must not run inside the benchmark process.
 */
const FLOOR_SCRIPT = `
const { spawn } = require('child_process');
const [cmd, n, conc] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const t0 = performance.now();
let started = 0, done = 0;
const next = () => {
  if (done === n) { process.stdout.write(String(performance.now() - t0)); return; }
  while (started < n && started - done < conc) {
    started++;
    const p = spawn(cmd, [], { stdio: 'ignore' });
    p.on('exit', () => { done++; next(); });
  }
};
next();
`;

function floorInFreshNode(cmd: string, n: number, concurrency: number): number {
  const dir = join(tmpdir(), 'kjob-bench');
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'spawn-floor.js');
  writeFileSync(script, FLOOR_SCRIPT);
  const r = spawnSync(process.execPath, [script, cmd, String(n), String(concurrency)], { encoding: 'utf8' });
  const ms = Number(r.stdout.trim());
  if (r.status !== 0 || !Number.isFinite(ms)) throw new Error(`spawn floor failed: ${r.stderr.slice(-300)}`);
  return ms;
}

/** A Job whose 1,000 pods run `true`, 16 at a time. */
export function trivialJobYaml(pods = 1000, parallelism = 16): string {
  return [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: bench-true',
    'spec:',
    `  completions: ${pods}`,
    `  parallelism: ${parallelism}`,
    '  completionMode: Indexed',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: main',
    '          image: busybox:1.36',
    '          command: ["true"]',
    '',
  ].join('\n');
}

function whichTrue(): string {
  for (const p of ['/usr/bin/true', '/bin/true']) if (existsSync(p)) return p;
  return 'true';
}

/** Runs `kjob run` on the trivial Job; returns wall ms, or throws with the CLI's message. */
function kjobRun(file: string, timeScale: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [join(ROOT, 'cli/out/cli.js'), 'run', file, '--time-scale', timeScale, '--timeout', '600'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
    p.on('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`kjob run exited ${code}: ${err.slice(-600)}`))));
  });
}

export async function runLocal(ctx: PartContext): Promise<Section> {
  const pods = 1000;
  const par = 16;
  const rounds = ctx.quick ? 1 : 5;
  const dir = join(tmpdir(), 'kjob-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'true-1000.yaml');
  writeFileSync(file, trivialJobYaml(pods, par));
  const trueBin = whichTrue();
  // Default time scale (the controller's 1 s sync batch period etc. at 0.1×, what `kjob run` does)
  // and a near-zero one (controller delays ~0: the mechanical overhead of kjob itself).
  const scales = ['0.1', '0.001'];
  const base: number[] = [];
  const ours: Record<string, number[]> = Object.fromEntries(scales.map((s) => [s, []]));
  const errors: Record<string, string> = {};
  const nodeStart: number[] = [];
  for (let r = 0; r < rounds; r++) {
    base.push(floorInFreshNode(trueBin, pods, par));
    for (const sc of scales) {
      if (errors[sc]) continue;
      try {
        ours[sc]!.push(await kjobRun(file, sc));
      } catch (e) {
        errors[sc] = (e as Error).message;
      }
    }
    const t0 = performance.now();
    spawnSync(process.execPath, [join(ROOT, 'cli/out/cli.js'), '--help'], { stdio: 'ignore' });
    nodeStart.push(performance.now() - t0);
    ctx.log(`  run locally: round ${r + 1}/${rounds}`);
  }
  const b = summarize(base);
  const ns = summarize(nodeStart);
  const perPod = (xs: number[]) => summarize(xs.map((x) => x / pods)).median;
  // Overhead per pod, paired per round: (kjob run - CLI start-up - bare spawns) / pods.
  const overhead = (sc: string) => summarize(ours[sc]!.map((x, i) => (x - (nodeStart[i] ?? 0) - base[i]!) / pods));
  const rows = [
    [`spawn \`${trueBin}\` ${pods}× at concurrency ${par} (a fresh Node process's child_process.spawn, start-up excluded: the floor)`, `${fmtMs(b.median)} / ${fmtMs(b.p95)}`, fmtMs(perPod(base)), '—'],
    ...scales.map((sc) => {
      const o = summarize(ours[sc]!);
      return [
        `\`kjob run --time-scale ${sc}\` of a ${pods}-completion Indexed Job (\`command: ["true"]\`, parallelism ${par})${sc === '0.1' ? ' — the default scale' : ''}`,
        errors[sc] ? `error: ${errors[sc]!.slice(0, 200)}` : `${fmtMs(o.median)} / ${fmtMs(o.p95)}`,
        errors[sc] ? 'n/a' : fmtMs(perPod(ours[sc]!)),
        errors[sc] ? 'n/a' : `${fmtMs(overhead(sc).median)} (${pairedRatio(ours[sc]!, base).toFixed(1)}× the floor)`,
      ];
    }),
  ];
  const body = [
    `Wall time in ms (median / p95 over ${rounds} rounds; each round runs all three). Overhead per pod = (kjob run − CLI start-up (\`kjob --help\`, median ${fmtMs(ns.median)} ms) − bare spawns of the same round) ÷ ${pods}. At the default \`--time-scale 0.1\` kjob reproduces the Job controller's pacing (a sync batch period between pod creations, 0.1 s at that scale), which is part of what a user waits for; \`--time-scale 0.001\` removes it and leaves kjob's own mechanics (controller sync, process groups, status).`,
    '',
    `Command: \`${ctx.command}\``,
    '',
    table(['what', 'wall ms (median / p95)', 'ms per pod', 'overhead per pod beyond process start, ms'], rows),
  ].join('\n');
  const targets: Target[] = scales.map((sc) => ({
    name: `run locally, ${pods} pods at parallelism ${par} (--time-scale ${sc}): overhead per pod beyond process start`,
    target: 'reported (no numeric target)',
    measured: errors[sc] ? 'not measured' : `${fmtMs(overhead(sc).median)} ms`,
    ok: errors[sc] ? null : true,
  }));
  return { id: 'run', title: 'Run locally', body, targets };
}

export function listProfiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.cpuprofile')) : [];
}
