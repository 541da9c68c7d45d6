// A small typed client of the Porthole HTTP API, used by the CLI.
import {
  ClusterList,
  ErrorBody,
  ExecResult,
  FleetExecResponse,
  OutputPage,
  PendingCommand,
} from '@porthole/protocol';
import type { ClusterInfo, Command } from '@porthole/protocol';
import { z } from 'zod';

/** The API answered with an error body (or something that is not one). */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail: { commandId?: string; suggestion?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}

/** The API could not be reached at all; the message names the URL, never the key. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  constructor(
    readonly url: string,
    reason: string,
    options?: { cause: unknown },
  ) {
    super(`cannot reach ${url}: ${reason}`, options);
  }
}

export interface ExecOptions {
  timeoutSeconds?: number;
  /** The first page's budget (CONTRACT §3a); the rest is read through nextCursor. */
  maxOutputBytes?: number;
}

export interface PortholeClient {
  /** The base URL as it may be shown: without user info. */
  readonly url: string;
  clusters(): Promise<ClusterInfo[]>;
  exec(
    clusterId: string,
    command: z.infer<typeof Command>,
    options?: ExecOptions,
  ): Promise<ExecResult>;
  fleet(
    clusters: string[],
    command: z.infer<typeof Command>,
    options?: ExecOptions,
  ): Promise<FleetExecResponse>;
  result(id: string, waitSeconds: number, maxBytes?: number): Promise<ExecResult | PendingCommand>;
  output(id: string, cursor: string, maxBytes?: number): Promise<OutputPage>;
}

/** `https://u:p@host/x/` → `https://host/x`: a URL fit for an error message. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return '(invalid URL)';
  }
}

/** Why fetch failed, in a word a person can act on (ECONNREFUSED, ENOTFOUND, …). */
function connectionReason(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return err instanceof Error ? err.message : 'network error';
}

export function createClient(baseUrl: string, apiKey: string): PortholeClient {
  const base = baseUrl.replace(/\/+$/, '');
  const shown = displayUrl(base);
  async function call<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (err) {
      throw new ConnectionError(shown, connectionReason(err), { cause: err });
    }
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const parsed = ErrorBody.safeParse(json);
      if (!parsed.success)
        throw new GatewayError(res.status, 'http_error', `HTTP ${res.status} from ${shown}`);
      const commandId = parsed.data.commandId;
      const { code, message, suggestion } = parsed.data.error;
      const retryAfter = Number(res.headers.get('retry-after'));
      throw new GatewayError(res.status, code, message, {
        ...(typeof commandId === 'string' ? { commandId } : {}),
        ...(suggestion === undefined ? {} : { suggestion }),
        ...(Number.isInteger(retryAfter) && retryAfter > 0
          ? { retryAfterSeconds: retryAfter }
          : {}),
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new GatewayError(
        res.status,
        'bad_response',
        `${shown} answered with an unexpected shape (is it a Porthole API?)`,
      );
    return parsed.data;
  }
  const budget = (options: ExecOptions) => ({
    ...(options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds }),
    ...(options.maxOutputBytes === undefined ? {} : { maxOutputBytes: options.maxOutputBytes }),
  });
  const maxBytesQuery = (maxBytes: number | undefined) =>
    maxBytes === undefined ? '' : `&maxBytes=${maxBytes}`;
  return {
    url: shown,
    clusters: async () => (await call('GET', '/v1/clusters', ClusterList)).clusters,
    exec: (clusterId, command, options = {}) =>
      call('POST', `/v1/clusters/${encodeURIComponent(clusterId)}/exec`, ExecResult, {
        command,
        ...budget(options),
      }),
    fleet: (clusters, command, options = {}) =>
      call('POST', '/v1/fleet/exec', FleetExecResponse, { clusters, command, ...budget(options) }),
    result: (id, waitSeconds, maxBytes) =>
      call(
        'GET',
        `/v1/commands/${encodeURIComponent(id)}?wait=${waitSeconds}${maxBytesQuery(maxBytes)}`,
        z.union([ExecResult, PendingCommand]),
      ),
    output: (id, cursor, maxBytes) =>
      call(
        'GET',
        `/v1/commands/${encodeURIComponent(id)}/output?cursor=${encodeURIComponent(cursor)}${maxBytesQuery(maxBytes)}`,
        OutputPage,
      ),
  };
}
