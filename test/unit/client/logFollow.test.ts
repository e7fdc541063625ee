import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogFollower, splitTimestamp, type FollowAction } from '../../../client/src/logs/follower';
import { job, modified, pod } from './fixtures';

const kinds = (a: FollowAction[]) => a.map((x) => (x.type === 'start' ? `start ${x.pod}` : x.type === 'marker' ? `marker ${x.text}` : x.type === 'stop' ? `stop ${x.key}` : `end ${x.reason}`));

test('following an index moves to the retry pod after the failed attempt, in order', () => {
  const j = job('ix', { indexed: true, completions: 2 });
  const f = new LogFollower({ kind: 'index', index: 0 });
  const p1pending = pod(j, 'ix-0-a', { index: 0, phase: 'Pending', created: '2026-01-01T00:00:00Z' });
  assert.deepEqual(kinds(f.update(j, [p1pending])), [], 'nothing to read before the container starts');
  const p1 = modified(p1pending, (p) => {
    p.status = { phase: 'Running', containerStatuses: [{ name: 'main', restartCount: 0, state: { running: {} } }] };
  });
  assert.deepEqual(kinds(f.update(j, [p1])), ['marker ── index 0 · attempt 1 · pod ix-0-a ──', 'start ix-0-a']);
  const p1f = modified(p1, (p) => {
    p.status = { phase: 'Failed', containerStatuses: [{ name: 'main', restartCount: 0, state: { terminated: { exitCode: 1 } } }] };
  });
  const p2 = pod(j, 'ix-0-b', { index: 0, phase: 'Running', created: '2026-01-01T00:00:09Z', failureCount: 1 });
  // The retry appears before attempt 1's stream has drained: it must wait.
  assert.deepEqual(kinds(f.update(j, [p1f, p2])), []);
  assert.deepEqual(kinds(f.streamEnded('uid-ix-0-a/main')), ['marker ── index 0 · attempt 2 · pod ix-0-b ──', 'start ix-0-b']);
  const p2s = modified(p2, (p) => {
    p.status = { phase: 'Succeeded', containerStatuses: [{ name: 'main', restartCount: 0, state: { terminated: { exitCode: 0 } } }] };
  });
  assert.deepEqual(kinds(f.update(j, [p1f, p2s])), []);
  assert.deepEqual(kinds(f.streamEnded('uid-ix-0-b/main')), ['marker ── index 0 succeeded ──', 'end index 0 succeeded']);
  assert.ok(f.isEnded);
});

test('a failed index with no retry coming ends when the Job finishes', () => {
  const j = job('ix', { indexed: true, completions: 1 });
  const f = new LogFollower({ kind: 'index', index: 0 });
  f.update(j, [pod(j, 'p', { index: 0 })]);
  f.update(j, [pod(j, 'p', { index: 0, phase: 'Failed' })]);
  assert.deepEqual(kinds(f.streamEnded('uid-p/main')), []);
  const failed = modified(j, (x) => (x.status = { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] }));
  assert.deepEqual(kinds(f.update(failed, [pod(j, 'p', { index: 0, phase: 'Failed' })])), ['marker ── the Job finished (Failed) ──', 'end the Job finished (Failed)']);
});

test('whole-Job follow opens every pod with an index/pod prefix and ends with the Job', () => {
  const j = job('ix', { indexed: true, completions: 2, parallelism: 2 });
  const f = new LogFollower({ kind: 'job' });
  const a = f.update(j, [pod(j, 'p0', { index: 0 }), pod(j, 'p1', { index: 1, phase: 'Pending' })]);
  assert.deepEqual(a.filter((x) => x.type === 'start').map((x) => (x as any).prefix), ['[0/p0] ']);
  const b = f.update(j, [pod(j, 'p0', { index: 0 }), pod(j, 'p1', { index: 1 })]);
  assert.deepEqual(kinds(b), ['start p1']);
  const done = modified(j, (x) => (x.status = { conditions: [{ type: 'Complete', status: 'True' }] }));
  const pods = [pod(j, 'p0', { index: 0, phase: 'Succeeded' }), pod(j, 'p1', { index: 1, phase: 'Succeeded' })];
  assert.deepEqual(kinds(f.update(done, pods)), []);
  f.streamEnded('uid-p0/main');
  assert.deepEqual(kinds(f.streamEnded('uid-p1/main')), ['marker ── the Job finished (Complete) ──', 'end the Job finished (Complete)']);
});

test('a restarted container resumes with a marker; a deleted pod ends the follow with a marker', () => {
  const j = job('w');
  const f = new LogFollower({ kind: 'container', pod: 'w-1', container: 'main' });
  assert.deepEqual(kinds(f.update(j, [pod(j, 'w-1')])), ['start w-1']);
  const restarted = pod(j, 'w-1', { restarts: 1 });
  f.update(j, [restarted]);
  assert.deepEqual(kinds(f.streamEnded('uid-w-1/main')), ['marker ── container main restarted (restart 1) ──', 'start w-1']);
  assert.deepEqual(kinds(f.update(j, [])), ['stop uid-w-1/main', 'marker ── pod w-1 was deleted ──', 'marker ── pod w-1 is gone ──', 'end pod w-1 is gone']);
});

test('stop is immediate: every open stream is aborted', () => {
  const j = job('w', { completions: 2, parallelism: 2 });
  const f = new LogFollower({ kind: 'job' });
  f.update(j, [pod(j, 'a'), pod(j, 'b')]);
  assert.deepEqual(kinds(f.stop()), ['stop uid-a/main', 'stop uid-b/main', 'end stopped']);
  assert.deepEqual(f.update(j, [pod(j, 'c')]), []);
});

test('timestamps are split off log lines', () => {
  assert.deepEqual(splitTimestamp('2026-01-01T00:00:01.123456789Z hello world'), { ts: '2026-01-01T00:00:01.123456789Z', text: 'hello world' });
  assert.deepEqual(splitTimestamp('plain line'), { text: 'plain line' });
});
