// The caller's address: the socket peer, or the right-most X-Forwarded-For hop our proxies vouch for.
import type { Context } from 'hono';
import { formatIp, parseIp, type CidrSet, type Ip } from './cidr.js';
import { requestHeader } from './headers.js';

/** What PORTHOLE_TRUST_PROXY and PORTHOLE_TRUSTED_PROXIES say. */
export interface ProxyTrust {
  trustProxy: boolean;
  /** null = trust any peer and take one hop (the right-most entry). */
  trustedProxies: CidrSet | null;
}

/** More trusted hops than this and the chain is not believed: the peer is the answer. */
const MAX_HOPS = 32;

/**
 * Each proxy appends the address it received the request from, so every entry right of the
 * client's own text was written by a proxy. Walking from the right over our trusted proxies, the
 * first untrusted entry is the client; it must be a bare IP, else the peer stands (a malformed
 * hop is the client's text or a proxy we do not understand, and neither may pick the address).
 * `forwardedFor` is the header's lines joined in order, or null when there is none.
 */
export function pickClientIp(
  peer: string | undefined,
  forwardedFor: string | null,
  trust: ProxyTrust,
): string {
  const { ip: peerIp, text: fallback } = peer === undefined ? UNKNOWN_PEER : peerOf(peer);
  if (!trust.trustProxy || forwardedFor === null) return fallback;
  const proxies = trust.trustedProxies;
  if (proxies !== null && (peerIp === null || !proxies.has(peerIp))) return fallback;

  let end = forwardedFor.length;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const start = forwardedFor.lastIndexOf(',', end - 1);
    const ip = parseIp(forwardedFor.slice(start + 1, end).trim());
    if (ip === null) return fallback;
    if (proxies === null || !proxies.has(ip)) return formatIp(ip);
    // Every hop is one of ours: the first proxy's own address is the client.
    if (start < 0) return formatIp(ip);
    end = start;
  }
  return fallback;
}

interface Peer {
  ip: Ip | null;
  text: string;
}

const UNKNOWN_PEER: Peer = { ip: null, text: 'unknown' };

/** Peers seen lately, parsed: every request asks for its peer's address, a few times. */
const peers = new Map<string, Peer>();
const MAX_PEERS = 1024;

function peerOf(peer: string): Peer {
  let known = peers.get(peer);
  if (!known) {
    const ip = parseIp(stripZone(peer));
    known = ip ? { ip, text: formatIp(ip) } : UNKNOWN_PEER;
    if (peers.size >= MAX_PEERS) peers.clear();
    peers.set(peer, known);
  }
  return known;
}

/** Socket addresses of link-local peers may carry a zone (`fe80::1%eth0`). */
function stripZone(address: string): string {
  const at = address.indexOf('%');
  return at < 0 ? address : address.slice(0, at);
}

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

export function clientIp(c: Context, trust: ProxyTrust): string {
  // c.env holds node-server's bindings; absent under app.request() in tests.
  const peer = (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
  return pickClientIp(peer, requestHeader(c, 'x-forwarded-for') ?? null, trust);
}
