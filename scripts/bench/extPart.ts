/**
 * Extension benchmarks: activation time and VSIX size.
 *
 *  - VSIX: `npm run package` (production bundles, allow-list .vscodeignore) -> kjob.vsix size.
 *  - Activation in the real editor: code-server (the VS Code server + workbench the e2e tier uses)
 *    in headless Chromium runs a tiny extension-tests module that calls
 *    `vscode.extensions.getExtension('kjob.kjob').activate()` and times it in the extension host:
 *    module loading + `activate()` until its promise settles, exactly what VS Code reports as the
 *    activation time. One fresh window (extension host) per run. Reported next to it, not instead:
 *    when the language client, which activate() schedules for the turn after activation
 *    (client/src/language/start.ts), has been loaded and started (`ctx.languageClientStarted`).
 *  - Activation with a `vscode` stub: the bundle required in plain Node with a permissive stub for
 *    the `vscode` module; only a lower bound (the stub does no work), reported as such.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { PartContext } from './report';
import { fmtMs, table, type Section, type Target } from './report';
import { repoRoot, summarize } from './stats';
import { loadProfile, profileMarkdown, summarizeProfile } from './profile';

const ROOT = repoRoot();

function extensionId(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string };
  return `${pkg.publisher}.${pkg.name}`;
}

const STUB_RUNNER = String.raw`
const Module = require('module');
const path = require('path');
function makeStub(name) {
  const cache = new Map();
  return new Proxy(function () {}, {
    get(t, p) {
      if (p === 'then') return undefined;
      if (p === Symbol.toPrimitive || p === 'toString' || p === 'valueOf') return () => name;
      if (p === Symbol.iterator) return function* () {};
      if (typeof p === 'symbol') return undefined;
      if (!cache.has(p)) cache.set(p, makeStub(name + '.' + String(p)));
      return cache.get(p);
    },
    set(t, p, v) { cache.set(p, v); return true; },
    apply() { return makeStub(name + '()'); },
    construct() { return makeStub('new ' + name); },
  });
}
// Lazily stubbed for CommonJS users (vscode-languageclient); names the bundles read through
// esbuild's ESM interop (which copies own keys) are created up front.
const bundle = ['extension.js', 'language.js', 'local.js']
  .map((f) => path.join(process.argv[2], 'client/out', f))
  .filter((f) => require('fs').existsSync(f))
  .map((f) => require('fs').readFileSync(f, 'utf8'))
  .join('\n');
const top = {};
const vscode = new Proxy(top, {
  get(t, p) {
    if (typeof p === 'symbol' || p === 'then') return undefined;
    if (!(p in t)) t[p] = makeStub('vscode.' + p);
    return t[p];
  },
});
for (const m of bundle.matchAll(/\bimport_vscode\d*\.(\w+)/g)) vscode[m[1]];
vscode.version = '1.100.0';
vscode.workspace.getConfiguration = () => ({ get: (k, d) => d, has: () => false, inspect: () => undefined, update: async () => {} });
vscode.workspace.workspaceFolders = undefined;
vscode.workspace.textDocuments = [];
vscode.workspace.isTrusted = true;
const channel = (n) => ({ name: n, append() {}, appendLine() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {}, show() {}, hide() {}, clear() {}, dispose() {}, replace() {}, logLevel: 2, onDidChangeLogLevel: () => ({ dispose() {} }) });
vscode.window.createOutputChannel = (n) => channel(n);
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const root = process.argv[2];
const memento = { get: (k, d) => d, update: async () => {}, keys: () => [], setKeysForSync() {} };
const uri = (p) => ({ fsPath: p, path: p, scheme: 'file', toString: () => 'file://' + p, with: () => uri(p) });
const context = {
  subscriptions: [], extensionPath: root, extensionUri: uri(root), asAbsolutePath: (p) => path.join(root, p),
  globalState: memento, workspaceState: memento, storageUri: uri('/tmp/kjob-stub-storage'), globalStorageUri: uri('/tmp/kjob-stub-global'),
  logUri: uri('/tmp/kjob-stub-log'), storagePath: '/tmp/kjob-stub-storage', globalStoragePath: '/tmp/kjob-stub-global', logPath: '/tmp/kjob-stub-log',
  extensionMode: 1, secrets: makeStub('secrets'), environmentVariableCollection: makeStub('env'), extension: makeStub('extension'),
};
(async () => {
  const t0 = performance.now();
  const ext = require(path.join(root, 'client/out/extension.js'));
  const t1 = performance.now();
  let timedOut = false, error, api, languageMs;
  try {
    api = await Promise.race([ext.activate(context), new Promise((r) => setTimeout(() => { timedOut = true; r(); }, 5000))]);
  } catch (e) { error = String(e && e.message || e); }
  const t2 = performance.now();
  // The language client is loaded after activation (not part of the activation figure).
  if (api && api.languageClientStarted) {
    await Promise.race([api.languageClientStarted, new Promise((r) => setTimeout(r, 5000))]);
    languageMs = performance.now() - t0;
  }
  process.stdout.write(JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, languageMs, timedOut, error }) + '\n');
  process.exit(0);
})();
`;

interface StubRun {
  loadMs: number;
  activateMs: number;
  totalMs: number;
  languageMs?: number;
  timedOut: boolean;
  error?: string;
}

function stubActivation(runs: number): { runs: StubRun[] } {
  const dir = join(tmpdir(), 'kjob-bench');
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'stub-activate.js');
  writeFileSync(script, STUB_RUNNER);
  const out: StubRun[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [script, ROOT], { encoding: 'utf8', timeout: 30000 });
    const line = r.stdout.trim().split('\n').pop();
    out.push(line ? (JSON.parse(line) as StubRun) : { loadMs: NaN, activateMs: NaN, totalMs: NaN, timedOut: true, error: r.stderr.slice(-300) });
  }
  return { runs: out };
}

const PROBE_MODULE = `
const vscode = require('vscode');
const fs = require('fs');
exports.run = async function () {
  const res = {};
  try {
    const ext = vscode.extensions.getExtension(process.env.KJOB_BENCH_EXT_ID);
    res.found = !!ext;
    res.wasActive = !!(ext && ext.isActive);
    const t0 = performance.now();
    const api = await ext.activate();
    res.activateMs = performance.now() - t0;
    // Not part of the activation time: the language client, loaded on the turn after activation.
    if (api && api.languageClientStarted) {
      await Promise.race([api.languageClientStarted, new Promise((r) => setTimeout(r, 10000))]);
      res.languageClientMs = performance.now() - t0;
    }
  } catch (e) {
    res.error = String((e && e.stack) || e);
  }
  fs.writeFileSync(process.env.KJOB_BENCH_RESULT, JSON.stringify(res));
};
`;

interface EditorRun {
  activateMs?: number;
  languageClientMs?: number;
  wasActive?: boolean;
  error?: string;
}

async function realEditorActivation(runs: number, log: (s: string) => void): Promise<{ runs: EditorRun[]; skipped?: string }> {
  let cs: { ensureCodeServer: (o: { quiet: boolean }) => string; startCodeServer: (o: Record<string, unknown>) => Promise<{ url: string; port: number; stop: () => Promise<void> }>; workbenchUrl: (o: Record<string, unknown>) => string; CHROMIUM: string; CHROMIUM_ARGS: string[] };
  try {
    cs = (await import(pathToFileURL(join(ROOT, 'scripts/code-server.mjs')).href)) as typeof cs;
  } catch (e) {
    return { runs: [], skipped: `scripts/code-server.mjs not loadable: ${(e as Error).message}` };
  }
  let entry: string;
  try {
    entry = cs.ensureCodeServer({ quiet: true });
  } catch (e) {
    return { runs: [], skipped: `code-server not available: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!existsSync(cs.CHROMIUM)) return { runs: [], skipped: `no Chromium at ${cs.CHROMIUM}` };
  const { chromium } = await import('playwright-core');
  const out: EditorRun[] = [];
  for (let i = 0; i < runs; i++) {
    const state = mkdtempSync(join(tmpdir(), 'kjob-bench-editor-'));
    const folder = join(state, 'workspace');
    mkdirSync(folder, { recursive: true });
    const probeDir = join(state, 'probe');
    mkdirSync(probeDir, { recursive: true });
    writeFileSync(join(probeDir, 'index.js'), PROBE_MODULE);
    const resultFile = join(state, 'result.json');
    let server: { url: string; port: number; stop: () => Promise<void> } | undefined;
    let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
    try {
      server = await cs.startCodeServer({
        entry,
        stateDir: state,
        folder,
        env: { KJOB_BENCH_RESULT: resultFile, KJOB_BENCH_EXT_ID: extensionId() },
        logFile: join(state, 'code-server.log'),
      });
      browser = await chromium.launch({ executablePath: cs.CHROMIUM, args: cs.CHROMIUM_ARGS, headless: true });
      const page = await browser.newPage();
      await page.goto(cs.workbenchUrl({ ...server, folder, extensionDevelopmentPath: ROOT, extensionTestsPath: join(probeDir, 'index.js') }));
      const deadline = Date.now() + 120_000;
      while (!existsSync(resultFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      if (!existsSync(resultFile)) out.push({ error: 'no result within 120 s' });
      else out.push(JSON.parse(readFileSync(resultFile, 'utf8')) as EditorRun);
      log(`  real editor activation run ${i + 1}/${runs}: ${JSON.stringify(out[out.length - 1])}`);
    } catch (e) {
      out.push({ error: (e as Error).message.slice(0, 300) });
    } finally {
      await browser?.close().catch(() => {});
      await server?.stop().catch(() => {});
      rmSync(state, { recursive: true, force: true });
    }
  }
  return { runs: out };
}

function packageVsix(): { bytes: number; files: number; error?: string; list: string[] } {
  const vsix = join(ROOT, 'kjob.vsix');
  rmSync(vsix, { force: true });
  const r = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0 || !existsSync(vsix)) return { bytes: NaN, files: 0, error: (r.stderr || r.stdout).slice(-600), list: [] };
  const bytes = statSync(vsix).size;
  // List the archive's entries (the zip central directory) without extra dependencies.
  const buf = readFileSync(vsix);
  const list: string[] = [];
  for (let i = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])), off = buf.readUInt32LE(i + 16), n = buf.readUInt16LE(i + 10), k = 0; k < n; k++) {
    const nameLen = buf.readUInt16LE(off + 28);
    const extra = buf.readUInt16LE(off + 30);
    const comment = buf.readUInt16LE(off + 32);
    const size = buf.readUInt32LE(off + 24);
    list.push(`${buf.subarray(off + 46, off + 46 + nameLen).toString('utf8')} (${(size / 1024).toFixed(0)} KiB)`);
    off += 46 + nameLen + extra + comment;
  }
  return { bytes, files: list.length, list };
}

/** What the production extension bundle is made of: bytes in the output per package / source folder. */
async function bundleComposition(): Promise<{ bytes: number; parts: [string, number][] }> {
  const { build } = await import('esbuild');
  const r = await build({
    entryPoints: [join(ROOT, 'client/src/extension.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    write: false,
    metafile: true,
    external: ['vscode'],
    absWorkingDir: ROOT,
    logLevel: 'silent',
  });
  const out = Object.values(r.metafile!.outputs)[0]!;
  const by = new Map<string, number>();
  for (const [k, v] of Object.entries(out.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(k);
    const key = m ? `npm:${m[1]}` : k.split('/').slice(0, 3).join('/');
    by.set(key, (by.get(key) ?? 0) + v.bytesInOutput);
  }
  return { bytes: out.bytes, parts: [...by.entries()].sort((a, b) => b[1] - a[1]) };
}

export async function run(ctx: PartContext): Promise<Section> {
  const targets: Target[] = [];
  ctx.log('ext: npm run package');
  const v = packageVsix();
  const sizes = ['client/out/extension.js', 'client/out/language.js', 'client/out/local.js', 'client/out/cluster.js', 'server/out/server.js', 'cli/out/cli.js'].map((f) => {
    const p = join(ROOT, f);
    return [f, existsSync(p) ? `${(statSync(p).size / 1024).toFixed(0)} KiB` : 'missing'];
  });
  // Activation is measured on the production bundles `npm run package` just built (what ships).
  ctx.log('ext: activation with a vscode stub');
  const stub = stubActivation(ctx.quick ? 3 : 15);
  ctx.log('ext: activation in the real editor (code-server)');
  const editor = await realEditorActivation(ctx.quick ? 1 : 5, ctx.log);
  // Put the development bundles (with source maps) back for everyone else.
  spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  let profile = '';
  const comp = await bundleComposition().catch(() => undefined);
  const editorMedian = summarize(editor.runs.filter((r) => typeof r.activateMs === 'number').map((r) => r.activateMs!)).median;
  if (ctx.cpuProf || !(editorMedian <= 150)) {
    // Where the time goes: the stub activation under the V8 profiler, on the development bundle
    // (source-mapped to client/src and the dependencies).
    const profDir = join(tmpdir(), 'kjob-bench', 'prof');
    mkdirSync(profDir, { recursive: true });
    const name = 'activation-stub.cpuprofile';
    rmSync(join(profDir, name), { force: true });
    spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, `--cpu-prof-name=${name}`, join(tmpdir(), 'kjob-bench', 'stub-activate.js'), ROOT], { encoding: 'utf8', timeout: 30000 });
    if (existsSync(join(profDir, name))) {
      profile = profileMarkdown('require(client/out/extension.js) + activate() with a vscode stub, development bundle', summarizeProfile(loadProfile(join(profDir, name)), 12));
    }
  }

  const okRuns = editor.runs.filter((r) => typeof r.activateMs === 'number' && !r.wasActive);
  const ok = okRuns.map((r) => r.activateMs!);
  const es = summarize(ok);
  const lang = okRuns.filter((r) => typeof r.languageClientMs === 'number').map((r) => r.languageClientMs!);
  const ls = summarize(lang);
  const stubLang = summarize(stub.runs.filter((r) => !r.timedOut && !r.error && typeof r.languageMs === 'number').map((r) => r.languageMs!));
  const stubOk = stub.runs.filter((r) => !r.timedOut && !r.error);
  const ss = summarize(stubOk.map((r) => r.totalMs));
  const sl = summarize(stubOk.map((r) => r.loadMs));
  const rows: string[][] = [
    [
      'real editor: code-server 4.100.3 (VS Code 1.100) extension host, `getExtension(…).activate()` in a fresh window',
      String(ok.length),
      ok.length ? `${fmtMs(es.median)} / ${fmtMs(es.p95)}` : editor.skipped ? `skipped: ${editor.skipped}` : `failed: ${editor.runs.map((r) => r.error).filter(Boolean)[0] ?? '?'}`,
    ],
    [
      'real editor, after activation (not part of the activation time): from the same `activate()` request until the language client (client/out/language.js, loaded on the turn after activation) is created and started',
      String(lang.length),
      lang.length ? `${fmtMs(ls.median)} / ${fmtMs(ls.p95)}` : 'not measured',
    ],
    [
      'plain Node, `vscode` stubbed: require(client/out/extension.js) + activate() (lower bound: the stub does no work)',
      String(stubOk.length),
      stubOk.length
        ? `${fmtMs(ss.median)} / ${fmtMs(ss.p95)} (of which require ${fmtMs(sl.median)}${Number.isFinite(stubLang.median) ? `; language client loaded and started at ${fmtMs(stubLang.median)}` : ''})`
        : `failed: ${stub.runs[0]?.error ?? 'timeout'}`,
    ],
  ];
  const editorMs = ok.length ? es.median : NaN;
  targets.push({
    name: 'activation time (real editor, median)',
    target: '≤ 150 ms',
    measured: ok.length ? `${fmtMs(es.median)} ms (p95 ${fmtMs(es.p95)})` : 'not measured',
    ok: ok.length ? editorMs <= 150 : null,
  });
  if (!ok.length) {
    targets.push({ name: 'activation time (vscode stub, median; lower bound)', target: '≤ 150 ms', measured: stubOk.length ? `${fmtMs(ss.median)} ms` : 'not measured', ok: stubOk.length ? ss.median <= 150 : null });
  }
  targets.push({
    name: 'VSIX size (`npm run package`)',
    target: '≤ 5 MB',
    measured: Number.isFinite(v.bytes) ? `${(v.bytes / 1e6).toFixed(2)} MB (${v.bytes} bytes, ${v.files} files)` : `failed: ${v.error?.slice(0, 200)}`,
    ok: Number.isFinite(v.bytes) ? v.bytes <= 5e6 : null,
  });
  const body = [
    'Activation time in ms (median / p95). The real-editor figure is the extension host\'s own view: from `activate()` being requested to its promise settling, including loading the bundle. activate() loads only `client/out/extension.js` (registrations and glue) and schedules the language client for the next turn of the event loop; loading `client/out/language.js` (vscode-languageclient) and starting the client happen right after activation and are reported on their own row, measured from the same request. `client/out/local.js` (Simulate / Run locally, YAML parsing) loads with the first CodeLens on a file that can hold a Job, `client/out/cluster.js` about 1 s after activation or when the Jobs view opens.',
    '',
    `Command: \`${ctx.command}\``,
    '',
    table(['measurement', 'runs', 'ms (median / p95)'], rows),
    '',
    `Bundles (production build): ${sizes.map(([f, s]) => `\`${f}\` ${s}`).join(', ')}.`,
    '',
    v.list.length ? `VSIX contents: ${v.list.map((x) => `\`${x}\``).join(', ')}.` : '',
    ...(comp
      ? [
          '',
          `Production extension bundle composition (esbuild metafile, ${(comp.bytes / 1024).toFixed(0)} KiB): ${comp.parts
            .slice(0, 10)
            .map(([k, b]) => `${k} ${(b / 1024).toFixed(0)} KiB (${((b / comp.bytes) * 100).toFixed(0)}%)`)
            .join(', ')}.`,
        ]
      : []),
    ...(profile ? ['', '#### Profile of activation (separate untimed run under `node --cpu-prof`; self time, `npm:` = dependency)', '', profile] : []),
  ].join('\n');
  return { id: 'ext', title: 'Extension: activation and VSIX size', body, targets };
}
