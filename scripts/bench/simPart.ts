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
import type { PartContext } from './main';
import { fmtMs, table, type Section, type Target } from './report';
import { pairedRatio, repoRoot, summarize } from './stats';

const ROOT = repoRoot();

/** The benchmark Job: Indexed, 100,000 completions, parallelism 1,000. */
export function bigIndexedJob(opts: { perIndex: boolean }): Record<string, unknown> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'sim-100k', namespace: 'default' },
    spec: {
      completions: 100000,
      parallelism: 1000,
      completionMode: 'Indexed',
      ...(opts.perIndex ? { backoffLimitPerIndex: 1 } : { backoffLimit: 2000 }),
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'worker', image: 'busybox:1.36', command: ['sh', '-c', 'work $JOB_COMPLETION_INDEX'] }],
        },
      },
    },
  };
}

/** Outcome script: every 100th index fails once (exit 1) and then succeeds: 1% failures. */
export function onePercentFailures(completions = 100000): { default: { exitCode: number; durationSeconds: number }; indexes: Record<string, { exitCode: number; durationSeconds?: number }[]> } {
  const indexes: Record<string, { exitCode: number; durationSeconds?: number }[]> = {};
  for (let i = 0; i < completions; i += 100) indexes[String(i)] = [{ exitCode: 1, durationSeconds: 5 }, { exitCode: 0 }];
  return { default: { exitCode: 0, durationSeconds: 30 }, indexes };
}

/** Child-process entry: one simulate() call, prints JSON {ms, succeeded, failed, pods, endSeconds}. */
async function childSimulate(variant: string, timeline: boolean): Promise<void> {
  const { simulate } = await import('../../server/src/domain/simulator/simulator');
  const job = bigIndexedJob({ perIndex: variant === 'perIndex' });
  const script = onePercentFailures();
  const t0 = performance.now();
  const r = simulate(job, { script, timeline });
  const ms = performance.now() - t0;
  process.stdout.write(
    JSON.stringify({ ms, succeeded: r.status.succeeded, failed: r.status.failed, pods: r.pods.length, endSeconds: r.endSeconds, truncated: r.truncated, conditions: r.status.conditions.map((c) => c.type) }) + '\n',
  );
}

interface SimRun {
  ms: number;
  succeeded: number;
  failed: number;
  pods: number;
  endSeconds: number;
  truncated: boolean;
  conditions: string[];
}

