// Request headers read straight off Node's request when this app is served by http-server.ts.
// hono's c.req.header() makes node-server build a whole web Headers object on the first read
// (about 12 KB allocated per request, measured with V8's sampling heap profiler), for the two or
// three headers a request's path reads. A request that is not Node's own takes hono's path.
import type { Context } from 'hono';
import { nodeOf } from './body.js';

/**
 * The value of header `name` as web Headers.get gives it: every field of that name,
 * in order, joined by ", "; undefined when there is none. A repeated Authorization therefore
 * reads as one malformed value, never as its first or last copy.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const node = nodeOf(c);
  if (!node) return c.req.header(name);
  const wanted = name.toLowerCase();
  const raw = node.incoming.rawHeaders;
  let value: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const field = raw[i]!;
    if (field.length !== wanted.length || field.toLowerCase() !== wanted) continue;
    value = value === undefined ? raw[i + 1]! : `${value}, ${raw[i + 1]!}`;
  }
  return value;
}
