/**
 * CLI tier: one outcome script, two commands. `kjob simulate --outcomes` plays it in virtual time;
 * `kjob run` runs commands that do what it says (each run of an index counts itself in a file and
 * exits with the script's code for that attempt, printing it first). Both report the same pods
 * (index, attempt, exit code) and the same final result line. test/unit/kubelets.test.ts compares
 * the two kubelets in more cases, below the CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'cli', 'out', 'cli.js');
const tmp = mkdtempSync(join(tmpdir(), 'kjob-run-vs-sim-'));

function kjob(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: tmp, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('kjob simulate and kjob run agree on an Indexed Job with backoffLimitPerIndex (pods, attempts, exit codes, result)', () => {
  // Index 1 fails twice (exit 3, then 4): a failed index; index 2 fails once (exit 3), then succeeds.
  const script = { indexes: { '1': [{ exitCode: 3 }, { exitCode: 4 }], '2': [{ exitCode: 3 }] } };
  const cases = '1/0) c=3;; 1/1) c=4;; 2/0) c=3;;';
  const command = `n=$(cat "runs-$JOB_COMPLETION_INDEX" 2>/dev/null || echo 0); echo $((n+1)) > "runs-$JOB_COMPLETION_INDEX"; c=0; case $JOB_COMPLETION_INDEX/$n in ${cases} esac; echo "exit $c"; exit $c`;
  const yaml = join(tmp, 'agree.yaml');
  writeFileSync(
    yaml,
    `apiVersion: batch/v1
kind: Job
metadata:
  name: agree
spec:
  completionMode: Indexed
  completions: 4
  parallelism: 2
  backoffLimitPerIndex: 1
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox
          command: [sh, -c, ${JSON.stringify(command)}]
`,
  );
  const outcomes = join(tmp, 'agree.outcomes.json');
  writeFileSync(outcomes, JSON.stringify(script));

  const sim = kjob(['simulate', yaml, '--outcomes', outcomes, '--format', 'json']);
  assert.equal(sim.code, 0, sim.stderr);
  const s = JSON.parse(sim.stdout) as { status: { succeeded: number; failed: number; completedIndexes: string; failedIndexes: string; conditions: { type: string; status: string; reason: string; message: string }[] }; pods: { index: number; attempt: number; exitCodes: { main: number } }[] };
  const simPods = s.pods.map((p) => `${p.index}/${p.attempt} exit ${p.exitCodes.main}`).sort();
  const fin = s.status.conditions.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')!;
  const simResult = `${fin.type} (${fin.reason}: ${fin.message}); succeeded ${s.status.succeeded}, failed ${s.status.failed}, completedIndexes "${s.status.completedIndexes}", failedIndexes "${s.status.failedIndexes}"`;

  const run = kjob(['run', yaml, '--time-scale', '0.01', '--timeout', '50']);
  assert.equal(run.code, 1, run.stderr);
  const runPods = run.stdout
    .split('\n')
    .map((l) => /^\[(\d+)\/(\d+) main\] (exit \d+)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => `${m[1]}/${m[2]} ${m[3]}`)
    .sort();
  const runResult = /kjob run: (.*)$/m.exec(run.stderr.split('\n').filter((l) => l.startsWith('kjob run: ')).pop() ?? '')?.[1];

  assert.deepEqual(runPods, simPods);
  assert.deepEqual(simPods, ['0/0 exit 0', '1/0 exit 3', '1/1 exit 4', '2/0 exit 3', '2/1 exit 0', '3/0 exit 0']);
  assert.equal(runResult, simResult);
  assert.equal(simResult, 'Failed (FailedIndexes: Job has failed indexes); succeeded 3, failed 3, completedIndexes "0,2,3", failedIndexes "1"');
});
