// RedisStore on a 3+3 Redis Cluster that wants a password and speaks only TLS: the store
// connects with both, works across masters, and a wrong password or a plain-text client is
// refused as "unavailable" without the password showing in any error or log line.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiKey, envelope } from './conformance/harness.js';
import { StoreUnavailableError } from './errors.js';
import { createRedisStore, type RedisStoreOptions } from './redis/store.js';
import type { Store } from './store.js';
import { randomPrefix, spawnRedisCluster, type SpawnedRedisCluster } from './testing/index.js';

const PASSWORD = 'cluster-pw-7f3a9c';
let cluster: SpawnedRedisCluster;
const opened: Store[] = [];

beforeAll(async () => {
  cluster = await spawnRedisCluster({
    masters: 3,
    replicasPerMaster: 1,
    password: PASSWORD,
    tls: true,
  });
});

afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await cluster?.close();
});

function open(options: Partial<RedisStoreOptions>, logged: string[] = []): Store {
  const store = createRedisStore({
    clusterNodes: cluster.addresses,
    keyPrefix: randomPrefix(),
    connectTimeoutMs: 5000,
    onBackgroundError: (err) => logged.push(err.message),
    ...options,
  });
  opened.push(store);
  return store;
}

it('works with the password and the cluster CA, across masters', async () => {
  const store = open({ password: PASSWORD, tls: { ca: cluster.tls?.caPem ?? '' } });
  await store.ping();
  const now = Date.now();
  // Two Porthole clusters, the registry, API keys and audit: keys on several masters.
  for (const id of ['alpha', 'beta', 'gamma']) {
    const tokenHash = createHash('sha256').update(id).digest('hex');
    expect(await store.clusters.register(id, tokenHash, now)).toBe(true);
    const command = envelope(id, now);
    await store.commands.enqueue(command);
    expect((await store.commands.claim(id, 1, 30_000)).map((c) => c.id)).toEqual([command.id]);
  }
  expect((await store.clusters.list()).map((c) => c.id).sort()).toEqual(['alpha', 'beta', 'gamma']);
  const key = apiKey();
  await store.apiKeys.create(key);
  expect((await store.apiKeys.list()).map((k) => k.id)).toEqual([key.id]);
  await store.audit.append({
    timestamp: new Date(now).toISOString(),
    event_type: 'x',
    cluster_id: 'beta',
  });
  expect(await store.audit.query({ limit: 10 })).toHaveLength(1);
});

it.each([
  [
    'a wrong password',
    () => ({ password: `${PASSWORD}-wrong`, tls: { ca: cluster.tls?.caPem ?? '' } }),
  ],
  ['no password', () => ({ tls: { ca: cluster.tls?.caPem ?? '' } })],
  ['no TLS', () => ({ password: PASSWORD })],
] as const)(
  'with %s, calls fail as unavailable and no error names the password',
  async (_label, options) => {
    const logged: string[] = [];
    const store = open({ ...options(), connectTimeoutMs: 1000, commandTimeoutMs: 1000 }, logged);
    const err = await store.ping().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreUnavailableError);
    for (const text of [String((err as Error).message), ...logged])
      expect(text).not.toContain(PASSWORD);
    await store.close();
  },
);
