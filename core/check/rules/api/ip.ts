/**
 * IP address parsing as the API server does it for legacy fields (dnsConfig.nameservers,
 * hostAliases[].ip): IPv4 with optional leading zeros ("sloppy"), or IPv6 without a zone. From 1.36
 * (StrictIPCIDRValidation on by default) leading zeros and IPv4-mapped IPv6 are errors; before, they
 * were accepted with a warning. `canonical` is the form the server suggests.
 */
import { isIPv6 } from 'node:net';

export interface ParsedIP {
  /** v4 octets, or v6 16-bit groups */
  v4?: number[];
  v6?: number[];
  leadingZeros: boolean;
  mapped: boolean;
}

function parse4(s: string): { octets: number[]; leadingZeros: boolean } | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let leadingZeros = false;
  const octets: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    if (p.length > 1 && p[0] === '0') leadingZeros = true;
    octets.push(n);
  }
  return { octets, leadingZeros };
}

export function parseIP(s: string): ParsedIP | undefined {
  const v4 = parse4(s);
  if (v4) return { v4: v4.octets, leadingZeros: v4.leadingZeros, mapped: false };
  if (s.includes('%') || !isIPv6(s)) return undefined;
  // an embedded dotted quad becomes two hex groups; then expand "::" to 8 groups
  let text = s;
  let leadingZeros = false;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const q = parse4(text.slice(lastColon + 1));
    if (!q) return undefined;
    leadingZeros = q.leadingZeros;
    text = `${text.slice(0, lastColon + 1)}${((q.octets[0]! << 8) | q.octets[1]!).toString(16)}:${((q.octets[2]! << 8) | q.octets[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (x: string) => (x === '' ? [] : x.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const hs = part(halves[0]!);
  const rs = halves.length === 2 ? part(halves[1]!) : [];
  const fill = 8 - hs.length - rs.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return undefined;
  const groups = [...hs, ...Array(halves.length === 2 ? fill : 0).fill(0), ...rs];
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g))) return undefined;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  return { v6: groups, leadingZeros, mapped };
}

/** The server's preferred spelling: dotted decimal, or RFC 5952 (IPv4-mapped shown as IPv4). */
export function canonicalIP(ip: ParsedIP): string {
  if (ip.v4) return ip.v4.join('.');
  const g = ip.v6!;
  if (ip.mapped) return `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
