// RedisStore on a real 3-master, 3-replica Redis Cluster against the conformance suite. Keys of
// different Porthole clusters, API keys, the registry, sessions and audit hash to different
// masters here, so an operation that spans them in one call fails (CROSSSLOT) or is sent to the
// wrong node, which a one-node cluster cannot show.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runStoreConformance } from './conformance/index.js';
import { storeKeys } from './redis/keys.js';
import { createRedisStore } from './redis/store.js';
import { randomPrefix, spawnRedisCluster, type SpawnedRedisCluster } from './testing/index.js';

let cluster: SpawnedRedisCluster;

beforeAll(async () => {
  cluster = await spawnRedisCluster({ masters: 3, replicasPerMaster: 1 });
});

afterAll(async () => {
  await cluster?.close();
});

it('spreads the store keys over several masters', async () => {
  const keys = storeKeys(randomPrefix());
  const owners = new Set(
    await Promise.all(
      [
        keys.agent('alpha'),
        keys.agent('beta'),
        keys.agent('gamma'),
        keys.clusterIds,
        keys.audit,
      ].map(async (key) => (await cluster.ownerOf(key)).id),
    ),
  );
  // Five keys on three masters: if they all sat on one, this file would prove nothing more
  // than the one-node cluster does.
  expect(owners.size).toBeGreaterThan(1);
});

runStoreConformance('RedisStore on a 3+3 Redis Cluster', async (options) => {
  const store = createRedisStore({
    clusterNodes: cluster.addresses,
    keyPrefix: randomPrefix(),
    ...options,
  });
  await store.ping();
  return store;
});
