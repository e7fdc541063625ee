/**
 * The live half against the real control plane that scripts/test.mjs starts (KUBECONFIG): the
 * Jobs tree with per-index states, and following an index's logs across a retry. The harness
 * creates test/e2e/cluster/jobs.yaml in namespace default and sets KJOB_E2E_CLUSTER_JOBS; without a
 * cluster these tests are not defined (the harness says so), never skipped-and-passing.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { activated, child, describeChildren, item, waitFor, type TreeProvider } from './helpers';

const namespace = process.env.KJOB_E2E_CLUSTER_JOBS;
const kubectl = process.env.KJOB_E2E_KUBECTL;
const CONTEXT = 'kjob-admin';

async function explorer(): Promise<TreeProvider> {
  // As a user would: open the Jobs view (which activates the extension when nothing else has).
  await vscode.commands.executeCommand('kjob.jobs.focus');
  const ext = await activated();
  const ctx = ext.exports as { explorer?: TreeProvider };
  return waitFor('the Jobs explorer on the exported Ctx', () => ctx.explorer);
}

if (namespace && kubectl) {
  suite('Jobs tree and logs on the real control plane', () => {
    async function jobNode(e: TreeProvider, name: string): Promise<unknown> {
      const ctxNode = await child(e, undefined, CONTEXT);
      const nsNode = await child(e, ctxNode, namespace!);
      return child(e, nsNode, name, 60_000);
    }

    test('shows the cluster Jobs with per-index states', async () => {
      const e = await explorer();
      const indexed = await jobNode(e, 'e2e-indexed');
      // Index 1 fails once (exit 3) and succeeds on its retry; 0 and 2 succeed at once.
      await waitFor('e2e-indexed to complete in the tree', async () => /^3\/3 ✓ · 1 ✗$/.test((await item(e, indexed)).description), 90_000, 500);
      const job = await item(e, indexed);
      assert.match(job.contextValue, /\bcluster\b/);
      assert.match(job.contextValue, /\bindexed\b/);
      assert.match(job.contextValue, /\bfinished\b/);
      const indexes = await describeChildren(e, indexed);
      assert.deepEqual(indexes, ['index 0 — succeeded · 1 attempt', 'index 1 — succeeded · 2 attempts', 'index 2 — succeeded · 1 attempt']);
      // The retried index lists both pods, newest first: the succeeded retry above the failed attempt.
      const index1 = await child(e, indexed, 'index 1');
      const pods = await describeChildren(e, index1);
      assert.equal(pods.length, 2, pods.join('\n'));
      assert.match(pods[0], /^e2e-indexed-1-\S+ — .*(Succeeded|Completed|succeeded|completed)/);
      assert.match(pods[1], /^e2e-indexed-1-\S+ — .*(Failed|Error|failed|exit code 3|exit 3)/);

      const suspended = await item(e, await jobNode(e, 'e2e-suspended'));
      assert.match(suspended.description, /suspended/);
      assert.match(suspended.contextValue, /\bsuspended\b/);
    });

    test("following an index's logs moves to the retry pod", async () => {
      const e = await explorer();
      const name = `e2e-follow-${Date.now().toString(36)}`;
      const outcomes = {
        indexes: {
          '0': [
            { exitCode: 1, durationSeconds: 4, logs: ['first attempt working', 'first attempt failed'] },
            { exitCode: 0, durationSeconds: 2, logs: ['second attempt working', 'second attempt done'] },
          ],
        },
      };
      const job = {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name, namespace, annotations: { 'kjob.dev/outcomes': JSON.stringify(outcomes) } },
        spec: {
          completionMode: 'Indexed',
          completions: 1,
          backoffLimit: 2,
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'worker', image: 'busybox:1.36', command: ['sh', '-c', 'echo work'] }] } },
        },
      };
      execFileSync(kubectl!, ['create', '-f', '-'], { input: JSON.stringify(job), env: process.env });
      const jn = await jobNode(e, name);
      const index0 = await child(e, jn, 'index 0');
      await vscode.commands.executeCommand('kjob.followLogs', index0);
      const doc = await waitFor('the log editor for the index', () =>
        vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'kjob-log' && d.uri.path.includes(name)),
      );
      const text = await waitFor('both attempts in the followed log', () => {
        const t = doc.getText();
        return t.includes('first attempt failed') && t.includes('second attempt done') ? t : undefined;
      }, 90_000, 500);
      const order = ['first attempt working', 'first attempt failed', 'second attempt working', 'second attempt done'].map((l) => text.indexOf(l));
      assert.deepEqual([...order].sort((a, b) => a - b), order, `lines in attempt order:\n${text}`);
      await vscode.commands.executeCommand('kjob.stopFollowing');
    });
  });
}
