// The mark an MCP tool call puts on the in-process requests it makes: carried in hono's env
// bindings (the second argument of app.fetch), which no HTTP client can set, never in a header.
import type { AuditVia } from '../audit.js';
import { safeText } from '../safe-text.js';

/** What the MCP client declared in `initialize` (clientInfo), bounded and scrubbed. */
export interface McpClient {
  name: string | null;
  version: string | null;
}

/** How long a client's declared name and version may be once quoted. */
export const CLIENT_NAME_CHARS = 64;
export const CLIENT_VERSION_CHARS = 32;

/** Module-private: nothing but bindVia can write it, so no caller can claim to be MCP. */
const VIA = Symbol('porthole.via');

interface ViaBindings {
  [VIA]?: AuditVia;
}

/** The client's declared name and version as the audit may quote them. */
export function boundClient(name: unknown, version: unknown): McpClient {
  const quote = (value: unknown, max: number) =>
    typeof value === 'string' && value.length > 0 ? safeText(value, max) : null;
  return { name: quote(name, CLIENT_NAME_CHARS), version: quote(version, CLIENT_VERSION_CHARS) };
}

/**
 * The env for an in-process request made on behalf of an MCP client: the outer request's bindings
 * (node-server's socket, so the caller's address stays the same) plus the mark.
 */
export function bindVia(env: unknown, client: McpClient): object {
  const via: AuditVia = { via: 'mcp', client_name: client.name, client_version: client.version };
  const base = typeof env === 'object' && env !== null ? env : {};
  return { ...base, [VIA]: via };
}

/** The mark, when this request was made by an MCP tool call; null for everything else. */
export function viaOf(env: unknown): AuditVia | null {
  if (typeof env !== 'object' || env === null) return null;
  return (env as ViaBindings)[VIA] ?? null;
}
