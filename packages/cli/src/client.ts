// A small typed client of the Porthole HTTP API, used by the CLI.
import { ErrorBody, Result, ClusterInfo, PendingCommand } from '@porthole/protocol';
import { z } from 'zod';

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly commandId?: string,
  ) {
    super(message);
  }
}

export interface PortholeClient {
  clusters(): Promise<ClusterInfo[]>;
  exec(clusterId: string, command: string[], timeoutSeconds?: number): Promise<Result>;
  result(id: string, waitSeconds: number): Promise<Result | PendingCommand>;
}

export function createClient(baseUrl: string, apiKey: string): PortholeClient {
  const base = baseUrl.replace(/\/+$/, '');
  async function call<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ): Promise<T> {
    const res = await fetch(base + path, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const parsed = ErrorBody.safeParse(json);
      const commandId = (json as { commandId?: unknown } | null)?.commandId;
      throw parsed.success
        ? new GatewayError(
            res.status,
            parsed.data.error.code,
            parsed.data.error.message,
            typeof commandId === 'string' ? commandId : undefined,
          )
        : new GatewayError(res.status, 'http_error', `HTTP ${res.status}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new GatewayError(
        res.status,
        'bad_response',
        'the server answered with an unexpected shape',
      );
    return parsed.data;
  }
  return {
    clusters: async () =>
      (await call('GET', '/v1/clusters', z.object({ clusters: z.array(ClusterInfo) }))).clusters,
    exec: (clusterId, command, timeoutSeconds) =>
      call('POST', `/v1/clusters/${encodeURIComponent(clusterId)}/exec`, Result, {
        command,
        ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
      }),
    result: (id, waitSeconds) =>
      call(
        'GET',
        `/v1/commands/${encodeURIComponent(id)}?wait=${waitSeconds}`,
        z.union([Result, PendingCommand]),
      ),
  };
}
