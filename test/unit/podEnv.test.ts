/** Env of a Job pod computed locally ("run locally") and Kubernetes $(VAR) expansion. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerArgv, containerEnv, expandVars, type PodIdentity } from '../../core/controller/podEnv';
import { planLocalRun } from '../../core/kubelet/localRun';

const vars: Record<string, string> = { VAR_A: 'A', VAR_B: 'B', EMPTY: '' };
const x = (s: string) => expandVars(s, (n) => vars[n]);

test('$(VAR) expansion follows the kubelet rules (third_party expansion tests)', () => {
  assert.equal(x('$(VAR_A)'), 'A');
  assert.equal(x('___$(VAR_B)___'), '___B___');
  assert.equal(x('$(VAR_A)-$(VAR_B)'), 'A-B');
  assert.equal(x('$(UNDEFINED)'), '$(UNDEFINED)');
  assert.equal(x('$$(VAR_A)'), '$(VAR_A)');
  assert.equal(x('$$$(VAR_A)'), '$A');
  assert.equal(x('$$$$(VAR_A)'), '$$(VAR_A)');
  assert.equal(x('$(VAR_A'), '$(VAR_A');
  assert.equal(x('$VAR_A'), '$VAR_A');
  assert.equal(x('$'), '$');
  assert.equal(x('foo$'), 'foo$');
  assert.equal(x('$()'), '$()');
  assert.equal(x('$(EMPTY)x'), 'x');
  assert.equal(x('$(VAR_A)$(VAR_A)$$'), 'AA$');
  assert.equal(x(''), '');
});

const pod: PodIdentity = {
  name: 'job-3-abcde',
  namespace: 'team',
  uid: 'u1',
  labels: { 'batch.kubernetes.io/job-completion-index': '3', app: 'x' },
  annotations: { 'batch.kubernetes.io/job-completion-index': '3' },
  hostname: 'job-3',
  serviceAccountName: 'default',
  nodeName: 'localhost',
  podIP: '127.0.0.1',
  hostIP: '127.0.0.1',
};

test('env: literals, fieldRefs, earlier variables, HOSTNAME; unavailable sources are reported, not guessed', () => {
  const c = {
    name: 'main',
    envFrom: [{ configMapRef: { name: 'cfg' } }],
    env: [
      { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } },
      { name: 'SHARD', value: 'shard-$(JOB_COMPLETION_INDEX)-of-$(TOTAL)' },
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'ANN', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
      { name: 'PASS', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'TOTAL', value: '10' },
      { name: 'ESC', value: '$$(TOTAL)' },
    ],
  };
  const { env, warnings } = containerEnv(c, pod);
  assert.equal(env.JOB_COMPLETION_INDEX, '3');
  assert.equal(env.SHARD, 'shard-3-of-$(TOTAL)', 'a variable defined later is not expanded');
  assert.equal(env.POD, 'job-3-abcde');
  assert.equal(env.NS, 'team');
  assert.equal(env.ANN, '3');
  assert.equal(env.HOSTNAME, 'job-3');
  assert.equal(env.ESC, '$(TOTAL)');
  assert.equal('PASS' in env, false);
  assert.deepEqual(warnings, [
    'container main: envFrom ConfigMap cfg is not available locally; its variables are not set',
    'container main: env PASS: Secret db key password is not available locally; PASS is not set',
  ]);
  assert.deepEqual(containerArgv({ command: ['sh', '-c'], args: ['echo $(SHARD) $(NOPE) $$(TOTAL)'] }, env), ['sh', '-c', 'echo shard-3-of-$(TOTAL) $(NOPE) $(TOTAL)']);
  assert.equal(containerArgv({ args: ['x'] }, env), undefined);
});

test('planLocalRun lists the exact argv per container, JOB_COMPLETION_INDEX for index 0, and refuses containers without a command', () => {
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'p' },
    spec: {
      completionMode: 'Indexed',
      completions: 2,
      template: {
        spec: {
          restartPolicy: 'Never',
          initContainers: [{ name: 'init', image: 'busybox', command: ['echo', 'init $(JOB_COMPLETION_INDEX)'] }],
          containers: [
            { name: 'main', image: 'busybox', command: ['sh', '-c', 'echo $(JOB_COMPLETION_INDEX)'], workingDir: '/does/not/exist' },
            { name: 'side', image: 'nginx' },
          ],
        },
      },
    },
  };
  const plan = planLocalRun(job, '/tmp');
  assert.deepEqual(
    plan.containers.map((c) => [c.kind, c.name, c.argv]),
    [
      ['init', 'init', ['echo', 'init 0']],
      ['container', 'main', ['sh', '-c', 'echo 0']],
    ],
  );
  assert.match(plan.errors[0], /container side has no command/);
  assert.ok(plan.warnings.some((w) => w.includes('workingDir /does/not/exist')));
});
