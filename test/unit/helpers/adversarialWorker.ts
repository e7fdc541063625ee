/** Runs adversarial cases (helpers/adversarial.ts) by index for adversarial.test.ts, reporting each one's time. */
import { parentPort } from 'node:worker_threads';
import { adversarialCases } from './adversarial';

const cases = adversarialCases();
const port = parentPort!;
port.on('message', (i: number) => {
  const t0 = performance.now();
  let error: string | undefined;
  try {
    cases[i]!.run();
  } catch (e) {
    error = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  port.postMessage({ i, ms: performance.now() - t0, error });
});
port.postMessage({ ready: true });
