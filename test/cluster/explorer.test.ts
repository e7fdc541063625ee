/**
 * The Jobs explorer against the real control plane (scripts/cluster.mjs; the test kubelet follows
 * each Job's outcome script): tree content and per-index states through retries, failures, failure
 * policy, suspend/resume and TTL deletion; log follows across retries and for whole Jobs; the
 * viewer context; an apiserver restart mid-watch; a forced 410 relist.
 * Fails (does not skip) when KUBECONFIG is missing.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { KubeConfig } from '@kubernetes/client-node';
import { jobsPath, kubeConfigFor, kubeRequest, readKubeconfig } from '../../client/src/cluster/kube';
import { mergePathLists, readLoginShellPath } from '../../client/src/cluster/shellPath';
import { canI } from '../../client/src/cluster/access';
import { parse as parseYaml } from 'yaml';
import { LogFollowRun, namespaceSource, type LogSink } from '../../client/src/logs/stream';
import type { FollowTarget } from '../../client/src/logs/follower';
import { ClusterSession } from '../../client/src/cluster/session';
import { children, view, type TreeNode } from '../../client/src/explorer/treeModel';
import type { OutcomeScript } from '../../core/kubelet/outcomes';
import { parseFile } from '../../core/yaml/document';
import { docToObject, problemsOnDoc } from '../../client/src/actions/applyDiagnostics';
import { applyJob, deleteJob, getJob, jobAndPodEvents, rerunJob, setSuspended } from '../../client/src/cluster/jobApi';
import { describeJob } from '../../client/src/actions/describe';
import { KubeApiError } from '../../client/src/cluster/kube';
import { batchApi, clusterFromEnv, compactEtcd, kubeconfigPath, restartApiserver, testJob, waitFor, withNamespace } from '../harness/cluster';

let kc: KubeConfig;
let session: ClusterSession;
const listeners = new Set<() => void>();

before(() => {
  kubeconfigPath(); // throws when KUBECONFIG is missing: this tier must fail, not skip
  kc = clusterFromEnv('kjob-admin');
  session = new ClusterSession(readKubeconfig({ env: process.env }), {
    configuredNamespaces: [],
    onChange: () => listeners.forEach((l) => l()),
    log: () => undefined,
    currentContext: 'kjob-admin',
  });
});

after(() => session?.dispose());

/** Resolves when `check` returns a value, re-checking on every tree change (and every 500 ms as a safety net). */
function until<T>(check: () => T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    let last: unknown;
    const run = () => {
      try {
        const v = check();
        if (v !== undefined && v !== false) {
          done();
          resolve(v);
        }
      } catch (e) {
        last = e;
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ''}\ntree:\n${lastTree}`));
    }, timeoutMs);
    const tick = setInterval(run, 500);
    const done = () => {
      clearTimeout(timer);
      clearInterval(tick);
      listeners.delete(run);
    };
    listeners.add(run);
    run();
  });
}

let lastTree = '';

function nsNode(ns: string, context = 'kjob-admin'): TreeNode {
  return { kind: 'namespace', id: `ns:${context}/${ns}`, context, namespace: ns };
}

function jobNode(ns: string, name: string, context = 'kjob-admin'): TreeNode | undefined {
  return children(nsNode(ns, context), session).find((n) => n.kind === 'job' && n.name === name);
}

/** label — description for a node and its children (one level), for assertions and failure output. */
function describeNode(n: TreeNode): { label: string; description: string; kids: { label: string; description: string; node: TreeNode }[] } {
  const v = view(n, session, Date.now());
  const kids = children(n, session).map((k) => {
    const kv = view(k, session, Date.now());
    return { label: kv.label, description: kv.description ?? '', node: k };
  });
  lastTree = `${v.label} — ${v.description}\n${kids.map((k) => `  ${k.label} — ${k.description}`).join('\n')}`;
  return { label: v.label, description: v.description ?? '', kids };
}

async function createJob(ns: string, body: object) {
  return batchApi(kc).createNamespacedJob({ namespace: ns, body: body as never });
}

function openNamespace(ns: string) {
  session.namespace('kjob-admin', ns);
  return until(() => session.watchOf('kjob-admin', ns)?.synced && session.watchOf('kjob-admin', ns)?.podsReady, 15_000, `namespace ${ns} to sync`);
}

describe('Jobs explorer on the real control plane', { concurrency: true }, () => {
  test('Indexed Job through a retry, a success and a per-index failure', async () => {
    await withNamespace(
      kc,
      async (ns) => {
        await openNamespace(ns);
        const outcomes: OutcomeScript = {
          default: { exitCode: 0, durationSeconds: 0.5 },
          indexes: { '0': [{ exitCode: 1, durationSeconds: 0.5 }, { exitCode: 0, durationSeconds: 0.5 }], '2': [{ exitCode: 1 }, { exitCode: 1 }] },
        };
        await createJob(ns, testJob('ix', { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 1 }, outcomes));
        // While index 0's first attempt failed and its retry has not run: waiting for backoff (or already retrying).
        const seen = new Set<string>();
        const final = await until(
          () => {
            const j = jobNode(ns, 'ix');
            if (!j) return undefined;
            const d = describeNode(j);
            seen.add(d.kids[0]?.description ?? '');
            return view(j, session, 0).contextValue.includes('finished') && d.kids.every((k) => !/running|pending|backoff/.test(k.description)) ? d : undefined;
          },
          90_000,
          'Job ix to fail on index 2',
        );
        assert.deepEqual(
          final.kids.map((k) => `${k.label}: ${k.description}`),
          ['index 0: succeeded · 2 attempts · 1 failure counted', 'index 1: succeeded · 1 attempt', 'index 2: failed · 2 attempts · 1 failure counted'],
        );
        assert.ok([...seen].some((s) => /waiting for backoff|running · 2 attempts/.test(s)), `index 0 was seen retrying: ${[...seen].join(' | ')}`);
        assert.match(final.description, /^2\/3 ✓ · 3 ✗ · FailedIndexes$/);
        // Index 0's pods: the retry first (newest first), then the failed attempt; containers below.
        const pods = children(final.kids[0].node, session).map((p) => view(p, session, 0));
        assert.equal(pods.length, 2);
        assert.match(pods[0].description!, /^succeeded · exit 0/);
        assert.match(pods[1].description!, /^failed · exit 1/);
        const containers = children(children(final.kids[0].node, session)[0], session).map((c) => view(c, session, 0).label);
        assert.deepEqual(containers, ['main']);
      },
      'exi',
    );
  });

  test('NonIndexed and work-queue Jobs: pods, failures, counts', async () => {
    await withNamespace(
      kc,
      async (ns) => {
        await openNamespace(ns);
        await createJob(ns, testJob('nonidx', { completions: 2, parallelism: 1, backoffLimit: 3 }, { default: { exitCode: 0, durationSeconds: 0.3 }, indexes: { '*': [{ exitCode: 1, durationSeconds: 0.3 }] } }));
        await createJob(ns, testJob('queue', { parallelism: 2 }, { default: { exitCode: 0, durationSeconds: 0.5 } }));
        const nonidx = await until(() => {
          const j = jobNode(ns, 'nonidx');
          return j && /Complete/.test(view(j, session, 0).tooltip ?? '') ? describeNode(j) : undefined;
        }, 90_000, 'nonidx to complete');
        assert.equal(nonidx.description, '2/2 ✓ · 1 ✗');
        assert.equal(nonidx.kids.length, 3, 'three pods: one failure, two successes');
        assert.deepEqual(nonidx.kids.map((k) => k.description.split(' · ')[0]), ['succeeded', 'succeeded', 'failed'], 'newest first');
        const queue = await until(() => {
          const j = jobNode(ns, 'queue');
          return j && /Complete/.test(view(j, session, 0).tooltip ?? '') ? describeNode(j) : undefined;
        }, 60_000, 'queue to complete');
        assert.match(queue.description, /^2 ✓$/, 'a work queue has no completions total');
      },
      'enx',
    );
  });

  test('pod failure policy: FailJob and FailIndex', async () => {
    await withNamespace(
      kc,
      async (ns) => {
        await openNamespace(ns);
        const policy = (action: string) => ({ rules: [{ action, onExitCodes: { operator: 'In', values: [42] } }] });
        await createJob(ns, testJob('failjob', { completions: 1, backoffLimit: 5, podFailurePolicy: policy('FailJob') }, { default: { exitCode: 42, durationSeconds: 0.3 } }));
        await createJob(ns, testJob('failidx', { completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimitPerIndex: 3, podFailurePolicy: policy('FailIndex') }, { default: { exitCode: 0, durationSeconds: 0.3 }, indexes: { '1': [{ exitCode: 42 }] } }));
        const fj = await until(() => {
          const j = jobNode(ns, 'failjob');
          return j && view(j, session, 0).description?.includes('PodFailurePolicy') ? view(j, session, 0) : undefined;
        }, 60_000, 'failjob to fail by policy');
        assert.equal(fj.icon?.id, 'error');
        assert.match(fj.tooltip!, /Failed: PodFailurePolicy/);
        const fi = await until(() => {
          const j = jobNode(ns, 'failidx');
          if (!j) return undefined;
          const d = describeNode(j);
          return /Failed/.test(view(j, session, 0).tooltip ?? '') && d.kids.length === 2 && !/running|pending/.test(d.kids.map((k) => k.description).join()) ? d : undefined;
        }, 60_000, 'failidx to finish');
        assert.deepEqual(fi.kids.map((k) => `${k.label}: ${k.description.split(' · ')[0]}`), ['index 0: succeeded', 'index 1: failed']);
        assert.match(fi.kids[1].description, /1 attempt/, 'FailIndex does not retry');
      },
      'epf',
    );
  });

  test('suspend, resume, and TTL deletion leave no ghost', async () => {
    await withNamespace(
      kc,
      async (ns) => {
        await openNamespace(ns);
        await createJob(ns, testJob('sus', { completionMode: 'Indexed', completions: 2, parallelism: 2, suspend: true, ttlSecondsAfterFinished: 0 }, { default: { exitCode: 0, durationSeconds: 0.3 } }));
        const suspended = await until(() => {
          const j = jobNode(ns, 'sus');
          return j && view(j, session, 0).contextValue.includes('suspended') ? describeNode(j) : undefined;
        }, 30_000, 'sus to show as suspended');
        assert.match(suspended.description, /suspended/);
        assert.deepEqual(suspended.kids.map((k) => k.description), ['not started', 'not started']);
        await kubeRequest(kc, 'PATCH', jobsPath(ns, 'sus'), { body: { spec: { suspend: false } }, contentType: 'application/merge-patch+json' });
        // Complete, then deleted by TTL: the node goes away and nothing else remains.
        await until(() => !jobNode(ns, 'sus') && session.watchOf('kjob-admin', ns)!.podStore.size === 0, 60_000, 'sus to run and be deleted by its TTL');
        const left = children(nsNode(ns), session).map((n) => view(n, session, 0).label);
        assert.deepEqual(left, ['No Jobs in this namespace']);
      },
      'ess',
    );
  });

  test('following an index across a retry shows both attempts in order; whole-Job follow shows every pod', async () => {
    await withNamespace(
      kc,
      async (ns) => {
        await openNamespace(ns);
        const w = session.watchOf('kjob-admin', ns)!;
        const follow = (jobName: string, target: FollowTarget) => {
          const out: string[] = [];
          let ended: (r: string) => void = () => undefined;
          const done = new Promise<string>((r) => (ended = r));
          const sink: LogSink = { lines: (l) => out.push(...l), marker: (m) => out.push(m), end: (r) => ended(r) };
          const run = new LogFollowRun(session.kubeConfig('kjob-admin'), ns, target, namespaceSource({ job: (n) => w.job(n), podsOfJob: (u) => w.podsOfJob(u), subscribe: (l) => w.subscribe(l) }, jobName), sink);
          run.start();
          return { out, done, run };
        };
        const ixFollow = follow('retry', { kind: 'index', index: 0 });
        const allFollow = follow('all', { kind: 'job' });
        await createJob(ns, testJob('retry', { completionMode: 'Indexed', completions: 1, backoffLimitPerIndex: 2 }, { indexes: { '0': [{ exitCode: 1, durationSeconds: 1, logs: ['first-1', 'first-2'] }, { exitCode: 0, durationSeconds: 1, logs: ['second-1', 'second-2'] }] } }));
        await createJob(ns, testJob('all', { completionMode: 'Indexed', completions: 3, parallelism: 3 }, { default: { exitCode: 0, durationSeconds: 1 }, indexes: { '0': [{ logs: ['zero'] }], '1': [{ logs: ['one'] }], '2': [{ logs: ['two'] }] } }));
        const timeout = <T>(p: Promise<T>, ms: number, what: string) => Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`timed out: ${what}`)), ms))]);
        try {
          assert.equal(await timeout(ixFollow.done, 90_000, `index follow (got ${JSON.stringify(ixFollow.out)})`), 'index 0 succeeded');
          const o = ixFollow.out;
          const at = (s: string) => o.findIndex((l) => l.includes(s));
          assert.ok(at('attempt 1') >= 0 && at('attempt 2') >= 0, JSON.stringify(o));
          assert.deepEqual(
            [at('attempt 1'), at('first-1'), at('first-2'), at('attempt 2'), at('second-1'), at('second-2')].every((v, i, a) => v >= 0 && (i === 0 || v > a[i - 1])),
            true,
            `lines in order: ${JSON.stringify(o)}`,
          );
          assert.match(await timeout(allFollow.done, 60_000, `job follow (got ${JSON.stringify(allFollow.out)})`), /Complete/);
          for (const [i, word] of [[0, 'zero'], [1, 'one'], [2, 'two']] as const) {
            assert.ok(allFollow.out.some((l) => l.startsWith(`[${i}/all-${i}-`) && l.endsWith(word)), `index ${i} line with prefix: ${JSON.stringify(allFollow.out)}`);
          }
        } finally {
          ixFollow.run.stop();
          allFollow.run.stop();
        }
      },
      'elg',
    );
  });

  test('actions: apply (dry run errors mapped onto the YAML), re-run copy, suspend/resume, describe, delete', async () => {
    await withNamespace(
      kc,
      async (ns) => {
        await openNamespace(ns);
        const bad = ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: applied', 'spec:', '  completionMode: Indexed', '  parallelism: -1', '  template:', '    spec:', '      restartPolicy: Never', '      containers:', '      - name: main', '        image: busybox:1.36', ''].join('\n');
        const pdoc = parseFile(bad).docs[0];
        const err = await applyJob(kc, docToObject(pdoc), ns, 'applied', true).then(() => undefined, (e) => e);
        assert.ok(err instanceof KubeApiError && err.statusCode === 422, `dry run rejected: ${err}`);
        const problems = problemsOnDoc(pdoc, err.body, err.message);
        const at = (field: string) => problems.find((p) => p.field === field);
        assert.ok(at('spec.parallelism'), JSON.stringify(problems));
        assert.equal(bad.slice(at('spec.parallelism')!.start, at('spec.parallelism')!.end), '-1');
        assert.ok(at('spec.completions'), 'Indexed needs completions');
        assert.equal(bad.slice(at('spec.completions')!.start, at('spec.completions')!.end), 'spec', 'a missing field underlines its parent');
        assert.equal(await getJob(kc, ns, 'applied').then(() => 'exists', () => 'absent'), 'absent', 'a dry run creates nothing');
        const good = bad.replace('  parallelism: -1\n', '').replace('  completionMode: Indexed', '  completionMode: Indexed\n  completions: 2\n  suspend: true');
        const gdoc = parseFile(good).docs[0];
        await applyJob(kc, docToObject(gdoc), ns, 'applied', true);
        assert.equal(await getJob(kc, ns, 'applied').then(() => 'exists', () => 'absent'), 'absent');
        const created = await applyJob(kc, docToObject(gdoc), ns, 'applied', false);
        assert.equal(created.metadata?.name, 'applied');
        // Applying again with a change updates in place (server-side apply).
        const labelled = parseFile(good.replace('  name: applied', '  name: applied\n  labels: {team: a}')).docs[0];
        assert.equal((await applyJob(kc, docToObject(labelled), ns, 'applied', false)).metadata?.labels?.team, 'a');
        await until(() => jobNode(ns, 'applied') && view(jobNode(ns, 'applied')!, session, 0).contextValue.includes('suspended'), 15_000, 'applied Job suspended in the tree');
        await setSuspended(kc, ns, 'applied', false);
        await until(() => {
          const j = jobNode(ns, 'applied');
          return j && view(j, session, 0).contextValue.includes('finished') ? j : undefined;
        }, 60_000, 'applied Job to finish after resume');
        const copy = await rerunJob(kc, ns, 'applied', 'applied-rerun-1');
        assert.equal(copy.metadata?.name, 'applied-rerun-1');
        assert.notEqual(copy.metadata?.uid, created.metadata?.uid);
        await until(() => {
          const j = jobNode(ns, 'applied-rerun-1');
          return j && /^2\/2 ✓/.test(view(j, session, 0).description ?? '') ? j : undefined;
        }, 60_000, 'the re-run to complete');
        const job = await getJob(kc, ns, 'applied');
        const pods = session.watchOf('kjob-admin', ns)!.podsOfJob(job.metadata!.uid!);
        const text = describeJob(job, pods, await jobAndPodEvents(kc, ns, job.metadata!.uid!, new Set(pods.map((p) => p.metadata?.uid))));
        assert.match(text, /Completed indexes: 0,1/);
        assert.match(text, /SuccessfulCreate/, text);
        await deleteJob(kc, ns, 'applied');
        await until(() => !jobNode(ns, 'applied') && session.watchOf('kjob-admin', ns)!.podsOfJob(job.metadata!.uid!).length === 0, 30_000, 'the Job and (in the background) its pods to go');
      },
      'eac',
    );
  });

  test('an exec credential plugin found only on the login shell PATH authenticates; a missing one shows its installHint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kjob-exec-'));
    try {
      chmodSync(dir, 0o700);
      const raw = parseYaml(readFileSync(kubeconfigPath(), 'utf8'));
      const admin = raw.users.find((u: { name: string }) => u.name === 'kjob-admin').user;
      const cluster = raw.clusters[0];
      // The plugin lives in a folder only the (fake) login shell puts on PATH.
      const binDir = join(dir, 'login-bin');
      writeFileSync(join(dir, 'noop'), '');
      const plugin = join(binDir, 'kjob-test-auth');
      await import('node:fs').then((fs) => fs.mkdirSync(binDir, { mode: 0o700 }));
      writeFileSync(plugin, `#!/bin/sh\nprintf '%s' '${JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: admin.token } })}'\n`, { mode: 0o700 });
      const shell = join(dir, 'fake-login-shell');
      writeFileSync(shell, `#!/bin/sh\n# a login shell that adds ${binDir} to PATH, then runs the command\necho "motd noise"\nPATH="${binDir}:$PATH" exec /bin/sh -c "$2"\n`, { mode: 0o700 });
      const kcPath = join(dir, 'kubeconfig');
      writeFileSync(
        kcPath,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          'current-context': 'exec',
          clusters: [cluster],
          users: [
            { name: 'exec-user', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'kjob-test-auth', interactiveMode: 'Never' } } },
            { name: 'missing', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'kjob-no-such-plugin', installHint: 'Install kjob-no-such-plugin from your IT portal', interactiveMode: 'Never' } } },
          ],
          contexts: [
            { name: 'exec', context: { cluster: cluster.name, user: 'exec-user', namespace: 'team-a' } },
            { name: 'broken', context: { cluster: cluster.name, user: 'missing' } },
          ],
        }),
        { mode: 0o600 },
      );
      const loginPath = await readLoginShellPath(shell);
      assert.ok(loginPath?.split(':').includes(binDir), `login PATH read through the shell: ${loginPath}`);
      const hostPath = '/usr/bin:/bin'; // a desktop launcher's PATH: the plugin is not on it
      const loaded = readKubeconfig({ explicitPath: kcPath, env: {}, searchPath: mergePathLists(':', hostPath, loginPath) });
      assert.deepEqual(loaded.missingPlugins, [{ user: 'missing', command: 'kjob-no-such-plugin', installHint: 'Install kjob-no-such-plugin from your IT portal' }]);
      const viaExec = kubeConfigFor(loaded, 'exec');
      assert.equal(await canI(viaExec, { verb: 'list', group: 'batch', resource: 'jobs', namespace: 'team-a' }), true, 'authenticated as the admin through the plugin');
      const s = new ClusterSession(loaded, { configuredNamespaces: [], onChange: () => undefined, log: () => undefined, currentContext: 'exec' });
      try {
        const rootMsgs = s.rootNotices().map((n) => `${n.text} | ${n.tooltip}`);
        assert.equal(rootMsgs.length, 1);
        assert.match(rootMsgs[0], /Credential plugin "kjob-no-such-plugin" \(user missing\) was not found on PATH \| Install kjob-no-such-plugin from your IT portal/);
        const without = readKubeconfig({ explicitPath: kcPath, env: {}, searchPath: hostPath });
        assert.deepEqual(without.missingPlugins.map((m) => m.command).sort(), ['kjob-no-such-plugin', 'kjob-test-auth'], 'without the login shell PATH the plugin is missing');
      } finally {
        s.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the viewer context sees team-a fully and nothing else, with no errors', async () => {
    const viewer = new ClusterSession(readKubeconfig({ env: process.env }), { configuredNamespaces: [], onChange: () => listeners.forEach((l) => l()), log: () => undefined, currentContext: 'kjob-viewer' });
    try {
      const name = `viewer-${Date.now().toString(36)}`;
      await createJob('team-a', testJob(name, { completionMode: 'Indexed', completions: 2, parallelism: 2, ttlSecondsAfterFinished: 120 }, { default: { exitCode: 0, durationSeconds: 0.3 } }));
      const plan = await viewer.ready('kjob-viewer');
      assert.deepEqual(plan.namespaces, ['team-a']);
      assert.deepEqual(plan.notices, []);
      const ctxNode: TreeNode = { kind: 'context', id: 'ctx:kjob-viewer', context: 'kjob-viewer' };
      assert.deepEqual(children(ctxNode, viewer).map((n) => n.kind), ['namespace']);
      viewer.namespace('kjob-viewer', 'team-a');
      const kids = await until(() => {
        const w = viewer.watchOf('kjob-viewer', 'team-a');
        if (!w?.synced || !w.podsReady) return undefined;
        const k = children(nsNode('team-a', 'kjob-viewer'), viewer);
        return k.some((n) => n.kind === 'job' && n.name === name) ? k : undefined;
      }, 30_000, 'viewer to see the new team-a Job');
      assert.ok(kids.every((n) => n.kind !== 'message'), `no message nodes: ${kids.map((n) => view(n, viewer, 0).label).join(', ')}`);
      assert.equal(viewer.watchOf('kjob-viewer', 'team-a')!.error, undefined);
      const j = kids.find((n) => n.kind === 'job' && n.name === name)!;
      const idx = await until(() => {
        const c = children(j, viewer);
        return c.length === 2 && c.every((n) => /succeeded/.test(view(n, viewer, 0).description ?? '')) ? c : undefined;
      }, 60_000, 'viewer to see per-index success');
      assert.equal(idx.length, 2);
      assert.deepEqual(viewer.rootNotices(), []);
    } finally {
      viewer.dispose();
    }
  });
  test('a context with no rights gets a Forbidden message node with an action, not an exception', async () => {
    const nobody = new ClusterSession(readKubeconfig({ env: process.env }), { configuredNamespaces: [], onChange: () => listeners.forEach((l) => l()), log: () => undefined, currentContext: 'kjob-nobody' });
    try {
      const plan = await nobody.ready('kjob-nobody');
      assert.deepEqual(plan.namespaces, ['default'], 'the context namespace is kept so its error can be shown');
      nobody.namespace('kjob-nobody', 'default');
      const msgs = await until(() => {
        const k = children(nsNode('default', 'kjob-nobody'), nobody);
        return k.length === 1 && k[0].kind === 'message' && k[0].severity === 'error' ? k : undefined;
      }, 15_000, 'a Forbidden message node');
      const v = view(msgs[0], nobody, 0);
      assert.match(v.label, /^Forbidden \(403\): (jobs.batch|pods) is forbidden: User "kjob-nobody" cannot list/);
      assert.equal(v.command?.command, 'kjob.configureNamespaces');
      assert.equal(nobody.watchOf('kjob-nobody', 'default')!.error?.kind, 'forbidden');
    } finally {
      nobody.dispose();
    }
  });
});


