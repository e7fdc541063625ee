#!/usr/bin/env node
// The real-editor tier: the extension in a real VS Code (code-server 4.100.3, installed once per
// machine by scripts/install-code-server.sh) driven by Debian's Chromium through playwright-core.
//
// 1. Extension-host suite: opens the workbench with the `payload` URL parameter
//    (extensionDevelopmentPath = this repo, extensionTestsPath = test/out/e2e/suite/index.js), so the
//    workbench runs the standard `run()` test module (mocha, `vscode` API) in the node extension host.
//    The module writes its result to $KJOB_E2E_RESULT; a timeout or a missing result is a failure.
// 2. UI checks (test/e2e/ui.mjs): Playwright uses the workbench as a person would, saving a
//    screenshot per check under test/artifacts/e2e/ and asserting on the page's content.
// 3. `npm start` (scripts/start.mjs) as a newcomer runs it, with its own cluster and port.
//
// Prints `N passed, N failed` as its last line (scripts/test.mjs reads it). The real control plane
// scripts/test.mjs starts for this tier (KUBECONFIG with KJOB_TEST_CLUSTER=1) is passed to the
// extension host; any other KUBECONFIG is ignored, so a developer's own cluster is never touched.
// Environment: KJOB_E2E_TIMEOUT (seconds for the suite, default 300), KJOB_E2E_GREP (mocha grep),
// KJOB_E2E_ONLY=suite|ui|start, KJOB_E2E_KEEP=1 (keep the temporary state dir), KJOB_CHROMIUM.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ensureCodeServer, freePort, startCodeServer, workbenchUrl, root } from '../../scripts/code-server.mjs';
import { buildSuite } from './build.mjs';
import { showViewContainer, uiChecks } from './ui.mjs';

const started = Date.now();
const artifacts = join(root, 'test', 'artifacts', 'e2e');
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });
const only = process.env.KJOB_E2E_ONLY;
const suiteTimeoutMs = Number(process.env.KJOB_E2E_TIMEOUT ?? 300) * 1000;

/** @type {{name: string, ok: boolean, error?: string, ms?: number}[]} */
const results = [];
const log = (s) => console.log(s);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

