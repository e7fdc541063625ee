#!/usr/bin/env node
// `npm test`: type-check, build, then every test tier in order of cost. Each tier is a folder
// under test/: either `*.test.ts` files for node's test runner (run with tsx), or a `run.mjs`
// that drives its own harness (the real editor) and prints `N passed, N failed` as its last line.
// The cluster tier gets a real control plane (scripts/cluster.mjs) started once for the run.
// Usage: node scripts/test.mjs [tier ...] [--no-build]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ALL = ['unit', 'lsp', 'cli', 'cluster', 'e2e'];
const args = process.argv.slice(2);
const tiers = args.filter((a) => !a.startsWith('--'));
const selected = tiers.length ? tiers : ALL;
const artifacts = join(root, 'test', 'artifacts');
mkdirSync(artifacts, { recursive: true });

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root, ...opts });
  return r.status ?? 1;
}

function findTests(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

if (!args.includes('--no-build')) {
  console.log('== typecheck');
  if (run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.', '--noEmit']) !== 0) {
    totals.failed++;
    failures.push('typecheck');
  }
  console.log('== build');
  if (run(process.execPath, [join(root, 'scripts/build.mjs')]) !== 0) {
    console.error('build failed');
    console.log(`0 passed, ${totals.failed + 1} failed`);
    process.exit(1);
  }
}

// One cluster per test run (named after this process) so that concurrent runs on a shared machine
// don't reuse and then stop each other's cluster.
const clusterName = process.env.KJOB_TEST_CLUSTER_NAME || `test-${process.pid}`;

async function withCluster(fn) {
  // Starts the real control plane once for the tier; tests read KUBECONFIG from the environment.
  const up = spawn(process.execPath, [join(root, 'scripts/cluster.mjs'), 'up', '--name', clusterName], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  up.stdout.on('data', (d) => {
    out += d;
    process.stdout.write(d);
  });
  const code = await new Promise((res) => up.on('close', res));
  const m = /KUBECONFIG=(\S+)\s*$/.exec(out.trim());
  if (code !== 0 || !m) {
    console.error(`cluster tier: the control plane did not start (exit ${code})`);
    return { failedToStart: true };
  }
  try {
    return await fn({ KUBECONFIG: m[1], KJOB_TEST_CLUSTER: '1' });
  } finally {
    run(process.execPath, [join(root, 'scripts/cluster.mjs'), 'down', '--name', clusterName]);
  }
}

function nodeTests(tier, files, env = {}) {
  const tap = join(artifacts, `${tier}.tap`);
  const status = run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      `--test-concurrency=${tier === 'unit' ? 2 : 1}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files.map((f) => relative(root, f)),
    ],
    { env: { ...process.env, ...env } },
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const num = (k) => Number((new RegExp(`^# ${k} (\\d+)$`, 'm').exec(text) ?? [])[1] ?? 0);
  const r = { passed: num('pass'), failed: num('fail') + num('cancelled'), skipped: num('skipped') + num('todo') };
  if (status !== 0 && r.failed === 0) r.failed = 1; // the runner itself failed
  return r;
}

function runnerTier(tier, script, env = {}) {
  const r = spawnSync(process.execPath, [script], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const out = r.stdout?.toString() ?? '';
  process.stdout.write(out);
  const m = /(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/.exec(out.trim());
  if (!m) return { passed: 0, failed: 1, skipped: 0 };
  const res = { passed: +m[1], failed: +m[2], skipped: +(m[3] ?? 0) };
  if (r.status !== 0 && res.failed === 0) res.failed = 1;
  return res;
}

for (const tier of selected) {
  const dir = join(root, 'test', tier);
  const files = findTests(dir);
  const runner = join(dir, 'run.mjs');
  if (!files.length && !existsSync(runner)) continue;
  console.log(`\n== ${tier} (${existsSync(runner) ? "run.mjs" : files.length + " files"})`);
  const exec = (env) => (existsSync(runner) ? runnerTier(tier, runner, env) : nodeTests(tier, files, env));
  let r;
  if (tier === 'cluster' || (tier === 'e2e' && process.env.KJOB_E2E_CLUSTER !== '0')) {
    r = await withCluster(async (env) => exec(env));
    if (r.failedToStart) r = { passed: 0, failed: 1, skipped: 0 };
  } else {
    r = exec({});
  }
  totals.passed += r.passed;
  totals.failed += r.failed;
  totals.skipped += r.skipped;
  if (r.failed) failures.push(tier);
  console.log(`== ${tier}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
}

if (failures.length) console.log(`\nfailing tiers: ${failures.join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed ? 1 : 0);
