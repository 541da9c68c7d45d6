// The whole product as separate processes: redis-server, kube-sim, API replicas and agents.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startTestRedis,
  randomPrefix,
  spawnRedisCluster,
  type SpawnedRedisCluster,
} from '@porthole/store/testing';
import { startProcess, type Proc } from './process.js';

export interface StackOptions {
  clusters?: string[];
  offlineAfterSeconds?: number;
  apiEnv?: Record<string, string>;
  /** Node flags for the API and agent processes (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs?: { api?: string[]; agent?: string[] };
  /**
   * Run on this Redis Cluster (REDIS_CLUSTER_NODES, with its password and TLS); the caller owns
   * it. Without it, PORTHOLE_TEST_REDIS_CLUSTER=1 makes the stack spawn a 3+3 cluster of its own.
   */
  redisCluster?: SpawnedRedisCluster;
}

/** How a test process reaches the stack's Redis (spread into `createRedisStore`). */
export type RedisTarget =
  { url: string } | { clusterNodes: string[]; password?: string; tls?: { ca: string } };

export interface CallResult {
  status: number;
  json: any;
  headers: Headers;
}

export interface ApiReplica {
  url: string;
  metricsUrl: string;
  proc: Proc;
  /** An HTTP call with the client key by default (or another token, or none with null). */
  call: (
    method: string,
    path: string,
    body?: unknown,
    token?: string | null,
  ) => Promise<CallResult>;
  /** The metrics text this replica serves. */
  metrics: () => Promise<string>;
}

export interface Stack {
  apiUrl: string;
  apiKey: string;
  adminKey: string;
  agentTokens: Record<string, string>;
  /** The API's Ed25519 public key (SPKI PEM), for agents that pin it. */
  publicKeyPem: string;
  /** The API's Ed25519 signing key (PKCS#8 PEM), for tests that sign envelopes themselves. */
  signingKeyPem: string;
  kubeconfig: string;
  /** Every request kube-sim received, one JSON object per line. */
  kubeRequests(): Array<{ method: string; path: string }>;
  /** The stack's Redis URL; throws when the stack runs on Redis Cluster (use `redisTarget`). */
  redisUrl: string;
  redisTarget: RedisTarget;
  redisPrefix: string;
  /** Stop the Redis server now (store-outage tests); close() tolerates it being gone. */
  stopRedis(): Promise<void>;
  api: Proc;
  replica: ApiReplica;
  kubeSim: Proc;
  agents: Map<string, Proc>;
  startAgent(clusterId: string, env?: Record<string, string>): Promise<Proc>;
  /** Another API process on the same Redis, key prefix and signing key. */
  startReplica(env?: Record<string, string>): Promise<ApiReplica>;
  call: ApiReplica['call'];
  close(): Promise<void>;
}

const secret = () => randomBytes(24).toString('base64url');

