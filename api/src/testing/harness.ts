// Test-only: an in-process API on the in-memory store, with helpers to call it and read its
// metrics and audit trail. (Not part of the build.)
import type { KeyObject } from 'node:crypto';
import { Writable } from 'node:stream';
import { DEFAULT_POLICY } from '@porthole/policy';
import { createLogger, type LogLevel } from '@porthole/runtime';
import { createMemoryStore, type Store } from '@porthole/store';
import { createApi } from '../app.js';
import { createAuthenticator } from '../auth/credentials.js';
import type { OidcVerifier } from '../auth/oidc.js';
import { parseKeyList } from '../auth/static-keys.js';
import type { AppConfig } from '../context.js';
import type { Metrics } from '../metrics.js';
import { createSigner, generateSigningKey, type Signer } from '../signing.js';

export const KEY = 'client-key-0123456789';
export const ADMIN = 'admin-key-0123456789';
export const ALPHA = 'alpha-token-0123456789';
export const BETA = 'beta-token-0123456789';

export interface TestApi {
  app: ReturnType<typeof createApi>['app'];
  /** Starts the replica's periodic work (stopped by close()). */
  startBackground: (options?: { sweepIntervalMs?: number }) => void;
  /** One run of each periodic task. */
  tasks: ReturnType<typeof createApi>['tasks'];
  store: Store;
  metrics: Metrics;
  /** The envelope signer (and so the cursor key) of this API. */
  signer: Signer;
  /** Every JSON log line the API wrote (audit events among them). */
  logs: Array<Record<string, unknown>>;
  req(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  counter(name: string, labels: Record<string, string>): Promise<number>;
  audits(type: string): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startTestApi(
  overrides: Partial<AppConfig> = {},
  options: {
    store?: Store;
    oidc?: OidcVerifier;
    now?: () => number;
    logLevel?: LogLevel;
    /** Replicas of one deployment share it; default a new one per API. */
    signingKey?: KeyObject;
  } = {},
): Promise<TestApi> {
  const store =
    options.store ??
    createMemoryStore({ resultTtlSeconds: 60, ...(options.now ? { now: options.now } : {}) });
  const agentTokens = new Map([
    ['alpha', ALPHA],
    ['beta', BETA],
  ]);
  const config: AppConfig = {
    commandTimeoutSeconds: 5,
    maxOutputBytes: 4096,
    agentOfflineAfterSeconds: 30,
    fleetMaxClusters: 50,
    agentTokens,
    sessionTtlSeconds: 3600,
    rateLimitPerMinute: 1000,
    authFailuresPerMinute: 1000,
    tokenRotationGraceSeconds: 60,
    trustProxy: true,
    trustedProxies: null,
    policy: DEFAULT_POLICY,
    ...overrides,
  };
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const apiKeys = [
    ...parseKeyList(`sre:${KEY}`, 'K', false),
    ...parseKeyList(`root:${ADMIN}`, 'A', true),
  ];
  const signer = await createSigner(options.signingKey ?? generateSigningKey());
  const api = createApi({
    config,
    store,
    logger: createLogger('test', options.logLevel ?? 'info', sink),
    auth: createAuthenticator({
      apiKeys,
      agentTokens,
      store,
      oidc: options.oidc ?? null,
      ...(options.now ? { now: options.now } : {}),
    }),
    signer,
    ...(options.now ? { now: options.now } : {}),
  });
  const { app, metrics } = api;
  const background: Array<ReturnType<typeof api.startBackground>> = [];
  return {
    app,
    tasks: api.tasks,
    startBackground: (sweep) => {
      background.push(api.startBackground(sweep));
    },
    store,
    metrics,
    signer,
    logs,
    req: async (method, path, token, body, headers = {}) =>
      app.request(path, {
        method,
        headers: {
          'x-forwarded-for': '198.51.100.7',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined
          ? {}
          : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    async counter(name, labels) {
      const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
      const value = metric?.values.find((v) =>
        Object.entries(labels).every(([k, l]) => v.labels[k] === l),
      );
      return value?.value ?? 0;
    },
    audits: (type) => logs.filter((l) => l.audit === true && l.event_type === type),
    close: async () => {
      await Promise.all(background.splice(0).map((b) => b.stop()));
      await store.close();
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loose JSON
export const json = (res: Response): Promise<any> => res.json();

/** What an agent posts for a `get pods` that succeeded with `output`. */
export const agentResult = (output = 'ok\n') => ({
  status: 'succeeded',
  exitCode: 0,
  output,
  error: null,
  truncated: false,
  outputBytes: Buffer.byteLength(output),
  redactions: 0,
  durationMs: 3,
  command: ['get', 'pods'],
});
