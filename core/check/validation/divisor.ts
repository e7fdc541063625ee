/**
 * resourceFieldRef.divisor as the API server checks it: the divisor's canonical quantity form must be
 * one of a few unit values for the resource it divides (cpu: 1m or 1; memory, ephemeral-storage and
 * hugepages: 1 or a unit prefix such as 1Mi or 1G). Zero (or unset) is allowed.
 */
import { parseQuantity, type Quantity } from './quantity';

const BYTE_UNITS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
const CPU_UNITS = ['1m', '1'];
const DEC_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BIN_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** The quantity's canonical text (what resource.Quantity's String() prints), enough to compare with unit values. */
export function canonicalQuantity(q: Quantity): string {
  if (q.num === 0n) return '0';
  const neg = q.num < 0n;
  const num = neg ? -q.num : q.num;
  const sign = neg ? '-' : '';
  const binary = /[KMGTPE]i$/.test(q.text);
  const exponent = /[eE][+-]?\d+$/.test(q.text);
  if (binary && num >= 1024n * q.den && num % q.den === 0n) {
    let v = num / q.den;
    let k = 0;
    while (k < 6 && v % 1024n === 0n) { v /= 1024n; k++; }
    return `${sign}${v}${BIN_SUFFIX[k]}`;
  }
  // decimal: the largest power of 1000 (from nano up) that leaves an integer mantissa
  for (let e = 18; e >= -9; e -= 3) {
    const scaledNum = e >= 0 ? num : num * 10n ** BigInt(-e);
    const scaledDen = e >= 0 ? q.den * 10n ** BigInt(e) : q.den;
    if (scaledNum % scaledDen === 0n) {
      const m = scaledNum / scaledDen;
      return `${sign}${m}${exponent ? (e === 0 ? '' : `e${e}`) : DEC_SUFFIX[e]}`;
    }
  }
  return q.text; // finer than nano: the server rounds; never one of the unit values
}

/** The server's complaint about `divisor` for `resource`, or undefined when it is accepted. */
export function divisorIssue(resource: string, divisor: unknown): string | undefined {
  if (divisor === undefined || divisor === null) return undefined;
  const q = parseQuantity(divisor);
  if (!q || q.num === 0n) return undefined; // unparsable: a decode error elsewhere; zero means unset
  const c = canonicalQuantity(q);
  let allowed: string[] | undefined;
  let what = '';
  if (resource === 'limits.cpu' || resource === 'requests.cpu') { allowed = CPU_UNITS; what = 'cpu'; }
  else if (resource === 'limits.memory' || resource === 'requests.memory') { allowed = BYTE_UNITS; what = 'memory'; }
  else if (resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') { allowed = BYTE_UNITS; what = 'ephemeral-storage'; }
  else if (resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-')) { allowed = BYTE_UNITS; what = 'hugepages'; }
  if (!allowed || allowed.includes(c)) return undefined;
  return `divisor ${JSON.stringify(String(divisor))} is not supported for ${resource}: the ${what} divisor must be one of ${allowed.join(', ')}.`;
}
