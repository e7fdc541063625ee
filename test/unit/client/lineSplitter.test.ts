import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineSplitter } from '../../../client/src/logs/lineSplitter';

test('lines split across chunks come out whole', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push('hel'), []);
  assert.deepEqual(s.push('lo\nwor'), ['hello']);
  assert.deepEqual(s.push('ld\r\n\nend'), ['world', '']);
  assert.deepEqual(s.flush(), ['end']);
  assert.deepEqual(s.flush(), []);
});

test('a multi-byte character split between chunks is decoded once', () => {
  const s = new LineSplitter();
  const bytes = Buffer.from('naïve ✓\n', 'utf8');
  const out = [...s.push(bytes.subarray(0, 3)), ...s.push(bytes.subarray(3, 8)), ...s.push(bytes.subarray(8))];
  assert.deepEqual(out, ['naïve ✓']);
});

test('an endless line is cut at the limit so memory stays bounded', () => {
  const s = new LineSplitter(10);
  assert.deepEqual(s.push('x'.repeat(25)), ['x'.repeat(10), 'x'.repeat(10)]);
  assert.deepEqual(s.push('\n'), ['x'.repeat(5)]);
});