let cs;
let browser;
const stateDir = mkdtempSync(join(tmpdir(), 'kjob-e2e-'));
// code-server runs in its own process group: stop it when the harness is interrupted.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await cs?.stop().catch(() => {});
    await Promise.race([browser?.close().catch(() => {}), sleep(5000)]);
    rmSync(stateDir, { recursive: true, force: true });
    console.log('0 passed, 1 failed');
    process.exit(130);
  });
}
try {
  const entry = ensureCodeServer();
  if (!existsSync(join(root, 'client/out/extension.js')) || !existsSync(join(root, 'server/out/server.js'))) {
    // scripts/test.mjs builds before the tiers; when this file is run alone, build here.
    const b = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('the extension build failed');
  }
  const testsIndex = await buildSuite();
  const clusterEnv = createClusterJobs();

  const workspace = join(stateDir, 'workspace');
  cpSync(join(root, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  const resultFile = join(stateDir, 'result.json');
  cs = await startCodeServer({
    entry,
    stateDir,
    folder: workspace,
    env: {
      KJOB_E2E_RESULT: resultFile,
      ...clusterEnv,
      ...(process.env.KJOB_E2E_GREP ? { KJOB_E2E_GREP: process.env.KJOB_E2E_GREP } : {}),
    },
    logFile: join(artifacts, 'code-server.log'),
  });
  log(`e2e: code-server ${cs.url} ready after ${elapsed()}`);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it with "sudo apt-get install -y --no-install-recommends chromium" (or set KJOB_CHROMIUM)`);
  // Our own SIGINT/SIGTERM handlers stop code-server as well as the browser.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, handleSIGINT: false, handleSIGTERM: false });

  if (!only || only === 'suite') {
    const t = Date.now();
    const url = workbenchUrl({ ...cs, folder: workspace, extensionDevelopmentPath: root, extensionTestsPath: testsIndex });
    const suite = await runSuite(browser, url, resultFile);
    for (const r of suite) results.push(r);
    log(`e2e: extension-host suite finished after ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  if (!only || only === 'ui') {
    const t = Date.now();
    const url = workbenchUrl({ ...cs, folder: workspace, extensionDevelopmentPath: root });
    for (const r of await runUiChecks(browser, url, workspace, Boolean(clusterEnv.KJOB_E2E_CLUSTER_JOBS))) results.push(r);
    log(`e2e: UI checks finished after ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  if (!only || only === 'start') {
    const t = Date.now();
    results.push(await runStartCheck(browser));
    log(`e2e: npm start check finished after ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
} catch (e) {
  results.push({ name: 'e2e harness', ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
} finally {
  await browser?.close().catch(() => {});
  await cs?.stop().catch(() => {});
  if (process.env.KJOB_E2E_KEEP) log(`e2e: state kept in ${stateDir}`);
  else rmSync(stateDir, { recursive: true, force: true });
}

for (const r of results) {
  log(`${r.ok ? '  ✔' : '  ✖'} ${r.name}${r.ms !== undefined ? ` (${r.ms} ms)` : ''}`);
  if (!r.ok && r.error) log(r.error.split('\n').slice(0, 12).map((l) => `      ${l}`).join('\n'));
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
writeFileSync(join(artifacts, 'results.json'), JSON.stringify({ seconds: (Date.now() - started) / 1000, results }, null, 2));
log(`e2e: total ${elapsed()}; screenshots and logs in ${join('test', 'artifacts', 'e2e')}`);
log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

/** Runs the extension-host test module in a workbench page and returns one result per test. */
async function runSuite(browser, url, resultFile) {
  const consoleLog = join(artifacts, 'suite-console.log');
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', (m) => appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => appendFileSync(consoleLog, `[pageerror] ${e.stack ?? e.message}\n`));
  let closed = false;
  page.on('close', () => (closed = true));
  await page.goto(url);
  const deadline = Date.now() + suiteTimeoutMs;
  while (!closed && !existsSync(resultFile) && Date.now() < deadline) await sleep(250);
  // The workbench closes the page once run() settles; the result file is written just before.
  const grace = Date.now() + 5000;
  while (!existsSync(resultFile) && Date.now() < grace) await sleep(250);
  if (!closed) await page.screenshot({ path: join(artifacts, 'suite-end.png') }).catch(() => {});
  if (!existsSync(resultFile)) {
    await page.close().catch(() => {});
    const why = closed ? 'the workbench closed without a result' : `no result within ${suiteTimeoutMs / 1000} s`;
    return [{ name: 'extension-host suite', ok: false, error: `${why} (see test/artifacts/e2e/suite-console.log and code-server.log)` }];
  }
  let res;
  try {
    res = JSON.parse(readFileSync(resultFile, 'utf8'));
  } catch (e) {
    return [{ name: 'extension-host suite', ok: false, error: `unreadable result file: ${e}` }];
  }
  // Let the workbench finish closing, then make sure it is gone.
  for (let i = 0; i < 20 && !closed; i++) await sleep(250);
  await page.close().catch(() => {});
  const out = res.tests.map((t) => ({
    name: `suite: ${t.title}`,
    ok: t.state === 'passed',
    ms: t.durationMs,
    error: t.state === 'pending' ? 'skipped (a skipped test is reported as a failure)' : t.error,
  }));
  if (!out.length) out.push({ name: 'extension-host suite', ok: false, error: 'the suite ran no tests' });
  return out;
}

/** Runs each UI check in one workbench page, with a screenshot per check. */
async function runUiChecks(browser, url, workspace, cluster) {
  const out = [];
  const left = uiChecks.filter((c) => c.needsCluster && !cluster);
  if (left.length) log(`e2e: without a cluster, UI checks left out: ${left.map((c) => c.name).join('; ')}`);
  const consoleLog = join(artifacts, 'ui-console.log');
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', (m) => appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => appendFileSync(consoleLog, `[pageerror] ${e.stack ?? e.message}\n`));
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
  for (const check of uiChecks) {
    if (check.needsCluster && !cluster) continue;
    const t = Date.now();
    const shot = join(artifacts, `ui-${check.id}.png`);
    try {
      await check.run({ page, workspace, screenshot: (id) => page.screenshot({ path: join(artifacts, `ui-${id}.png`) }) });
      await page.screenshot({ path: shot });
      out.push({ name: `ui: ${check.name}`, ok: true, ms: Date.now() - t });
    } catch (e) {
      await page.screenshot({ path: shot }).catch(() => {});
      out.push({ name: `ui: ${check.name}`, ok: false, ms: Date.now() - t, error: `${e instanceof Error ? e.message : e}\n(screenshot ${shot})` });
    }
  }
  await page.close().catch(() => {});
  return out;
}

/**
 * `npm start` as a newcomer runs it: it must print a loopback URL whose workbench has the extension,
 * examples/ and the demo Jobs of its own local cluster; Ctrl+C (SIGINT) must stop everything.
 * Uses its own cluster name and port, so it never touches a demo the developer has running.
 */
async function runStartCheck(browser) {
  const name = 'npm start: the README quick start serves VS Code with the demo Jobs, and Ctrl+C stops everything';
  const t = Date.now();
  const cluster = `e2e-start-${process.pid}`;
  const env = { ...process.env, KJOB_PORT: String(await freePort()), KJOB_DEMO_NAME: cluster };
  delete env.KUBECONFIG;
  delete env.KJOB_E2E_RESULT;
  const proc = spawn(process.execPath, [join(root, 'scripts/start.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const logFile = join(artifacts, 'npm-start.log');
  const onData = (d) => {
    out += d;
    appendFileSync(logFile, d);
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  let exit;
  const exited = new Promise((r) => proc.on('exit', (code, signal) => r((exit = { code, signal }))));
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let passed = false;
  try {
    const deadline = Date.now() + 240_000;
    while (!/Press Ctrl\+C/.test(out) && !exit && Date.now() < deadline) await sleep(250);
    const url = /Open (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out)?.[1];
    assert.ok(url, `npm start printed no loopback URL (see test/artifacts/e2e/npm-start.log)${exit ? `; it exited ${JSON.stringify(exit)}` : ''}`);
    assert.match(out, new RegExp(`Cluster: local "${cluster}"`), 'npm start runs its local cluster');
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    const title = await page.title();
    const sidebar = await showViewContainer(page, 'Kubernetes Jobs');
    for (const job of ['render-frames', 'queue-workers', 'nightly-report', 'db-migrate']) {
      await sidebar.locator('.monaco-list-row', { hasText: job }).first().waitFor({ timeout: 60_000 });
    }
    await sidebar.locator('.monaco-list-row', { hasText: /^nightly-report.*suspended/ }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(artifacts, 'ui-07-npm-start.png') });
    assert.match(title, /\bexamples\b/, `the window has examples/ open: ${title}`);
    proc.kill('SIGINT');
    const stopDeadline = Date.now() + 60_000;
    while (!exit && Date.now() < stopDeadline) await sleep(250);
    assert.ok(exit, 'npm start did not stop within 60 s of Ctrl+C');
    assert.equal(exit.code, 0, `npm start exited ${JSON.stringify(exit)}`);
    assert.match(out, /kjob: stopped\./);
    const status = spawnSync(process.execPath, [join(root, 'scripts/cluster.mjs'), 'status', '--name', cluster], { cwd: root, encoding: 'utf8' });
    assert.notEqual(status.status, 0, `the demo cluster is still running after Ctrl+C:\n${status.stdout}`);
    passed = true;
    return { name, ok: true, ms: Date.now() - t };
  } catch (e) {
    await page.screenshot({ path: join(artifacts, 'ui-07-npm-start.png') }).catch(() => {});
    return { name, ok: false, ms: Date.now() - t, error: e instanceof Error ? e.message : String(e) };
  } finally {
    await page.close().catch(() => {});
    if (!exit) {
      proc.kill('SIGINT');
      await Promise.race([exited, sleep(30_000)]);
      if (!exit) proc.kill('SIGKILL');
    }
    spawnSync(process.execPath, [join(root, 'scripts/cluster.mjs'), 'down', '--name', cluster], { cwd: root, stdio: 'ignore' });
    // Its logs are only worth keeping when something failed.
    if (passed) {
      rmSync(join(process.env.KJOB_CACHE || join(homedir(), '.cache', 'kjob'), 'clusters', cluster), { recursive: true, force: true });
    }
  }
}

/**
 * With a real control plane (KUBECONFIG, given by scripts/test.mjs), creates the Jobs the cluster
 * tests look at (test/e2e/cluster/jobs.yaml) and tells the suite so (KJOB_E2E_CLUSTER_JOBS).
 */
function createClusterJobs() {
  if (!process.env.KUBECONFIG || process.env.KJOB_TEST_CLUSTER !== '1') {
    // Never touch a cluster the developer's own KUBECONFIG points at: the editor gets none.
    log('e2e: no test control plane: the tests that need a cluster are left out (scripts/test.mjs provides one)');
    return { KUBECONFIG: join(stateDir, 'no-kubeconfig') };
  }
  const b = spawnSync('bash', [join(root, 'scripts/build-control-plane.sh')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const kubectl = join(b.stdout.trim().split('\n').pop() ?? '', 'kubectl');
  if (b.status !== 0 || !existsSync(kubectl)) throw new Error('kubectl from scripts/build-control-plane.sh is missing');
  const file = join(root, 'test', 'e2e', 'cluster', 'jobs.yaml');
  const r = spawnSync(kubectl, ['apply', '-n', 'default', '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kubectl apply -f test/e2e/cluster/jobs.yaml failed: ${r.stderr}`);
  return { KJOB_E2E_CLUSTER_JOBS: 'default', KJOB_E2E_KUBECTL: kubectl };
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
