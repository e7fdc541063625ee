/**
 * One Job driver, two kubelets: the same outcome script played by the virtual kubelet (simulate)
 * and by real processes (runLocally, commands such as sh -c 'exit 3' that follow the script) ends
 * with the same pods (index, attempt, phase, exit codes), the same counts and indexes and the same
 * final conditions; only the timing differs. Each command counts its runs per completion index in
 * a file, so its n-th run does what the script's attempt n says. Also: the crash-loop back-off of
 * in-place restarts (restartPolicy OnFailure) in both kubelets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../core/controller/simulator';
import { runLocally, type RunResult } from '../../core/kubelet/localRun';
import { advance, restartAt } from '../../core/kubelet/crashLoop';
import type { OutcomeScript } from '../../core/kubelet/outcomes';

type Obj = Record<string, unknown>;

/**
 * A shell command whose n-th run for a completion index ("x" for NonIndexed) exits with
 * codes[index][n], else 0: what the outcome script `{indexes: {index: [{exitCode}...]}}` says.
 */
function scripted(codes: Record<string, number[]>): string[] {
  const cases = Object.entries(codes)
    .flatMap(([k, list]) => list.map((c, n) => `${k}/${n}) exit ${c};;`))
    .join(' ');
  return ['sh', '-c', `k=\${JOB_COMPLETION_INDEX:-x}; n=$(cat "runs-$k" 2>/dev/null || echo 0); echo $((n+1)) > "runs-$k"; case $k/$n in ${cases} esac; exit 0`];
}

function job(name: string, spec: Obj, containers: Obj[], initContainers?: Obj[]): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { ...spec, template: { spec: { restartPolicy: 'Never', ...((spec.podSpec as Obj) ?? {}), containers, ...(initContainers ? { initContainers } : {}) } } },
  };
}

interface Outcome {
  pods: string[];
  succeeded: number;
  failed: number;
  completedIndexes: string | null;
  failedIndexes: string | null;
  conditions: string[];
}

const podName = /\b([a-z0-9-]+-)[bcdfghjklmnpqrstvwxz2456789]{5}\b/g;

