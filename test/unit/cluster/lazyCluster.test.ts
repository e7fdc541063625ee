/**
 * Activation cost: the cluster half (client/src/cluster/**, @kubernetes/client-node, undici) is
 * built into client/out/cluster.js and loaded only through client/src/clusterLoader.ts. Glue
 * outside client/src/cluster may import only types from it, or the extension bundle would inline it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const src = join(root, 'client', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('client code outside client/src/cluster imports only types from it (values come from clusterLoader)', () => {
  const glue = files(src).filter((f) => !f.startsWith(join(src, 'cluster') + '/'));
  assert.ok(glue.length >= 8);
  const offending: string[] = [];
  for (const f of glue) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+['"]([^'"]+)['"]/gms)) {
      const spec = m[3];
      const isCluster = /(^|\/)cluster\//.test(spec) || spec === '@kubernetes/client-node' || spec === 'undici';
      if (isCluster && !m[2] && !/^import\s+type\b/.test(m[0])) offending.push(`${relative(root, f)}: ${m[0].split('\n')[0]}`);
    }
  }
  assert.deepEqual(offending, []);
});

test('the build has a cluster.js entry and the VSIX allow-list ships it', () => {
  const build = readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8');
  assert.match(build, /client\/src\/cluster\/bundle\.ts'\], outfile: 'client\/out\/cluster\.js'/);
  const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('!client/out/cluster.js'));
  const loader = readFileSync(join(src, 'clusterLoader.ts'), 'utf8');
  assert.match(loader, /'cluster\.js'/);
});