/** How long an agent may take to connect after it started: seconds at most, even on a busy machine. */
const CONNECT_TIMEOUT_MS = 60_000;

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const clusters = options.clusters ?? ['alpha', 'beta'];
  const dir = mkdtempSync(join(tmpdir(), 'porthole-stack-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const requestLog = join(dir, 'kube-requests.jsonl');
  const ownCluster =
    !options.redisCluster && process.env.PORTHOLE_TEST_REDIS_CLUSTER === '1'
      ? await spawnRedisCluster()
      : undefined;
  const cluster = options.redisCluster ?? ownCluster;
  const redis = cluster ? { url: '', close: () => cluster.close() } : await startTestRedis();
  const redisTarget: RedisTarget = cluster
    ? {
        clusterNodes: cluster.addresses,
        ...(cluster.password === undefined ? {} : { password: cluster.password }),
        ...(cluster.tls ? { tls: { ca: cluster.tls.caPem } } : {}),
      }
    : { url: redis.url };
  const redisPrefix = randomPrefix();
  const procs: Proc[] = [];
  const agents = new Map<string, Proc>();
  const apiKey = secret();
  const adminKey = secret();
  const agentTokens = Object.fromEntries(clusters.map((id) => [id, secret()]));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signingKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  let redisStopped: Promise<void> | null = null;
  const stopRedis = () => (redisStopped ??= redis.close());
  const close = async () => {
    await Promise.all([...agents.values(), ...procs].map((p) => p.stop()));
    // A cluster the caller passed in is the caller's to close.
    if (!options.redisCluster) await stopRedis();
    rmSync(dir, { recursive: true, force: true });
  };

  const apiEnv = {
    PORTHOLE_HOST: '127.0.0.1',
    PORTHOLE_PORT: '0',
    PORTHOLE_METRICS_PORT: '0',
    ...(cluster
      ? {
          REDIS_CLUSTER_NODES: cluster.addresses.join(','),
          ...(cluster.password === undefined ? {} : { REDIS_PASSWORD: cluster.password }),
          ...(cluster.tls ? { REDIS_TLS: 'true', NODE_EXTRA_CA_CERTS: cluster.tls.caFile } : {}),
        }
      : { REDIS_URL: redis.url }),
    PORTHOLE_REDIS_PREFIX: redisPrefix,
    PORTHOLE_API_KEYS: `sre:${apiKey}`,
    PORTHOLE_ADMIN_KEYS: `root:${adminKey}`,
    PORTHOLE_AGENT_TOKENS: JSON.stringify(agentTokens),
    PORTHOLE_SIGNING_KEY: signingKey,
    PORTHOLE_AGENT_OFFLINE_AFTER_SECONDS: String(options.offlineAfterSeconds ?? 30),
    ...options.apiEnv,
  };

  const startReplica = async (env: Record<string, string> = {}): Promise<ApiReplica> => {
    const proc = startProcess([...(options.nodeArgs?.api ?? []), 'api/dist/main.js'], {
      ...apiEnv,
      ...env,
    });
    procs.push(proc);
    const metricsLine = await proc.waitFor(/metrics served at http/);
    const line = await proc.waitFor(/listening on http/);
    const url = /listening on (http:\/\/[^\s"]+)/.exec(line)?.[1];
    const metricsUrl = /metrics served at (http:\/\/[^\s"]+)/.exec(metricsLine)?.[1];
    if (!url || !metricsUrl)
      throw new Error(`cannot read the API URLs from its log:\n${proc.output()}`);
    return {
      url,
      metricsUrl,
      proc,
      call: async (method, path, body, token = apiKey) => {
        const headers: Record<string, string> = {};
        if (token !== null) headers.authorization = `Bearer ${token}`;
        if (body !== undefined) headers['content-type'] = 'application/json';
        const send = () =>
          fetch(url + path, {
            method,
            headers,
            body:
              body === undefined
                ? undefined
                : typeof body === 'string'
                  ? body
                  : JSON.stringify(body),
          });
        let res: Response;
        try {
          res = await send();
        } catch (err) {
          // A kept-alive socket the API closed as idle just as this request was put on it (the
          // client's own idle timer runs late on a loaded machine): nothing reached the API, so
          // send once more on a new connection. Any other failure is the test's to see.
          const cause = (err as { cause?: { code?: string; message?: string } }).cause;
          if (cause?.code !== 'UND_ERR_SOCKET' || cause.message !== 'other side closed') throw err;
          res = await send();
        }
        const text = await res.text();
        return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
      },
      metrics: async () => (await fetch(metricsUrl)).text(),
    };
  };

  try {
    const kubeSim = startProcess([
      'packages/kube-sim/dist/main.js',
      '--port',
      '0',
      '--kubeconfig-out',
      kubeconfig,
      '--request-log',
      requestLog,
    ]);
    procs.push(kubeSim);
    await kubeSim.waitFor(/^kube-sim listening on /);
    const replica = await startReplica();

    const startAgent = async (clusterId: string, env: Record<string, string> = {}) => {
      const agent = startProcess([...(options.nodeArgs?.agent ?? []), 'agent/dist/main.js'], {
        PORTHOLE_API_URL: replica.url,
        PORTHOLE_CLUSTER_ID: clusterId,
        PORTHOLE_AGENT_TOKEN: agentTokens[clusterId],
        PORTHOLE_API_PUBLIC_KEY: publicKeyPem,
        KUBECONFIG: kubeconfig,
        ...env,
      });
      agents.set(clusterId, agent);
      await agent.waitFor(/porthole-agent started/);
      // Connected means the API has seen a poll. Checked until then, however slow the machine;
      // the deadline only turns a hang into a message with the agent's output.
      const until = Date.now() + CONNECT_TIMEOUT_MS;
      for (;;) {
        const { json } = await replica.call('GET', '/v1/clusters');
        if (
          json?.clusters?.find((c: { id: string; connected: boolean }) => c.id === clusterId)
            ?.connected
        )
          return agent;
        if (agent.child.exitCode !== null || agent.child.signalCode !== null)
          throw new Error(`agent of ${clusterId} exited before connecting:\n${agent.output()}`);
        if (Date.now() > until)
          throw new Error(`agent of ${clusterId} never connected; output:\n${agent.output()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    return {
      apiUrl: replica.url,
      apiKey,
      adminKey,
      agentTokens,
      publicKeyPem,
      signingKeyPem: signingKey,
      kubeconfig,
      kubeRequests: () =>
        existsSync(requestLog)
          ? readFileSync(requestLog, 'utf8')
              .trim()
              .split('\n')
              .map((l) => JSON.parse(l) as { method: string; path: string })
          : [],
      get redisUrl(): string {
        if (cluster) throw new Error('this stack runs on Redis Cluster: use redisTarget');
        return redis.url;
      },
      redisTarget,
      redisPrefix,
      stopRedis,
      api: replica.proc,
      replica,
      kubeSim,
      agents,
      startAgent,
      startReplica,
      call: replica.call,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
