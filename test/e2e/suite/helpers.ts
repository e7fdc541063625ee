/** Small helpers shared by the extension-host tests. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'kjob.kjob';

/** The workspace folder the harness opened (a fresh copy of test/e2e/workspace). */
export function workspaceDir(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the test window must have a workspace folder open');
  return f.uri.fsPath;
}

export function fixture(name: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceDir(), name));
}

export async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Polls `fn` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 20_000, everyMs = 100): Promise<NonNullable<T>> {
  const start = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() - start > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last instanceof Error ? last.message : String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Activates the extension (as opening a YAML file would) and returns its exports. */
export async function activated(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} must be installed in the test window`);
  await waitFor('the extension to activate', () => ext.isActive, 30_000);
  return ext;
}

/** Finds the position of the `occurrence`-th `needle` in a document (0-based), offset by `delta` characters. */
export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0, occurrence = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (occurrence ${occurrence}) not found in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(at + delta);
}

export function diagnosticsFor(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri);
}

/** The Jobs view's data provider, as the extension exports it (Ctx.explorer). */
export interface TreeProvider {
  getChildren(node?: unknown): unknown[] | Thenable<unknown[]>;
  getTreeItem(node: unknown): vscode.TreeItem | Thenable<vscode.TreeItem>;
}

export async function item(e: TreeProvider, n: unknown): Promise<{ label: string; description: string; contextValue: string }> {
  const t = await e.getTreeItem(n);
  const label = typeof t.label === 'string' ? t.label : (t.label?.label ?? '');
  return { label, description: typeof t.description === 'string' ? t.description : '', contextValue: t.contextValue ?? '' };
}

/** Waits for a child whose label is `label` under `parent` (the tree fills in as watches sync). */
export async function child(e: TreeProvider, parent: unknown, label: string, timeoutMs = 30_000): Promise<unknown> {
  return waitFor(`tree node "${label}"`, async () => {
    for (const n of await e.getChildren(parent)) if ((await item(e, n)).label === label) return n;
    return undefined;
  }, timeoutMs, 250);
}

export async function describeChildren(e: TreeProvider, parent: unknown): Promise<string[]> {
  const out: string[] = [];
  for (const n of await e.getChildren(parent)) {
    const i = await item(e, n);
    out.push(`${i.label} — ${i.description}`);
  }
  return out;
}

