/**
 * Many open files (issue #17): kjob's server gets 50 files of 200 Jobs each opened at once (each
 * didOpen followed by its diagnostic pull, not awaited, as an editor restoring its tabs does), and
 * a character is typed (and deleted) in the first file while the others are being checked, then
 * again once all are checked. Then every file is closed. RSS is read before the opens, sampled
 * during, and read after closing (after an idle wait: V8 returns memory after its next GCs).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchServer, serverSpecs, type Diag, type ManyResult } from './lsp';
import { realisticFile, VARIANTS } from './realistic';
import { fmtMs, table } from './report';
import { summarize } from './stats';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function manyFiles(workDir: string, log: (s: string) => void, files = 50, jobsPerFile = 200, edits = 20): Promise<ManyResult> {
  const [spec] = serverSpecs(workDir, ['kjob']);
  const server = await BenchServer.start(spec!, workDir);
  try {
    // Files in every realistic style, one variant after the other.
    const texts = Array.from({ length: files }, (_, i) => realisticFile(VARIANTS[i % VARIANTS.length]!, jobsPerFile));
    const uris = texts.map((_, i) => pathToFileURL(join(workDir, `many-${i}.yaml`)).href);
    // Warm-up on another file.
    const warm = realisticFile(VARIANTS[0]!, 20);
    const wuri = pathToFileURL(join(workDir, 'many-warm.yaml')).href;
    await server.open(wuri, warm.text);
    for (let k = 0; k < 4; k++) await server.edit(wuri, warm.edit, k);
    server.close(wuri);
    await sleep(500);
    const rssBefore = server.memory().rssMiB;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, server.memory().rssMiB)), 50);
    const t0 = performance.now();
    // File 0 first and awaited (it is the one being typed in), then all the others at once.
    await server.open(uris[0]!, texts[0]!.text);
    let checked = 0;
    let diagnostics = 0;
    let lastDone = 0;
    const others = texts.slice(1).map((f, i) =>
      server.open(uris[i + 1]!, f.text).then((d: { count: number; items: Diag[] }) => {
        checked++;
        diagnostics += d.count;
        lastDone = performance.now();
      }),
    );
    const editDuring: number[] = [];
    const checkedAtEdit: number[] = [];
    let k = 0;
    while (checked < files - 1 && k < 400) {
      const ed = await server.edit(uris[0]!, texts[0]!.edit, k++);
      editDuring.push(ed.ms);
      checkedAtEdit.push(checked);
    }
    if (k % 2 === 1) await server.edit(uris[0]!, texts[0]!.edit, k++);
    await Promise.all(others);
    const allCheckedMs = lastDone - t0;
    const editAfter: number[] = [];
    for (let j = 0; j < edits; j++) editAfter.push((await server.edit(uris[0]!, texts[0]!.edit, k++)).ms);
    if (k % 2 === 1) await server.edit(uris[0]!, texts[0]!.edit, k++);
    const rssAllOpen = server.memory().rssMiB;
    for (const u of uris) server.close(u);
    // Let the server process the closes and V8 collect: a hover round trip, then idle time.
    await server.timed('textDocument/hover', uris[0]!, { line: 0, character: 0 });
    await sleep(5000);
    clearInterval(sampler);
    const after = server.memory();
    if (process.env.KJOB_DEBUG_MEMORY) log(server.client.stderr.split('\n').filter((l) => l.includes('memory')).join('\n'));
    log(`  many files: ${editDuring.length} edits during the opens, all checked in ${allCheckedMs.toFixed(0)} ms, RSS ${rssBefore.toFixed(0)} → ${peak.toFixed(0)} → ${after.rssMiB.toFixed(0)} MiB`);
    return {
      files,
      jobsPerFile,
      bytes: texts.reduce((a, f) => a + Buffer.byteLength(f.text), 0),
      editDuring,
      checkedAtEdit,
      editAfter,
      allCheckedMs,
      diagnostics,
      rssBeforeMiB: rssBefore,
      rssPeakMiB: peak,
      rssAllOpenMiB: rssAllOpen,
      rssAfterCloseMiB: after.rssMiB,
      hwmMiB: after.hwmMiB,
    };
  } finally {
    await server.client.shutdown();
  }
}

export function manyMarkdown(r: ManyResult): string {
  const ms = (xs: number[]) => {
    const s = summarize(xs);
    return s.n ? `${fmtMs(s.median)} / ${fmtMs(s.p95)} (${s.n} edits)` : 'n/a';
  };
  const during = r.checkedAtEdit.length ? `${Math.min(...r.checkedAtEdit)}–${Math.max(...r.checkedAtEdit)}` : 'n/a';
  return [
    `#### Many open files: ${r.files} files of ${r.jobsPerFile} Jobs (${(r.bytes / 1e6).toFixed(1)} MB, every realistic variant in turn)`,
    '',
    'All files are opened at once (each didOpen followed by its diagnostic pull, not awaited, as an editor restoring its tabs does); a digit is typed and deleted in the first file, each edit followed at once by its pull, while the others are checked, then 20 more once all are checked; then every file is closed. RSS of the server process: before the opens, peak (sampled every 50 ms), with all files open and checked, and 5 s after closing them all.',
    '',
    table(
      ['edit → diagnostics while the others are checked (median / p95)', 'other files checked meanwhile', 'edit after all are checked', 'all checked after', 'diagnostics', 'RSS before', 'peak', 'all open', 'after closing'],
      [
        [
          ms(r.editDuring),
          `${during} of ${r.files - 1}`,
          ms(r.editAfter),
          `${(r.allCheckedMs / 1000).toFixed(1)} s`,
          String(r.diagnostics),
          `${r.rssBeforeMiB.toFixed(0)} MiB`,
          `${r.rssPeakMiB.toFixed(0)} MiB`,
          `${r.rssAllOpenMiB.toFixed(0)} MiB`,
          `${r.rssAfterCloseMiB.toFixed(0)} MiB`,
        ],
      ],
    ),
    '',
  ].join('\n');
}
