/** client/src/cluster is pure: no vscode or LSP import; from server/ it uses only the pure domain. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const dir = join(root, 'client/src/cluster');

test('client/src/cluster imports no editor or LSP package and only server/src/domain from the server', () => {
  const files = readdirSync(dir).filter((n) => n.endsWith('.ts'));
  assert.ok(files.length >= 15);
  const bad: string[] = [];
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2];
      if (/^(vscode|vscode-languageserver[-a-z]*|vscode-languageclient|vscode-jsonrpc)(\/|$)/.test(spec)) bad.push(`${f} imports ${spec}`);
      if (spec.startsWith('.')) {
        const target = relative(root, resolve(dir, spec));
        if (target.startsWith('server/') && !target.startsWith('server/src/domain/')) bad.push(`${f} imports ${target}`);
        if (target.startsWith('client/') && !target.startsWith('client/src/cluster/')) bad.push(`${f} imports ${target}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});
