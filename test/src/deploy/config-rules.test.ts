// The API chart refuses what the API's configuration refuses, and what it accepts the API accepts.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { API_ENV_VARIABLES, loadConfig } from '@porthole/api';
import { processEnv } from './process-env.js';
import { allVariants, render, templateRaw } from './render.js';

const work = mkdtempSync(join(tmpdir(), 'porthole-config-rules-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let runs = 0;
const scratch = () => join(work, String(++runs));

/** What loadConfig says about an environment: null when it accepts it. */
function apiRefusal(env: Record<string, string>): string | null {
  try {
    loadConfig(env);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

const KEY = '0123456789abcdef'; // 16 characters: the shortest key the API takes
const json = (path: string, value: unknown) => ['--set-json', `${path}=${JSON.stringify(value)}`];
const oidc = (extra: Record<string, unknown>) =>
  json('config.oidc', { issuer: 'https://login.example.com', audience: 'porthole', ...extra });
const OIDC_ENV = {
  PORTHOLE_OIDC_ISSUER: 'https://login.example.com',
  PORTHOLE_OIDC_AUDIENCE: 'porthole',
};

// One row per rule of api/src/config.ts (and the static key and agent token parsers) that a chart
// value reaches: the environment the API refuses, the same value given to the chart, and where
// helm's refusal must point. Both sides are checked, so a row cannot describe a rule the API lacks.
type Row = [name: string, env: Record<string, string>, helmArgs: string[], helmSays: RegExp];
const NOT_ED25519 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const refused: Row[] = [
  [
    'a signing key that is PKCS#8 but not Ed25519',
    { PORTHOLE_SIGNING_KEY: NOT_ED25519 },
    ['--set-string', `auth.signingKey=${NOT_ED25519}`],
    /auth.signingKey must be an Ed25519 private key/,
  ],
  ...(
    [
      ['commandTimeoutSeconds', 'PORTHOLE_COMMAND_TIMEOUT_SECONDS', 0, 301],
      ['resultTtlSeconds', 'PORTHOLE_RESULT_TTL_SECONDS', 0, 86_401],
      ['sessionTtlSeconds', 'PORTHOLE_SESSION_TTL_SECONDS', 59, 604_801],
      ['maxOutputBytes', 'PORTHOLE_MAX_OUTPUT_BYTES', 1023, 67_108_865],
      ['rateLimitPerMinute', 'PORTHOLE_RATE_LIMIT_PER_MINUTE', 0, 1_000_001],
      ['authFailuresPerMinute', 'PORTHOLE_AUTH_FAILURES_PER_MINUTE', 0, 1_000_001],
      ['agentOfflineAfterSeconds', 'PORTHOLE_AGENT_OFFLINE_AFTER_SECONDS', 0, 3601],
      ['tokenRotationGraceSeconds', 'PORTHOLE_TOKEN_ROTATION_GRACE_SECONDS', -1, 2_592_001],
      ['fleetMaxClusters', 'PORTHOLE_FLEET_MAX_CLUSTERS', 0, 1001],
      ['maxQueuedPerPrincipal', 'PORTHOLE_MAX_QUEUED_PER_PRINCIPAL', 0, 10_001],
    ] as const
  ).flatMap(([key, variable, below, above]): Row[] =>
    [below, above, 1.5, 'many'].map((value): Row => [
      `config.${key}=${value}`,
      { [variable]: String(value) },
      json(`config.${key}`, value),
      new RegExp(`/config/${key}`),
    ]),
  ),
  ['config.logLevel=loud', { LOG_LEVEL: 'loud' }, ['--set', 'config.logLevel=loud'], /logLevel/],
  [
    'config.redisPrefix with a space',
    { PORTHOLE_REDIS_PREFIX: 'a b' },
    ['--set', 'config.redisPrefix=a b'],
    /redisPrefix/,
  ],
  [
    'config.redisPrefix of 65 characters',
    { PORTHOLE_REDIS_PREFIX: 'p'.repeat(65) },
    ['--set', `config.redisPrefix=${'p'.repeat(65)}`],
    /redisPrefix/,
  ],
  ...[
    '10.0.0.0/33',
    '999.1.1.1',
    '10.0.0.01',
    ':::::',
    '2001:db8::/129',
    'example.com',
    '10.0.0.0/08',
  ].map((cidr): Row => [
    `config.trustedProxies=[${cidr}]`,
    { PORTHOLE_TRUSTED_PROXIES: cidr },
    json('config.trustedProxies', [cidr]),
    /trustedProxies/,
  ]),
  [
    'metricsPort=70000',
    { PORTHOLE_METRICS_PORT: '70000' },
    ['--set', 'metricsPort=70000'],
    /metricsPort/,
  ],
  [
    'config.oidc.issuer that is not a URL',
    { ...OIDC_ENV, PORTHOLE_OIDC_ISSUER: 'login.example.com' },
    oidc({ issuer: 'login.example.com' }),
    /issuer/,
  ],
  [
    'config.oidc.issuer without an audience',
    { PORTHOLE_OIDC_ISSUER: 'https://login.example.com' },
    json('config.oidc', { issuer: 'https://login.example.com' }),
    /oidc/,
  ],
  [
    'config.oidc.groupsClaim of 129 characters',
    { ...OIDC_ENV, PORTHOLE_OIDC_GROUPS_CLAIM: 'g'.repeat(129) },
    oidc({ groupsClaim: 'g'.repeat(129) }),
    /groupsClaim/,
  ],
  ...(
    [
      ['a cluster that is not a DNS label', { sre: { clusters: ['Prod_EU'] } }],
      ['a namespace that is not a DNS label', { sre: { namespaces: ['Shop'] } }],
      ['admin that is not a boolean', { sre: { admin: 'yes' } }],
      ['an unknown key', { sre: { clusters: null, verbs: ['get'] } }],
      ['an empty group name', { '': { admin: false } }],
      ['a group name of 257 characters', { ['g'.repeat(257)]: { admin: false } }],
      ['a scope that is not an object', { sre: 'admin' }],
    ] as const
  ).map(([what, scopes]): Row => [
    `config.oidc.groupScopes with ${what}`,
    { ...OIDC_ENV, PORTHOLE_OIDC_GROUP_SCOPES: JSON.stringify(scopes) },
    oidc({ groupScopes: scopes }),
    /groupScopes/,
  ]),
  ...(
    [
      ['a short key', 'sre:short'],
      ['a key of 15 characters', `sre:${KEY.slice(1)}`],
      ['a key of 513 characters', `sre:${'k'.repeat(513)}`],
      ['a key with a space', `sre:${KEY} x`],
      ['a name with a space', `s re:${KEY}`],
      ['a name starting with a dash', `-sre:${KEY}`],
      ['a name of 64 characters', `${'n'.repeat(64)}:${KEY}`],
      ['a bare short key', 'short-key'],
      ['a bare key with a control character', `${KEY}\u0001`],
    ] as const
  ).flatMap(([what, entry]): Row[] => [
    [
      `auth.apiKeys with ${what}`,
      { PORTHOLE_API_KEYS: entry },
      json('auth.apiKeys', [entry]),
      /apiKeys/,
    ],
    [
      `auth.adminKeys with ${what}`,
      { PORTHOLE_ADMIN_KEYS: entry },
      json('auth.adminKeys', [entry]),
      /adminKeys/,
    ],
  ]),
  [
    'one key name in apiKeys and adminKeys',
    { PORTHOLE_API_KEYS: `ops:${KEY}a`, PORTHOLE_ADMIN_KEYS: `ops:${KEY}b` },
    [...json('auth.apiKeys', [`ops:${KEY}a`]), ...json('auth.adminKeys', [`ops:${KEY}b`])],
    /"ops" is used twice/,
  ],
  [
    "a key named like a bare key's default name",
    { PORTHOLE_API_KEYS: `key-2:${KEY}a,${KEY}b` },
    json('auth.apiKeys', [`key-2:${KEY}a`, `${KEY}b`]),
    /"key-2" is used twice/,
  ],
  [
    'an agent token of 15 characters',
    { PORTHOLE_AGENT_TOKENS: JSON.stringify({ alpha: KEY.slice(1) }) },
    json('auth.agentTokens', { alpha: KEY.slice(1) }),
    /agentTokens/,
  ],
  [
    'an agent token for a cluster id that is not a DNS label',
    { PORTHOLE_AGENT_TOKENS: JSON.stringify({ Bad_Id: KEY }) },
    json('auth.agentTokens', { Bad_Id: KEY }),
    /agentTokens/,
  ],
  [
    'two clusters with one token',
    { PORTHOLE_AGENT_TOKENS: JSON.stringify({ a: KEY, b: KEY }) },
    json('auth.agentTokens', { a: KEY, b: KEY }),
    /share one token/,
  ],
  [
    'a Redis URL that is not redis://',
    { REDIS_URL: 'http://redis:6379' },
    ['--set', 'redis.bundled.enabled=false', '--set', 'redis.url=http://redis:6379'],
    /redis/,
  ],
  [
    'Redis TLS without cluster nodes',
    { REDIS_URL: 'redis://:pw@redis:6379/0', REDIS_TLS: 'true' },
    ['--set', 'redis.tls=true'],
    /redis.tls is for redis.clusterNodes/,
  ],
  [
    'a Redis password without cluster nodes',
    { REDIS_URL: 'redis://redis:6379/0', REDIS_PASSWORD: 'pw' },
    [
      '--set',
      'redis.bundled.enabled=false',
      '--set',
      'redis.url=redis://redis:6379/0',
      '--set',
      'redis.password=pw',
    ],
    /redis.password is for redis.clusterNodes/,
  ],
  [
    'Redis cluster nodes without ports',
    { REDIS_CLUSTER_NODES: 'redis-a,redis-b' },
    ['--set', 'redis.bundled.enabled=false', '--set', 'redis.clusterNodes=redis-a\\,redis-b'],
    /clusterNodes/,
  ],
];

describe('a value the API refuses fails helm template, not the pod', () => {
  test.each(refused)('%s', async (_name, env, helmArgs, helmSays) => {
    expect(apiRefusal(env)).not.toBeNull();
    const result = await templateRaw('porthole', [], [], helmArgs);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(helmSays);
  });
});

// The boundaries on the other side: each is accepted by helm, and the environment the chart
// renders from it is accepted by the API and means what the value says.
type Accepted = [name: string, helmArgs: string[], check: (env: Record<string, string>) => void];
const ED25519 = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const accepted: Accepted[] = [
  [
    'an Ed25519 signing key',
    ['--set-string', `auth.signingKey=${ED25519}`],
    (env) => expect(loadConfig(env).signingKey?.asymmetricKeyType).toBe('ed25519'),
  ],
  [
    'every range at its bounds',
    [
      ...json('config', {
        commandTimeoutSeconds: 300,
        resultTtlSeconds: 86_400,
        sessionTtlSeconds: 60,
        maxOutputBytes: 67_108_864,
        rateLimitPerMinute: 1_000_000,
        authFailuresPerMinute: 1,
        agentOfflineAfterSeconds: 3600,
        tokenRotationGraceSeconds: 0,
        fleetMaxClusters: 1000,
        logLevel: 'silent',
        redisPrefix: 'p'.repeat(64),
        trustProxy: true,
        trustedProxies: ['10.0.0.0/8', '2001:db8::/32', '192.168.1.1', '::ffff:10.0.0.1/128'],
      }),
    ],
    (env) => {
      const config = loadConfig(env);
      expect(config).toMatchObject({
        commandTimeoutSeconds: 300,
        maxOutputBytes: 67_108_864,
        tokenRotationGraceSeconds: 0,
        fleetMaxClusters: 1000,
        trustProxy: true,
      });
      expect(config.trustedProxies).not.toBeNull();
    },
  ],
  [
    'keys and tokens at their shortest and longest',
    [
      ...json('auth.apiKeys', [
        `sre:${KEY}`,
        `${'n'.repeat(63)}:${'k'.repeat(512)}`,
        KEY,
        `:${KEY.slice(1)}`,
      ]),
      ...json('auth.adminKeys', [`root:${KEY}x:y`]),
      ...json('auth.agentTokens', { alpha: KEY, ['c'.repeat(63)]: 't'.repeat(512) }),
    ],
    (env) => {
      const config = loadConfig(env);
      expect(config.apiKeys.map((k) => [k.name, k.admin])).toEqual([
        ['sre', false],
        ['n'.repeat(63), false],
        ['key-3', false],
        ['key-4', false],
        ['root', true],
      ]);
      expect([...config.agentTokens.keys()].sort()).toEqual(['alpha', 'c'.repeat(63)]);
    },
  ],
  [
    'OIDC with group scopes',
    oidc({
      issuer: 'http://dex.dex.svc:5556/dex/',
      groupsClaim: 'roles',
      groupScopes: {
        sre: { clusters: null, namespaces: null },
        admins: { admin: true },
        shop: { clusters: ['prod-eu'], namespaces: ['shop', 'shop-canary'] },
      },
    }),
    (env) => {
      const { oidc: config } = loadConfig(env);
      expect(config).toMatchObject({
        issuer: 'http://dex.dex.svc:5556/dex',
        audience: 'porthole',
        groupsClaim: 'roles',
      });
      expect(config?.groupScopes.get('shop')).toEqual({
        clusters: ['prod-eu'],
        namespaces: ['shop', 'shop-canary'],
        admin: false,
      });
      expect(config?.groupScopes.get('admins')?.admin).toBe(true);
    },
  ],
  [
    'Redis Cluster with a password and TLS',
    [
      '--set',
      'redis.bundled.enabled=false',
      '--set',
      'redis.clusterNodes=redis-a:6379\\,redis-b:6379',
      '--set',
      'redis.password=cluster-password',
      '--set',
      'redis.tls=true',
    ],
    (env) => {
      expect(loadConfig(env).redis).toEqual({
        clusterNodes: ['redis-a:6379', 'redis-b:6379'],
        password: 'cluster-password',
        tls: true,
      });
    },
  ],
];

describe('what the chart accepts, the API accepts', () => {
  test.each(accepted)('%s', async (_name, helmArgs, check) => {
    const objects = await render('porthole', [], [], helmArgs);
    check(processEnv(objects, 'porthole', scratch()));
  });

  test.each(allVariants().filter((v) => v.chart === 'porthole'))(
    'the environment rendered from $name starts the API',
    async (variant) => {
      const objects = await render(variant.chart, variant.valuesFiles, variant.set);
      const env = processEnv(objects, 'porthole', scratch());
      expect(apiRefusal(env)).toBeNull();
    },
  );

  test('every variable the API reads can be set through the chart', async () => {
    const objects = await render(
      'porthole',
      [],
      [],
      [
        ...json('config', {
          commandTimeoutSeconds: 60,
          resultTtlSeconds: 600,
          sessionTtlSeconds: 600,
          maxOutputBytes: 2048,
          rateLimitPerMinute: 60,
          authFailuresPerMinute: 10,
          agentOfflineAfterSeconds: 60,
          tokenRotationGraceSeconds: 60,
          fleetMaxClusters: 10,
          maxQueuedPerPrincipal: 10,
          redisPrefix: 'p:',
          trustedProxies: ['10.0.0.0/8'],
          oidc: {
            issuer: 'https://login.example.com',
            audience: 'porthole',
            groupsClaim: 'roles',
            groupScopes: { sre: { admin: false } },
          },
        }),
        ...json('auth', {
          apiKeys: [`sre:${KEY}`],
          adminKeys: [`root:${KEY}x`],
          agentTokens: { alpha: KEY },
          previousSigningKey: '-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n',
        }),
        '--set',
        'policy=verbs: [get]',
      ],
    );
    const clusterMode = await render(
      'porthole',
      [],
      [],
      [
        '--set',
        'redis.bundled.enabled=false',
        '--set',
        'redis.clusterNodes=redis-a:6379',
        '--set',
        'redis.password=cluster-password',
        '--set',
        'redis.tls=true',
      ],
    );
    const set = new Set<string>();
    for (const render of [objects, clusterMode]) {
      const api = render.find((o) => o.kind === 'Deployment' && o.metadata.name === 'porthole');
      for (const e of (api?.spec as any).template.spec.containers[0].env as { name: string }[]) {
        // PORTHOLE_POLICY_FILE is a name of its own; NAME_FILE is NAME read from a file.
        set.add(e.name);
        set.add(e.name.replace(/_FILE$/, ''));
      }
    }
    expect(API_ENV_VARIABLES.filter((name) => !set.has(name))).toEqual([]);
  });
});
