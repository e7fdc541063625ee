/** Pod-creation back-off after failures (global record and per index). */
import { finishedTime, indexFailureCount, indexIgnoredFailureCount } from './pods';
import { DEFAULT_POD_FAILURE_BACKOFF, MAX_POD_FAILURE_BACKOFF, type BackoffRecord, type CPod } from './types';

/** Updates the in-memory record with the pods newly seen finished in a sync. */
export function newBackoffRecord(old: BackoffRecord, newSucceeded: CPod[], newFailed: CPod[]): BackoffRecord {
  const rec: BackoffRecord = { ...old };
  if (newSucceeded.length === 0) {
    if (newFailed.length === 0) return rec;
    rec.failuresAfterLastSuccess += newFailed.length;
    rec.lastFailureTime = Math.max(...newFailed.map(finishedTime));
    return rec;
  }
  rec.failuresAfterLastSuccess = 0;
  rec.lastFailureTime = undefined;
  if (newFailed.length === 0) return rec;
  const lastSuccess = Math.max(...newSucceeded.map(finishedTime));
  for (const p of newFailed) {
    const t = finishedTime(p);
    if (t > lastSuccess) {
      rec.failuresAfterLastSuccess++;
      if (rec.lastFailureTime === undefined || t > rec.lastFailureTime) rec.lastFailureTime = t;
    }
  }
  return rec;
}

/** The back-off delay after `failures` consecutive failures: 10 s doubling, 600 s cap. */
export function backoffDelay(failures: number): number {
  if (failures <= 0) return 0;
  let d = DEFAULT_POD_FAILURE_BACKOFF;
  for (let i = 1; i < failures; i++) {
    d *= 2;
    if (d >= MAX_POD_FAILURE_BACKOFF) return MAX_POD_FAILURE_BACKOFF;
  }
  return d;
}

export function remainingTime(failures: number, lastFailureTime: number | undefined, now: number): number {
  if (failures === 0 || lastFailureTime === undefined) return 0;
  const d = backoffDelay(failures);
  const elapsed = now - lastFailureTime;
  return d < elapsed ? 0 : d - elapsed;
}

/** Remaining back-off for an index whose last failed pod is `lastFailed` (backoffLimitPerIndex). */
export function remainingTimePerIndex(lastFailed: CPod | undefined, now: number): number {
  if (!lastFailed) return 0;
  const n = indexFailureCount(lastFailed) + indexIgnoredFailureCount(lastFailed) + 1;
  return remainingTime(n, finishedTime(lastFailed), now);
}
