// The agent's configuration: CONTRACT §2 (agent table), read from the environment once.
import { z } from 'zod';
import { ClusterId } from '@porthole/protocol';
import type { Policy } from '@porthole/policy';
import { collectEnv, LOG_LEVELS, loadPolicyFile, parseConfig } from '@porthole/runtime';

const Schema = z.object({
  PORTHOLE_API_URL: z
    .string({ error: 'is required' })
    .url('must be a URL')
    .regex(/^https?:\/\//, 'must be an http:// or https:// URL')
    .transform((url) => url.replace(/\/+$/, '')),
  // Optional: the agent learns its cluster from its token; when set, the two must agree.
  PORTHOLE_CLUSTER_ID: ClusterId.optional(),
  PORTHOLE_AGENT_TOKEN: z
    .string({ error: 'is required' })
    .regex(/^[\x21-\x7e]{16,512}$/, 'must be 16–512 printable characters without spaces'),
  PORTHOLE_API_PUBLIC_KEY: z.string().optional(),
  PORTHOLE_POLICY_FILE: z.string().optional(),
  // Not in the contract's table: a file the poll loop touches, for an exec liveness probe.
  PORTHOLE_HEARTBEAT_PATH: z.string().min(1).optional(),
  PORTHOLE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  // Requests per second to the kube-apiserver, and the burst above it (client-go's limiter).
  PORTHOLE_KUBE_QPS: z.coerce.number().positive().max(100_000).default(1000),
  PORTHOLE_KUBE_BURST: z.coerce.number().int().min(1).max(100_000).default(2000),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

/** Every variable the agent reads (each also as NAME_FILE): the schema's keys, one list. */
export const AGENT_ENV_VARIABLES: readonly string[] = Object.keys(Schema.shape);

export interface AgentConfig {
  apiUrl: string;
  /** The cluster the operator expects; null = whatever cluster the token is for. */
  clusterId: string | null;
  token: string;
  /** PEM text of the API's public key(s); null = fetch the JWKS from the API at start. */
  apiPublicKey: string | null;
  /** The agent enforces its own policy too (PORTHOLE_POLICY_FILE, else the contract's). */
  policy: Policy;
  concurrency: number;
  kubeLimits: { qps: number; burst: number };
  heartbeatFile: string | null;
  logLevel: (typeof LOG_LEVELS)[number];
}

export function loadAgentConfig(env: NodeJS.ProcessEnv = process.env): Readonly<AgentConfig> {
  const raw = parseConfig(Schema, collectEnv(env, AGENT_ENV_VARIABLES));
  return Object.freeze({
    apiUrl: raw.PORTHOLE_API_URL,
    clusterId: raw.PORTHOLE_CLUSTER_ID ?? null,
    token: raw.PORTHOLE_AGENT_TOKEN,
    apiPublicKey: raw.PORTHOLE_API_PUBLIC_KEY ?? null,
    policy: loadPolicyFile(raw.PORTHOLE_POLICY_FILE),
    concurrency: raw.PORTHOLE_CONCURRENCY,
    kubeLimits: { qps: raw.PORTHOLE_KUBE_QPS, burst: raw.PORTHOLE_KUBE_BURST },
    heartbeatFile: raw.PORTHOLE_HEARTBEAT_PATH ?? null,
    logLevel: raw.LOG_LEVEL,
  });
}
