/**
 * Iteration helper for the language-server benchmark: the same measurement as `npm run bench --
 * --only=lsp` (scripts/bench/lsp.ts benchFile, same requests, same report tables) on one generated
 * file with fewer servers/rounds. Not a substitute for the full run.
 *   node --import tsx scripts/bench/lspOne.ts [file=jobs-2000] [rounds=4] [servers=kjob,yls-kjob]
 * Files: jobs-1, jobs-100, jobs-2000, job-2000-lines, real-<variant>-2000 (scripts/bench/realistic.ts), handwritten, handwritten-x40;
 * `many [files] [jobsPerFile]` runs the many-open-files measurement (scripts/bench/lspMany.ts) alone.
 * Build the bundles first (`node scripts/build.mjs`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allFiles, benchFile, YLS_BIN, serverSpecs, workDir, writeKjobJsonSchema, type LspBenchResult, type ServerId } from './lsp';
import { lspSection } from './lspReport';
import { loadAverage } from './stats';

async function main(): Promise<void> {
  const [fileName = 'jobs-2000', roundsArg = '4', serversArg = 'kjob,yls-kjob'] = process.argv.slice(2);
  const rounds = Number(roundsArg);
  const dir = workDir();
  if (fileName === 'many') {
    // The many-open-files measurement alone: `many [files=50] [jobsPerFile=200]`.
    const { manyFiles, manyMarkdown } = await import('./lspMany');
    const [, files = '50', jobs = '200'] = process.argv.slice(2);
    process.stdout.write(`${manyMarkdown(await manyFiles(dir, (s) => process.stderr.write(`${s}\n`), Number(files), Number(jobs)))}\n`);
    return;
  }
  await writeKjobJsonSchema(dir);
  const servers = serverSpecs(dir, serversArg.split(',') as ServerId[]);
  // One file, or several separated by commas (one table).
  const files = fileName.split(',').map((name) => {
    const f = allFiles().find((x) => x.name === name);
    if (!f) throw new Error(`no benchmark file ${name}`);
    return f;
  });
  const result: LspBenchResult = { files: [], cases: [], ylsVersion: (() => { try { return JSON.parse(readFileSync(join(YLS_BIN, '..', '..', 'package.json'), 'utf8')).version as string; } catch { return '?'; } })() };
  for (const f of files) {
    process.stderr.write(`${f.name} (${new Date().toISOString()}, load ${loadAverage()})\n`);
    result.files.push(
      await benchFile(f, {
        files: [f],
        servers,
        workDir: dir,
        log: (s) => process.stderr.write(`${s}\n`),
        rounds: () => rounds,
        edits: (_f, s) => (s.id === 'kjob' ? 10 : 2),
        reps: (_f, s) => (s.id === 'kjob' ? 30 : 3),
      }),
    );
  }
  const section = lspSection(result, `node --import tsx scripts/bench/lspOne.ts ${process.argv.slice(2).join(' ')}`);
  process.stdout.write(`${section.body}\n`);
}

void main();
