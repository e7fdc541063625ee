/**
 * Gives memory back after big documents close: V8 keeps a grown heap until its next full
 * collections, which an idle language server may not reach for minutes, so closing 50 big files
 * would not lower the server's RSS. Once at least COLLECT_AFTER_CHARS of text has been closed, a
 * full collection runs when no request has come for IDLE_MS (never in the middle of typing), and
 * a second one IDLE_MS later lets V8 shrink the heap it just emptied. The collector is reached the
 * documented way for a process that was not started with --expose-gc (the flag set at run time,
 * the function taken from a new context); where that is not possible nothing happens.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const IDLE_MS = 1500;
const COLLECT_AFTER_CHARS = 2_000_000;

let collect: (() => void) | null | undefined;
let timer: NodeJS.Timeout | undefined;
let closedChars = 0;
let rounds = 0;

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

function schedule(): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    const gc = collector();
    if (!gc) {
      rounds = 0;
      return;
    }
    gc();
    if (process.env.KJOB_DEBUG_MEMORY) process.stderr.write(`kjob memory after gc: ${JSON.stringify(process.memoryUsage())}\n`);
    if (--rounds > 0) schedule();
  }, IDLE_MS);
  timer.unref?.();
}

/** A document of `chars` characters closed. */
export function noteClosed(chars: number): void {
  closedChars += chars;
  if (closedChars < COLLECT_AFTER_CHARS) return;
  closedChars = 0;
  rounds = 2;
  schedule();
}

/** A request or change came in: a pending collection waits until the server is idle again. */
export function noteActivity(): void {
  if (timer) schedule();
}
