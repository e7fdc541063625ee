#!/usr/bin/env node
// Bundles the extension-host test suite (test/e2e/suite/*.ts) with esbuild into test/out/e2e/suite/:
// index.js (the `run()` test module) and one file per *.test.ts. `vscode` comes from the
// extension host and mocha from node_modules at run time.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const suiteOut = join(root, 'test', 'out', 'e2e', 'suite');

export async function buildSuite() {
  const src = join(root, 'test', 'e2e', 'suite');
  const entries = readdirSync(src).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  rmSync(suiteOut, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: entries.map((f) => join('test', 'e2e', 'suite', f)),
    outdir: suiteOut,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(suiteOut, 'index.js');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildSuite();
