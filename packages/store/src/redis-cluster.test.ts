// RedisStore in Redis Cluster mode against the conformance suite. A one-node cluster holds every
// slot, but Redis still refuses multi-key commands across slots, so a script touching keys of
// two slots fails here.
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runStoreConformance } from './conformance/index.js';
import { createRedisStore } from './redis/store.js';
import { randomPrefix, spawnRedisServer, type SpawnedRedis } from './testing/index.js';

let server: SpawnedRedis;

beforeAll(async () => {
  server = await spawnRedisServer({ cluster: true });
});

afterAll(async () => {
  await server?.close();
});

it('runs a real Redis Cluster that refuses cross-slot scripts', async () => {
  const client = new Cluster([server.address]);
  try {
    await expect(client.eval('return 1', 2, '{a}:x', '{a}:y')).resolves.toBe(1);
    await expect(client.eval('return 1', 2, '{a}:x', '{b}:y')).rejects.toThrow(/CROSSSLOT/);
  } finally {
    client.disconnect();
  }
});

runStoreConformance('RedisStore on Redis Cluster', async (options) => {
  const store = createRedisStore({
    clusterNodes: [server.address],
    keyPrefix: randomPrefix(),
    ...options,
  });
  await store.ping();
  return store;
});
