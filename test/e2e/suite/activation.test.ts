import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, open, waitFor } from './helpers';

suite('activation', () => {
  test('opening a Job YAML activates the extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded in the window`);
    const editor = await open('valid-job.yaml');
    assert.equal(editor.document.languageId, 'yaml');
    await waitFor('the extension to activate', () => ext.isActive, 30_000);
    const api = ext.exports as { log?: { name?: string } } | undefined;
    assert.equal(api?.log?.name, 'kjob', 'activate() returns the context with the "kjob" output channel');
  });

  test('shortly after activation the kubeconfig is read for the status bar, without the login shell; the Jobs view starts it', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const api = ext.exports as { explorer?: unknown; host?: { loadStarted: boolean; loginShellStarted: boolean; peek(): Promise<void>; kubeconfig?: unknown } };
    assert.ok(api.explorer, 'activate() exposes the Jobs explorer');
    const host = api.host;
    assert.ok(host, 'activate() exposes the cluster host');
    await waitFor('the deferred kubeconfig read to start without opening the Jobs view', () => host.loadStarted, 15_000);
    await host.peek();
    assert.ok(host.kubeconfig, 'the kubeconfig has been read (status bar context)');
    assert.equal(host.loginShellStarted, false, 'no login shell while the Jobs view is closed and no cluster command ran');
    await vscode.commands.executeCommand('kjob.jobs.focus');
    await waitFor('the Jobs view to start the login shell for PATH', () => host.loginShellStarted, 15_000);
  });
});
