import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndexSet, formatIndexes, parseIndexRanges, parseIndexes } from '../../core/workloads/indexRanges';

test('format: runs of 3+ become a-b, runs of 2 stay a,b', () => {
  assert.equal(formatIndexes([1, 3, 4, 5, 7]), '1,3-5,7');
  assert.equal(formatIndexes([2, 3, 5, 6, 7]), '2,3,5-7');
  assert.equal(formatIndexes([0, 1]), '0,1');
  assert.equal(formatIndexes([]), '');
  assert.equal(formatIndexes([5, 0, 5, 1, 2]), '0-2,5');
  assert.equal(formatIndexes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), '0-9');
});

test('parse: tolerant like the controller (skip corrupt items, clamp, stop at completions)', () => {
  assert.deepEqual(parseIndexes('0,1-foo,bar', 10), [0]);
  assert.deepEqual(parseIndexRanges('0-5,8-10', 10), [
    { first: 0, last: 5 },
    { first: 8, last: 9 },
  ]);
  assert.deepEqual(parseIndexes('1,3-5,7'), [1, 3, 4, 5, 7]);
  assert.deepEqual(parseIndexes('2,12,3', 10), [2]); // parsing stops at the first item >= completions
  assert.deepEqual(parseIndexRanges('0,1,2,4'), [
    { first: 0, last: 2 },
    { first: 4, last: 4 },
  ]);
  assert.deepEqual(parseIndexes(''), []);
  assert.deepEqual(parseIndexes(undefined), []);
});

test('round trip of random sets', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let n = 0; n < 200; n++) {
    const xs = new Set<number>();
    const k = Math.floor(rnd() * 40);
    for (let i = 0; i < k; i++) xs.add(Math.floor(rnd() * 60));
    const sorted = [...xs].sort((a, b) => a - b);
    const text = formatIndexes(xs);
    assert.deepEqual(parseIndexes(text), sorted, text);
    const s = IndexSet.parse(text);
    assert.equal(s.size, sorted.length);
    assert.equal(s.toString(), text);
  }
});

test('IndexSet nextPresent: the first member at or after an index', () => {
  const s = IndexSet.from([3, 4, 5, 10]);
  assert.equal(s.nextPresent(0), 3);
  assert.equal(s.nextPresent(4), 4);
  assert.equal(s.nextPresent(6), 10);
  assert.equal(s.nextPresent(10), 10);
  assert.equal(s.nextPresent(11), Infinity);
  assert.equal(new IndexSet().nextPresent(0), Infinity);
});

test('IndexSet add/delete/has/nextAbsent/truncate keep intervals merged', () => {
  const s = new IndexSet();
  assert.equal(s.add(3), true);
  assert.equal(s.add(3), false);
  s.add(5);
  s.add(4);
  assert.deepEqual(s.intervals(), [{ first: 3, last: 5 }]);
  assert.equal(s.size, 3);
  assert.equal(s.nextAbsent(0), 0);
  assert.equal(s.nextAbsent(4), 6);
  assert.equal(s.delete(4), true);
  assert.equal(s.toString(), '3,5');
  assert.equal(s.has(4), false);
  s.addRange(0, 200);
  assert.equal(s.size, 201);
  assert.equal(s.toString(), '0-200');
  s.truncate(100);
  assert.equal(s.toString(), '0-99');
  assert.equal(s.size, 100);
  s.truncate(100); // nothing left at or above the limit: unchanged
  s.truncate(5000);
  assert.equal(s.toString(), '0-99');
  assert.equal(s.size, 100);
  const c = s.clone();
  c.delete(50);
  assert.equal(s.size, 100);
  assert.equal(c.toString(), '0-49,51-99');
});

test('IndexSet handles 20,000 interleaved indexes', () => {
  const s = new IndexSet();
  for (let i = 1; i < 20_000; i += 2) s.add(i);
  for (let i = 0; i < 20_000; i += 2) s.add(i);
  assert.equal(s.toString(), '0-19999');
  assert.equal(s.size, 20_000);
});
