#!/usr/bin/env node
// Builds the shipped bundles with esbuild: the extension (vscode external), the language server
// and the `kjob` CLI. Type checking is separate (`npm run typecheck`); `--production` minifies.
import { build } from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');

// Generated sources first (schema tables from @kubernetes/client-node's models).
const gen = join(root, 'scripts', 'gen-schema.mjs');
if (existsSync(gen)) {
  const r = spawnSync(process.execPath, [gen], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
};

const entries = [
  // What activation loads: registrations and thin glue only (test/unit/activationBundle.test.ts keeps
  // the heavy parts out). The other client bundles are built from client/src/bundles/<name>.ts and
  // require()d later (client/src/bundles/loaders.ts).
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  // vscode-languageclient and the client setup: loaded right after activation (client/src/language/start.ts).
  { entryPoints: ['client/src/bundles/language.ts'], outfile: 'client/out/language.js', external: ['vscode'] },
  // Simulate / Run locally, YAML parsing and stringify: loaded on first use.
  { entryPoints: ['client/src/bundles/local.ts'], outfile: 'client/out/local.js', external: ['vscode'] },
  // The cluster half (client-node, undici, session, watches, tree model, log streams, Job API calls):
  // loaded the first time the cluster host (client/src/cluster/host.ts) needs it, not at activation.
  { entryPoints: ['client/src/bundles/cluster.ts'], outfile: 'client/out/cluster.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' },
  { entryPoints: ['cli/src/main.ts'], outfile: 'cli/out/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

await Promise.all(entries.filter((e) => existsSync(join(root, e.entryPoints[0]))).map((e) => build({ ...common, ...e })));
if (existsSync(join(root, 'cli/out/cli.js'))) chmodSync(join(root, 'cli/out/cli.js'), 0o755);
