import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, child, describeChildren, open, waitFor, type TreeProvider } from './helpers';

interface LocalJobs {
  list(): { label: string; source: string; finished: boolean; pods: unknown[]; job: { status?: Record<string, unknown> }; logs?: (pod: string) => Record<string, string> | undefined }[];
}

suite('simulate', () => {
  test('the Simulate CodeLens produces its report', async () => {
    const { document: doc } = await open('valid-job.yaml');
    const ext = await activated();
    const lenses = await waitFor('the kjob CodeLenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return l?.some((x) => x.command?.command === 'kjob.simulate') ? l : undefined;
    });
    const sim = lenses.find((l) => l.command?.command === 'kjob.simulate')!;
    assert.match(sim.command!.title, /Simulate/);
    assert.equal(sim.range.start.line, doc.getText().split('\n').findIndex((l) => l.startsWith('apiVersion:')), 'the lens sits on the Job document');
    const run = lenses.find((l) => l.command?.command === 'kjob.runLocally');
    assert.ok(run && /Run locally/.test(run.command!.title), 'a Run locally lens next to it');

    // Run the lens's command; it asks how the pods end, offering valid-job.outcomes.json (next to the
    // file) first: accept that choice as a user pressing Enter would.
    let settled = false;
    const done = Promise.resolve(vscode.commands.executeCommand(sim.command!.command, ...(sim.command!.arguments ?? []))).finally(() => (settled = true));
    for (let i = 0; !settled && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 300));
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    await done;

    const report = await waitFor('the simulation report', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'kjob-sim' && d.uri.path.includes('e2e-indexed')),
    );
    const text = report.getText();
    assert.equal(report.languageId, 'kjob-sim');
    assert.match(text, /Outcomes: .*valid-job\.outcomes\.json/);
    // Index 1 fails once and succeeds on its retry: 3 succeeded, 1 failed, every index completed.
    assert.match(text, /Result: Complete \(CompletionsReached\)/);
    assert.match(text, /succeeded: 3\s+failed: 1/);
    assert.match(text, /completedIndexes: "0-2"/);
    assert.match(text, /e2e-indexed-1-\S+\s+index 1\s+attempt 0 .*Failed/);

  });

  test('the simulated Job appears under Local with the per-index states of the report', async () => {
    const ext = await activated();
    const report = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'kjob-sim' && d.uri.path.includes('e2e-indexed'));
    assert.ok(report, 'the previous test simulated valid-job.yaml');
    const text = report.getText();
    const local = (ext.exports as { localJobs: LocalJobs }).localJobs.list().find((j) => j.label === 'e2e-indexed (simulation)');
    assert.ok(local, 'the simulated Job is published to the Local group');
    assert.equal(local.source, 'simulate');
    assert.equal(local.job.status?.completedIndexes, '0-2');
    // The Jobs view renders it under "Local" like a cluster Job: the report's pods, per index.
    const tree = (ext.exports as { explorer?: TreeProvider }).explorer;
    assert.ok(tree, 'the Jobs explorer is registered');
    const group = await child(tree, undefined, 'Local');
    const jobNode = await child(tree, group, 'e2e-indexed (simulation)');
    const indexes = await describeChildren(tree, jobNode);
    assert.deepEqual(indexes, ['index 0 — succeeded · 1 attempt', 'index 1 — succeeded · 2 attempts', 'index 2 — succeeded · 1 attempt']);
    const reportPods = Number(/^Pods \((\d+)\):/m.exec(text)?.[1]);
    assert.equal(local.pods.length, reportPods, 'the Local Job has the pods the report lists');
  });

  test("Follow Logs on a simulated index shows that index's attempts only, in order", async () => {
    const ext = await activated();
    const tree = (ext.exports as { explorer?: TreeProvider }).explorer!;
    const group = await child(tree, undefined, 'Local');
    const jobNode = await child(tree, group, 'e2e-indexed (simulation)');
    const index1 = await child(tree, jobNode, 'index 1');
    const before = new Set(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'kjob-log'));
    await vscode.commands.executeCommand('kjob.followLogs', index1);
    const doc = await waitFor('the log editor for index 1', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'kjob-log' && !before.has(d) && d.getText().includes('captured output')),
    );
    const t = doc.getText();
    // valid-job.outcomes.json: index 1's first attempt prints its scripted line and fails; the retry prints the default lines.
    const failed = t.indexOf('shard 1: lost connection');
    const retry = t.indexOf('kjob: done index 1 attempt 1');
    assert.ok(failed >= 0 && retry > failed, `both attempts of index 1, in order:\n${t}`);
    assert.ok(!/index [02]/.test(t), `no other index's output:\n${t}`);
  });
});

suite('run locally', () => {
  // VS Code refuses to show dialogs while extension tests run, so here we can only prove that Run
  // locally asks for a modal confirmation naming the Job and that nothing runs without it. Running
  // the indexes after the user confirms is checked in the real UI (test/e2e/ui.mjs, "Run locally").
  test('asks for a modal confirmation before running anything', async () => {
    assert.equal(vscode.workspace.isTrusted, true, 'the test workspace is trusted');
    const { document: doc } = await open('valid-job.yaml');
    const ext = await activated();
    const lens = await waitFor('the Run locally CodeLens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return l?.find((x) => x.command?.command === 'kjob.runLocally');
    });
    assert.match(lens.command!.title, /Run locally/);
    let refusal = '';
    try {
      await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    } catch (e) {
      refusal = e instanceof Error ? e.message : String(e);
    }
    assert.match(refusal, /refused to show dialog in tests.*Run Job e2e-indexed locally\?/s, 'the command asked for a modal confirmation');
    await new Promise((r) => setTimeout(r, 1000));
    const jobs = (ext.exports as { localJobs: LocalJobs }).localJobs;
    assert.equal(jobs.list().find((j) => j.source === 'run'), undefined, 'nothing ran without the confirmation');
  });
});
