// The whole product as separate processes: redis-server, kube-sim, the API and agents.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestRedis, randomPrefix } from '@porthole/store/testing';
import { startProcess, type Proc } from './process.js';

export interface StackOptions {
  clusters?: string[];
  offlineAfterSeconds?: number;
  apiEnv?: Record<string, string>;
}

export interface Stack {
  apiUrl: string;
  apiKey: string;
  adminKey: string;
  agentTokens: Record<string, string>;
  kubeconfig: string;
  /** Every request kube-sim received, one JSON object per line. */
  kubeRequests(): Array<{ method: string; path: string }>;
  redisUrl: string;
  redisPrefix: string;
  api: Proc;
  kubeSim: Proc;
  agents: Map<string, Proc>;
  startAgent(clusterId: string, env?: Record<string, string>): Promise<Proc>;
  /** An HTTP call to the API with the client key (or another token, or none). */
  call(
    method: string,
    path: string,
    body?: unknown,
    token?: string | null,
  ): Promise<{ status: number; json: any; headers: Headers }>;
  close(): Promise<void>;
}

const secret = () => randomBytes(24).toString('base64url');

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const clusters = options.clusters ?? ['alpha', 'beta'];
  const dir = mkdtempSync(join(tmpdir(), 'porthole-stack-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const redis = await startTestRedis();
  const redisPrefix = randomPrefix();
  const procs: Proc[] = [];
  const agents = new Map<string, Proc>();
  const apiKey = secret();
  const adminKey = secret();
  const agentTokens = Object.fromEntries(clusters.map((id) => [id, secret()]));

  let kubeRequests: Stack['kubeRequests'] = () => [];
  const close = async () => {
    await Promise.all([...agents.values(), ...procs].map((p) => p.stop()));
    await redis.close();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const requestLog = join(dir, 'kube-requests.jsonl');
    const kubeSim = startProcess([
      'packages/kube-sim/dist/main.js',
      '--port',
      '0',
      '--kubeconfig-out',
      kubeconfig,
      '--request-log',
      requestLog,
    ]);
    kubeRequests = () =>
      existsSync(requestLog)
        ? readFileSync(requestLog, 'utf8')
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as { method: string; path: string })
        : [];
    procs.push(kubeSim);
    await kubeSim.waitFor(/^kube-sim listening on /);

    const api = startProcess(['api/dist/main.js'], {
      PORTHOLE_HOST: '127.0.0.1',
      PORTHOLE_PORT: '0',
      PORTHOLE_METRICS_PORT: '0',
      REDIS_URL: redis.url,
      PORTHOLE_REDIS_PREFIX: redisPrefix,
      PORTHOLE_API_KEYS: `sre:${apiKey}`,
      PORTHOLE_ADMIN_KEYS: `root:${adminKey}`,
      PORTHOLE_AGENT_TOKENS: JSON.stringify(agentTokens),
      PORTHOLE_AGENT_OFFLINE_AFTER_SECONDS: String(options.offlineAfterSeconds ?? 30),
      ...options.apiEnv,
    });
    procs.push(api);
    const line = await api.waitFor(/listening on http/);
    const apiUrl = /listening on (http:\/\/[^\s"]+)/.exec(line)?.[1];
    if (!apiUrl) throw new Error(`cannot read the API URL from: ${line}`);

    const call: Stack['call'] = async (method, path, body, token = apiKey) => {
      const headers: Record<string, string> = {};
      if (token !== null) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(apiUrl + path, {
        method,
        headers,
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
    };

    const startAgent = async (clusterId: string, env: Record<string, string> = {}) => {
      const agent = startProcess(['agent/dist/main.js'], {
        PORTHOLE_API_URL: apiUrl,
        PORTHOLE_CLUSTER_ID: clusterId,
        PORTHOLE_AGENT_TOKEN: agentTokens[clusterId],
        KUBECONFIG: kubeconfig,
        ...env,
      });
      agents.set(clusterId, agent);
      await agent.waitFor(/porthole-agent started/);
      // Connected means the API has seen a poll.
      for (let i = 0; i < 200; i++) {
        const { json } = await call('GET', '/v1/clusters');
        if (
          json?.clusters?.find((c: { id: string; connected: boolean }) => c.id === clusterId)
            ?.connected
        )
          return agent;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`agent of ${clusterId} never connected; output:\n${agent.output()}`);
    };

    return {
      apiUrl,
      apiKey,
      adminKey,
      agentTokens,
      kubeconfig,
      kubeRequests,
      redisUrl: redis.url,
      redisPrefix,
      api,
      kubeSim,
      agents,
      startAgent,
      call,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
