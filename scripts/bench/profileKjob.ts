/**
 * Where kjob's language server spends its time on a generated file (default jobs-2000): one
 * untimed pass under `node --cpu-prof` (open, 10 one-character edits, 20 rounds of completion and
 * hover; scripts/bench/lsp.ts profileKjob), summarized by function and by source file.
 *   node --import tsx scripts/bench/profileKjob.ts [file=jobs-2000] [rows=25]
 */
import { defaultFiles, profileKjob, workDir } from './lsp';
import { loadProfile, profileMarkdown, summarizeProfile } from './profile';

async function main(): Promise<void> {
  const [name = 'jobs-2000', rows = '25'] = process.argv.slice(2);
  const f = defaultFiles().find((x) => x.name === name);
  if (!f) throw new Error(`no generated file ${name}`);
  const prof = await profileKjob(f, workDir());
  if (!prof) throw new Error('no profile written');
  process.stdout.write(`${prof}\n\n${profileMarkdown(`server/out/server.js on ${name}`, summarizeProfile(loadProfile(prof), Number(rows)))}\n`);
}

void main();
