// What only Redis shows of API keys, clusters, sessions, rate limits and audit: which hash slot
// each key is in, and that every key carries a TTL or belongs to a capped structure.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_KEY_RETENTION_MS, type ApiKeyRecord } from './records.js';
import type { Store } from './store.js';
import { apiKeyNameDigest } from './redis/keys.js';
import { keySlot, randomPrefix } from './testing/index.js';
import { useRedisStores } from './testing/redis-stores.js';

const env = useRedisStores();
const open = env.open;

const newId = () => randomBytes(9).toString('base64url');
const randomHash = () => createHash('sha256').update(randomBytes(16)).digest('hex');

function apiKey(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: newId(),
    name: `bounds-${newId()}`,
    hash: randomHash(),
    prefix: 'ph_12345',
    clusters: null,
    namespaces: null,
    admin: false,
    createdAt: Date.now(),
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    ...overrides,
  };
}

async function keysOf(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await env.admin().scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys.sort();
}

/** Every key of the namespace with its PTTL (-1: no expiry), minus the prefix. */
async function ttls(prefix: string): Promise<Map<string, number>> {
  const keys = await keysOf(prefix);
  const out = new Map<string, number>();
  for (const key of keys) out.set(key.slice(prefix.length), await env.admin().pttl(key));
  return out;
}

/** Exercises every new capability once, leaving a bit of each in Redis. */
async function populate(store: Store, now: number) {
  const live = apiKey();
  const revoked = apiKey();
  const expiring = apiKey({ expiresAt: now + 3_600_000 });
  for (const key of [live, revoked, expiring]) await store.apiKeys.create(key);
  await store.apiKeys.revoke(revoked.id, now);
  await store.apiKeys.touch(live.id, now);
  await store.clusters.register('bounds-a', randomHash(), now);
  await store.clusters.register('bounds-b', randomHash(), now);
  await store.clusters.rotateToken('bounds-a', randomHash(), now + 60_000);
  const session = {
    id: newId(),
    clusterId: 'bounds-a',
    owner: 'p',
    createdAt: now,
    expiresAt: now + 90_000,
  };
  await store.sessions.create(session);
  await store.rates.consume('bucket', 10, 30_000);
  for (let i = 0; i < 5; i += 1)
    await store.audit.append({
      timestamp: new Date(now).toISOString(),
      event_type: 'x',
      cluster_id: null,
    });
  return { live, revoked, expiring, session };
}

