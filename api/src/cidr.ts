// IP addresses and CIDR ranges, IPv4 and IPv6 alike, for PORTHOLE_TRUSTED_PROXIES and the client address.
import { isIPv4, isIPv6 } from 'node:net';

/** An address as bytes: 4 for IPv4, 16 for IPv6. IPv4-mapped IPv6 is always folded to IPv4. */
export interface Ip {
  readonly bytes: Uint8Array;
}

interface Cidr {
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

/** The longest text parseIp looks at: a full IPv6 address with an IPv4 tail is 45 characters. */
const MAX_IP_CHARS = 45;

/**
 * A bare IPv4 or IPv6 address, or null: no port, no brackets, no zone, no surrounding space.
 * `::ffff:a.b.c.d` (and its hex spelling) is read as the IPv4 address it maps.
 */
export function parseIp(text: string): Ip | null {
  if (text.length === 0 || text.length > MAX_IP_CHARS) return null;
  if (isIPv4(text)) return { bytes: parseV4(text) };
  // Node accepts zone ids (`fe80::1%eth0`); an address for an audit record or a bucket has none.
  if (!isIPv6(text) || text.includes('%')) return null;
  const bytes = parseV6(text);
  return { bytes: isMapped(bytes) ? bytes.slice(12) : bytes };
}

/** The canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as `::`). */
export function formatIp(ip: Ip): string {
  const b = ip.bytes;
  if (b.length === 4) return b.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  let best = -1;
  let bestLen = 1; // a single zero group is not shortened
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/** The canonical text of an address, or null when it is not one. */
export function canonicalIp(text: string): string | null {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : null;
}

function parseV4(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number));
}

/** Only called on text node:net accepted as IPv6. */
function parseV6(text: string): Uint8Array {
  const out = new Uint8Array(16);
  let body = text;
  let tail: Uint8Array | null = null;
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    tail = parseV4(body.slice(lastColon + 1));
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = body.split('::') as [string, string | undefined];
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  all.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  if (tail) out.set(tail, 12);
  return out;
}

function isMapped(b: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** A set of CIDR ranges; an address matches a range of its own family only. */
export class CidrSet {
  readonly #ranges: readonly Cidr[];

  constructor(ranges: readonly Cidr[]) {
    this.#ranges = ranges;
  }

  get size(): number {
    return this.#ranges.length;
  }

  has(ip: Ip): boolean {
    return this.#ranges.some((r) => r.bytes.length === ip.bytes.length && within(ip.bytes, r));
  }
}

function within(bytes: Uint8Array, range: Cidr): boolean {
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (range.bytes[i]! & mask)) return false;
  }
  return true;
}

/**
 * `10.0.0.0/8, 192.168.1.7, 2001:db8::/32, ::ffff:10.1.0.0/112`: comma-separated, spaces
 * around entries ignored, a bare address is a single host. A mapped IPv6 range is folded to the
 * IPv4 range it covers. Returns the first problem as a sentence naming the entry's position.
 */
export function parseCidrList(text: string): { set: CidrSet } | { error: string } {
  const entries = text.split(',').map((e) => e.trim());
  const ranges: Cidr[] = [];
  for (const [i, entry] of entries.entries()) {
    if (entry === '') continue;
    const range = parseCidr(entry);
    if (range === null) {
      const shown = entry.length > 64 ? `${entry.slice(0, 64)}…` : entry;
      return { error: `entry ${i + 1} (${JSON.stringify(shown)}) is not an IPv4 or IPv6 CIDR` };
    }
    ranges.push(range);
  }
  if (ranges.length === 0) return { error: 'lists no CIDR range' };
  return { set: new CidrSet(ranges) };
}

function parseCidr(entry: string): Cidr | null {
  const slash = entry.indexOf('/');
  const addr = slash < 0 ? entry : entry.slice(0, slash);
  const prefixText = slash < 0 ? null : entry.slice(slash + 1);
  if (addr.length === 0 || addr.length > MAX_IP_CHARS) return null;
  let bytes: Uint8Array;
  if (isIPv4(addr)) bytes = parseV4(addr);
  else if (isIPv6(addr) && !addr.includes('%')) bytes = parseV6(addr);
  else return null;
  const width = bytes.length * 8;
  let prefix = width;
  if (prefixText !== null) {
    if (!/^(?:0|[1-9][0-9]{0,2})$/.test(prefixText)) return null;
    prefix = Number(prefixText);
    if (prefix > width) return null;
  }
  if (bytes.length === 16 && isMapped(bytes) && prefix >= 96) {
    return { bytes: bytes.slice(12), prefix: prefix - 96 };
  }
  return { bytes, prefix };
}
