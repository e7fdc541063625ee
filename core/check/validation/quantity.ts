/**
 * resource.Quantity parsing with exact rational arithmetic (BigInt), enough to compare requests
 * with limits and to tell whole from fractional values the way the API server does.
 */
export interface Quantity {
  /** value = num / den, den > 0 */
  num: bigint;
  den: bigint;
  text: string;
}

// One way to match each text (`\d+\.?\d*` had two for every split of a digit run: quadratic
// backtracking on a long digit string that fails at its end).
export const QUANTITY_RE = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(|[numkMGTPE]|[KMGTPE]i|[eE][+-]?\d+)$/;
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

export const QUANTITY_FORMAT_MESSAGE =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** Parsed string quantities (the same few values recur across a file's Jobs); bounded. */
const parsedCache = new Map<string, Quantity | undefined>();

/** Parses a quantity written as a YAML string or number; undefined when the server would reject it. */
export function parseQuantity(v: unknown): Quantity | undefined {
  if (typeof v === 'string') {
    if (parsedCache.has(v)) return parsedCache.get(v);
    const q = parseQuantityUncached(v);
    if (parsedCache.size >= 4096) parsedCache.clear();
    parsedCache.set(v, q ? Object.freeze(q) : q);
    return q;
  }
  return parseQuantityUncached(v);
}

function parseQuantityUncached(v: unknown): Quantity | undefined {
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return undefined;
    text = String(v);
    if (/e/i.test(text)) {
      // JS renders big/small numbers with an exponent; normalise "1e+21" to a form QUANTITY_RE accepts.
      text = text.replace('e+', 'e');
    }
  } else if (typeof v === 'string') text = v;
  else return undefined;
  const m = QUANTITY_RE.exec(text);
  if (!m) return undefined;
  const [, sign, digits, suffix] = m as unknown as [string, string, string, string];
  const [intPart, fracPart = ''] = digits.split('.');
  let num = BigInt((intPart || '0') + fracPart);
  let den = 10n ** BigInt(fracPart.length);
  if (suffix in BINARY) num *= 2n ** BigInt(BINARY[suffix]!);
  else {
    const exp = suffix in DECIMAL ? DECIMAL[suffix]! : Number(suffix.slice(1));
    if (Math.abs(exp) > 1000) return undefined;
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
  }
  if (sign === '-') num = -num;
  return { num, den, text };
}

export function compareQuantity(a: Quantity, b: Quantity): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function isNegative(q: Quantity): boolean {
  return q.num < 0n;
}

/** True when the value is a whole number (what MilliValue() % 1000 == 0 tests, rounding sub-milli up). */
export function isWhole(q: Quantity): boolean {
  // MilliValue rounds up to the next milli; a value is whole when ceil(v*1000) is a multiple of 1000.
  const milliNum = q.num * 1000n;
  let milli = milliNum / q.den;
  if (milliNum % q.den !== 0n && milliNum > 0n) milli += 1n;
  return milli % 1000n === 0n;
}

/** Native resources are unprefixed or in the kubernetes.io namespace. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

export function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** Requests may be below limits for native, non-hugepage resources only. */
export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePages(name);
}

const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'persistentvolumeclaims', 'configmaps', 'requests.storage']);

/** Any standard (quota or compute) resource name. */
export function isStandardResource(name: string): boolean {
  return STANDARD_RESOURCES.has(name) || isHugePages(name) || name.startsWith('requests.hugepages-');
}

export function isStandardContainerResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || isHugePages(name);
}

/** Extended resources (and hugepages? no) must be whole numbers. */
export function isIntegerResource(name: string): boolean {
  return !isNativeResource(name) && !name.startsWith('requests.');
}
