/**
 * The simulator benchmark's child process, bundled by esbuild (scripts/bench/simPart.ts builds it
 * like scripts/build.mjs builds cli/out/cli.js) so that the timed code is the JavaScript users
 * run, not TypeScript compiled on the fly by a loader.
 *
 * Usage: node sim-child.js VARIANT TIMELINE  (VARIANT perIndex|global, TIMELINE true|false)
 * Prints one JSON line {ms, succeeded, failed, pods, endSeconds, truncated, conditions}.
 */
import { readFileSync } from 'node:fs';
import { reportText } from '../../core/controller/report';
import { simulate } from '../../core/controller/simulator';

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

/**
 * One timed run. Without the timeline: the simulate() call. With it: simulate() plus the text
 * report `kjob simulate` prints (the timeline is recorded compactly and its lines are rendered only
 * when shown, so the rendering belongs in the measurement).
 */
/**
 * CPU time of this process's main thread in ms (Linux /proc; NaN elsewhere): the JavaScript and
 * the GC work done on it, without the time spent waiting for a core on a shared machine and
 * without the compiler and GC helper threads.
 */
function mainThreadCpuMs(): number {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // utime + stime, in clock ticks of 10 ms
  } catch {
    return NaN;
  }
}

export function runOnce(variant: string, timeline: boolean): { ms: number; mainCpuMs: number; succeeded: number; failed: number; pods: number; endSeconds: number; truncated: boolean; conditions: string[]; reportChars: number } {
  const job = bigIndexedJob({ perIndex: variant === 'perIndex' });
  const script = onePercentFailures();
  const c0 = mainThreadCpuMs();
  const t0 = performance.now();
  const r = simulate(job, { script, timeline });
  const text = timeline ? reportText(r, { jobName: 'sim-100k', spec: (r.apiJob.spec ?? {}) as Record<string, unknown> }) : '';
  const ms = performance.now() - t0;
  const mainCpuMs = mainThreadCpuMs() - c0;
  return { ms, mainCpuMs, succeeded: r.status.succeeded, failed: r.status.failed, pods: r.podCount, endSeconds: r.endSeconds, truncated: r.truncated, conditions: r.status.conditions.map((c) => c.type), reportChars: text.length };
}

if (require.main === module) {
  const out = runOnce(process.argv[2] ?? 'perIndex', process.argv[3] === 'true');
  process.stdout.write(JSON.stringify(out) + '\n');
}
