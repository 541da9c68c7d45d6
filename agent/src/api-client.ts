// The agent's side of the wire to the API: long-poll for commands, post results.
import {
  AGENT_VERSION_HEADER,
  AgentPollResponse,
  KUBERNETES_VERSION_HEADER,
  type AgentResultPost,
  type ApiResourceInfo,
  type CommandEnvelope,
} from '@porthole/protocol';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiClient {
  poll(waitSeconds: number, max: number, signal?: AbortSignal): Promise<CommandEnvelope[]>;
  reportDiscovery(resources: ApiResourceInfo[]): Promise<void>;
  /** 'stored', or 'duplicate' when another replica's result won (409). */
  postResult(id: string, result: AgentResultPost): Promise<'stored' | 'duplicate'>;
}

export interface ApiClientOptions {
  apiUrl: string;
  token: string;
  agentVersion: string;
  kubernetesVersion: () => string | null;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
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
    async poll(waitSeconds, max, signal) {
      const url = `${options.apiUrl}/v1/agent/commands?wait=${waitSeconds}&max=${max}`;
      // The server may hold the request for waitSeconds; allow for that plus a margin.
      const timeout = AbortSignal.timeout((waitSeconds + 10) * 1000);
      const res = await fetch(url, {
        headers: headers(),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      if (!res.ok) throw new ApiError(res.status, `poll failed with HTTP ${res.status}`);
      const parsed = AgentPollResponse.safeParse(await res.json());
      if (!parsed.success)
        throw new ApiError(res.status, 'poll answer did not match the agent wire schema');
      return parsed.data.commands;
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

    async postResult(id, result) {
      const res = await fetch(
        `${options.apiUrl}/v1/agent/commands/${encodeURIComponent(id)}/result`,
        {
          method: 'POST',
          headers: { ...headers(), 'content-type': 'application/json' },
          body: JSON.stringify(result),
          signal: AbortSignal.timeout(30_000),
        },
      );
      if (res.status === 204) return 'stored';
      if (res.status === 409) return 'duplicate';
      throw new ApiError(res.status, `posting the result failed with HTTP ${res.status}`);
    },
  };
}
