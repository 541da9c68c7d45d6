// The test Redis harness: where its Redis comes from, and that it cleans up after itself.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { randomPrefix, spawnRedisServer, startTestRedis } from './index.js';

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  client.on('error', () => {}); // the refusal is what we measure, reported by connect() below
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch (err) {
    // Refused or failed: exactly the "does not answer" this helper reports.
    return err === undefined;
  } finally {
    client.disconnect();
  }
}

describe('startTestRedis', () => {
  const saved = process.env.REDIS_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = saved;
  });

  it('uses REDIS_URL as given and leaves that Redis alone on close', async () => {
    const own = await spawnRedisServer();
    try {
      process.env.REDIS_URL = own.url;
      const redis = await startTestRedis();
      expect(redis).toMatchObject({ url: own.url, kind: 'env' });
      await redis.close();
      expect(await answers(own.url)).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('without REDIS_URL starts a Redis of its own (container or spawned) and stops it on close', async () => {
    delete process.env.REDIS_URL;
    const start = performance.now();
    const redis = await startTestRedis();
    const elapsed = performance.now() - start;
    expect(['testcontainers', 'spawned']).toContain(redis.kind);
    // With no Docker engine the fallback must not wait on one. It may spend the Docker ping's
    // 500 ms timeout and redis-server's start (milliseconds, seconds on a busy machine); the
    // bound leaves room for both many times over, so only waiting on an engine beyond that ping
    // (testcontainers' own start-up) or a hang fails it.
    if (redis.kind === 'spawned') expect(elapsed).toBeLessThan(10_000);
    expect(await answers(redis.url)).toBe(true);
    await redis.close();
    expect(await answers(redis.url)).toBe(false);
  });
});

describe('spawnRedisServer', () => {
  it('requires the password it was given', async () => {
    const server = await spawnRedisServer({ password: 'pw-test-1' });
    try {
      expect(await answers(server.url)).toBe(true);
      expect(await answers(`redis://${server.address}`)).toBe(false);
      const anonymous = new Redis(`redis://${server.address}`, {
        maxRetriesPerRequest: 0,
        enableReadyCheck: false,
      });
      const refusals: Error[] = [];
      anonymous.on('error', (err: Error) => refusals.push(err));
      await expect(anonymous.get('x')).rejects.toThrow(/NOAUTH/);
      anonymous.disconnect();
    } finally {
      await server.close();
    }
  });
});

describe('randomPrefix', () => {
  it('gives a distinct namespace each time, usable as a key prefix', () => {
    const prefixes = Array.from({ length: 1000 }, randomPrefix);
    expect(new Set(prefixes).size).toBe(1000);
    for (const prefix of prefixes) expect(prefix).toMatch(/^[a-z0-9]+:$/);
  });
});
