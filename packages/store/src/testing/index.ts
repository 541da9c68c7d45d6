// @porthole/store/testing: a real Redis for tests, key namespaces, and the Store conformance suite.
export {
  randomPrefix,
  spawnRedisServer,
  startTestRedis,
  type SpawnedRedis,
  type SpawnOptions,
  type TestRedis,
} from './redis-server.js';
export {
  spawnRedisCluster,
  type RedisClusterNode,
  type RedisClusterOptions,
  type SpawnedRedisCluster,
} from './redis-cluster.js';
export { keySlot } from './key-slot.js';
export { runStoreConformance, type MakeStore } from '../conformance/index.js';
