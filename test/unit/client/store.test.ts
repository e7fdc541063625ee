import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ObjectStore } from '../../../client/src/cluster/watch/store';
import { jobUidOfPod, type JobObject, type PodObject } from '../../../client/src/jobs/types';
import { job, modified, pod } from './fixtures';

test('ADDED, MODIFIED, DELETED keep one object per namespace/name', () => {
  const s = new ObjectStore<JobObject>();
  const a = job('a');
  assert.deepEqual(s.apply({ type: 'ADDED', object: a }).keys, ['team-a/a']);
  const a2 = modified(a, (j) => (j.status = { active: 1 }));
  s.apply({ type: 'MODIFIED', object: a2 });
  assert.equal(s.get('team-a/a')?.status?.active, 1);
  assert.equal(s.size, 1);
  s.apply({ type: 'DELETED', object: a2 });
  assert.equal(s.size, 0);
});

test('duplicate events (same uid and resourceVersion) report no change', () => {
  const s = new ObjectStore<JobObject>();
  const a = job('a');
  s.apply({ type: 'ADDED', object: a });
  assert.deepEqual(s.apply({ type: 'ADDED', object: a }).keys, []);
  assert.deepEqual(s.apply({ type: 'MODIFIED', object: structuredClone(a) }).keys, []);
});

test('out of order: a late ADDED does not overwrite a newer MODIFIED', () => {
  const s = new ObjectStore<JobObject>();
  const a = job('a');
  const a2 = modified(a, (j) => (j.status = { succeeded: 1 }));
  s.apply({ type: 'MODIFIED', object: a2 });
  s.apply({ type: 'ADDED', object: a });
  assert.equal(s.get('team-a/a')?.status?.succeeded, 1);
});

test('out of order: a MODIFIED after DELETED does not resurrect a ghost', () => {
  const s = new ObjectStore<JobObject>();
  const a = job('a');
  s.apply({ type: 'ADDED', object: a });
  const late = modified(a, (j) => (j.status = { active: 2 }));
  s.apply({ type: 'DELETED', object: a });
  assert.deepEqual(s.apply({ type: 'MODIFIED', object: late }).keys, []);
  assert.equal(s.size, 0);
});

test('a recreated object (same name, new uid) replaces the old one; a late DELETED of the old uid is ignored', () => {
  const s = new ObjectStore<JobObject>();
  const old = job('a', { uid: 'u1' });
  const fresh = job('a', { uid: 'u2' });
  s.apply({ type: 'ADDED', object: old });
  s.apply({ type: 'ADDED', object: fresh });
  assert.equal(s.get('team-a/a')?.metadata?.uid, 'u2');
  s.apply({ type: 'DELETED', object: old });
  assert.equal(s.get('team-a/a')?.metadata?.uid, 'u2');
});

test('RELIST (after 410 Gone or a reconnect) drops objects deleted meanwhile and adds new ones', () => {
  const s = new ObjectStore<JobObject>();
  const a = job('a');
  const b = job('b');
  s.apply({ type: 'RELIST', items: [a, b] });
  const c = job('c');
  const b2 = modified(b, (j) => (j.status = { failed: 1 }));
  const ch = s.apply({ type: 'RELIST', items: [b2, c] });
  assert.deepEqual([...s.values()].map((j) => j.metadata?.name).sort(), ['b', 'c']);
  assert.deepEqual(ch.keys.sort(), ['team-a/a', 'team-a/b', 'team-a/c']);
  // an event for the object the relist removed does not bring it back
  assert.deepEqual(s.apply({ type: 'MODIFIED', object: modified(a, () => undefined) }).keys, []);
});

test('the group index follows pods to their Job and reports changed groups', () => {
  const j = job('a');
  const s = new ObjectStore<PodObject>(jobUidOfPod);
  const p1 = pod(j, 'a-1', { index: 0 });
  const ch = s.apply({ type: 'ADDED', object: p1 });
  assert.deepEqual(ch.groups, ['uid-a']);
  s.apply({ type: 'ADDED', object: pod(j, 'a-2', { index: 1 }) });
  assert.equal(s.inGroup('uid-a').length, 2);
  assert.deepEqual(s.apply({ type: 'DELETED', object: p1 }).groups, ['uid-a']);
  assert.deepEqual(s.inGroup('uid-a').map((p) => p.metadata?.name), ['a-2']);
  s.apply({ type: 'RELIST', items: [] });
  assert.deepEqual(s.inGroup('uid-a'), []);
});
