/**
 * Gives memory back after documents close: V8 keeps a grown heap until its next full collections,
 * which an idle language server may not reach for minutes, so closing 50 big files would not lower
 * the server's RSS. Once no document has closed for IDLE_MS, one full collection runs (V8 then
 * returns the freed pages to the system). The collector is reached the documented way for a
 * process that was not started with --expose-gc (the flag set at run time, the function taken
 * from a new context); where that is not possible nothing happens.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const IDLE_MS = 1500;

let collect: (() => void) | null | undefined;
let timer: NodeJS.Timeout | undefined;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    collect = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/** Schedules one full collection after IDLE_MS without another call (each call restarts the wait). */
export function collectSoon(): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    const gc = collector();
    if (!gc) return;
    gc();
    // A second collection a moment later lets V8 shrink the heap it just emptied.
    setTimeout(() => gc(), IDLE_MS).unref?.();
    if (process.env.KJOB_DEBUG_MEMORY) process.stderr.write(`kjob memory after gc: ${JSON.stringify(process.memoryUsage())}\n`);
  }, IDLE_MS);
  timer.unref?.();
}