describe('Jobs explorer: watch recovery', () => {
  test('apiserver killed and restarted mid-watch: the tree converges within 10 s, no ghosts or duplicates', async () => {
    await withNamespace(
      kc,
      async (ns) => {
        await openNamespace(ns);
        for (const n of ['keep', 'gone']) await createJob(ns, testJob(n, { completions: 1, suspend: true }));
        await until(() => jobNode(ns, 'keep') && jobNode(ns, 'gone'), 15_000, 'both Jobs');
        const w = session.watchOf('kjob-admin', ns)!;
        const relistsBefore = w.relists;
        await restartApiserver(kc);
        // Changes right after the restart: the watch must catch up (or relist) and show exactly them.
        const t0 = Date.now();
        await waitFor(() => batchApi(kc).deleteNamespacedJob({ name: 'gone', namespace: ns, propagationPolicy: 'Background' }).then(() => true), 60_000, 'delete after restart');
        await createJob(ns, testJob('new', { completions: 1, suspend: true }));
        const tChange = Date.now();
        const labels = await until(() => {
          const l = children(nsNode(ns), session).map((n) => view(n, session, 0).label).sort();
          return JSON.stringify(l) === JSON.stringify(['keep', 'new']) ? l : undefined;
        }, 10_000, 'tree to converge to keep, new');
        const converged = Date.now() - tChange;
        assert.deepEqual(labels, ['keep', 'new']);
        assert.ok(w.relists.jobs > relistsBefore.jobs && w.relists.pods > relistsBefore.pods, 'the lost watches reconnected through a relist');
        assert.equal(w.error, undefined, 'no error left once reconnected');
        process.stdout.write(`# apiserver restart: API usable ${tChange - t0} ms after ready; tree converged ${converged} ms after the change\n`);
      },
      'ers',
    );
  });
  test('a forced 410 Gone triggers a relist and the tree stays exact', async () => {
    await withNamespace(
      kc,
      async (ns) => {
        await openNamespace(ns);
        await createJob(ns, testJob('a', { completions: 1 }, { default: { exitCode: 0, durationSeconds: 0.2 } }));
        await until(() => jobNode(ns, 'a'), 15_000, 'job a');
        const w = session.watchOf('kjob-admin', ns)!;
        // Make old resourceVersions unservable: compact etcd, and restart the apiserver so its watch
        // cache starts after them (the cache would otherwise still serve them).
        await compactEtcd();
        await restartApiserver(kc);
        await until(() => !w.error && w.synced && jobNode(ns, 'a'), 15_000, 'the watch to recover after the restart');
        const before = w.relists;
        const errorsBefore = w.errorCount;
        w.resumeFrom('1');
        await createJob(ns, testJob('b', { completions: 1 }, { default: { exitCode: 0, durationSeconds: 0.2 } }));
        await until(() => w.relists.jobs > before.jobs && w.relists.pods > before.pods && jobNode(ns, 'b'), 15_000, 'a relist of jobs and pods after 410, and job b');
        assert.equal(w.errorCount, errorsBefore, 'the relist came from the 410 path, not from an error');
        assert.deepEqual(children(nsNode(ns), session).map((n) => view(n, session, 0).label).sort(), ['a', 'b']);
      },
      'e41',
    );
  });

});
