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

  test('the cluster half loads shortly after activation (status bar context), not during it', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const api = ext.exports as { explorer?: { loadStarted: boolean; ensureLoaded(): Promise<void> } };
    assert.ok(api.explorer, 'activate() exposes the Jobs explorer');
    await waitFor('the deferred cluster load to start without opening the Jobs view', () => api.explorer!.loadStarted, 15_000);
    await api.explorer.ensureLoaded();
  });
});
