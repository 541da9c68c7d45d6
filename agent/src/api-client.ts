// The agent's side of the wire to the API: who the token is for, the command channel (a stream,
// or long polls), result posts, lease renewals and health reports.
import {
  AGENT_STREAM_CONTENT_TYPE,
  AGENT_VERSION_HEADER,
  AgentIdentity,
  AgentPollResponse,
  KUBERNETES_VERSION_HEADER,
  type AgentHealth,
  AgentResultBatchReply,
  LeaseRenewalReply,
  type AgentCommand,
  type AgentResultPost,
  type ApiResourceInfo,
} from '@porthole/protocol';
import { createResultBatcher } from './channel/batch.js';
import { createStreamOpener, type StreamAnswer } from './channel/open-stream.js';
import { createPoster } from './channel/post.js';
import { ResultsUnstored, UplinkLost, type ResultUplink } from './channel/uplink.js';

export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The API refused the agent token (401): revoked, expired or unknown. Retrying soon cannot help;
 * an operator has to give the agent a new token.
 */
export class TokenRefused extends ApiError {
  override readonly name = 'TokenRefused';
  constructor(readonly reason: 'revoked' | 'expired' | 'unknown') {
    super(
      401,
      `the API refused the agent token (${reason === 'unknown' ? 'unknown or invalid' : reason})`,
    );
  }
}

/** The refusal a 401 body names (the API's fixed messages), never the body itself. */
export function tokenRefused(body: string): TokenRefused {
  const message = (jsonOrNull(body) as { error?: { message?: unknown } } | null)?.error?.message;
  if (message === 'credential revoked') return new TokenRefused('revoked');
  if (message === 'credential expired') return new TokenRefused('expired');
  return new TokenRefused('unknown');
}

export interface ApiClient {
  /** The cluster the token is for; null from an API that cannot say (older than the route). */
  whoami(): Promise<string | null>;
  /** Reports the agent's health; false from an API that has no such route. */
  reportHealth(health: AgentHealth): Promise<boolean>;
  /** One long poll: the commands handed out (as id and JWS; the rest of the envelope is unused). */
  poll(waitSeconds: number, max: number, signal?: AbortSignal): Promise<AgentCommand[]>;
  /**
   * Opens the command stream for `slots` commands at a time; the caller reads its NDJSON body
   * (or destroys it). Any answer is returned (the caller tells an old API's 404 from a failure);
   * aborting `signal` ends the request and the body.
   */
  /** `upgrade` asks for the stream on the bare connection (101); else the plain stream (200). */
  openStream(
    slots: number,
    instance: string,
    signal: AbortSignal,
    upgrade: boolean,
  ): Promise<StreamAnswer>;
  /** Extends the leases of commands still running here; returns the ids renewed. */
  renewLeases(ids: string[]): Promise<string[]>;
  reportDiscovery(resources: ApiResourceInfo[]): Promise<void>;
  /** 'stored', or 'duplicate' when another replica's result won (409). */
  postResult(id: string, result: AgentResultPost): Promise<'stored' | 'duplicate'>;
  /** Results go up this stream while it lasts (null: by post again). */
  useUplink(uplink: ResultUplink | null): void;
}

export interface ApiClientOptions {
  apiUrl: string;
  token: string;
  agentVersion: string;
  kubernetesVersion: () => string | null;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const post = createPoster(options.apiUrl);
  const getStream = createStreamOpener(options.apiUrl);
  let uplink: ResultUplink | null = null;
  const results = createResultBatcher({
    // Up the stream a batch of one costs no more than a single post.
    batchesOne: () => uplink !== null,
    single: async (id, json) => {
      const res = await post(
        `/v1/agent/commands/${encodeURIComponent(id)}/result`,
        json,
        headers(),
        30_000,
      );
      if (res.status === 204) return 'stored';
      if (res.status === 409) return 'duplicate';
      if (res.status === 404) return 'not_found';
      if (res.status === 403) return 'forbidden';
      throw new ApiError(res.status, `posting the result failed with HTTP ${res.status}`);
    },
    batch: async (body) => {
      const sent = uplink?.send(body);
      if (sent) {
        try {
          return await sent;
        } catch (err) {
          // As a post the store failed would be answered: sent again after the backoff.
          if (err instanceof ResultsUnstored) throw new ApiError(503, err.message);
          if (!(err instanceof UplinkLost)) throw err;
        }
      }
      const res = await post('/v1/agent/results', body, headers(), 30_000);
      // An API from before batches: the route is unknown (404 with no outcomes).
      if (res.status === 404) return null;
      if (res.status !== 200)
        throw new ApiError(res.status, `posting results failed with HTTP ${res.status}`);
      const parsed = AgentResultBatchReply.safeParse(jsonOrNull(res.body));
      if (!parsed.success)
        throw new ApiError(res.status, 'the results answer did not match the agent wire schema');
      return parsed.data;
    },
  });
  const headers = (): Record<string, string> => {
    const h: Record<string, string> = {
      authorization: `Bearer ${options.token}`,
      [AGENT_VERSION_HEADER]: options.agentVersion,
    };
    const kube = options.kubernetesVersion();
    if (kube) h[KUBERNETES_VERSION_HEADER] = kube;
    return h;
  };

