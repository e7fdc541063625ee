/**
 * CLI tier: `kjob run` executes the pod template as real local processes; cancel and timeout leave
 * no process behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'cli', 'out', 'cli.js');
const tmp = mkdtempSync(join(tmpdir(), 'kjob-run-cli-'));

function jobFile(name: string, body: string): string {
  const p = join(tmp, `${name}.yaml`);
  writeFileSync(p, `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n${body}`);
  return p;
}

function kjob(args: string[], timeout = 60000) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: tmp, encoding: 'utf8', timeout });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function processesWith(marker: string): string[] {
  const r = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.includes(marker) && !l.includes('ps -eo'));
}

test('a failing container is retried with back-off and fails the Job at backoffLimit: exit 1', () => {
  const f = jobFile('fails', `spec:\n  backoffLimit: 1\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: main\n          image: busybox\n          command: [sh, -c, 'echo attempt; exit 3']\n`);
  const r = kjob(['run', f, '--time-scale', '0.02']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout.split('\n').filter((l) => l === '[-/0 main] attempt' || l === '[-/1 main] attempt').length, 2, r.stdout);
  assert.match(r.stderr, /Failed \(BackoffLimitExceeded: Job has reached the specified backoff limit\); succeeded 0, failed 2/);
  assert.match(r.stderr, /main: sh -c 'echo attempt; exit 3'/);
});

test('Indexed: env, $(VAR) expansion, init containers in order, workingDir under the workspace: exit 0', () => {
  mkdirSync(join(tmp, 'work'), { recursive: true });
  const f = jobFile(
    'idx',
    `spec:
  completionMode: Indexed
  completions: 3
  parallelism: 3
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: first
          image: busybox
          command: [echo, 'init-$(JOB_COMPLETION_INDEX)', '$$(SHARD)', '$(UNDEFINED)']
      containers:
        - name: main
          image: busybox
          workingDir: /work
          command: [sh, -c]
          args: ['echo "i=$JOB_COMPLETION_INDEX/$(JOB_COMPLETION_INDEX) shard=$(SHARD) late=$LATE host=$HOSTNAME dir=$(basename "$PWD")"']
          env:
            - {name: REGION, value: "eu"}
            - {name: SHARD, value: "$(REGION)-s"}
            - {name: LATE, value: "x$(JOB_COMPLETION_INDEX)"}
`,
  );
  const r = kjob(['run', f, '--time-scale', '0.02']);
  assert.equal(r.code, 0, r.stderr);
  for (const i of [0, 1, 2]) {
    // $$ escapes, undefined references stay; JOB_COMPLETION_INDEX is appended after the
    // Job's own env, so an earlier variable cannot reference it (LATE keeps the literal).
    assert.ok(r.stdout.includes(`[${i}/0 first] init-${i} $(SHARD) $(UNDEFINED)`), r.stdout);
    assert.ok(r.stdout.includes(`[${i}/0 main] i=${i}/${i} shard=eu-s late=x$(JOB_COMPLETION_INDEX) host=idx-${i} dir=work`), r.stdout);
    const lines = r.stdout.split('\n');
    assert.ok(lines.indexOf(`[${i}/0 first] init-${i} $(SHARD) $(UNDEFINED)`) < lines.findIndex((l) => l.startsWith(`[${i}/0 main]`)));
  }
  assert.match(r.stderr, /Complete \(CompletionsReached/);
  assert.match(r.stderr, /completedIndexes "0-2"/);
});

test('podFailurePolicy FailJob on a real exit code', () => {
  const f = jobFile(
    'pfp',
    `spec:
  backoffLimit: 5
  podFailurePolicy:
    rules:
      - action: FailJob
        onExitCodes: {operator: In, values: [42]}
  template:
    spec:
      restartPolicy: Never
      containers:
        - {name: main, image: busybox, command: [sh, -c, 'exit 42']}
`,
  );
  const r = kjob(['run', f, '--time-scale', '0.02']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Failed \(PodFailurePolicy: Container main for pod default\/pfp-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 0\)/);
});

test('activeDeadlineSeconds kills the running process group; nothing is left', () => {
  const marker = `kjobdeadline${process.pid}`;
  const f = jobFile('ads', `spec:\n  activeDeadlineSeconds: 20\n  template:\n    spec:\n      restartPolicy: Never\n      terminationGracePeriodSeconds: 5\n      containers:\n        - {name: main, image: busybox, command: [sh, -c, 'sleep 30 # ${marker}; sleep 31']}\n`);
  const t = Date.now();
  const r = kjob(['run', f, '--time-scale', '0.1']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /DeadlineExceeded/);
  assert.ok(Date.now() - t < 15000, 'the deadline (2 s scaled) stopped the 30 s sleep');
  assert.deepEqual(processesWith(marker), []);
});

test('interrupt (SIGINT) kills every process tree and exits 130; so does --timeout (exit 1)', async () => {
  const marker = `kjobcancel${process.pid}`;
  const f = jobFile('cancel', `spec:\n  completions: 3\n  parallelism: 3\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - {name: main, image: busybox, command: [sh, -c, 'echo started; sh -c "sleep 40 # ${marker}" ; sleep 41']}\n`);
  const child = spawn(process.execPath, [cli, 'run', f], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const started = Date.now();
  while ((out.match(/started/g) ?? []).length < 3) {
    if (Date.now() - started > 20000) throw new Error(`pods did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(processesWith(marker).length >= 3, 'three process trees run');
  child.kill('SIGINT');
  const code = await new Promise<number | null>((res) => child.on('close', res));
  assert.equal(code, 130);
  assert.deepEqual(processesWith(marker), []);

  const marker2 = `kjobtimeout${process.pid}`;
  const g = jobFile('timeout', `spec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - {name: main, image: busybox, command: [sh, -c, 'sleep 40 # ${marker2}']}\n`);
  const r = kjob(['run', g, '--timeout', '2']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /TimedOut/);
  assert.deepEqual(processesWith(marker2), []);
});

test('run refuses a container without a command (the image entrypoint is unknown locally): exit 2', () => {
  const f = jobFile('nocmd', `spec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - {name: main, image: busybox}\n`);
  const r = kjob(['run', f]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /container main has no command/);
});
