/**
 * The kubelet's crash-loop back-off for in-place container restarts (restartPolicy OnFailure or
 * Always), as the kubelet keeps it per container: no entry before the first restart, so a
 * container's first crash is restarted at once and the entry starts at 10 s; every later restart
 * doubles it, up to 5 minutes. A crash within the entry's length after it finished waits until then
 * (the container shows waiting, reason CrashLoopBackOff). An entry expires when the crash comes
 * more than twice the cap (10 minutes) after the last restart: the next restart is immediate again.
 * One home for the rule: the driver's pod worker (both kubelets) and the cluster tests' kubelet use it.
 * docs/simulator.md, section "Kubelet model", states it for users.
 */

/** Seconds of the first back-off entry (the wait before a container's second restart). */
export const CRASH_LOOP_INITIAL_SECONDS = 10;
/** The cap of the doubling back-off (seconds). */
export const CRASH_LOOP_MAX_SECONDS = 300;

/** One container's back-off entry; `seconds` 0 means no entry. */
export interface CrashLoopEntry {
  /** Current back-off length (seconds); 0 before the first restart. */
  boSeconds: number;
  /** When the entry was last advanced (the last restart), on the caller's clock (seconds). */
  boAt: number;
}

function expired(e: CrashLoopEntry, finishedAt: number): boolean {
  return finishedAt - e.boAt > 2 * CRASH_LOOP_MAX_SECONDS;
}

/** When a container that crashed at `finishedAt` is restarted: at once, or at the end of its back-off. */
export function restartAt(e: CrashLoopEntry, finishedAt: number): number {
  return e.boSeconds > 0 && !expired(e, finishedAt) ? finishedAt + e.boSeconds : finishedAt;
}

/** Advances the entry when the container is restarted at `now` (it crashed at `finishedAt`). */
export function advance(e: CrashLoopEntry, finishedAt: number, now: number): void {
  e.boSeconds = e.boSeconds === 0 || expired(e, finishedAt) ? CRASH_LOOP_INITIAL_SECONDS : Math.min(2 * e.boSeconds, CRASH_LOOP_MAX_SECONDS);
  e.boAt = now;
}