describe('RedisStore keys of API keys, clusters, sessions, rate limits and audit', () => {
  it('gives every key a TTL, or a place in a structure the store caps', async () => {
    const prefix = randomPrefix();
    const store = open({ keyPrefix: prefix, maxApiKeys: 5, maxClusters: 5, auditMaxLength: 10 });
    const now = Date.now();
    const { live, revoked, expiring, session } = await populate(store, now);
    const found = await ttls(prefix);
    // Each TTL was set from `now` and has been running since: by at most this much.
    const elapsed = Date.now() - now;

    const day = 24 * 3600 * 1000;
    const near = (ttl: number | undefined, expected: number) => {
      // A second of slack for the rounding of two clocks (Node's and Redis').
      expect(ttl).toBeGreaterThan(expected - elapsed - 1000);
      expect(ttl).toBeLessThanOrEqual(expected);
    };
    // Revoked and expiring keys: record and hash index purged by TTL after the retention.
    for (const key of [`{:apikeys}:key:${revoked.id}`, `{:apikeys}:hash:${revoked.hash}`])
      near(found.get(key), API_KEY_RETENTION_MS);
    for (const key of [
      `{:apikeys}:key:${expiring.id}`,
      `{:apikeys}:name:${apiKeyNameDigest(expiring.name)}`,
    ])
      near(found.get(key), API_KEY_RETENTION_MS + 3_600_000);
    // A revoked key gives its name up at once.
    expect(found.has(`{:apikeys}:name:${apiKeyNameDigest(revoked.name)}`)).toBe(false);
    expect(API_KEY_RETENTION_MS).toBe(30 * day);
    near(found.get(`session:${session.id}`), 90_000);
    const rateKey = [...found.keys()].find((k) => k.startsWith('rate:'));
    near(found.get(rateKey ?? ''), 30_000);

    // No expiry only where a cap bounds the structure: live API keys (maxApiKeys, and as many
    // ended ones), the cluster registry (maxClusters × MAX_TOKENS_PER_CLUSTER), the audit stream.
    const unbounded = [...found].filter(([, ttl]) => ttl === -1).map(([key]) => key);
    expect(unbounded.sort()).toEqual(
      [
        `{:apikeys}:key:${live.id}`,
        `{:apikeys}:hash:${live.hash}`,
        `{:apikeys}:name:${apiKeyNameDigest(live.name)}`,
        '{:apikeys}:ends',
        '{:clusters}:ids',
        '{:clusters}:reg:bounds-a',
        '{:clusters}:reg:bounds-b',
        '{:clusters}:tokens',
        'audit',
      ].sort(),
    );
    expect([...found.values()]).not.toContain(-2);
  });

  it('keeps API keys, and the cluster registry, each in one hash slot of their own', async () => {
    const prefix = randomPrefix();
    const store = open({ keyPrefix: prefix });
    await populate(store, Date.now());
    const keys = await keysOf(prefix);
    const apiKeys = keys.filter((k) => k.includes('{:apikeys}'));
    const registry = keys.filter((k) => k.includes('{:clusters}'));
    expect(apiKeys.length).toBeGreaterThanOrEqual(7);
    expect(registry).toHaveLength(4);
    expect(new Set(apiKeys.map(keySlot)).size).toBe(1);
    expect(new Set(registry.map(keySlot)).size).toBe(1);
    // The registry tag cannot be a cluster's: ':' is not allowed in cluster ids.
    expect(keySlot(registry[0] ?? '')).toBe(keySlot(`x{:clusters}`));
  });

  it('trims the audit stream to about auditMaxLength', async () => {
    const prefix = randomPrefix();
    const store = open({ keyPrefix: prefix, auditMaxLength: 20 });
    for (let i = 0; i < 400; i += 1)
      await store.audit.append({
        timestamp: new Date().toISOString(),
        event_type: 'x',
        cluster_id: null,
        i,
      });
    const length = await env.admin().xlen(`${prefix}audit`);
    expect(length).toBeGreaterThanOrEqual(20);
    // Approximate trimming removes whole stream nodes (stream-node-max-entries, 100 by default).
    expect(length).toBeLessThanOrEqual(20 + 100);
  });

  it('drops a deleted cluster’s queue, leases and presence from its own slot', async () => {
    const prefix = randomPrefix();
    const store = open({ keyPrefix: prefix });
    const now = Date.now();
    await store.clusters.register('doomed', randomHash(), now);
    const base = {
      argv: ['get', 'pods'],
      principal: 'p',
      createdAt: now,
      maxOutputBytes: 1024,
      signature: 's',
    };
    for (let i = 0; i < 2; i += 1)
      await store.commands.enqueue({
        ...base,
        id: newId(),
        clusterId: 'doomed',
        deadline: now + 30_000,
      });
    await store.commands.claim('doomed', 1, 30_000);
    await store.agents.recordSeen(
      {
        clusterId: 'doomed',
        lastSeenAt: now,
        agentVersion: null,
        kubernetesVersion: null,
      },
      30_000,
    );
    const tag = `${prefix}{doomed}:`;
    const before = (await keysOf(prefix)).filter((k) => k.startsWith(tag));
    expect(before).toEqual(expect.arrayContaining([`${tag}turns`, `${tag}leases`, `${tag}agent`]));
    // The principal's sub-queue, holding the command not claimed.
    expect(before.filter((k) => k.startsWith(`${tag}pq:`))).toHaveLength(1);
    expect(await store.clusters.delete('doomed')).toBe(true);
    const after = (await keysOf(prefix)).filter((k) => k.startsWith(tag));
    // Only the command records remain, each with the TTL it always had.
    expect(after.every((k) => k.startsWith(`${tag}cmd:`))).toBe(true);
    for (const key of after) expect(await env.admin().pttl(key)).toBeGreaterThan(0);
  });
});
