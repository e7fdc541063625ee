/**
 * The language-server fuzz (issue #16) over real LSP stdio against the BUILT server: a sample of the
 * mutated Job documents of test/unit/fuzz.test.ts (same generator) is opened, changed with
 * incremental didChange events, and asked for diagnostics, completion, hover and code actions.
 * Properties: the server answers every request, within 1 s, never with an error, publishes no
 * internal-error diagnostic and writes nothing to stderr; after the run it still answers.
 * Seeded (KJOB_FUZZ_SEED, KJOB_FUZZ_RUNS override); a failure prints the seed and the shrunk counterexample.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LspClient } from './lspClient';
import { LineIndex } from '../../core/yaml/lineIndex';
import { applySplice, assertNoInternalErrors, BASES, fuzzDoc, fuzzParams, RequestTimer, toSplice, type FuzzDoc } from '../unit/helpers/jobMutations';

const { numRuns, seed } = fuzzParams(2000, 16);
let c: LspClient;

before(async () => {
  c = new LspClient();
  c.settings = { kubernetesVersion: '1.37', lint: { severities: {} } };
  await c.initialize();
});

after(async () => {
  await c.shutdown();
});

/** Whether `offset` falls between the \r and \n of a CRLF (no LSP position addresses it). */
const insideCrlf = (text: string, offset: number) => text[offset - 1] === '\r' && text[offset] === '\n';

test(`LSP fuzz: ${numRuns} mutated Job documents over stdio (seed ${seed})`, { timeout: 30 * 60_000 }, async (t) => {
  let n = 0;
  const timer = new RequestTimer();
  const property = async (fd: FuzzDoc) => {
    const uri = `file:///lspfuzz/${++n}.yaml`;
    let text = BASES[fd.base]!;
    let version = 1;
    try {
      c.open(uri, text, version);
      assertNoInternalErrors('open', await timer.wait('diagnostics after open', c.diagnostics(uri)));
      for (const m of fd.edits) {
        const s = toSplice(text, m);
        const lines = new LineIndex(text);
        const change = insideCrlf(text, s.start) || insideCrlf(text, s.end)
          ? { text: applySplice(text, s) }
          : { range: { start: lines.positionAt(s.start), end: lines.positionAt(s.end) }, text: s.text };
        text = applySplice(text, s);
        c.change(uri, ++version, [change]);
        assertNoInternalErrors('edit', await timer.wait('diagnostics after an edit', c.diagnostics(uri)));
      }
      const lines = new LineIndex(text);
      for (const p of fd.probes) {
        const position = lines.positionAt(p % (text.length + 1));
        const textDocument = { uri };
        await timer.wait('completion', c.request('textDocument/completion', { textDocument, position, ...(fd.trigger ? { context: { triggerKind: 2, triggerCharacter: fd.trigger } } : {}) }));
        await timer.wait('hover', c.request('textDocument/hover', { textDocument, position }));
        await timer.wait('code actions', c.request('textDocument/codeAction', { textDocument, range: { start: { line: position.line, character: 0 }, end: position }, context: { diagnostics: [] } }));
      }
      if (c.stderr) throw new Error(`server stderr: ${c.stderr}`);
    } catch (e) {
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- final text ---\n${text}\n--- end ---`);
    } finally {
      c.notify('textDocument/didClose', { textDocument: { uri } });
    }
  };
  await fc.assert(fc.asyncProperty(fuzzDoc, property), { numRuns, seed, verbose: 1 });
  // The server is still healthy: a fresh valid manifest gets its (error-free) diagnostics.
  c.open('file:///lspfuzz/after.yaml', BASES[0]!, 1);
  const after = await c.diagnostics('file:///lspfuzz/after.yaml');
  assert.deepEqual(after.filter((d: { severity?: number }) => d.severity === 1), []);
  t.diagnostic(`${numRuns} documents, ${timer.summary}`);
});