function outcome(status: RunResult['status'], pods: { index: number | null; attempt: number; phase: string; exitCodes: Record<string, number> }[]): Outcome {
  return {
    pods: pods.map((p) => `${p.index ?? '*'}/${p.attempt} ${p.phase} ${JSON.stringify(p.exitCodes)}`).sort(),
    succeeded: status.succeeded,
    failed: status.failed,
    completedIndexes: status.completedIndexes,
    failedIndexes: status.failedIndexes,
    conditions: status.conditions.map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message.replace(podName, '$1*')}`),
  };
}

async function both(j: Obj, script: OutcomeScript): Promise<{ sim: Outcome; run: Outcome; r: RunResult }> {
  const s = simulate(j, { script });
  const workspace = mkdtempSync(join(tmpdir(), 'kjob-kubelets-'));
  const r = await runLocally(j, { workspace, timeScale: 0.01, timeoutSeconds: 60 });
  assert.notEqual(r.outcome, 'TimedOut');
  return { sim: outcome(s.status, s.pods), run: outcome(r.status, r.pods), r };
}

const cases: { name: string; job: Obj; script: OutcomeScript; expect: string }[] = [
  {
    name: 'Indexed, backoffLimitPerIndex: index 1 fails twice (failed index), index 2 fails once',
    job: job('perindex', { completionMode: 'Indexed', completions: 4, parallelism: 2, backoffLimitPerIndex: 1 }, [{ name: 'main', image: 'busybox', command: scripted({ 1: [3, 3], 2: [3] }) }]),
    script: { indexes: { '1': [{ exitCode: 3 }, { exitCode: 3 }], '2': [{ exitCode: 3 }] } },
    expect: 'Failed=True FailedIndexes',
  },
  {
    name: 'NonIndexed, backoffLimit 2: every pod exits 3',
    job: job('limit', { backoffLimit: 2 }, [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'exit 3'] }]),
    script: { default: { exitCode: 3 } },
    expect: 'Failed=True BackoffLimitExceeded',
  },
  {
    name: 'restartPolicy OnFailure: two in-place restarts (at once, then after the back-off), the third attempt succeeds',
    job: job('onfailure', { backoffLimit: 3, podSpec: { restartPolicy: 'OnFailure' } }, [{ name: 'main', image: 'busybox', command: scripted({ x: [1, 2, 0] }) }]),
    script: { indexes: { '*': [{ exitCode: 1 }, { exitCode: 2 }, { exitCode: 0 }] } },
    expect: 'Complete=True CompletionsReached',
  },
  {
    name: 'podFailurePolicy FailJob on exit code 42 (index 1)',
    job: job('pfp', { completionMode: 'Indexed', completions: 3, parallelism: 1, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] } }, [
      { name: 'main', image: 'busybox', command: ['sh', '-c', '[ "$JOB_COMPLETION_INDEX" = 1 ] && exit 42; exit 0'] },
    ]),
    script: { indexes: { '1': [{ exitCode: 42 }] } },
    expect: 'Failed=True PodFailurePolicy',
  },
  {
    name: 'init container fails the first pod (restartPolicy Never); the replacement succeeds',
    job: job('init', { backoffLimit: 1 }, [{ name: 'main', image: 'busybox', command: ['true'] }], [{ name: 'setup', image: 'busybox', command: scripted({ x: [5] }) }]),
    script: { indexes: { '*': [{ initExitCodes: { setup: 5 } }] } },
    expect: 'Complete=True CompletionsReached',
  },
  {
    name: 'two containers: the second one fails (exit 7) with backoffLimit 0',
    job: job('two', { backoffLimit: 0 }, [
      { name: 'a', image: 'busybox', command: ['true'] },
      { name: 'b', image: 'busybox', command: ['sh', '-c', 'exit 7'] },
    ]),
    script: { default: { exitCodes: { b: 7 } } },
    expect: 'Failed=True BackoffLimitExceeded',
  },
];

for (const c of cases) {
  test(`simulate and run locally agree: ${c.name}`, async () => {
    const { sim, run } = await both(c.job, c.script);
    assert.deepEqual(run, sim);
    assert.ok(sim.conditions.some((x) => x.startsWith(c.expect)), sim.conditions.join('; '));
  });
}

test('crash-loop back-off: first restart at once, then 10 s doubling to 5 min; an entry expires 10 min after the last restart', () => {
  const e = { boSeconds: 0, boAt: 0 };
  const waits: number[] = [];
  let t = 100;
  for (let i = 0; i < 8; i++) {
    const at = restartAt(e, t);
    waits.push(at - t);
    advance(e, t, at);
    t = at + 1; // the container runs 1 s and crashes again
  }
  assert.deepEqual(waits, [0, 10, 20, 40, 80, 160, 300, 300]);
  // A crash more than 600 s after the last restart starts over: at once, and the entry is 10 s again.
  assert.equal(restartAt(e, e.boAt + 601), e.boAt + 601);
  advance(e, e.boAt + 601, e.boAt + 601);
  assert.equal(e.boSeconds, 10);
});

test('simulate, restartPolicy OnFailure: restarts come 0, 10, 20, 40 s after the crashes; restartCount counts the restarts done', () => {
  const j = job('crashloop', { backoffLimit: 5, podSpec: { restartPolicy: 'OnFailure' } }, [{ name: 'main', image: 'busybox', command: ['false'] }]);
  const script: OutcomeScript = { default: { exitCode: 1, durationSeconds: 1 } };
  const r = simulate(j, { script });
  const restarts = r.timeline.filter((e) => e.kind === 'restart').map((e) => e.atSeconds);
  // Crashes at 1, 2, 13, 34, 75; the restart at 75 + 80 brings the restart count to backoffLimit 5.
  assert.deepEqual(restarts, [1, 2, 13, 34, 75]);
  const failed = r.status.conditions.find((c) => c.type === 'Failed');
  assert.equal(failed?.reason, 'BackoffLimitExceeded');
  assert.ok(failed.atSeconds >= 155 && failed.atSeconds < 160, `failed at ${failed.atSeconds}`);
  assert.equal(r.pods.length, 1);
  // At 100 s the container waits out its 80 s back-off: 4 restarts so far, the last exit kept.
  const mid = simulate(j, { script, maxSeconds: 100 });
  const cs = (mid.apiPods[0] as { status: { containerStatuses: Obj[] } }).status.containerStatuses[0];
  assert.equal(cs.restartCount, 4);
  assert.deepEqual(cs.state, { waiting: { reason: 'CrashLoopBackOff' } });
  assert.equal(((cs.lastState as Obj).terminated as Obj).exitCode, 1);
});
