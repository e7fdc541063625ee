/**
 * Property-based fuzz of the language service (issue #16), in process: mutated Job manifests
 * (helpers/jobMutations.ts) are opened, edited (each change a version, through the incremental path),
 * and asked for completion, hover and code actions. Properties: no feature throws or logs an
 * internal error, no diagnostic is an internal error, no request takes over 1 s, and (every 8th
 * document) the diagnostics after incremental edits equal those of the same text opened fresh.
 * Seeded (KJOB_FUZZ_SEED, KJOB_FUZZ_RUNS override); a failure prints the seed, the shrunk
 * counterexample and its final text. test/lsp/fuzz.test.ts sends a sample over real LSP stdio.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LanguageService } from '../../server/src/service/languageService';
import { LineIndex } from '../../core/yaml/lineIndex';
import { applySplice, assertNoInternalErrors, BASES, fuzzDoc, fuzzParams, RequestTimer, toSplice, type FuzzDoc } from './helpers/jobMutations';

/**
 * About 300 documents a second on one idle core (parsing broken YAML dominates), about 140 with
 * the machine loaded: 20,000 keep this fuzz near 2 minutes on a busy 2-core CI machine.
 * KJOB_FUZZ_RUNS=100000 for the long run (0 failures at seed 16, 8 minutes at load 5).
 */
const { numRuns, seed } = fuzzParams(20_000, 16);

test(`language service fuzz: ${numRuns} mutated Job documents (seed ${seed})`, { timeout: 30 * 60_000 }, (t) => {
  const logs: string[] = [];
  const svc = new LanguageService({ log: (m) => logs.push(m) });
  const timer = new RequestTimer();
  let n = 0;
  const property = (fd: FuzzDoc) => {
    const uri = `file:///fuzz/${++n}.yaml`;
    let text = BASES[fd.base]!;
    let version = 1;
    const doc = () => ({ uri, version, getText: () => text });
    try {
      assertNoInternalErrors('open', timer.sync('open', () => svc.diagnostics(doc())));
      // Each edit is reported as its own version; the check runs after the last (parsing dominates
      // the cost, and the incremental parser then takes all the edits at once).
      for (const m of fd.edits) {
        const s = toSplice(text, m);
        svc.changed(uri, version, version + 1, [{ start: s.start, end: s.end, text: s.text }]);
        text = applySplice(text, s);
        version++;
      }
      assertNoInternalErrors('edit', timer.sync('edit', () => svc.diagnostics(doc())));
      const lines = new LineIndex(text);
      for (const p of fd.probes) {
        const pos = lines.positionAt(p % (text.length + 1));
        timer.sync('completion', () => svc.completion(doc(), pos, fd.trigger));
        timer.sync('hover', () => svc.hover(doc(), pos));
        timer.sync('code actions', () => svc.codeActions(doc(), { start: { line: pos.line, character: 0 }, end: pos }));
      }
      timer.sync('code actions (whole document)', () => svc.codeActions(doc(), { start: { line: 0, character: 0 }, end: lines.positionAt(text.length) }));
      if (n % 8 === 0) {
        // Every 8th document (the check is the costliest step): incremental == fresh.
        const fresh = new LanguageService().diagnostics({ uri: 'file:///fuzz/fresh.yaml', version: 1, getText: () => text });
        assert.deepEqual(svc.diagnostics(doc()), fresh, 'diagnostics after incremental edits differ from a fresh open');
      }
      if (logs.length) throw new Error(`logged: ${logs.join('\n')}`);
    } catch (e) {
      logs.length = 0;
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- final text ---\n${text}\n--- end ---`);
    } finally {
      svc.close(uri);
    }
  };
  fc.assert(fc.property(fuzzDoc, property), { numRuns, seed, verbose: 1 });
  t.diagnostic(`${numRuns} documents, ${timer.summary}`);
});
