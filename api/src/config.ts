// The API's configuration: CONTRACT §2, read from the environment once and frozen.
import { z } from 'zod';
import { ClusterId } from '@porthole/protocol';
import { collectEnv, ConfigError, LOG_LEVELS, parseConfig } from '@porthole/runtime';
import { parseKeyList, type StaticKey } from './auth/static-keys.js';

const VARIABLES = [
  'PORTHOLE_HOST',
  'PORTHOLE_PORT',
  'PORTHOLE_METRICS_PORT',
  'REDIS_URL',
  'REDIS_CLUSTER_NODES',
  'PORTHOLE_REDIS_PREFIX',
  'PORTHOLE_API_KEYS',
  'PORTHOLE_ADMIN_KEYS',
  'PORTHOLE_AGENT_TOKENS',
  'PORTHOLE_COMMAND_TIMEOUT_SECONDS',
  'PORTHOLE_RESULT_TTL_SECONDS',
  'PORTHOLE_MAX_OUTPUT_BYTES',
  'PORTHOLE_AGENT_OFFLINE_AFTER_SECONDS',
  'LOG_LEVEL',
] as const;

const port = z.coerce.number().int().min(0).max(65535);
const seconds = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const Schema = z.object({
  PORTHOLE_HOST: z.string().default('0.0.0.0'),
  PORTHOLE_PORT: port.default(8080),
  PORTHOLE_METRICS_PORT: port.default(9464),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'must be host:port,host:port,…')
    .optional(),
  // Not in the contract's table: lets several deployments or test runs share one Redis.
  PORTHOLE_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'must be 1–64 of A-Z a-z 0-9 : _ -')
    .default('porthole:'),
  PORTHOLE_API_KEYS: z.string().optional(),
  PORTHOLE_ADMIN_KEYS: z.string().optional(),
  PORTHOLE_AGENT_TOKENS: z.string().optional(),
  PORTHOLE_COMMAND_TIMEOUT_SECONDS: seconds(1, 300).default(30),
  PORTHOLE_RESULT_TTL_SECONDS: seconds(1, 86_400).default(300),
  PORTHOLE_MAX_OUTPUT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1_048_576),
  PORTHOLE_AGENT_OFFLINE_AFTER_SECONDS: seconds(1, 3600).default(30),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export interface Config {
  host: string;
  port: number;
  metricsPort: number;
  redis: { url: string } | { clusterNodes: string[] } | null;
  redisPrefix: string;
  apiKeys: readonly StaticKey[];
  agentTokens: ReadonlyMap<string, string>;
  commandTimeoutSeconds: number;
  resultTtlSeconds: number;
  maxOutputBytes: number;
  agentOfflineAfterSeconds: number;
  logLevel: (typeof LOG_LEVELS)[number];
}

const AgentTokens = z.record(
  ClusterId,
  z.string().min(16, 'agent tokens need at least 16 characters').max(512),
);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const raw = parseConfig(Schema, collectEnv(env, VARIABLES));
  if (raw.REDIS_URL && raw.REDIS_CLUSTER_NODES) {
    throw new ConfigError('REDIS_URL and REDIS_CLUSTER_NODES are both set; set only one');
  }
  const apiKeys = [
    ...parseKeyList(raw.PORTHOLE_API_KEYS ?? '', 'PORTHOLE_API_KEYS', false),
    ...parseKeyList(raw.PORTHOLE_ADMIN_KEYS ?? '', 'PORTHOLE_ADMIN_KEYS', true),
  ];
  const names = new Set<string>();
  for (const key of apiKeys) {
    if (names.has(key.name)) throw new ConfigError(`API key name "${key.name}" is used twice`);
    names.add(key.name);
  }
  return Object.freeze({
    host: raw.PORTHOLE_HOST,
    port: raw.PORTHOLE_PORT,
    metricsPort: raw.PORTHOLE_METRICS_PORT,
    redis: raw.REDIS_URL
      ? { url: raw.REDIS_URL }
      : raw.REDIS_CLUSTER_NODES
        ? { clusterNodes: raw.REDIS_CLUSTER_NODES.split(',') }
        : null,
    redisPrefix: raw.PORTHOLE_REDIS_PREFIX,
    apiKeys,
    agentTokens: parseAgentTokens(raw.PORTHOLE_AGENT_TOKENS),
    commandTimeoutSeconds: raw.PORTHOLE_COMMAND_TIMEOUT_SECONDS,
    resultTtlSeconds: raw.PORTHOLE_RESULT_TTL_SECONDS,
    maxOutputBytes: raw.PORTHOLE_MAX_OUTPUT_BYTES,
    agentOfflineAfterSeconds: raw.PORTHOLE_AGENT_OFFLINE_AFTER_SECONDS,
    logLevel: raw.LOG_LEVEL,
  });
}

function parseAgentTokens(text: string | undefined): Map<string, string> {
  if (!text) return new Map();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The JSON parser's message may quote the token text, so it is not passed on.
    throw new ConfigError(
      'PORTHOLE_AGENT_TOKENS: not valid JSON (expected {"cluster-id":"token",…})',
    );
  }
  const parsed = AgentTokens.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length
      ? ` (cluster ${JSON.stringify(String(issue.path[0]).slice(0, 63))})`
      : '';
    throw new ConfigError(`PORTHOLE_AGENT_TOKENS${where}: ${issue?.message ?? 'invalid'}`);
  }
  const tokens = new Map(Object.entries(parsed.data));
  const seen = new Set<string>();
  for (const token of tokens.values()) {
    if (seen.has(token))
      throw new ConfigError('PORTHOLE_AGENT_TOKENS: two clusters share one token');
    seen.add(token);
  }
  return tokens;
}
