/** The language-server part of `npm run bench`. */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { benchFile, defaultFiles, flagCount, ROOT, serverSpecs, workDir, writeKjobJsonSchema, YLS_BIN, type LspBenchResult } from './lsp';
import { lspSection } from './lspReport';
import type { Section } from './report';
import type { PartContext } from './main';

function ylsVersion(): string {
  try {
    return JSON.parse(readFileSync(join(YLS_BIN, '..', '..', 'package.json'), 'utf8')).version as string;
  } catch {
    return '?';
  }
}

/**
 * Invalid Jobs from test/corpus (the rules engineer's cases), when present: YAML files whose name
 * or folder says they are invalid. Each becomes one extra case ("rule": the corpus exercises rules).
 */
function corpusCases(): { name: string; why: string; kind: 'rule'; text: string; valid: boolean }[] {
  const dir = join(ROOT, 'test/corpus');
  if (!existsSync(dir)) return [];
  const out: { name: string; why: string; kind: 'rule'; text: string; valid: boolean }[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(n)) {
        const rel = relative(dir, p);
        const text = readFileSync(p, 'utf8');
        if (!/kind:\s*Job\b/.test(text) || text.length > 20000) continue;
        const valid = /(^|[/_-])valid/i.test(rel) && !/invalid/i.test(rel);
        const invalid = /invalid|bad|reject|error/i.test(rel);
        if (!valid && !invalid) continue;
        out.push({ name: `corpus:${rel}`, why: valid ? 'valid (test/corpus)' : 'rejected (test/corpus)', kind: 'rule', text, valid });
      }
    }
  };
  walk(dir);
  return out.slice(0, 80);
}

export async function run(ctx: PartContext): Promise<Section> {
  const dir = workDir();
  await writeKjobJsonSchema(dir);
  const servers = serverSpecs(dir);
  const q = ctx.quick;
  const files = defaultFiles();
  const big = (name: string) => name === 'jobs-2000';
  const opts = {
    files,
    servers,
    workDir: dir,
    log: ctx.log,
    rounds: (f: { name: string }) => (q ? 2 : big(f.name) ? 6 : f.name === 'jobs-1' ? 15 : 10),
    edits: (f: { name: string }, s: { id: string }) => (q ? 1 : s.id === 'kjob' ? 10 : big(f.name) ? 2 : 3),
    reps: (f: { name: string }, s: { id: string }) => (q ? 2 : s.id === 'kjob' ? 30 : big(f.name) ? 3 : 8),
    kjobNodeArgs: ctx.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, 'prof')}`] : [],
  };
  const result: LspBenchResult = { files: [], cases: [], ylsVersion: ylsVersion() };
  for (const f of files) {
    ctx.log(`lsp: ${f.name} (${f.lines} lines)`);
    result.files.push(await benchFile(f, opts));
  }
  ctx.log('lsp: invalid-Job detection');
  result.cases = await flagCount(opts, corpusCases());
  return lspSection(result, ctx.command);
}
