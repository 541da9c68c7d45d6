// The caller's address: the socket peer, or X-Forwarded-For's first hop behind a trusted proxy.
import type { Context } from 'hono';
import { isIP } from 'node:net';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const first = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (first && isIP(first)) return first;
  }
  // c.env holds node-server's bindings; absent under app.request() in tests.
  const peer = (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
  return peer && isIP(peer) ? peer : 'unknown';
}
