// Conformance of rate limiting: an exact sliding window shared by replicas.
import { describe, expect, it } from 'vitest';
import { newId, type SetupFn } from './harness.js';

export function rateLimitConformance(setup: SetupFn): void {
  describe('rate limiting', () => {
    // Each test freezes the clock, so the reported waits are exact however slowly the calls run.
    it('allows exactly `limit` events in a window across two replicas', async () => {
      const { store, clock, replica } = await setup();
      clock.freeze();
      const other = await replica();
      const bucket = `api-key:${newId()}`;
      const decisions = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? store : other).rates.consume(bucket, 5, 60_000),
        ),
      );
      const allowed = decisions.filter((d) => d.allowed);
      expect(allowed).toHaveLength(5);
      expect(allowed.map((d) => d.remaining).sort()).toEqual([0, 1, 2, 3, 4]);
      for (const d of allowed) expect(d.retryAfterMs).toBe(0);
      for (const d of decisions.filter((d) => !d.allowed)) {
        expect(d.remaining).toBe(0);
        expect(d.retryAfterMs).toBe(60_000);
      }
    });

    it('frees slots one by one as events leave the window, and reports when', async () => {
      const { store, clock } = await setup();
      clock.freeze();
      const bucket = newId();
      const consume = () => store.rates.consume(bucket, 3, 60_000);
      expect(await consume()).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
      clock.advance(20_000);
      await consume();
      expect(await consume()).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
      const refused = await consume();
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBe(40_000);

      // The first event leaves the window: one slot, not three.
      clock.advance(refused.retryAfterMs);
      expect(await consume()).toMatchObject({ allowed: true, remaining: 0 });
      const next = await consume();
      expect(next.allowed).toBe(false);
      // The second event came 20 s after the first.
      expect(next.retryAfterMs).toBe(20_000);
      // A whole window later everything is free again.
      clock.advance(60_000);
      expect(await consume()).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    });

    it('peeks at a bucket without counting', async () => {
      const { store, clock, replica } = await setup();
      clock.freeze();
      const other = await replica();
      const bucket = newId();
      expect(await store.rates.peek(bucket, 2, 60_000)).toEqual({
        allowed: true,
        remaining: 2,
        retryAfterMs: 0,
      });
      await other.rates.consume(bucket, 2, 60_000);
      expect(await store.rates.peek(bucket, 2, 60_000)).toMatchObject({
        allowed: true,
        remaining: 1,
      });
      expect(await store.rates.peek(bucket, 2, 60_000)).toMatchObject({
        allowed: true,
        remaining: 1,
      });
      await other.rates.consume(bucket, 2, 60_000);
      clock.advance(10_000);
      const refused = await store.rates.peek(bucket, 2, 60_000);
      expect(refused).toMatchObject({ allowed: false, remaining: 0 });
      expect(refused.retryAfterMs).toBe(50_000);
      await expect(store.rates.peek('', 1, 1000)).rejects.toBeInstanceOf(TypeError);
    });

    it('counts several events at once, all or none, and says when they fit', async () => {
      const { store, clock, replica } = await setup();
      clock.freeze();
      const other = await replica();
      const bucket = newId();
      expect(await store.rates.consume(bucket, 5, 60_000, 3)).toEqual({
        allowed: true,
        remaining: 2,
        retryAfterMs: 0,
      });
      clock.advance(10_000);
      expect(await other.rates.consume(bucket, 5, 60_000)).toMatchObject({ remaining: 1 });
      // Three do not fit in the one slot left: none of them is counted.
      const refused = await other.rates.consume(bucket, 5, 60_000, 3);
      expect(refused).toMatchObject({ allowed: false, remaining: 0 });
      // Two more slots free when the first three events (counted together) leave the window.
      expect(refused.retryAfterMs).toBe(50_000);
      expect(await store.rates.peek(bucket, 5, 60_000)).toMatchObject({ remaining: 1 });
      expect(await store.rates.consume(bucket, 5, 60_000, 1)).toMatchObject({
        allowed: true,
        remaining: 0,
      });
      // More than a whole window holds is refused for a window, whatever the bucket holds.
      const never = await store.rates.consume(newId(), 5, 60_000, 6);
      expect(never).toEqual({ allowed: false, remaining: 0, retryAfterMs: 60_000 });
      clock.advance(refused.retryAfterMs);
      expect(await other.rates.consume(bucket, 5, 60_000, 3)).toMatchObject({
        allowed: true,
        remaining: 0,
      });
      for (const events of [0, -1, 1.5])
        await expect(store.rates.consume(bucket, 5, 60_000, events)).rejects.toBeInstanceOf(
          TypeError,
        );
    });

    it('does not count refused events', async () => {
      const { store, clock } = await setup();
      clock.freeze();
      const bucket = newId();
      await store.rates.consume(bucket, 1, 10_000);
      clock.advance(5000);
      for (let i = 0; i < 5; i += 1)
        expect((await store.rates.consume(bucket, 1, 10_000)).allowed).toBe(false);
      clock.advance(5000);
      expect((await store.rates.consume(bucket, 1, 10_000)).allowed).toBe(true);
    });

    it('keeps buckets apart, whatever their names', async () => {
      const { store } = await setup();
      const suffix = newId();
      const names = [
        'a',
        'a:b',
        '{a}',
        'with space',
        'ünïcode ✓',
        '192.0.2.1',
        '2001:db8::1',
        'x'.repeat(500),
      ];
      for (const name of names) {
        expect((await store.rates.consume(`${name}${suffix}`, 1, 60_000)).allowed).toBe(true);
      }
      for (const name of names) {
        expect((await store.rates.consume(`${name}${suffix}`, 1, 60_000)).allowed).toBe(false);
      }
    });

    it.each([
      ['an empty bucket', '', 1, 1000],
      ['a zero limit', 'b', 0, 1000],
      ['a fractional limit', 'b', 1.5, 1000],
      ['a zero window', 'b', 1, 0],
    ])('rejects %s with a TypeError', async (_label, bucket, limit, windowMs) => {
      const { store } = await setup();
      await expect(store.rates.consume(bucket, limit, windowMs)).rejects.toBeInstanceOf(TypeError);
    });
  });
}
