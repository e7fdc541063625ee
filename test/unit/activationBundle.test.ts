/**
 * Activation cost: activate() loads only client/out/extension.js, which must hold registrations and
 * thin glue (and the cluster host, which imports only types from the cluster half).
 * vscode-languageclient (client/out/language.js), YAML parsing / the simulator / the local runner
 * (client/out/local.js) and the cluster half (client/out/cluster.js: client-node, undici, session,
 * watches, tree model, log streams) are separate bundles built from client/src/bundles/<name>.ts and
 * required later through their loaders (client/src/bundles/*Loader.ts). A value import of any of
 * their modules from the activation path would silently inline it again: these checks catch that.
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
const LAZY = ['cluster', 'language', 'local'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The inputs esbuild puts into a client bundle built like scripts/build.mjs does. */
async function bundleInputs(entry: string): Promise<string[]> {
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
  return Object.keys(Object.values(r.metafile.outputs)[0].inputs);
}

const activation = bundleInputs('client/src/extension.ts');
const lazy = Object.fromEntries(LAZY.map((b) => [b, bundleInputs(`client/src/bundles/${b}.ts`)]));

test('the activation bundle holds registrations, glue and the cluster host: no npm package, no server code, nothing of a lazy bundle', async () => {
  assert.match(buildScript, /entryPoints: \['client\/src\/extension\.ts'\], outfile: 'client\/out\/extension\.js'/);
  const inputs = await activation;
  for (const f of ['client/src/explorer/view.ts', 'client/src/simulate/simulate.ts', 'client/src/cluster/host.ts', 'client/src/logs/commands.ts', 'client/src/actions/apply.ts']) {
    assert.ok(inputs.includes(f), `${f} is registered at activation`);
  }
  const heavy = inputs.filter((i) => i.includes('node_modules/') || i.startsWith('server/'));
  assert.deepEqual(heavy, [], 'load these from a lazy bundle (client/src/bundles) and import only their types');
  for (const b of LAZY) {
    const other = await lazy[b];
    assert.deepEqual(inputs.filter((i) => other.includes(i)), [], `client/out/extension.js and client/out/${b}.js share these modules`);
  }
});

test('each lazily required bundle has a loader, a build entry, ships in the VSIX, and holds what it is for', async () => {
  const calls = files(src).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/lazyBundle<[^>]+>\('(\w+)'\)/g)].map((m) => ({ file: relative(root, f), bundle: m[1] })));
  assert.deepEqual(calls.map((c) => c.bundle).sort(), LAZY);
  for (const c of calls) {
    assert.ok(existsSync(join(src, 'bundles', `${c.bundle}.ts`)), `${c.file}: source entry client/src/bundles/${c.bundle}.ts exists`);
    assert.ok(buildScript.includes(`entryPoints: ['client/src/bundles/${c.bundle}.ts'], outfile: 'client/out/${c.bundle}.js'`), `scripts/build.mjs builds client/out/${c.bundle}.js`);
    assert.ok(allowList.includes(`!client/out/${c.bundle}.js`), `.vscodeignore ships client/out/${c.bundle}.js`);
  }
  const [cluster, language, local] = await Promise.all(LAZY.map((b) => lazy[b]));
  assert.ok(language.some((i) => i.includes('node_modules/vscode-languageclient/')));
  assert.ok(local.some((i) => i.includes('node_modules/yaml/')) && local.some((i) => i.startsWith('core/controller/')));
  assert.ok(cluster.some((i) => i.includes('node_modules/@kubernetes/client-node/')) && cluster.some((i) => i.startsWith('client/src/cluster/watch/')));
  for (const b of [language, local]) assert.ok(!b.some((i) => i.includes('@kubernetes/client-node') || i.startsWith('client/src/cluster/')), 'the cluster half stays in cluster.js');
});

test('client code imports the lazy entries only as types (values come from their loaders)', () => {
  const offending: string[] = [];
  for (const f of files(src)) {
    const text = readFileSync(f, 'utf8');
    const inBundles = relative(src, f).startsWith('bundles/');
    for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+['"]([^'"]+)['"]/gms)) {
      const spec = m[3];
      const entry = /(^|\/)bundles\/(cluster|local|language)$/.test(spec) || (inBundles && /^\.\/(cluster|local|language)$/.test(spec));
      if (entry && !m[2] && !/^import\s+type\b/.test(m[0])) offending.push(`${relative(root, f)}: ${m[0].split('\n')[0]}`);
    }
  }
  assert.deepEqual(offending, []);
});
