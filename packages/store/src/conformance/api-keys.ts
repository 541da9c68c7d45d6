// Conformance of API key records: lookup, uniqueness, caps, revocation and purge, last use.
import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, LimitExceededError } from '../errors.js';
import { API_KEY_RETENTION_MS, type ApiKeyRecord } from '../records.js';
import { apiKey, newId, randomHash, type SetupFn } from './harness.js';

export function apiKeyConformance(setup: SetupFn): void {
  describe('API keys', () => {
    it('finds a key by hash and by id, and lists keys oldest first', async () => {
      const { store, clock } = await setup();
      const now = clock.now();
      const keys = [
        apiKey({ createdAt: now + 2, name: 'third' }),
        apiKey({
          createdAt: now,
          clusters: ['prod-eu'],
          namespaces: ['default', 'kube-system'],
          admin: true,
          expiresAt: now + 60_000,
          lastUsedAt: now - 5,
        }),
        apiKey({ createdAt: now + 1, clusters: [], namespaces: [] }),
      ] as const;
      for (const key of keys) await store.apiKeys.create(key);
      for (const key of keys) {
        expect(await store.apiKeys.findByHash(key.hash)).toEqual(key);
        expect(await store.apiKeys.get(key.id)).toEqual(key);
      }
      expect(await store.apiKeys.list()).toEqual([keys[1], keys[2], keys[0]]);
      expect(await store.apiKeys.findByHash(randomHash())).toBeNull();
      expect(await store.apiKeys.get(newId())).toBeNull();
    });

    it.each([
      ['id', (first: ApiKeyRecord) => apiKey({ id: first.id })],
      ['hash', (first: ApiKeyRecord) => apiKey({ hash: first.hash })],
    ] as const)('refuses a second key with the same %s', async (field, make) => {
      const { store } = await setup();
      const first = apiKey();
      await store.apiKeys.create(first);
      const err = await store.apiKeys.create(make(first)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AlreadyExistsError);
      expect(err).toMatchObject({ field });
      expect((err as Error).message).not.toContain(first.hash);
      expect(await store.apiKeys.list()).toEqual([first]);
    });

    it('refuses a second live key with the same name, naming no value', async () => {
      const { store, replica } = await setup();
      const first = apiKey({ name: 'deploy-bot' });
      await store.apiKeys.create(first);
      const second = apiKey({ name: 'deploy-bot' });
      const err = await (await replica()).apiKeys.create(second).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AlreadyExistsError);
      expect(err).toMatchObject({ field: 'name', kind: 'API key' });
      expect((err as Error).message).not.toContain('deploy-bot');
      expect(await store.apiKeys.get(second.id)).toBeNull();
      expect(await store.apiKeys.findByHash(second.hash)).toBeNull();
      // Names are compared exactly: another spelling is another name.
      await store.apiKeys.create(apiKey({ name: 'Deploy-bot' }));
    });

    it('frees a name when its key is revoked or expires, and only then', async () => {
      const { store, clock } = await setup();
      // Frozen: the key expires when the test says so, not while the machine is busy.
      clock.freeze();
      const revoked = apiKey({ name: 'ci' });
      await store.apiKeys.create(revoked);
      const at = clock.now();
      expect(await store.apiKeys.revoke(revoked.id, at)).toBe(true);
      const successor = apiKey({ name: 'ci' });
      await store.apiKeys.create(successor);
      await expect(store.apiKeys.create(apiKey({ name: 'ci' }))).rejects.toMatchObject({
        field: 'name',
      });
      // The revoked key keeps its own record; the name now belongs to the successor.
      expect((await store.apiKeys.get(revoked.id))?.revokedAt).toBe(at);
      expect((await store.apiKeys.get(successor.id))?.revokedAt).toBeNull();

      const expiring = apiKey({ name: 'temp', expiresAt: clock.now() + 1000 });
      await store.apiKeys.create(expiring);
      await expect(store.apiKeys.create(apiKey({ name: 'temp' }))).rejects.toBeInstanceOf(
        AlreadyExistsError,
      );
      clock.advance(1000);
      await store.apiKeys.create(apiKey({ name: 'temp' }));
      // Revoking the old holder again changes nothing for the new one.
      expect(await store.apiKeys.revoke(revoked.id, clock.now())).toBe(false);
      await expect(store.apiKeys.create(apiKey({ name: 'ci' }))).rejects.toMatchObject({
        field: 'name',
      });
    });

    it('lets exactly one of two replicas racing for a name have it', async () => {
      const { store, replica } = await setup();
      const other = await replica();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? store : other).apiKeys.create(apiKey({ name: 'race' })),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes)
        if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(AlreadyExistsError);
      expect((await store.apiKeys.list()).filter((k) => k.name === 'race')).toHaveLength(1);
    });

    it('caps live keys with LimitExceededError; revoked and expired keys do not count', async () => {
      const { store, clock } = await setup({ maxApiKeys: 3 });
      // Frozen: the key expires when the test says so, not while the machine is busy.
      clock.freeze();
      const now = clock.now();
      const [kept, revoked, expiring] = [apiKey(), apiKey(), apiKey({ expiresAt: now + 1000 })];
      for (const key of [kept, revoked, expiring]) await store.apiKeys.create(key);
      const refused = apiKey();
      await expect(store.apiKeys.create(refused)).rejects.toBeInstanceOf(LimitExceededError);
      expect(await store.apiKeys.get(refused.id)).toBeNull();

      expect(await store.apiKeys.revoke(revoked.id, now)).toBe(true);
      await store.apiKeys.create(apiKey());
      await expect(store.apiKeys.create(apiKey())).rejects.toMatchObject({
        limit: 'api_keys',
        max: 3,
      });
      clock.advance(1000);
      await store.apiKeys.create(refused);
      // Ended keys stay listed (until purged) beside the three live ones.
      expect(await store.apiKeys.list()).toHaveLength(5);
    });

    it('keeps a revoked key findable as revoked for the retention, then purges it', async () => {
      const { store, clock } = await setup();
      const key = apiKey({ createdAt: clock.now() });
      await store.apiKeys.create(key);
      const at = clock.now();
      expect(await store.apiKeys.revoke(key.id, at)).toBe(true);
      expect(await store.apiKeys.revoke(key.id, at + 5)).toBe(false);
      expect(await store.apiKeys.revoke(newId(), at)).toBe(false);

      const revoked = { ...key, revokedAt: at };
      expect(await store.apiKeys.findByHash(key.hash)).toEqual(revoked);
      expect(await store.apiKeys.get(key.id)).toEqual(revoked);
      expect(await store.apiKeys.list()).toEqual([revoked]);

      clock.advance(API_KEY_RETENTION_MS - 60_000);
      expect(await store.apiKeys.findByHash(key.hash)).toEqual(revoked);
      clock.advance(60_000);
      expect(await store.apiKeys.findByHash(key.hash)).toBeNull();
      expect(await store.apiKeys.get(key.id)).toBeNull();
      expect(await store.apiKeys.list()).toEqual([]);
      expect(await store.apiKeys.revoke(key.id, clock.now())).toBe(false);
      // Its id and hash are free again.
      await store.apiKeys.create({ ...key, createdAt: clock.now() });
      expect((await store.apiKeys.findByHash(key.hash))?.revokedAt).toBeNull();
    });

    it('keeps at most maxApiKeys ended keys, purging those that ended first', async () => {
      const { store, clock } = await setup({ maxApiKeys: 2 });
      const now = clock.now();
      const keys = Array.from({ length: 4 }, () => apiKey());
      for (const [i, key] of keys.entries()) {
        await store.apiKeys.create(key);
        expect(await store.apiKeys.revoke(key.id, now - 100 + i)).toBe(true);
      }
      const live = apiKey();
      await store.apiKeys.create(live);
      const listed = (await store.apiKeys.list()).map((k) => k.id).sort();
      expect(listed).toEqual([keys[2]?.id, keys[3]?.id, live.id].sort());
      expect(await store.apiKeys.findByHash(keys[0]?.hash ?? '')).toBeNull();
    });

    it('moves lastUsedAt forward only, even when replicas race', async () => {
      const { store, clock, replica } = await setup();
      const other = await replica();
      const key = apiKey();
      await store.apiKeys.create(key);
      const now = clock.now();
      await store.apiKeys.touch(key.id, now + 100);
      await store.apiKeys.touch(key.id, now + 50);
      expect((await store.apiKeys.get(key.id))?.lastUsedAt).toBe(now + 100);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? store : other).apiKeys.touch(key.id, now + 200 + ((i * 7) % 20)),
        ),
      );
      expect((await other.apiKeys.findByHash(key.hash))?.lastUsedAt).toBe(now + 219);
      // Unknown keys are ignored, not created.
      const unknown = newId();
      await store.apiKeys.touch(unknown, now);
      expect(await store.apiKeys.get(unknown)).toBeNull();
    });

    it.each([
      ['a short id', { id: 'short' }],
      ['an id with a colon', { id: 'abcdefgh:1' }],
      ['an id with a brace', { id: 'abcdefgh{1}' }],
      ['an uppercase hash', { hash: 'A'.repeat(64) }],
      ['a hash of the wrong length', { hash: 'ab' }],
      ['a prefix over 8 characters', { prefix: '123456789' }],
      ['clusters that are not strings', { clusters: [1] as unknown as string[] }],
      ['a record already revoked', { revokedAt: 1 }],
    ])('rejects %s with a TypeError and stores nothing', async (_label, overrides) => {
      const { store } = await setup();
      const key = apiKey(overrides);
      await expect(store.apiKeys.create(key)).rejects.toBeInstanceOf(TypeError);
      expect(await store.apiKeys.list()).toEqual([]);
    });

    it('answers null for a lookup with a malformed id or hash', async () => {
      const { store } = await setup();
      expect(await store.apiKeys.get('a:b{c} d')).toBeNull();
      expect(await store.apiKeys.findByHash('not a hash')).toBeNull();
      expect(await store.apiKeys.revoke('a:b', 1)).toBe(false);
    });
  });
}
