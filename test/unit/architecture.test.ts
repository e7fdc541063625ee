/**
 * Boundaries: pure domain code (server/src/domain/**) and the protocol module import neither
 * `vscode` nor any LSP package; the service layer never imports `vscode`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (n.endsWith('.ts')) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

const editorOrLsp = /^(vscode|vscode-languageserver|vscode-languageserver-textdocument|vscode-languageserver-types|vscode-languageclient|vscode-jsonrpc)(\/|$)/;

test('domain and protocol import no editor or LSP package', () => {
  const files = [...tsFiles(join(root, 'server/src/domain')), join(root, 'server/src/protocol.ts')];
  assert.ok(files.length > 10);
  const bad = files.flatMap((f) => imports(f).filter((i) => editorOrLsp.test(i)).map((i) => `${relative(root, f)} imports ${i}`));
  assert.deepEqual(bad, []);
});

test('the server never imports vscode', () => {
  const bad = tsFiles(join(root, 'server/src')).flatMap((f) => imports(f).filter((i) => /^vscode(\/|$)/.test(i)).map((i) => `${relative(root, f)} imports ${i}`));
  assert.deepEqual(bad, []);
});
