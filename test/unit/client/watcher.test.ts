/**
 * The watch's reconnect backoff (pure). Its behaviour against a server (403 retried with this
 * backoff, paged first list, 410 relist, apiserver restart) is proven on the real control plane in
 * test/cluster/watch-logs.test.ts and test/cluster/explorer.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../../../client/src/cluster/watch/watcher';

test('backoff doubles from the base up to the cap', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n)), [250, 500, 1000, 2000, 4000, 4000]);
  assert.deepEqual([1, 2, 3].map((n) => backoffDelay(n, { baseMs: 100, maxMs: 300 })), [100, 200, 300]);
});
