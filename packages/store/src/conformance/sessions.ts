// Conformance of sessions: expiry, sliding touch, deletion.
import { describe, expect, it } from 'vitest';
import { AlreadyExistsError } from '../errors.js';
import type { SessionRecord } from '../records.js';
import { newId, type SetupFn } from './harness.js';

function session(clusterId: string, now: number, ttlMs: number): SessionRecord {
  return {
    id: newId(),
    clusterId,
    owner: 'key_alice0000000000000',
    createdAt: now,
    expiresAt: now + ttlMs,
  };
}

/**
 * Session lifetimes in these tests. The clock is frozen, so the store's checks see exactly the
 * steps the test takes; Redis also expires the key on its own (real) clock, after this long,
 * which no test comes near.
 */
const TTL = 60_000;

export function sessionConformance(setup: SetupFn): void {
  describe('sessions', () => {
    it('reads a session until it expires', async () => {
      const { store, clock, cluster, replica } = await setup();
      clock.freeze();
      const record = session(cluster, clock.now(), TTL);
      await store.sessions.create(record);
      expect(await (await replica()).sessions.get(record.id)).toEqual(record);
      await expect(store.sessions.create(record)).rejects.toBeInstanceOf(AlreadyExistsError);
      clock.advance(TTL);
      expect(await store.sessions.get(record.id)).toBeNull();
      expect(await store.sessions.touch(record.id, clock.now() + TTL)).toBeNull();
      expect(await store.sessions.delete(record.id)).toBe(false);
      // An expired id may be used again.
      const again = { ...record, createdAt: clock.now(), expiresAt: clock.now() + TTL };
      await store.sessions.create(again);
      expect(await store.sessions.get(record.id)).toEqual(again);
    });

    it('slides the expiry forward on touch, never back', async () => {
      const { store, clock, cluster } = await setup();
      clock.freeze();
      const record = session(cluster, clock.now(), TTL);
      await store.sessions.create(record);
      clock.advance(0.8 * TTL);
      const later = clock.now() + TTL;
      expect(await store.sessions.touch(record.id, later)).toEqual({ ...record, expiresAt: later });
      expect(await store.sessions.touch(record.id, later - 0.5 * TTL)).toEqual({
        ...record,
        expiresAt: later,
      });
      clock.advance(0.8 * TTL);
      expect(await store.sessions.get(record.id)).toEqual({ ...record, expiresAt: later });
      clock.advance(0.3 * TTL);
      expect(await store.sessions.get(record.id)).toBeNull();
    });

    it('ends a session at once on delete', async () => {
      const { store, clock, cluster } = await setup();
      const record = session(cluster, clock.now(), 60_000);
      await store.sessions.create(record);
      expect(await store.sessions.delete(record.id)).toBe(true);
      expect(await store.sessions.get(record.id)).toBeNull();
      expect(await store.sessions.delete(record.id)).toBe(false);
    });

    it('does not keep a session created already expired', async () => {
      const { store, clock, cluster } = await setup();
      const record = session(cluster, clock.now() - 2000, 1000);
      await store.sessions.create(record);
      expect(await store.sessions.get(record.id)).toBeNull();
    });

    it('answers null for a malformed id and rejects one on create', async () => {
      const { store, clock, cluster } = await setup();
      for (const id of ['short', 'a:b:c:d:e', '{tag}-session', 'with space x']) {
        expect(await store.sessions.get(id)).toBeNull();
        expect(await store.sessions.touch(id, clock.now() + 1000)).toBeNull();
        expect(await store.sessions.delete(id)).toBe(false);
        await expect(
          store.sessions.create({ ...session(cluster, clock.now(), 1000), id }),
        ).rejects.toBeInstanceOf(TypeError);
      }
    });
  });
}
