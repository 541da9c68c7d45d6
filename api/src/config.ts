// The API's configuration: CONTRACT §2, read from the environment once and frozen.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ClusterId } from '@porthole/protocol';
import type { Policy } from '@porthole/policy';
import {
  collectEnv,
  ConfigError,
  LOG_LEVELS,
  loadPolicyFile,
  parseConfig,
} from '@porthole/runtime';
import type { Scope } from './auth/scope.js';
import { parseCidrList, type CidrSet } from './cidr.js';
import { parseKeyList, type StaticKey } from './auth/static-keys.js';

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
  // Not in the contract's table: REDIS_CLUSTER_NODES has no URL to carry a password or rediss://.
  REDIS_PASSWORD: z.string().min(1).optional(),
  REDIS_TLS: z.enum(['true', 'false', '1', '0']).default('false'),
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
  PORTHOLE_FLEET_MAX_CLUSTERS: z.coerce.number().int().min(1).max(1000).default(50),
  // Not in the contract's table: commands one principal may have waiting for one cluster.
  PORTHOLE_MAX_QUEUED_PER_PRINCIPAL: z.coerce.number().int().min(1).max(10_000).default(100),
  PORTHOLE_SIGNING_KEY: z.string().optional(),
  PORTHOLE_SIGNING_KEY_PREVIOUS: z.string().optional(),
  PORTHOLE_POLICY_FILE: z.string().optional(),
  PORTHOLE_SESSION_TTL_SECONDS: seconds(60, 7 * 86_400).default(3600),
  PORTHOLE_RATE_LIMIT_PER_MINUTE: seconds(1, 1_000_000).default(600),
  // Not in the contract's table: failed authentications tolerated per source address.
  PORTHOLE_AUTH_FAILURES_PER_MINUTE: seconds(1, 1_000_000).default(30),
  // Not in the contract's table: how long a rotated agent token keeps working.
  PORTHOLE_TOKEN_ROTATION_GRACE_SECONDS: seconds(0, 30 * 86_400).default(3600),
  PORTHOLE_TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
  PORTHOLE_TRUSTED_PROXIES: z
    .string()
    .transform((text, ctx) => {
      const parsed = parseCidrList(text);
      if ('set' in parsed) return parsed.set;
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    })
    .optional(),
  PORTHOLE_OIDC_ISSUER: z.string().url('must be a URL').optional(),
  PORTHOLE_OIDC_AUDIENCE: z.string().min(1).optional(),
  PORTHOLE_OIDC_GROUPS_CLAIM: z.string().min(1).max(128).default('groups'),
  PORTHOLE_OIDC_GROUP_SCOPES: z.string().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

/** Every variable the API reads (each also as NAME_FILE): the schema's keys, one list. */
export const API_ENV_VARIABLES: readonly string[] = Object.keys(Schema.shape);

export interface Config {
  host: string;
  port: number;
  metricsPort: number;
  redis: { url: string } | { clusterNodes: string[]; password: string | null; tls: boolean } | null;
  redisPrefix: string;
  apiKeys: readonly StaticKey[];
  agentTokens: ReadonlyMap<string, string>;
  commandTimeoutSeconds: number;
  resultTtlSeconds: number;
  maxOutputBytes: number;
  agentOfflineAfterSeconds: number;
  /** Most clusters one fleet call may reach. */
  fleetMaxClusters: number;
  /** Commands one principal may have waiting for one cluster (past it: 429 rate_limited). */
  maxQueuedPerPrincipal: number;
  /** null = generate one at start (development only). */
  signingKey: KeyObject | null;
  previousSigningKey: KeyObject | null;
  /** The read-only policy: the contract's default, or PORTHOLE_POLICY_FILE's. */
  policy: Policy;
  sessionTtlSeconds: number;
  rateLimitPerMinute: number;
  authFailuresPerMinute: number;
  tokenRotationGraceSeconds: number;
  trustProxy: boolean;
  /** With trustProxy: the proxies whose X-Forwarded-For hops are believed; null = any peer, one hop. */
  trustedProxies: CidrSet | null;
  oidc: OidcConfig | null;
  logLevel: (typeof LOG_LEVELS)[number];
}

export interface OidcConfig {
  issuer: string;
  audience: string;
  groupsClaim: string;
  /** Group name → the scope its members get; members of several groups get the union. */
  groupScopes: ReadonlyMap<string, Scope>;
}

