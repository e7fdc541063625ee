import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, diagnosticsFor, open, waitFor } from './helpers';

suite('quick fixes', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('"Set restartPolicy: Never" fixes the broken Job and the document is re-validated', async () => {
    const editor = await open('broken-job.yaml');
    await activated();
    const doc = editor.document;
    const diag = await waitFor('the restartPolicy error', () =>
      diagnosticsFor(doc.uri).find((d) => /restartPolicy/.test(d.message) && d.severity === vscode.DiagnosticSeverity.Error),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range);
    const fix = (actions ?? []).find((a) => /restartPolicy: Never/.test(a.title));
    assert.ok(fix, `a quick fix among: ${(actions ?? []).map((a) => a.title).join(' | ')}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit));
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.match(doc.getText(), /^ {6}restartPolicy: Never$/m, 'the fix keeps the file indentation');
    await waitFor('the diagnostics to clear after the fix', () => diagnosticsFor(doc.uri).length === 0);
  });
});
