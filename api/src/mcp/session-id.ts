// The Mcp-Session-Id /mcp hands out. No session is kept anywhere (any replica serves any request);
// the id carries what the client declared in `initialize` (clientInfo name and version), so the
// tool calls that follow, each its own HTTP request, can be audited with it. It proves nothing:
// clientInfo is the client's own word either way, and it is quoted as such (bounded, scrubbed).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { boundClient, CLIENT_NAME_CHARS, CLIENT_VERSION_CHARS, type McpClient } from './via.js';

const PREFIX = 'ph1.';
/** Longer than any id this server issues; anything longer is not read at all. */
const MAX_ID_CHARS = 512;

const Payload = z.object({
  n: z
    .string()
    .max(CLIENT_NAME_CHARS + 1)
    .nullable(),
  v: z
    .string()
    .max(CLIENT_VERSION_CHARS + 1)
    .nullable(),
});

export const UNKNOWN_CLIENT: McpClient = Object.freeze({ name: null, version: null });

export function sessionIdFor(client: McpClient): string {
  const payload = Buffer.from(JSON.stringify({ n: client.name, v: client.version }), 'utf8');
  // The random part makes ids unique, as the specification asks; nothing checks it.
  return `${PREFIX}${payload.toString('base64url')}.${randomBytes(12).toString('base64url')}`;
}

/** The client a session id names; UNKNOWN_CLIENT for no id, or one this server did not issue. */
export function clientOfSessionId(id: string | null | undefined): McpClient {
  if (!id || id.length > MAX_ID_CHARS || !id.startsWith(PREFIX)) return UNKNOWN_CLIENT;
  const encoded = id.slice(PREFIX.length).split('.')[0] ?? '';
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    // Client input that is not an id of ours: the calls are audited without a client name.
    return UNKNOWN_CLIENT;
  }
  const payload = Payload.safeParse(decoded);
  // Quoted again: the header is the client's text, whatever this server once wrote into it.
  return payload.success ? boundClient(payload.data.n, payload.data.v) : UNKNOWN_CLIENT;
}
