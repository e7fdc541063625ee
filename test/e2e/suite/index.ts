/**
 * The extension-host test module: the standard `run()` shape that VS Code calls after loading the
 * extension under development (`extensionTestsPath`). It runs every `*.test.js` next to it with
 * mocha and settles when they finish. The same module runs under @vscode/test-electron
 * (test/e2e/electron.mjs) and offline in code-server driven by Chromium (test/e2e/run.mjs).
 *
 * The result (counts and failures) is written as JSON to $KJOB_E2E_RESULT when set, because in
 * the browser route the harness cannot see the extension host's exit code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }[];
  startedAt: string;
  finishedAt?: string;
}

export async function run(): Promise<void> {
  const resultFile = process.env.KJOB_E2E_RESULT;
  const grep = process.env.KJOB_E2E_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  const dir = __dirname;
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(dir, f));

  const result: SuiteResult = { passed: 0, failed: 0, pending: 0, tests: [], startedAt: new Date().toISOString() };
  const write = () => {
    if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
  };
  await new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (t) => {
        result.passed++;
        result.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
      });
      runner.on('fail', (t, err: Error) => {
        result.failed++;
        result.tests.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) });
      });
      runner.on('pending', (t) => {
        result.pending++;
        result.tests.push({ title: t.fullTitle(), state: 'pending' });
      });
    } catch (e) {
      reject(e);
    }
  }).catch((e: unknown) => {
    result.failed++;
    result.tests.push({ title: 'loading the suite', state: 'failed', error: String(e instanceof Error ? e.stack : e) });
  });
  result.finishedAt = new Date().toISOString();
  write();
  if (result.failed) throw new Error(`${result.failed} extension-host test(s) failed`);
}
