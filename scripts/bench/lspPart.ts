/** The language-server part of `npm run bench`. */
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { allFiles, benchFile, flagCount, profileKjob, ROOT, serverSpecs, workDir, writeKjobJsonSchema, YLS_BIN, type LspBenchResult } from './lsp';
import { lspSection } from './lspReport';
import { manyFiles } from './lspMany';
import { loadProfile, profileMarkdown, summarizeProfile } from './profile';
import type { Section } from './report';
import type { PartContext } from './report';

function ylsVersion(): string {
  try {
    return JSON.parse(readFileSync(join(YLS_BIN, '..', '..', 'package.json'), 'utf8')).version as string;
  } catch {
    return '?';
  }
}

/**
 * Jobs from test/corpus (the rules engineer's cases, replayed against a real kube-apiserver): each
 * file's `# expect:` header says what the API server does on create. Decode errors count as
 * "schema" cases (a JSON schema can see them), field-validation rejections as "rule" cases.
 * CronJobs are left out (the yaml-language-server schemas here are for Job).
 */
function corpusCases(): { name: string; why: string; kind: 'rule' | 'schema'; text: string; valid: boolean }[] {
  const dir = join(ROOT, 'test/corpus');
  if (!existsSync(dir)) return [];
  const out: { name: string; why: string; kind: 'rule' | 'schema'; text: string; valid: boolean }[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (!/\.ya?ml$/.test(n) || !statSync(p).isFile()) continue;
    const text = readFileSync(p, 'utf8');
    const expect = /^# expect: (\S+)/m.exec(text)?.[1];
    if (!/^kind: Job\s*$/m.test(text) || text.length > 20000) continue;
    if (expect !== 'valid' && expect !== 'invalid' && expect !== 'decode-error') continue;
    const errors = [...text.matchAll(/^# error: (.+)$/gm)].map((m) => m[1]!.trim());
    out.push({
      name: `corpus:${relative(dir, p)}`,
      why: expect === 'valid' ? 'valid (test/corpus)' : expect === 'decode-error' ? 'decode error (test/corpus)' : errors.slice(0, 2).join('; ') || 'invalid (test/corpus)',
      kind: expect === 'decode-error' ? 'schema' : 'rule',
      text,
      valid: expect === 'valid',
    });
  }
  return out;
}

export async function run(ctx: PartContext): Promise<Section> {
  const dir = workDir();
  rmSync(join(dir, 'prof'), { recursive: true, force: true });
  await writeKjobJsonSchema(dir);
  const servers = serverSpecs(dir);
  const q = ctx.quick;
  const files = allFiles();
  const big = (name: string) => /-2000$|-x40$/.test(name);
  const opts = {
    files,
    servers,
    workDir: dir,
    log: ctx.log,
    rounds: (f: { name: string }) => (q ? 2 : big(f.name) ? (f.name === 'jobs-2000' ? 6 : 4) : f.name === 'jobs-1' ? 15 : 10),
    edits: (f: { name: string }, s: { id: string }) => (q ? 1 : s.id === 'kjob' ? 10 : big(f.name) ? 2 : 3),
    reps: (f: { name: string }, s: { id: string }) => (q ? 2 : s.id === 'kjob' ? 30 : big(f.name) ? 3 : 8),
  };
  const result: LspBenchResult = { files: [], cases: [], ylsVersion: ylsVersion() };
  for (const f of files) {
    ctx.log(`lsp: ${f.name} (${f.lines} lines)`);
    result.files.push(await benchFile(f, opts));
  }
  ctx.log('lsp: many open files');
  result.many = await manyFiles(dir, ctx.log, q ? 10 : 50, q ? 40 : 200);
  ctx.log('lsp: invalid-Job detection');
  result.cases = await flagCount(opts, corpusCases());
  const section = lspSection(result, ctx.command);
  if (ctx.cpuProf || section.targets.some((t) => t.ok === false)) {
    // Where the time goes: a separate, untimed pass under the V8 profiler on the 2,000-Job file.
    ctx.log('lsp: profiling kjob on jobs-2000 (--cpu-prof)');
    const prof = await profileKjob(files.find((f) => f.name === 'jobs-2000')!, dir);
    if (prof) {
      section.body += `\n\n#### Profile: kjob's server on jobs-2000\n\nA separate untimed pass under \`node --cpu-prof\` (open, 10 one-character edits, 20 rounds of the completion and hover probes), self time by function and by source file (through the bundle's source map; \`npm:\` = dependency).\n\n${profileMarkdown('server/out/server.js on jobs-2000', summarizeProfile(loadProfile(prof), 15))}\n`;
    }
  }
  return section;
}