  return {
    async whoami() {
      const res = await fetch(`${options.apiUrl}/v1/agent/whoami`, {
        headers: headers(),
        signal: AbortSignal.timeout(30_000),
      });
      const body = await res.text();
      if (res.status === 401) throw tokenRefused(body);
      if (res.status === 404) return null;
      if (res.status !== 200)
        throw new ApiError(
          res.status,
          `asking the API who the token is for failed with HTTP ${res.status}`,
        );
      const parsed = AgentIdentity.safeParse(jsonOrNull(body));
      if (!parsed.success)
        throw new ApiError(res.status, 'the whoami answer did not match the agent wire schema');
      return parsed.data.clusterId;
    },

    async reportHealth(health) {
      const res = await fetch(`${options.apiUrl}/v1/agent/health`, {
        method: 'PUT',
        headers: { ...headers(), 'content-type': 'application/json' },
        body: JSON.stringify(health),
        signal: AbortSignal.timeout(30_000),
      });
      const body = await res.text();
      if (res.status === 401) throw tokenRefused(body);
      if (res.status === 404) return false;
      if (res.status !== 204)
        throw new ApiError(res.status, `reporting health failed with HTTP ${res.status}`);
      return true;
    },

    async poll(waitSeconds, max, signal) {
      const url = `${options.apiUrl}/v1/agent/commands?wait=${waitSeconds}&max=${max}`;
      // The server may hold the request for waitSeconds; allow for that plus a margin.
      const timeout = AbortSignal.timeout((waitSeconds + 10) * 1000);
      const res = await fetch(url, {
        headers: headers(),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      if (res.status === 401) throw tokenRefused(await res.text());
      if (!res.ok) throw new ApiError(res.status, `poll failed with HTTP ${res.status}`);
      const parsed = AgentPollResponse.safeParse(await res.json());
      if (!parsed.success)
        throw new ApiError(res.status, 'poll answer did not match the agent wire schema');
      return parsed.data.commands.map((c) => ({ id: c.id, jws: c.signature }));
    },

    openStream(slots, instance, signal, upgrade) {
      return getStream(
        `/v1/agent/stream?slots=${slots}&instance=${instance}`,
        { ...headers(), accept: AGENT_STREAM_CONTENT_TYPE },
        signal,
        upgrade,
      );
    },

    async renewLeases(ids) {
      const res = await post('/v1/agent/leases', JSON.stringify({ ids }), headers(), 10_000);
      if (res.status !== 200)
        throw new ApiError(res.status, `renewing leases failed with HTTP ${res.status}`);
      const parsed = LeaseRenewalReply.safeParse(jsonOrNull(res.body));
      if (!parsed.success)
        throw new ApiError(res.status, 'lease renewal answer did not match the agent wire schema');
      return parsed.data.renewed;
    },

    async reportDiscovery(resources) {
      const res = await fetch(`${options.apiUrl}/v1/agent/discovery`, {
        method: 'PUT',
        headers: { ...headers(), 'content-type': 'application/json' },
        body: JSON.stringify({ resources }),
        signal: AbortSignal.timeout(30_000),
      });
      if (res.status !== 204)
        throw new ApiError(res.status, `reporting discovery failed with HTTP ${res.status}`);
    },

    useUplink(next) {
      uplink = next;
    },

    async postResult(id, result) {
      const outcome = await results.post(id, result);
      if (outcome === 'stored') return 'stored';
      if (outcome === 'duplicate') return 'duplicate';
      throw new ApiError(
        outcome === 'forbidden' ? 403 : 404,
        `the API refused the result (${outcome.replace('_', ' ')})`,
      );
    },
  };
}

/** The parsed body, or null when it is not JSON (the schema check then refuses it). */
function jsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
