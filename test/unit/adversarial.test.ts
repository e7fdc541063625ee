/**
 * Issue #16: no matcher that sees user text may be super-linear. Every validator, the check
 * pipeline at each field a rule matches, and completion/hover/code actions get about 1 MB of
 * adversarial input (helpers/adversarial.ts) and must finish within a linear-time budget: 5 s per
 * validator call, 20 s per whole document or request (generous for loaded CI machines). Linear code
 * takes milliseconds to a second; the quadratic matchers this replaced took 2-6 s on 40-60 KB, so minutes on 1 MB.
 * Cases run in a worker thread, stopped at the budget, so a regression fails fast instead of hanging.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { adversarialCases } from './helpers/adversarial';

const cases = adversarialCases();

class Runner {
  private worker?: Worker;
  private ready?: Promise<void>;

  private start(): Promise<void> {
    // The worker loads TypeScript through tsx's require hook, as the test runner does.
    const script = join(__dirname, 'helpers', 'adversarialWorker.ts');
    this.worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true });
    this.worker.unref();
    const w = this.worker;
    this.ready = new Promise((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
    });
    return this.ready;
  }

  /** Runs case i; `timeout` when it exceeds its budget (the worker is then stopped and replaced). */
  async run(i: number): Promise<{ ms: number; error?: string } | 'timeout'> {
    if (!this.worker) await this.start();
    else await this.ready;
    const w = this.worker!;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        w.off('message', onMessage);
        w.off('error', onError);
        this.worker = undefined;
        void w.terminate();
        resolve('timeout');
      }, cases[i]!.budgetMs);
      const onMessage = (m: { i: number; ms: number; error?: string }) => {
        if (m.i !== i) return;
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        resolve(m);
      };
      const onError = (e: Error) => {
        clearTimeout(timer);
        this.worker = undefined;
        reject(e);
      };
      w.on('message', onMessage);
      w.once('error', onError);
      w.postMessage(i);
    });
  }

  close(): void {
    void this.worker?.terminate();
  }
}

const groups = [...new Set(cases.map((c) => c.group))];
const runner = new Runner();

for (const group of groups) {
  test(`1 MB of adversarial input within a linear-time budget: ${group}`, { timeout: 600_000 }, async (t) => {
    const failures: string[] = [];
    let slowest = { ms: 0, name: '' };
    let count = 0;
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      if (c.group !== group) continue;
      count++;
      const r = await runner.run(i);
      if (r === 'timeout') failures.push(`${c.name}: still running after its ${c.budgetMs} ms budget (stopped)`);
      else if (r.error) failures.push(`${c.name}: threw ${r.error}`);
      else if (r.ms > slowest.ms) slowest = { ms: r.ms, name: c.name };
    }
    t.diagnostic(`${count} cases; slowest ${Math.round(slowest.ms)} ms (${slowest.name})`);
    assert.ok(count > 0);
    assert.deepEqual(failures, []);
  });
}

test('the adversarial runner stops a case at its budget (it can fail)', { timeout: 60_000 }, async () => {
  // A known quadratic pattern on 1 MB, through the same worker machinery and budget.
  const { pump } = await import('./helpers/adversarial');
  const quadratic = /^(\d+\.?\d*)x$/;
  const t0 = Date.now();
  const w = new Worker(`const { parentPort, workerData } = require('node:worker_threads'); parentPort.postMessage(new RegExp(workerData.re).test(workerData.s));`, { eval: true, workerData: { re: quadratic.source, s: pump('1', '!') } });
  const outcome = await new Promise<string>((resolve) => {
    const timer = setTimeout(() => { void w.terminate(); resolve('timeout'); }, 1000);
    w.once('message', () => { clearTimeout(timer); resolve('finished'); });
  });
  assert.equal(outcome, 'timeout');
  assert.ok(Date.now() - t0 < 10_000, 'terminate interrupts a running regex');
});

test.after(() => runner.close());
