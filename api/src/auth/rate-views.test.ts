// A credential far from its rate limit does not wait for the store's count, yet every request
// is counted and the limit holds exactly; near the limit, or with nothing heard, it waits.
import { createHash } from 'node:crypto';
import { createMemoryStore, type RateDecision, type Store } from '@porthole/store';
import { describe, expect, it } from 'vitest';
import { KEY, startTestApi } from '../testing/harness.js';
import { staticKeyId } from './principal-id.js';
import { RATE_VIEW_MS, RateViews } from './rate-views.js';

const allowed = (remaining: number) => ({ allowed: true, remaining });

describe('RateViews', () => {
  it('lets an event go ahead only on a fresh answer with over half the budget left', () => {
    const views = new RateViews();
    expect(views.roomFor('b', 100, 0)).toBeNull();
    views.heard('b', allowed(52), 0);
    expect(views.roomFor('b', 100, 0)).not.toBeNull();
    expect(views.roomFor('b', 100, RATE_VIEW_MS + 1)).toBeNull();
    views.heard('b', allowed(51), 0);
    // 51 left, this event takes one: 50 is not over half of 100.
    expect(views.roomFor('b', 100, 0)).toBeNull();
  });

  it('takes the counts still on their way off what is left', () => {
    const views = new RateViews();
    views.heard('b', allowed(60), 0);
    const view = views.roomFor('b', 100, 0)!;
    view.inFlight = 8;
    expect(views.roomFor('b', 100, 0)).toBe(view);
    view.inFlight = 9;
    expect(views.roomFor('b', 100, 0)).toBeNull();
  });

  it('forgets a credential the store refused or could not answer for', () => {
    const views = new RateViews();
    views.heard('b', allowed(90), 0);
    views.heard('b', { allowed: false, remaining: 0 }, 0);
    expect(views.roomFor('b', 100, 0)).toBeNull();
    views.heard('c', allowed(90), 0);
    views.forget('c');
    expect(views.roomFor('c', 100, 0)).toBeNull();
  });
});

/** A memory store whose rate counts (made at once) answer only while the gate is open. */
function gatedRates() {
  const store: Store = createMemoryStore({ resultTtlSeconds: 60 });
  const consume = store.rates.consume.bind(store.rates);
  const held: Array<() => void> = [];
  let open = false;
  let failing = false;
  /** How many events each count carried. */
  const counts: number[] = [];
  store.rates.consume = async (...args) => {
    counts.push(args[3] ?? 1);
    const answer: RateDecision = await consume(...args);
    if (!open) await new Promise<void>((resolve) => held.push(resolve));
    if (failing) {
      failing = false;
      throw new Error('the store went away');
    }
    return answer;
  };
  return {
    store,
    counts,
    held: () => held.length,
    open: () => {
      open = true;
      for (const resolve of held.splice(0)) resolve();
    },
    close: () => {
      open = false;
    },
    /** The next count answered fails (after it was made, as a reply lost on the way would). */
    failNext: () => {
      failing = true;
    },
  };
}

const bucketOf = (key: string) =>
  `client:${staticKeyId(key, createHash('sha256').update(key).digest())}`;

describe('the credential rate limit', () => {
  it('waits for the first count, then answers while the next counts are held back', async () => {
    const gate = gatedRates();
    const { counts } = gate;
    const t = await startTestApi({ rateLimitPerMinute: 1000 }, { store: gate.store });
    try {
      // Nothing heard yet: the first request is answered only once its count is.
      const first = t.req('GET', '/v1/clusters', KEY);
      await expect.poll(() => gate.held()).toBe(1);
      gate.open();
      expect((await first).status).toBe(200);
      // 999 left: a request that waited for its count would never be answered now.
      gate.close();
      for (let i = 0; i < 5; i++)
        expect((await t.req('GET', '/v1/clusters', KEY)).status).toBe(200);
      // One count on its way; the four after it wait for it and go together.
      expect(gate.held()).toBe(1);
      expect(counts).toEqual([1, 1]);
      // Every request was counted all the same, in three calls.
      gate.open();
      await expect
        .poll(async () => (await gate.store.rates.peek(bucketOf(KEY), 1000, 60_000)).remaining)
        .toBe(1000 - 6);
      expect(counts).toEqual([1, 1, 4]);
    } finally {
      await t.close();
    }
  });

  it('still sends the counts that waited for one the store failed', async () => {
    const gate = gatedRates();
    const { counts } = gate;
    const t = await startTestApi({ rateLimitPerMinute: 1000 }, { store: gate.store });
    try {
      gate.open();
      expect((await t.req('GET', '/v1/clusters', KEY)).status).toBe(200);
      gate.close();
      gate.failNext();
      for (let i = 0; i < 3; i++)
        expect((await t.req('GET', '/v1/clusters', KEY)).status).toBe(200);
      expect(gate.held()).toBe(1);
      gate.open();
      await expect.poll(() => counts).toEqual([1, 1, 2]);
      await expect
        .poll(async () => (await gate.store.rates.peek(bucketOf(KEY), 1000, 60_000)).remaining)
        .toBe(1000 - 4);
    } finally {
      await t.close();
    }
  });

  it('counts every request of a busy credential far from its limit', async () => {
    const t = await startTestApi({ rateLimitPerMinute: 1000 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => t.req('GET', '/v1/clusters', KEY)),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
      await expect
        .poll(async () => (await t.store.rates.peek(bucketOf(KEY), 1000, 60_000)).remaining)
        .toBe(1000 - 50);
    } finally {
      await t.close();
    }
  });

  it('still refuses exactly at the limit, sequential or concurrent', async () => {
    for (const concurrent of [false, true]) {
      const t = await startTestApi({ rateLimitPerMinute: 20 });
      try {
        const send = () => t.req('GET', '/v1/clusters', KEY).then((r) => r.status);
        const statuses: number[] = [];
        if (concurrent) statuses.push(...(await Promise.all(Array.from({ length: 30 }, send))));
        else for (let i = 0; i < 30; i++) statuses.push(await send());
        expect(statuses.filter((s) => s === 200)).toHaveLength(20);
        expect(statuses.filter((s) => s === 429)).toHaveLength(10);
      } finally {
        await t.close();
      }
    }
  });
});
