// Conformance of the cluster registry: registration, token rotation with grace, deletion.
import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, LimitExceededError } from '../errors.js';
import { MAX_TOKENS_PER_CLUSTER } from '../records.js';
import { envelope, randomHash, type SetupFn } from './harness.js';

export function clusterConformance(setup: SetupFn): void {
  describe('clusters', () => {
    it('registers a cluster once, finds it by token, and lists clusters by id', async () => {
      const { store, clock, cluster } = await setup();
      const now = clock.now();
      const [a, b] = [`${cluster}-a`, `${cluster}-b`];
      const [tokenA, tokenB] = [randomHash(), randomHash()];
      expect(await store.clusters.register(b, tokenB, now)).toBe(true);
      expect(await store.clusters.register(a, tokenA, now + 1)).toBe(true);
      expect(await store.clusters.register(b, randomHash(), now)).toBe(false);

      const recordA = { id: a, createdAt: now + 1, tokens: [{ hash: tokenA, expiresAt: null }] };
      const recordB = { id: b, createdAt: now, tokens: [{ hash: tokenB, expiresAt: null }] };
      expect(await store.clusters.get(a)).toEqual(recordA);
      expect(await store.clusters.list()).toEqual([recordA, recordB]);
      expect(await store.clusters.ids()).toEqual([a, b]);
      expect(await store.clusters.findByTokenHash(tokenB, now)).toBe(b);
      expect(await store.clusters.findByTokenHash(randomHash(), now)).toBeNull();
      expect(await store.clusters.get(`${cluster}-unknown`)).toBeNull();
      expect(await store.clusters.get('Not_A_Label')).toBeNull();
    });

    it('refuses a token hash that already serves a cluster', async () => {
      const { store, clock, cluster } = await setup();
      const token = randomHash();
      await store.clusters.register(cluster, token, clock.now());
      for (const attempt of [
        () => store.clusters.register(`${cluster}-2`, token, clock.now()),
        () => store.clusters.rotateToken(cluster, token, clock.now()),
      ]) {
        const err = await attempt().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AlreadyExistsError);
        expect((err as Error).message).not.toContain(token);
      }
      expect(await store.clusters.get(`${cluster}-2`)).toBeNull();
    });

    it('caps the registry with LimitExceededError; deleting makes room', async () => {
      const { store, clock, cluster } = await setup({ maxClusters: 2 });
      await store.clusters.register(`${cluster}-1`, randomHash(), clock.now());
      await store.clusters.register(`${cluster}-2`, randomHash(), clock.now());
      await expect(
        store.clusters.register(`${cluster}-3`, randomHash(), clock.now()),
      ).rejects.toBeInstanceOf(LimitExceededError);
      expect(await store.clusters.delete(`${cluster}-1`)).toBe(true);
      expect(await store.clusters.register(`${cluster}-3`, randomHash(), clock.now())).toBe(true);
      expect((await store.clusters.list()).map((c) => c.id)).toEqual([
        `${cluster}-2`,
        `${cluster}-3`,
      ]);
      expect(await store.clusters.ids()).toEqual([`${cluster}-2`, `${cluster}-3`]);
    });

    it('keeps the previous token valid through its grace, then drops it on the next rotation', async () => {
      const { store, clock, cluster } = await setup();
      // Frozen: graces end when the test says so, not while the machine is busy.
      clock.freeze();
      const [first, second, third, fourth] = [
        randomHash(),
        randomHash(),
        randomHash(),
        randomHash(),
      ];
      const t0 = clock.now();
      await store.clusters.register(cluster, first, t0);
      expect(await store.clusters.rotateToken(cluster, second, t0 + 1000)).toBe(true);
      expect(await store.clusters.findByTokenHash(first, t0 + 999)).toBe(cluster);
      expect(await store.clusters.findByTokenHash(first, t0 + 1000)).toBeNull();
      expect(await store.clusters.findByTokenHash(second, t0 + 10 ** 9)).toBe(cluster);
      expect((await store.clusters.get(cluster))?.tokens).toEqual([
        { hash: second, expiresAt: null },
        { hash: first, expiresAt: t0 + 1000 },
      ]);

      clock.advance(1000);
      // Past its grace: no longer listed, though still stored until the next rotation.
      expect((await store.clusters.get(cluster))?.tokens).toEqual([
        { hash: second, expiresAt: null },
      ]);
      const graceEnd = clock.now() + 5000;
      expect(await store.clusters.rotateToken(cluster, third, graceEnd)).toBe(true);
      // Dropped, not merely expired: even a moment inside its old grace finds nothing.
      expect(await store.clusters.findByTokenHash(first, t0)).toBeNull();
      expect((await store.clusters.get(cluster))?.tokens).toEqual([
        { hash: third, expiresAt: null },
        { hash: second, expiresAt: graceEnd },
      ]);

      // A grace ending now invalidates the previous token at once.
      expect(await store.clusters.rotateToken(cluster, fourth, clock.now())).toBe(true);
      expect(await store.clusters.findByTokenHash(third, t0)).toBeNull();
      expect((await store.clusters.get(cluster))?.tokens).toEqual([
        { hash: fourth, expiresAt: null },
        { hash: second, expiresAt: graceEnd },
      ]);
      expect(await store.clusters.rotateToken(`${cluster}-unknown`, randomHash(), t0)).toBe(false);
    });

    it(`keeps at most ${MAX_TOKENS_PER_CLUSTER} tokens a cluster, ending the earliest grace first`, async () => {
      const { store, clock, cluster } = await setup();
      const base = clock.now() + 60_000;
      const tokens = Array.from({ length: MAX_TOKENS_PER_CLUSTER + 3 }, randomHash);
      await store.clusters.register(cluster, tokens[0] ?? '', clock.now());
      // Rotation i gives token i - 1 a grace ending at base + i.
      for (let i = 1; i < tokens.length; i += 1)
        await store.clusters.rotateToken(cluster, tokens[i] ?? '', base + i);
      const kept = (await store.clusters.get(cluster))?.tokens.map((t) => t.hash);
      expect(kept).toEqual(tokens.slice(-MAX_TOKENS_PER_CLUSTER).reverse());
      const now = clock.now();
      for (const [i, token] of tokens.entries()) {
        const expected = i >= tokens.length - MAX_TOKENS_PER_CLUSTER ? cluster : null;
        expect(await store.clusters.findByTokenHash(token, now)).toBe(expected);
      }
    });

    it('deletes a cluster with its tokens, queue and agent presence', async () => {
      const { store, clock, cluster } = await setup();
      const [first, second] = [randomHash(), randomHash()];
      await store.clusters.register(cluster, first, clock.now());
      await store.clusters.rotateToken(cluster, second, clock.now() + 60_000);
      await store.commands.enqueue(envelope(cluster, clock.now()));
      await store.agents.recordSeen(
        {
          clusterId: cluster,
          lastSeenAt: clock.now(),
          agentVersion: null,
          kubernetesVersion: null,
        },
        30_000,
      );

      expect(await store.clusters.delete(cluster)).toBe(true);
      expect(await store.clusters.get(cluster)).toBeNull();
      expect(await store.clusters.list()).toEqual([]);
      expect(await store.clusters.ids()).toEqual([]);
      for (const token of [first, second])
        expect(await store.clusters.findByTokenHash(token, clock.now())).toBeNull();
      expect(await store.commands.queueLength(cluster)).toBe(0);
      expect(await store.commands.claim(cluster, 10, 1000)).toEqual([]);
      expect(await store.agents.presence(cluster)).toBeNull();
      expect(await store.clusters.delete(cluster)).toBe(false);
      // The id and the token are free again.
      expect(await store.clusters.register(cluster, first, clock.now())).toBe(true);
    });

    it.each([
      ['an id that is not a DNS label', 'Bad_Id', randomHash()],
      ['an id with a brace', 'a{b}', randomHash()],
      ['a token hash that is not hex SHA-256', 'fine-id', 'token'],
    ])('rejects %s with a TypeError', async (_label, id, hash) => {
      const { store, clock } = await setup();
      await expect(store.clusters.register(id, hash, clock.now())).rejects.toBeInstanceOf(
        TypeError,
      );
      expect(await store.clusters.list()).toEqual([]);
    });
  });
}
