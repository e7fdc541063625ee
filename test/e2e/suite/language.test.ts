import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, open, positionOf, waitFor } from './helpers';

async function completionsAt(uri: vscode.Uri, pos: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos);
  return list?.items ?? [];
}
const labelOf = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
/** Items from a completion provider, without the editor's word-based suggestions (kind Text). */
const provided = (items: vscode.CompletionItem[]) => items.filter((i) => i.kind !== vscode.CompletionItemKind.Text);

async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

suite('completion and hover', () => {
  test('keys valid under spec, minus those present, in a half-typed Job', async () => {
    const { document: doc } = await open('typing-job.yaml');
    await activated();
    const pos = positionOf(doc, '  comp\n', '  comp'.length);
    const items = await waitFor('completion items', async () => {
      const i = provided(await completionsAt(doc.uri, pos));
      return i.some((x) => labelOf(x) === 'completions') ? i : undefined;
    });
    const labels = items.map(labelOf);
    assert.ok(labels.includes('completions'), 'completions is offered');
    assert.ok(labels.includes('backoffLimit'), 'backoffLimit is offered');
    assert.ok(!labels.includes('completionMode'), `completionMode is already present, so not offered again: ${labels.join(', ')}`);
  });

  test('enum values for restartPolicy', async () => {
    const { document: doc } = await open('typing-job.yaml');
    const pos = positionOf(doc, 'restartPolicy: ', 'restartPolicy: '.length);
    const items = await waitFor('restartPolicy values', async () => {
      const i = provided(await completionsAt(doc.uri, pos));
      return i.some((x) => labelOf(x) === 'Never') ? i : undefined;
    });
    const labels = items.map(labelOf);
    assert.ok(labels.includes('OnFailure'));
    assert.ok(labels.includes('Never'));
  });

  test('no Job completions in a Deployment', async () => {
    const { document: doc } = await open('deployment.yaml');
    const pos = positionOf(doc, '  replicas: 2', 2);
    const items = provided(await completionsAt(doc.uri, pos));
    const labels = items.map(labelOf);
    assert.ok(!labels.includes('backoffLimit'), `no Job keys offered in a Deployment: ${labels.slice(0, 20).join(', ')}`);
    assert.ok(!labels.includes('completionMode'));
  });

  test('hover on a Job field explains it with its path', async () => {
    const { document: doc } = await open('valid-job.yaml');
    await activated();
    const pos = positionOf(doc, 'backoffLimit: 2', 3);
    const text = await waitFor('a hover', async () => (await hoverText(doc.uri, pos)) || undefined);
    assert.match(text, /spec\.backoffLimit/);
    assert.match(text, /integer|int32/);
    assert.match(text, /Default\W+6\b/, 'the default (6) is shown');
  });
});
