/**
 * The scans and regexes that replaced quadratic patterns (issue #16) accept exactly what the old
 * patterns accepted, with the same captures: the old pattern is the oracle on random short texts
 * over the characters that matter to it (adversarial.test.ts proves the new ones are linear).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matchKey, withoutQuoted } from '../../core/completion/cursor';
import { isIqn } from '../../core/check/rules/api/legacyVolumeSources';
import { QUANTITY_RE } from '../../core/check/validation/quantity';

const text = (chars: string[], maxLength = 24) => fc.string({ unit: fc.constantFrom(...chars), maxLength });
const RUNS = { numRuns: 20_000, seed: 16 };

test('quantity pattern: same matches and groups as ^([+-]?)(\\d+\\.?\\d*|\\.\\d+)(…)$', () => {
  const OLD = /^([+-]?)(\d+\.?\d*|\.\d+)(|[numkMGTPE]|[KMGTPE]i|[eE][+-]?\d+)$/;
  fc.assert(fc.property(text(['1', '0', '.', '+', '-', 'e', 'E', 'i', 'K', 'M', 'm', 'n', 'x', ' ']), (s) => {
    assert.deepEqual(QUANTITY_RE.exec(s)?.slice(0, 4), OLD.exec(s)?.slice(0, 4));
  }), RUNS);
});

test('iqn names: isIqn agrees with the API server pattern', () => {
  const OLD = /iqn\.\d{4}-\d{2}\.([A-Za-z0-9.-]+)(:[^,;*&$|\t\n\f\r ]+)$/;
  const unit = fc.oneof(fc.constantFrom('iqn.2001-04.', 'iqn.', 'iqn', '2001', '-04', '.'), fc.constantFrom('a', '1', '-', ':', ' ', ',', '\n', 'q', '.'));
  fc.assert(fc.property(fc.string({ unit, maxLength: 10 }), (s) => {
    assert.equal(isIqn(s), OLD.test(s), JSON.stringify(s));
  }), RUNS);
});

test('completion keys: matchKey reads the same key and length as the old key pattern', () => {
  const OLD = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\-?:,[\]{}][^#]*?|-[^\s#][^#]*?)\s*:(?=\s|$)/;
  fc.assert(fc.property(text(['a', 'b', ' ', '\t', ':', '#', '"', "'", '\\', '-', '?', '[', '{', ',', '\r', '\n', '\u00a0', '\u2028']), (s) => {
    const m = OLD.exec(s);
    assert.deepEqual(matchKey(s), m ? { name: m[1], length: m[0].length } : undefined, JSON.stringify(s));
  }), RUNS);
});

test('comment detection: withoutQuoted replaces quoted strings exactly as the old global replace', () => {
  const OLD = /"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g;
  fc.assert(fc.property(text(['a', ' ', '#', '"', "'", '\\', '\n', '\r', '\u2028']), (s) => {
    assert.equal(withoutQuoted(s), s.replace(OLD, '""'), JSON.stringify(s));
  }), RUNS);
});
