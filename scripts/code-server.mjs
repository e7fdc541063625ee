// Starting and stopping code-server (a real VS Code server + web workbench installed from npm by
// scripts/install-code-server.sh). Shared by the real-editor tests (test/e2e/run.mjs) and
// `npm start` (scripts/start.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = '4.100.3';

/** Installs code-server if needed (cached per machine); returns the path of its entry script. */
export function ensureCodeServer({ quiet = false } = {}) {
  const r = spawnSync('bash', [join(root, 'scripts/install-code-server.sh')], {
    cwd: root,
    stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'],
    encoding: 'utf8',
  });
  const dir = r.stdout.trim().split('\n').pop() ?? '';
  const entry = join(dir, 'node_modules/code-server/out/node/entry.js');
  if (r.status !== 0 || !existsSync(entry)) {
    const why = quiet ? `\n${r.stderr ?? ''}` : '';
    throw new Error(`could not install code-server (scripts/install-code-server.sh exit ${r.status})${why}`);
  }
  return entry;
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** User settings for a fresh user-data-dir: no walkthrough, no telemetry, no update checks. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.autoSave': 'off',
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Starts code-server on 127.0.0.1:<port> with a fresh user-data-dir under `stateDir` and waits
 * until it answers. Returns { url, port, proc, stop() }. Server output goes to `logFile`.
 */
export async function startCodeServer({ entry, stateDir, folder, port, env = {}, settings = {}, extensionsDir, logFile, timeoutMs = 60_000 }) {
  port ??= await freePort();
  const userDataDir = join(stateDir, 'user-data');
  extensionsDir ??= join(stateDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  const config = join(stateDir, 'code-server.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    entry,
    '--config', config,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
    folder,
  ];
  const proc = spawn(process.execPath, args, {
    cwd: folder,
    env: { ...process.env, XDG_CONFIG_HOME: join(stateDir, 'xdg-config'), XDG_DATA_HOME: join(stateDir, 'xdg-data'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so stop() ends the extension host and the language server too
  });
  if (logFile) {
    const out = createWriteStream(logFile);
    proc.stdout.pipe(out);
    proc.stderr.pipe(out);
  } else {
    proc.stdout.resume();
    proc.stderr.resume();
  }
  let exited = null;
  proc.on('exit', (code, signal) => (exited = { code, signal }));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start (${JSON.stringify(exited)}); log: ${logFile ?? '(none)'}`);
    try {
      const r = await fetch(`${url}healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      killGroup(proc);
      throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s; log: ${logFile ?? '(none)'}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = async () => {
    if (exited) return;
    killGroup(proc, 'SIGTERM');
    const t = Date.now();
    while (!exited && Date.now() - t < 5000) await new Promise((r) => setTimeout(r, 100));
    if (!exited) killGroup(proc, 'SIGKILL');
  };
  return { url, port, proc, userDataDir, extensionsDir, stop };
}

function killGroup(proc, signal = 'SIGKILL') {
  try {
    process.kill(-proc.pid, signal);
  } catch {
    try {
      proc.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** The workbench URL that runs an extension under development and (optionally) a test module. */
export function workbenchUrl({ url, port, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const q = new URLSearchParams({ folder });
  if (payload.length) q.set('payload', JSON.stringify(payload));
  return `${url}?${q}`;
}

export const CHROMIUM = process.env.KJOB_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
