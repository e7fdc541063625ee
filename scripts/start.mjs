#!/usr/bin/env node
// `npm start`: the product running in a browser VS Code with a local cluster.
//  1. installs what is missing, cached per machine under ~/.cache/kjob/: code-server
//     (scripts/install-code-server.sh) and the Kubernetes control plane (scripts/build-control-plane.sh);
//  2. builds the extension, starts the local control plane (scripts/cluster.mjs up --name demo) and
//     creates the demo Jobs (scripts/demo/jobs.yaml);
//  3. serves VS Code on a loopback URL with the extension loaded, examples/ opened and KUBECONFIG
//     pointing at the local cluster.
// Ctrl+C stops everything (code-server and the cluster).
// Environment: KJOB_PORT (default 8080, or a free port when 8080 is taken), KJOB_NO_CLUSTER=1,
// KJOB_DEMO_NAME (the local cluster's name, default demo; the e2e tier uses its own).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer, freePort, root, startCodeServer } from './code-server.mjs';

const CLUSTER_NAME = process.env.KJOB_DEMO_NAME || 'demo';
const say = (s) => console.log(`kjob: ${s}`);
const warn = (s) => console.error(`kjob: ${s}`);
const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

let cs;
let clusterUp = false;
let stateDir;
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  const started = Boolean(cs || clusterUp);
  if (started) say('stopping…');
  await cs?.stop().catch(() => {});
  if (clusterUp) {
    say(`stopping the local cluster (${CLUSTER_NAME})…`);
    spawnSync(process.execPath, [join(root, 'scripts/cluster.mjs'), 'down', '--name', CLUSTER_NAME], { cwd: root, stdio: 'inherit' });
  }
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  if (started) say('stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGHUP', () => void shutdown(0));

function fail(msg) {
  warn(msg);
  return shutdown(1);
}

// -- 1. the editor (install-code-server.sh prints the exact apt-get command when Debian packages are missing)
say('preparing the editor (code-server 4.100.3, installed once per machine into ~/.cache/kjob/)…');
let entry;
try {
  entry = ensureCodeServer();
} catch (e) {
  await fail(e instanceof Error ? e.message : String(e));
}

say('building the extension…');
if (spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' }).status !== 0) await fail('the extension build failed');

// -- 2. the local control plane and the demo Jobs
let kubeconfig;
if (process.env.KJOB_NO_CLUSTER === '1') {
  say('KJOB_NO_CLUSTER=1: not starting a local cluster');
} else if (!existsSync(join(root, 'scripts/cluster.mjs'))) {
  warn('scripts/cluster.mjs is missing: starting the editor without a local cluster');
} else {
  say('preparing the local control plane (the first build on a machine compiles Kubernetes from the Go module proxy and takes a while; cached afterwards)…');
  const build = spawnSync('bash', [join(root, 'scripts/build-control-plane.sh')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const binDir = build.stdout?.trim().split('\n').pop();
  if (build.status !== 0 || !binDir) await fail('building the control plane failed (scripts/build-control-plane.sh); run it alone to see why');
  say(`starting the local cluster "${CLUSTER_NAME}"…`);
  clusterUp = true; // from here on, shutdown runs `cluster.mjs down` even if `up` fails half-way
  const out = await runCapture(process.execPath, [join(root, 'scripts/cluster.mjs'), 'up', '--name', CLUSTER_NAME]);
  const m = /KUBECONFIG=(\S+)\s*$/.exec(out.stdout.trim());
  if (out.code !== 0 || !m) await fail(`the local cluster did not start (scripts/cluster.mjs up exit ${out.code})`);
  kubeconfig = m[1];
  const kubectl = join(binDir, 'kubectl');
  const apply = spawnSync(kubectl, ['--kubeconfig', kubeconfig, 'apply', '-f', join(root, 'scripts/demo/jobs.yaml')], { encoding: 'utf8' });
  if (apply.status !== 0) warn(`creating the demo Jobs failed:\n${apply.stderr}`);
  else say(`demo Jobs created:\n${apply.stdout.trim().replace(/^/gm, '    ')}`);
}

// -- 3. the editor
stateDir = mkdtempSync(join(tmpdir(), 'kjob-start-'));
const extensionsDir = join(stateDir, 'extensions');
mkdirSync(extensionsDir, { recursive: true });
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// A link to the repo is an installed extension: rebuilding (npm run build) and reloading the window picks up changes.
symlinkSync(root, join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`));
const wanted = Number(process.env.KJOB_PORT ?? 8080);
const port = (await portFree(wanted)) ? wanted : await freePort();
const folder = join(root, 'examples');
try {
  cs = await startCodeServer({
    entry,
    stateDir,
    folder,
    port,
    extensionsDir,
    env: kubeconfig ? { KUBECONFIG: kubeconfig } : {},
    logFile: join(stateDir, 'code-server.log'),
  });
} catch (e) {
  await fail(e instanceof Error ? e.message : String(e));
}
cs.proc.on('exit', (code) => {
  if (!stopping) {
    warn(`code-server exited unexpectedly (code ${code})`);
    void shutdown(1);
  }
});
const url = `${cs.url}?folder=${encodeURIComponent(folder)}`;
console.log(`
kjob is running (ready after ${secs()}).

  Open ${url}
  in a browser on this machine.

  Workspace: examples/      Cluster: ${kubeconfig ? `local "${CLUSTER_NAME}" (KUBECONFIG=${kubeconfig})` : 'none'}
  Demo Jobs: render-frames (Indexed, index 3 fails 3 times then succeeds), queue-workers (work queue),
             nightly-report (suspended), db-migrate (completes)
  Editor log: ${join(stateDir, 'code-server.log')}

Press Ctrl+C to stop everything.`);

function runCapture(cmd, argv) {
  return new Promise((resolve) => {
    const p = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    p.stdout.on('data', (d) => {
      stdout += d;
      process.stdout.write(d);
    });
    p.on('close', (code) => resolve({ code, stdout }));
  });
}

function portFree(port) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
