#!/usr/bin/env node
// `npm run bench`: the benchmarks live in scripts/bench/ (TypeScript, run with tsx). This wrapper
// only starts them; see scripts/bench/main.ts for the options (--only=..., --no-explorer, --quick,
// --cpu-prof, --no-build, --no-write).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/bench/main.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