function runChild(args: string[], nodeArgs: string[] = []): SimRun {
  const r = spawnSync(process.execPath, [...nodeArgs, '--import', 'tsx', __filename, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
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
  for (const v of variants) {
    const ms: number[] = [];
    let last: SimRun | undefined;
    for (let i = 0; i < runs; i++) {
      last = runChild(['--child-simulate', v.id, String(v.timeline)]);
      ms.push(last.ms);
      ctx.log(`  simulate ${v.label}: run ${i + 1}/${runs} ${fmtMs(last.ms)} ms`);
    }
    const s = summarize(ms);
    rows.push([
      v.label,
      String(runs),
      `${fmtMs(s.median)} / ${fmtMs(s.p95)}`,
      `succeeded ${last!.succeeded}, failed pods ${last!.failed}, ${last!.pods} pods, ${last!.conditions.join('+') || 'no condition'}${last!.truncated ? ' (TRUNCATED)' : ''}, virtual ${(last!.endSeconds / 3600).toFixed(1)} h`,
    ]);
    targets.push({ name: `simulate 100,000 indexes, 1% failures (${v.label})`, target: '≤ 1 s', measured: `${fmtMs(s.median)} ms median, ${fmtMs(s.p95)} ms p95`, ok: s.p95 <= 1000 });
    if (ctx.cpuProf) {
      mkdirSync(profDir, { recursive: true });
      runChild(['--child-simulate', v.id, String(v.timeline)], ['--cpu-prof', `--cpu-prof-dir=${profDir}`, `--cpu-prof-name=simulate-${v.id}-${v.timeline ? 'timeline' : 'plain'}.cpuprofile`]);
    }
  }
  const body = [
    'A 100,000-completion Indexed Job (parallelism 1,000, each pod runs 30 virtual seconds) where every 100th index fails once with exit code 1 and then succeeds (1,000 failures, 1%). One `simulate()` call (server/src/domain/simulator) per fresh Node process, so every run is JIT-cold like a CLI call (module loading is not timed); wall time of the call, ms, median / p95.',
    '',
    `Command: \`${ctx.command}\``,
    '',
    table(['variant', 'runs', 'simulate() ms (median / p95)', 'result'], rows),
  ].join('\n');
  return { id: 'sim', title: 'Simulator', body, targets };
}

// ---------------------------------------------------------------------------------------------
// Run locally

/** Spawns `cmd` `n` times with at most `concurrency` at once; resolves with the wall time in ms. */
export function spawnMany(cmd: string, args: string[], n: number, concurrency: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let started = 0;
    let done = 0;
    const next = (): void => {
      if (done === n) return resolve(performance.now() - t0);
      while (started < n && started - done < concurrency) {
        started++;
        const p = spawn(cmd, args, { stdio: 'ignore' });
        p.on('error', reject);
        p.on('exit', () => {
          done++;
          next();
        });
      }
    };
    next();
  });
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
function kjobRun(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [join(ROOT, 'server/out/cli.js'), 'run', file, '--yes', '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
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
  const base: number[] = [];
  const ours: number[] = [];
  let error: string | undefined;
  // Node start of the CLI itself, to separate it from per-pod overhead.
  const nodeStart: number[] = [];
  for (let r = 0; r < rounds; r++) {
    base.push(await spawnMany(trueBin, [], pods, par));
    if (!error) {
      try {
        ours.push(await kjobRun(file));
        const t0 = performance.now();
        spawnSync(process.execPath, [join(ROOT, 'server/out/cli.js'), '--version'], { stdio: 'ignore' });
        nodeStart.push(performance.now() - t0);
      } catch (e) {
        error = (e as Error).message;
      }
    }
    ctx.log(`  run locally: round ${r + 1}/${rounds}`);
  }
  const b = summarize(base);
  const o = summarize(ours);
  const ns = summarize(nodeStart);
  const perPod = (xs: number[], start = 0) => xs.map((x) => (x - start) / pods);
  const overhead: number[] = ours.map((x, i) => (x - (nodeStart[i] ?? 0) - base[i]!) / pods);
  const ov = summarize(overhead);
  const rows = [
    [`spawn \`${trueBin}\` ${pods}× at concurrency ${par} (Node child_process, the floor)`, `${fmtMs(b.median)} / ${fmtMs(b.p95)}`, `${fmtMs(summarize(perPod(base)).median)}`],
    [
      `\`kjob run\` of a ${pods}-completion Job (\`command: ["true"]\`, parallelism ${par})`,
      error ? `error: ${error.slice(0, 200)}` : `${fmtMs(o.median)} / ${fmtMs(o.p95)}`,
      error ? 'n/a' : fmtMs(summarize(perPod(ours)).median),
    ],
  ];
  const body = [
    `Wall time in ms (median / p95 over ${rounds} rounds, each round runs both). Overhead per pod = (kjob run − CLI start-up (\`kjob --version\`, median ${fmtMs(ns.median)} ms) − bare spawns) ÷ ${pods}, paired per round.`,
    '',
    `Command: \`${ctx.command}\``,
    '',
    table(['what', 'wall ms', 'ms per pod'], rows),
    '',
    error ? `\`kjob run\` did not complete: ${error.slice(0, 400)}` : `kjob ÷ bare spawns (paired): ${pairedRatio(ours, base).toFixed(2)}×.`,
  ].join('\n');
  const targets: Target[] = [
    {
      name: `run locally: overhead per pod beyond process start (${pods} pods, parallelism ${par})`,
      target: 'reported (no numeric target)',
      measured: error ? 'not measured' : `${fmtMs(ov.median)} ms median`,
      ok: error ? null : true,
    },
  ];
  return { id: 'run', title: 'Run locally', body, targets };
}

if (process.argv[2] === '--child-simulate') {
  childSimulate(process.argv[3] ?? 'perIndex', process.argv[4] === 'true').catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

export function listProfiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.cpuprofile')) : [];
}
