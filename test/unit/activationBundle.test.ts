/**
 * Activation cost: activate() loads only client/out/extension.js, which must hold registrations and
 * thin glue. vscode-languageclient (client/out/language.js), YAML parsing / the simulator / the local
 * runner (client/out/local.js) and the cluster half (client/out/cluster.js) are separate bundles
 * required later through client/src/lazyBundle.ts or client/src/clusterLoader.ts. A value import
 * of any of them from the activation path would silently inline it again: these checks catch that.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';

const root = join(__dirname, '..', '..');
const src = join(root, 'client', 'src');
const buildScript = readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8');
const allowList = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The inputs esbuild puts into a client bundle built like scripts/build.mjs does. */
async function bundleInputs(entry: string): Promise<{ inputs: string[]; bytes: number }> {
  const r = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    write: false,
    metafile: true,
    external: ['vscode'],
    absWorkingDir: root,
    logLevel: 'silent',
  });
  const out = Object.values(r.metafile.outputs)[0];
  return { inputs: Object.keys(out.inputs), bytes: out.bytes };
}

test('the activation bundle (client/src/extension.ts) contains no npm package and no server or cluster code', async () => {
  assert.match(buildScript, /entryPoints: \['client\/src\/extension\.ts'\], outfile: 'client\/out\/extension\.js'/);
  const { inputs } = await bundleInputs('client/src/extension.ts');
  assert.ok(inputs.some((i) => i.endsWith('client/src/views/explorer.ts')), 'the explorer registration is part of activation');
  assert.ok(inputs.some((i) => i.endsWith('client/src/simulate/simulate.ts')), 'the Simulate CodeLens registration is part of activation');
  const heavy = inputs.filter((i) => i.includes('node_modules/') || i.startsWith('server/') || i.startsWith('client/src/cluster/'));
  assert.deepEqual(heavy, [], 'load these from a lazy bundle (client/src/lazyBundle.ts) and import only their types');
});

test('each lazily required bundle has a build entry, ships in the VSIX, and holds what it is for', async () => {
  const calls = files(src).flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/lazyBundle<[^>]+>\('([\w.]+)', '([\w/.]+)'\)/g)].map((m) => ({ file: relative(root, f), bundle: m[1], entry: m[2] })),
  );
  assert.deepEqual(calls.map((c) => c.bundle).sort(), ['language.js', 'local.js']);
  for (const c of calls) {
    assert.ok(existsSync(join(src, c.entry)), `${c.file}: source entry client/src/${c.entry} exists`);
    assert.ok(buildScript.includes(`entryPoints: ['client/src/${c.entry}'], outfile: 'client/out/${c.bundle}'`), `scripts/build.mjs builds client/out/${c.bundle} from client/src/${c.entry}`);
    assert.ok(allowList.includes(`!client/out/${c.bundle}`), `.vscodeignore ships client/out/${c.bundle}`);
  }
  const language = await bundleInputs('client/src/language/client.ts');
  assert.ok(language.inputs.some((i) => i.includes('node_modules/vscode-languageclient/')));
  const local = await bundleInputs('client/src/local/bundle.ts');
  assert.ok(local.inputs.some((i) => i.includes('node_modules/yaml/')) && local.inputs.some((i) => i.startsWith('core/controller/')));
  for (const b of [language, local]) assert.ok(!b.inputs.some((i) => i.includes('@kubernetes/client-node') || i.startsWith('client/src/cluster/')), 'the cluster half stays in cluster.js');
});

test('client code imports the lazy entries only as types (values come from their loaders)', () => {
  const offending: string[] = [];
  for (const f of files(src)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+['"]([^'"]+)['"]/gms)) {
      const spec = m[3];
      const lazy = /(^|\/)local\/bundle$|(^|\/)language\/client$|^\.\/client$|^\.\/bundle$|^\.\/feature$|(^|\/)simulate\/feature$/.test(spec);
      const inLazyEntry = /client\/src\/local\/bundle\.ts$/.test(f);
      if (lazy && !inLazyEntry && !m[2] && !/^import\s+type\b/.test(m[0])) offending.push(`${relative(root, f)}: ${m[0].split('\n')[0]}`);
    }
  }
  assert.deepEqual(offending, []);
});
