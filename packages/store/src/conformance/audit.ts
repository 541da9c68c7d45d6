// Conformance of the audit trail: order, filters, `since`, the scan budget and the cap.
import { describe, expect, it } from 'vitest';
import { AUDIT_SCAN_FACTOR, type AuditEvent } from '../records.js';
import type { SetupFn } from './harness.js';

/** Redis trims a stream in whole nodes (100 entries by default), so its cap is approximate. */
const TRIM_SLACK = 100;

function event(n: number, type: string, clusterId: string | null): AuditEvent {
  return {
    timestamp: new Date().toISOString(),
    event_type: type,
    cluster_id: clusterId,
    principal: 'conformance',
    n,
    details: { reason: `event ${n}`, tags: ['a', 'b'] },
  };
}

const numbers = (events: AuditEvent[]) => events.map((e) => e.n);

export function auditConformance(setup: SetupFn): void {
  describe('audit', () => {
    it('returns events newest first, filtered by cluster, type and since', async () => {
      const { store, clock, cluster, replica } = await setup();
      const types = ['command_executed', 'authentication_failure'];
      const clusters = [cluster, `${cluster}-2`, null];
      const events = Array.from({ length: 6 }, (_, n) =>
        event(n, types[n % 2] ?? '', clusters[n % 3] ?? null),
      );
      const times: number[] = [];
      for (const e of events) {
        clock.advance(10);
        times.push(clock.now());
        await store.audit.append(e);
      }
      const other = await replica();
      expect(await other.audit.query({ limit: 10 })).toEqual([...events].reverse());
      const cases: Array<[Parameters<typeof store.audit.query>[0], number[]]> = [
        [{ limit: 10, clusterId: cluster }, [3, 0]],
        [{ limit: 10, type: 'authentication_failure' }, [5, 3, 1]],
        [{ limit: 10, type: 'authentication_failure', clusterId: cluster }, [3]],
        [{ limit: 10, since: times[3] }, [5, 4, 3]],
        [{ limit: 10, since: times[3], clusterId: `${cluster}-2` }, [4]],
        [{ limit: 2 }, [5, 4]],
        [{ limit: 10, type: 'no_such_type' }, []],
        [{ limit: 10, since: clock.now() + 1000 }, []],
      ];
      for (const [query, expected] of cases)
        expect(numbers(await store.audit.query(query)), JSON.stringify(query)).toEqual(expected);
    });

    it('keeps append order when the clock steps back', async () => {
      const { store, clock } = await setup();
      await store.audit.append(event(1, 'a', null));
      clock.advance(-60_000);
      await store.audit.append(event(2, 'a', null));
      await store.audit.append(event(3, 'a', null));
      expect(numbers(await store.audit.query({ limit: 10 }))).toEqual([3, 2, 1]);
    });

    it('keeps the order of events appended together, before and after a clock step back', async () => {
      const { store, clock } = await setup({ auditMaxLength: 10_000 });
      // More at once than one Redis call takes, around events appended alone.
      await store.audit.append(event(0, 'a', null));
      await Promise.all(
        Array.from({ length: 300 }, (_, n) => store.audit.append(event(n + 1, 'a', null))),
      );
      clock.advance(-60_000);
      await Promise.all([302, 303].map((n) => store.audit.append(event(n, 'b', 'x'))));
      await store.audit.append(event(304, 'a', null));
      const all = numbers(await store.audit.query({ limit: 1000 }));
      expect(all).toEqual(Array.from({ length: 305 }, (_, i) => 304 - i).filter((n) => n !== 301));
      expect(numbers(await store.audit.query({ limit: 10, type: 'b', clusterId: 'x' }))).toEqual([
        303, 302,
      ]);
    });

    it(`reads at most ${AUDIT_SCAN_FACTOR} × limit events per query`, async () => {
      const { store } = await setup();
      for (let n = 0; n < 3; n += 1) await store.audit.append(event(n, 'rare', null));
      for (let n = 3; n < 28; n += 1) await store.audit.append(event(n, 'noise', null));
      // Two asked for: 20 read, all noise. Three: 30 read, reaching the rare ones.
      expect(await store.audit.query({ limit: 2, type: 'rare' })).toEqual([]);
      expect(numbers(await store.audit.query({ limit: 3, type: 'rare' }))).toEqual([2, 1, 0]);
    });

    it('caps the trail at auditMaxLength, keeping the newest', async () => {
      const { store } = await setup({ auditMaxLength: 50 });
      for (let n = 0; n < 300; n += 1) await store.audit.append(event(n, 'a', null));
      const kept = numbers(await store.audit.query({ limit: 1000 }));
      expect(kept.length).toBeGreaterThanOrEqual(50);
      expect(kept.length).toBeLessThanOrEqual(50 + TRIM_SLACK);
      expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 299 - i));
    });

    it.each([
      ['a zero limit', { limit: 0 }],
      ['a fractional limit', { limit: 1.5 }],
      ['a since that is not a number', { limit: 1, since: Number.NaN }],
    ])('rejects a query with %s', async (_label, query) => {
      const { store } = await setup();
      await expect(store.audit.query(query)).rejects.toBeInstanceOf(TypeError);
    });
  });
}