const AgentTokens = z.record(
  ClusterId,
  z.string().min(16, 'agent tokens need at least 16 characters').max(512),
);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const raw = parseConfig(Schema, collectEnv(env, API_ENV_VARIABLES));
  if (raw.REDIS_URL && raw.REDIS_CLUSTER_NODES) {
    throw new ConfigError('REDIS_URL and REDIS_CLUSTER_NODES are both set; set only one');
  }
  const redisTls = raw.REDIS_TLS === 'true' || raw.REDIS_TLS === '1';
  if (!raw.REDIS_CLUSTER_NODES && (raw.REDIS_PASSWORD !== undefined || redisTls)) {
    throw new ConfigError(
      'REDIS_PASSWORD and REDIS_TLS apply to REDIS_CLUSTER_NODES only; with REDIS_URL use redis://:password@ or rediss://',
    );
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
        ? {
            clusterNodes: raw.REDIS_CLUSTER_NODES.split(','),
            password: raw.REDIS_PASSWORD ?? null,
            tls: redisTls,
          }
        : null,
    redisPrefix: raw.PORTHOLE_REDIS_PREFIX,
    apiKeys,
    agentTokens: parseAgentTokens(raw.PORTHOLE_AGENT_TOKENS),
    commandTimeoutSeconds: raw.PORTHOLE_COMMAND_TIMEOUT_SECONDS,
    resultTtlSeconds: raw.PORTHOLE_RESULT_TTL_SECONDS,
    maxOutputBytes: raw.PORTHOLE_MAX_OUTPUT_BYTES,
    agentOfflineAfterSeconds: raw.PORTHOLE_AGENT_OFFLINE_AFTER_SECONDS,
    fleetMaxClusters: raw.PORTHOLE_FLEET_MAX_CLUSTERS,
    maxQueuedPerPrincipal: raw.PORTHOLE_MAX_QUEUED_PER_PRINCIPAL,
    signingKey: raw.PORTHOLE_SIGNING_KEY
      ? readKey(raw.PORTHOLE_SIGNING_KEY, 'PORTHOLE_SIGNING_KEY', true)
      : null,
    previousSigningKey: raw.PORTHOLE_SIGNING_KEY_PREVIOUS
      ? readKey(raw.PORTHOLE_SIGNING_KEY_PREVIOUS, 'PORTHOLE_SIGNING_KEY_PREVIOUS', false)
      : null,
    policy: loadPolicyFile(raw.PORTHOLE_POLICY_FILE),
    sessionTtlSeconds: raw.PORTHOLE_SESSION_TTL_SECONDS,
    rateLimitPerMinute: raw.PORTHOLE_RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: raw.PORTHOLE_AUTH_FAILURES_PER_MINUTE,
    tokenRotationGraceSeconds: raw.PORTHOLE_TOKEN_ROTATION_GRACE_SECONDS,
    trustProxy: raw.PORTHOLE_TRUST_PROXY === 'true' || raw.PORTHOLE_TRUST_PROXY === '1',
    trustedProxies: raw.PORTHOLE_TRUSTED_PROXIES ?? null,
    oidc: parseOidc(raw),
    logLevel: raw.LOG_LEVEL,
  });
}

/** An Ed25519 key from PEM; the error never quotes the key text. */
function readKey(pem: string, variable: string, mustBePrivate: boolean): KeyObject {
  let key: KeyObject;
  try {
    key = mustBePrivate
      ? createPrivateKey(pem)
      : pem.includes('PRIVATE KEY')
        ? createPrivateKey(pem)
        : createPublicKey(pem);
  } catch {
    throw new ConfigError(
      `${variable}: not a readable ${mustBePrivate ? 'PKCS#8 private' : 'PEM'} key`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new ConfigError(`${variable}: must be an Ed25519 key`);
  return key;
}

const ScopeSchema = z
  .object({
    clusters: z.array(ClusterId).nullable().default(null),
    namespaces: z
      .array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/))
      .nullable()
      .default(null),
    admin: z.boolean().default(false),
  })
  .strict();

function parseOidc(raw: z.infer<typeof Schema>): OidcConfig | null {
  if (!raw.PORTHOLE_OIDC_ISSUER) return null;
  if (!raw.PORTHOLE_OIDC_AUDIENCE)
    throw new ConfigError('PORTHOLE_OIDC_AUDIENCE is required with PORTHOLE_OIDC_ISSUER');
  let json: unknown = {};
  if (raw.PORTHOLE_OIDC_GROUP_SCOPES) {
    try {
      json = JSON.parse(raw.PORTHOLE_OIDC_GROUP_SCOPES);
    } catch {
      throw new ConfigError(
        'PORTHOLE_OIDC_GROUP_SCOPES: not valid JSON (expected {"group":{"clusters":[…],"namespaces":[…],"admin":false}})',
      );
    }
  }
  const parsed = z.record(z.string().min(1).max(256), ScopeSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `PORTHOLE_OIDC_GROUP_SCOPES ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return {
    issuer: raw.PORTHOLE_OIDC_ISSUER.replace(/\/+$/, ''),
    audience: raw.PORTHOLE_OIDC_AUDIENCE,
    groupsClaim: raw.PORTHOLE_OIDC_GROUPS_CLAIM,
    groupScopes: new Map(Object.entries(parsed.data)),
  };
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
