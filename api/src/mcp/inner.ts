// In-process calls into the same hono app on behalf of an MCP tool call: the caller's own
// credential, address and user agent, and the via mark in the env bindings. Authentication,
// scopes, rate limits, policy, audit and metrics are the HTTP API's own, not a second copy.
import type { z } from 'zod';
import type { ErrorCode } from '@porthole/protocol';
import { ApiErrorBody } from './schemas.js';
import { bindVia, type McpClient } from './via.js';

/** The app's fetch (app.fetch): a request and the env bindings it runs with. */
export type AppFetch = (request: Request, env: object) => Response | Promise<Response>;

/** What the inner request keeps of the outer one: who calls and from where, nothing else. */
const FORWARDED = ['authorization', 'user-agent', 'x-forwarded-for'] as const;

/** An API error answer, as a tool reports it. */
export interface ApiFailure {
  status: number;
  code: ErrorCode;
  message: string;
  rule?: string;
  suggestion?: string;
  /** On a timeout: the command can still be read later. */
  commandId?: string;
}

export type ApiReply<T> = { ok: true; body: T } | { ok: false; failure: ApiFailure };

export interface ApiCaller {
  call<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    options?: { body?: unknown; signal?: AbortSignal },
  ): Promise<ApiReply<T>>;
}

/** Thrown when the API answers outside its contract: a defect, reported as an internal error. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

export function apiCaller(options: {
  fetch: AppFetch;
  /** The /mcp request this tool call arrived in. */
  outer: Request;
  /** Its env bindings (node-server's socket): the inner requests come from the same peer. */
  env: unknown;
  client: McpClient;
}): ApiCaller {
  const { outer } = options;
  const origin = new URL(outer.url).origin;
  const env = bindVia(options.env, options.client);
  return {
    async call(method, path, schema, { body, signal } = {}) {
      const headers = new Headers({ accept: 'application/json' });
      for (const name of FORWARDED) {
        const value = outer.headers.get(name);
        if (value !== null) headers.set(name, value);
      }
      if (body !== undefined) headers.set('content-type', 'application/json');
      // The client going away, or the tool call being cancelled, ends the inner wait too.
      const signals = signal ? [outer.signal, signal] : [outer.signal];
      const response = await options.fetch(
        new Request(origin + path, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.any(signals),
        }),
        env,
      );
      const json: unknown = await response.json();
      if (response.ok) {
        const parsed = schema.safeParse(json);
        if (!parsed.success)
          throw new ContractViolation(`${method} ${routeOf(path)} answered an unexpected shape`);
        return { ok: true, body: parsed.data };
      }
      const error = ApiErrorBody.safeParse(json);
      if (!error.success)
        throw new ContractViolation(`${method} ${routeOf(path)} answered an unexpected error`);
      const { code, message, rule, suggestion, commandId } = error.data;
      return {
        ok: false,
        failure: {
          status: response.status,
          code,
          message,
          ...(rule === undefined ? {} : { rule }),
          ...(suggestion === undefined ? {} : { suggestion }),
          ...(commandId === undefined ? {} : { commandId }),
        },
      };
    },
  };
}

/** The path without its query (a cursor), for a log line. */
function routeOf(path: string): string {
  return path.split('?')[0] ?? path;
}
