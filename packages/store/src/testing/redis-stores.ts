// Test-only: one Redis for a test file, an admin connection to inspect it, and stores on fresh
// key prefixes that are closed after each test. Registers its own vitest hooks.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createRedisStore, type RedisStoreOptions } from '../redis/store.js';
import type { Store } from '../store.js';
import { randomPrefix, startTestRedis, type TestRedis } from './redis-server.js';

export interface RedisStores {
  redis: () => TestRedis;
  admin: () => Redis;
  /** A store on its own key prefix (or on `clusterNodes` when given), closed after the test. */
  open: (options?: Partial<RedisStoreOptions>) => Store;
}

export function useRedisStores(): RedisStores {
  let redis: TestRedis | undefined;
  let admin: Redis | undefined;
  const opened: Store[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    admin = new Redis(redis.url, { connectionName: 'porthole-test-admin' });
  });
  afterAll(async () => {
    await admin?.quit();
    await redis?.close();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('the test Redis is not started yet (use it inside a test or hook)');
    return value;
  };
  return {
    redis: () => started(redis),
    admin: () => started(admin),
    open: (options = {}) => {
      const target = options.clusterNodes ? {} : { url: started(redis).url };
      const store = createRedisStore({ ...target, keyPrefix: randomPrefix(), ...options });
      opened.push(store);
      return store;
    },
  };
}
