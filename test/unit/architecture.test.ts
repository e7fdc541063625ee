/**
 * The repository's boundaries (docs/development.md, "Where things live"):
 * - core/ is the shared core: it imports no editor, LSP or network package and nothing outside core/;
 * - the language server (server/src), the CLI (cli/src) and the extension (client/src) reach shared
 *   code only through core/, never through each other;
 * - the server and the CLI never import `vscode`;
 * - in the extension, the cluster host with its network I/O (client/src/cluster) and the Job/pod
 *   object model (client/src/jobs) never import `vscode`, no module without `vscode` imports one with
 *   it (so the pure parts run in plain Node), and the features (explorer, logs, actions, simulate,
 *   language) share only types with each other: they reach the cluster through the host;
 * - no import cycle anywhere in the repository's TypeScript (type-only imports included).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir)) {
    if (n === 'node_modules' || n === 'out' || n === 'artifacts') continue;
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (/\.m?ts$/.test(n) && !n.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT = /(?:import|export)\s+(?:type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

/** Import specifiers of a file (static, dynamic and require; comments are not stripped, so keep import-like text out of them). */
function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
}

/** The repository file a relative specifier resolves to, or undefined for packages and unresolvable paths. */
function resolveSpec(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.mts`, join(base, 'index.ts')]) if (existsSync(c) && statSync(c).isFile()) return c;
  return undefined;
}

const rel = (f: string) => relative(root, f).split('\\').join('/');
const editorOrLsp = /^(vscode|vscode-languageserver[-a-z]*|vscode-languageclient|vscode-jsonrpc)(\/|$)/;
const network = /^(@kubernetes\/client-node|undici|ws|(node:)?(http|https|http2|net|tls|dgram|dns))(\/|$)/;

/** Named exceptions: a file may use these packages for what is said here, nothing else. */
const allowed: Record<string, { spec: string; names: RegExp }> = {
  // Address parsing (isIP/isIPv4/isIPv6), no sockets.
  'core/check/rules/api/ip.ts': { spec: 'node:net', names: /^import\s*\{\s*(isIP|isIPv4|isIPv6)(\s*,\s*(isIP|isIPv4|isIPv6))*\s*\}\s*from\s*'node:net'/m },
};

const areas = ['core', 'server/src', 'client/src', 'cli/src'];
const areaOf = (f: string) => areas.find((a) => rel(f).startsWith(`${a}/`));

test('core imports no editor, LSP or network package, and nothing outside core/', () => {
  const files = tsFiles(join(root, 'core'));
  assert.ok(files.length > 50, 'core/ should hold the shared logic');
  const bad: string[] = [];
  for (const f of files) {
    for (const spec of imports(f)) {
      const ok = allowed[rel(f)];
      const excepted = ok && ok.spec === spec && ok.names.test(readFileSync(f, 'utf8'));
      if ((editorOrLsp.test(spec) || network.test(spec)) && !excepted) bad.push(`${rel(f)} imports ${spec}`);
      const target = resolveSpec(f, spec);
      if (target && areaOf(target) !== 'core' && !rel(target).endsWith('.json')) bad.push(`${rel(f)} imports ${rel(target)}`);
      if (spec.startsWith('.') && !target && !spec.endsWith('.json')) bad.push(`${rel(f)}: unresolved ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('server, CLI and client share code only through core/', () => {
  const bad: string[] = [];
  for (const area of ['server/src', 'client/src', 'cli/src']) {
    for (const f of tsFiles(join(root, area))) {
      for (const spec of imports(f)) {
        const target = resolveSpec(f, spec);
        if (!target) continue;
        const a = areaOf(target);
        if (a !== area && a !== 'core') bad.push(`${rel(f)} imports ${rel(target)}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});

test('the language server and the CLI never import vscode or the language client', () => {
  const bad = ['server/src', 'cli/src'].flatMap((a) =>
    tsFiles(join(root, a)).flatMap((f) => imports(f).filter((i) => /^(vscode|vscode-languageclient)(\/|$)/.test(i)).map((i) => `${rel(f)} imports ${i}`)),
  );
  assert.deepEqual(bad, []);
});

/** Specifiers a file imports values from (an `import type`, or braces holding only `type` names, import no value). */
function valueImports(file: string): string[] {
  const out: string[] = [];
  for (const m of readFileSync(file, 'utf8').matchAll(/^(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/gm)) {
    if (m[2]) continue;
    const braces = /^\{([^}]*)\}$/.exec(m[3].trim());
    if (braces && braces[1].split(',').map((n) => n.trim()).filter(Boolean).every((n) => n.startsWith('type '))) continue;
    out.push(m[4]);
  }
  for (const m of readFileSync(file, 'utf8').matchAll(/^import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/gm)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

const clientSrc = join(root, 'client', 'src');
const clientFiles = () => tsFiles(clientSrc);
const usesVscode = (f: string) => imports(f).some((s) => /^vscode$/.test(s));

test('the cluster host and network I/O (client/src/cluster) and the Job/pod model (client/src/jobs) never import vscode', () => {
  const pure = clientFiles().filter((f) => /^client\/src\/(cluster|jobs)\//.test(rel(f)));
  assert.ok(pure.length >= 10);
  assert.deepEqual(pure.filter(usesVscode).map(rel), []);
});

test('client modules without vscode import no module that has it (they stay testable in plain Node)', () => {
  const bad: string[] = [];
  // The lazy bundles' entries (client/src/bundles/<name>.ts) only list what a bundle holds.
  for (const f of clientFiles().filter((x) => !usesVscode(x) && !rel(x).startsWith('client/src/bundles/'))) {
    for (const spec of valueImports(f)) {
      const t = resolveSpec(f, spec);
      if (t && usesVscode(t)) bad.push(`${rel(f)} imports ${rel(t)}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('client features share only types: explorer, logs, actions, simulate and language reach the cluster through the host', () => {
  const features = ['explorer', 'logs', 'actions', 'simulate', 'language'];
  const featureOf = (f: string) => features.find((x) => rel(f).startsWith(`client/src/${x}/`));
  const bad: string[] = [];
  for (const f of clientFiles()) {
    const from = featureOf(f);
    if (!from) continue;
    for (const spec of valueImports(f)) {
      const t = resolveSpec(f, spec);
      const to = t && featureOf(t);
      if (to && to !== from) bad.push(`${rel(f)} imports ${rel(t!)}`);
    }
  }
  assert.deepEqual(bad, []);
});

/** Strongly connected components with more than one file (or a file importing itself): the import cycles. */
function importCycles(files: string[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const f of files) graph.set(f, imports(f).map((s) => resolveSpec(f, s)).filter((t): t is string => !!t));
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  // Iterative Tarjan (recursion depth would follow the import chain length).
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { v: string; i: number }[] = [{ v: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1];
      const deps = graph.get(top.v) ?? [];
      if (top.i < deps.length) {
        const w = deps[top.i++];
        if (!graph.has(w)) continue;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1].v, Math.min(low.get(work[work.length - 1].v)!, low.get(top.v)!));
      if (low.get(top.v) === index.get(top.v)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== top.v);
        if (scc.length > 1 || (graph.get(top.v) ?? []).includes(top.v)) cycles.push(scc.map(rel).sort());
      }
    }
  }
  return cycles;
}

test('no import cycle in the repository', () => {
  const files = ['core', 'server/src', 'client/src', 'cli/src', 'scripts', 'test'].filter((d) => existsSync(join(root, d))).flatMap((d) => tsFiles(join(root, d)));
  assert.ok(files.length > 200);
  assert.deepEqual(importCycles(files), []);
});

test('the cycle finder reports a real cycle', () => {
  // Guards the guard: two files that import each other (one type-only) form one cycle.
  const dir = mkdtempSync(join(tmpdir(), 'kjob-cycle-'));
  try {
    writeFileSync(join(dir, 'a.ts'), "import type { B } from './b';\nexport type A = B;\n");
    writeFileSync(join(dir, 'b.ts'), "import { c } from './c';\nexport type B = string;\nexport const x = c;\n");
    writeFileSync(join(dir, 'c.ts'), "import type { A } from './a';\nexport const c: A = '';\n");
    writeFileSync(join(dir, 'd.ts'), "import { c } from './c';\nexport const d = c;\n");
    const cycles = importCycles(['a.ts', 'b.ts', 'c.ts', 'd.ts'].map((n) => join(dir, n)));
    assert.equal(cycles.length, 1);
    assert.deepEqual(cycles[0].map((f) => f.split('/').pop()), ['a.ts', 'b.ts', 'c.ts']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
