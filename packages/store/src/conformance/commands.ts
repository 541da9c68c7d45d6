// Conformance of the command queue: queueing and claiming, deadlines and leases, results, and
// waiting for results and work.
import type { CommandEnvelope, Result } from '@porthole/protocol';
import { describe, expect, it } from 'vitest';
import { QueueFullError } from '../errors.js';
import { EXPIRY_MESSAGES } from '../state.js';
import { envelope, newId, sleep, timed, type SetupFn } from './harness.js';

function resultFor(command: CommandEnvelope, overrides: Partial<Result> = {}): Result {
  return {
    id: command.id,
    clusterId: command.clusterId,
    command: command.argv,
    status: 'succeeded',
    exitCode: 0,
    output: `output of ${command.id}\n`,
    error: null,
    truncated: false,
    outputBytes: 20,
    redactions: 0,
    durationMs: 3,
    createdAt: new Date(command.createdAt).toISOString(),
    completedAt: new Date().toISOString(),
    ...overrides,
  };
}

export function commandConformance(setup: SetupFn): void {
  describe('queue and claim', () => {
    it('hands a queued command out once, under a lease', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      expect(await store.commands.queueLength(cluster)).toBe(1);
      expect(await store.commands.get(command.id)).toEqual({ status: 'queued', command });

      expect(await store.commands.claim(cluster, 10, 30_000)).toEqual([command]);
      expect(await store.commands.queueLength(cluster)).toBe(0);
      expect(await store.commands.get(command.id)).toEqual({ status: 'running', command });
      expect(await store.commands.claim(cluster, 10, 30_000)).toEqual([]);
    });

    it('hands out at most `max`, in queue order, and nothing for another cluster', async () => {
      const { store, clock, cluster } = await setup();
      const commands = Array.from({ length: 5 }, (_, i) => envelope(cluster, clock.now() + i));
      for (const command of commands) await store.commands.enqueue(command);
      expect(await store.commands.claim('elsewhere', 10, 30_000)).toEqual([]);
      expect((await store.commands.claim(cluster, 2, 30_000)).map((c) => c.id)).toEqual(
        commands.slice(0, 2).map((c) => c.id),
      );
      expect((await store.commands.claim(cluster, 10, 30_000)).map((c) => c.id)).toEqual(
        commands.slice(2).map((c) => c.id),
      );
    });

    it('treats a second enqueue of the same id as a no-op', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      await store.commands.enqueue(command);
      expect(await store.commands.queueLength(cluster)).toBe(1);
      expect(await store.commands.claim(cluster, 10, 30_000)).toHaveLength(1);
    });

    it('caps the queue of a cluster with QueueFullError', async () => {
      const { store, clock, cluster } = await setup({ maxQueueLength: 3 });
      for (let i = 0; i < 3; i += 1) await store.commands.enqueue(envelope(cluster, clock.now()));
      const refused = envelope(cluster, clock.now());
      await expect(store.commands.enqueue(refused)).rejects.toBeInstanceOf(QueueFullError);
      expect(await store.commands.get(refused.id)).toBeNull();
      // Another cluster has its own cap.
      await store.commands.enqueue(envelope(`${cluster}-2`, clock.now()));
      // Claiming makes room again.
      await store.commands.claim(cluster, 1, 30_000);
      await store.commands.enqueue(refused);
      expect(await store.commands.queueLength(cluster)).toBe(3);
    });

    it('gives each command to exactly one of many concurrent claimers', async () => {
      const { store, clock, cluster } = await setup();
      const commands = Array.from({ length: 300 }, () => envelope(cluster, clock.now()));
      await Promise.all(commands.map((command) => store.commands.enqueue(command)));
      const claimed: string[] = [];
      const claimer = async (max: number) => {
        for (;;) {
          const batch = await store.commands.claim(cluster, max, 30_000);
          if (batch.length === 0) return;
          claimed.push(...batch.map((c) => c.id));
        }
      };
      await Promise.all(Array.from({ length: 25 }, (_, i) => claimer((i % 5) + 1)));
      expect(claimed).toHaveLength(commands.length);
      expect(new Set(claimed).size).toBe(commands.length);
      expect([...claimed].sort()).toEqual(commands.map((c) => c.id).sort());
    });
  });

  describe('deadlines and leases', () => {
    it('never hands out a command past its deadline; it reads as failed (timeout)', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now(), { deadline: clock.now() + 1000 });
      await store.commands.enqueue(command);
      clock.advance(1000);
      const expectedResult: unknown = expect.objectContaining({
        id: command.id,
        clusterId: cluster,
        command: command.argv,
        status: 'failed',
        exitCode: 1,
        output: '',
        error: EXPIRY_MESSAGES.unclaimed,
      });
      const expected = { status: 'failed', command, result: expectedResult };
      // Before any claim wrote it down, and after.
      expect(await store.commands.get(command.id)).toEqual(expected);
      expect(await store.commands.claim(cluster, 10, 30_000)).toEqual([]);
      expect(await store.commands.get(command.id)).toEqual(expected);
      expect(await store.commands.waitForResult(command.id, 1000)).toEqual(expected.result);
      expect(await store.commands.complete(resultFor(command))).toBe('duplicate');
    });

    it('hands a command out again when its lease ran out before its deadline', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now(), { deadline: clock.now() + 10_000 });
      await store.commands.enqueue(command);
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([command]);
      // Real time runs too, so stay well inside the lease before stepping past its end.
      clock.advance(500);
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([]);
      clock.advance(500);
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([command]);
      expect(await store.commands.get(command.id)).toEqual({ status: 'running', command });
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([]);
    });

    it('fails a command whose lease ran out after its deadline', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now(), { deadline: clock.now() + 5000 });
      await store.commands.enqueue(command);
      await store.commands.claim(cluster, 1, 1000);
      clock.advance(6000);
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([]);
      const state = await store.commands.get(command.id);
      expect(state).toMatchObject({
        status: 'failed',
        result: { exitCode: 1, error: EXPIRY_MESSAGES.lease },
      });
      expect(await store.commands.complete(resultFor(command))).toBe('duplicate');
    });

    it('keeps a lease that outlives the deadline: the agent may still answer', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now(), { deadline: clock.now() + 1000 });
      await store.commands.enqueue(command);
      await store.commands.claim(cluster, 1, 30_000);
      clock.advance(2000);
      expect(await store.commands.get(command.id)).toEqual({ status: 'running', command });
      expect(await store.commands.complete(resultFor(command))).toBe('stored');
      expect((await store.commands.get(command.id))?.status).toBe('succeeded');
    });
  });

  describe('results', () => {
    it('keeps the first result and refuses the next', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      await store.commands.claim(cluster, 1, 30_000);
      const first = resultFor(command, { output: 'first\n' });
      expect(await store.commands.complete(first)).toBe('stored');
      expect(
        await store.commands.complete(resultFor(command, { output: 'second\n', status: 'failed' })),
      ).toBe('duplicate');
      expect(await store.commands.get(command.id)).toEqual({
        status: 'succeeded',
        command,
        result: first,
      });
      expect(await store.commands.waitForResult(command.id, 1000)).toEqual(first);
      expect(await store.commands.waitForResult(command.id, 0)).toEqual(first);
    });

    it.each([
      ['an unknown id', (c: CommandEnvelope) => resultFor({ ...c, id: newId() })],
      [
        'another cluster',
        (c: CommandEnvelope) => resultFor({ ...c, clusterId: `${c.clusterId}-x` }),
      ],
    ])('answers not_found for a result of %s', async (_label, make) => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      expect(await store.commands.complete(make(command))).toBe('not_found');
      expect(await store.commands.get(command.id)).toEqual({ status: 'queued', command });
    });

    it('accepts the first agent’s late result for a redelivered command and takes it off the queue', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      await store.commands.claim(cluster, 1, 1000);
      clock.advance(1000);
      // A second agent takes the redelivered command; the first one answers after all.
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([command]);
      expect(await store.commands.complete(resultFor(command, { output: 'agent one\n' }))).toBe(
        'stored',
      );
      expect(await store.commands.complete(resultFor(command, { output: 'agent two\n' }))).toBe(
        'duplicate',
      );
    });

    it('accepts a result for a command that lapsed back into the queue, and dequeues it', async () => {
      const { store, clock, cluster } = await setup();
      const pair = [envelope(cluster, clock.now()), envelope(cluster, clock.now())];
      for (const command of pair) await store.commands.enqueue(command);
      expect(await store.commands.claim(cluster, 2, 1000)).toHaveLength(2);
      clock.advance(1000);
      // Both leases lapse; this claim requeues both and takes one.
      const [taken] = await store.commands.claim(cluster, 1, 60_000);
      const waiting = pair.find((c) => c.id !== taken?.id);
      if (!waiting) throw new Error('claim returned an unknown command');
      expect(await store.commands.get(waiting.id)).toEqual({ status: 'queued', command: waiting });
      expect(await store.commands.queueLength(cluster)).toBe(1);
      expect(await store.commands.complete(resultFor(waiting))).toBe('stored');
      expect(await store.commands.queueLength(cluster)).toBe(0);
      expect(await store.commands.claim(cluster, 10, 1000)).toEqual([]);
    });

    it('keeps results readable for the result TTL, then forgets the command', async () => {
      const { store, clock, cluster } = await setup({ resultTtlSeconds: 0.25 });
      const done = envelope(cluster, clock.now(), { deadline: clock.now() + 100 });
      const unclaimed = envelope(cluster, clock.now(), { deadline: clock.now() + 100 });
      await store.commands.enqueue(done);
      await store.commands.enqueue(unclaimed);
      await store.commands.claim(cluster, 1, 30_000);
      expect(await store.commands.complete(resultFor(done))).toBe('stored');
      await sleep(150);
      expect((await store.commands.get(done.id))?.status).toBe('succeeded');
      expect((await store.commands.get(unclaimed.id))?.status).toBe('failed');
      await sleep(300);
      expect(await store.commands.get(done.id)).toBeNull();
      expect(await store.commands.get(unclaimed.id)).toBeNull();
      expect(await store.commands.complete(resultFor(done))).toBe('not_found');
    });
  });

  describe('waiting for a result', () => {
    it('wakes a waiter when the result is stored', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      const waiting = timed(store.commands.waitForResult(command.id, 5000));
      await sleep(30);
      const result = resultFor(command);
      await store.commands.complete(result);
      const { value, ms } = await waiting;
      expect(value).toEqual(result);
      expect(ms).toBeLessThan(1000);
    });

    it.each([
      ['times out', 'timeout'],
      ['is aborted', 'abort'],
      ['was aborted before it began', 'aborted'],
      ['asks about an unknown id', 'unknown'],
    ] as const)('resolves null when the wait %s', async (_label, how) => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      const controller = new AbortController();
      if (how === 'aborted') controller.abort();
      const id = how === 'unknown' ? newId() : command.id;
      const waiting = timed(
        store.commands.waitForResult(id, how === 'timeout' ? 100 : 5000, controller.signal),
      );
      if (how === 'abort') setTimeout(() => controller.abort(), 30);
      const { value, ms } = await waiting;
      expect(value).toBeNull();
      expect(ms).toBeLessThan(1000);
      if (how === 'timeout') expect(ms).toBeGreaterThanOrEqual(90);
    });

    it('does not miss a result stored while the waiter subscribes', async () => {
      const { store, clock, cluster } = await setup();
      const commands = Array.from({ length: 200 }, () => envelope(cluster, clock.now()));
      await Promise.all(commands.map((command) => store.commands.enqueue(command)));
      // Waits and completions start together, with their order left to chance.
      const outcomes = await Promise.all(
        commands.map(async (command, i) => {
          const waiting = store.commands.waitForResult(command.id, 3000);
          if (i % 3 === 1) await Promise.resolve();
          if (i % 3 === 2) await new Promise((resolve) => setImmediate(resolve));
          await store.commands.complete(resultFor(command));
          return waiting;
        }),
      );
      expect(outcomes.map((r) => r?.id)).toEqual(commands.map((c) => c.id));
    });

    it('resolves with the timeout failure when the deadline passes with no claim', async () => {
      const { store, cluster } = await setup();
      const now = Date.now();
      const command = envelope(cluster, now, { deadline: now + 150 });
      await store.commands.enqueue(command);
      const { value, ms } = await timed(store.commands.waitForResult(command.id, 3000));
      expect(value).toMatchObject({
        id: command.id,
        status: 'failed',
        error: EXPIRY_MESSAGES.unclaimed,
      });
      expect(ms).toBeLessThan(1500);
    });

    it('wakes 1,000 result waiters and 100 work waiters, each with its own news', async () => {
      const { store, clock, cluster } = await setup();
      const commands = Array.from({ length: 1000 }, () => envelope(cluster, clock.now()));
      await Promise.all(commands.map((command) => store.commands.enqueue(command)));
      const clusters = Array.from({ length: 100 }, (_, i) => `${cluster}-w${i}`);
      const results = commands.map((command) => store.commands.waitForResult(command.id, 10_000));
      const works = clusters.map((c) => timed(store.commands.waitForWork(c, 10_000)));
      await sleep(50);
      await Promise.all(clusters.map((c) => store.commands.enqueue(envelope(c, clock.now()))));
      for (const { ms } of await Promise.all(works)) expect(ms).toBeLessThan(5000);
      await Promise.all(commands.map((command) => store.commands.complete(resultFor(command))));
      const got = await Promise.all(results);
      expect(got.map((r) => [r?.id, r?.output])).toEqual(
        commands.map((c) => [c.id, `output of ${c.id}\n`]),
      );
    });
  });

  describe('waiting for work', () => {
    it('wakes a waiter when a command is queued', async () => {
      const { store, clock, cluster } = await setup();
      const waiting = timed(store.commands.waitForWork(cluster, 5000));
      await sleep(30);
      await store.commands.enqueue(envelope(cluster, clock.now()));
      const { ms } = await waiting;
      expect(ms).toBeLessThan(1000);
      expect(ms).toBeGreaterThanOrEqual(25);
      expect(await store.commands.claim(cluster, 1, 1000)).toHaveLength(1);
    });

    it.each([
      ['work is already queued', 'queued', 0, 500],
      ['nothing comes (timeout)', 'timeout', 90, 1000],
      ['the wait is aborted', 'abort', 25, 1000],
    ] as const)('resolves when %s', async (_label, how, atLeast, atMost) => {
      const { store, clock, cluster } = await setup();
      if (how === 'queued') await store.commands.enqueue(envelope(cluster, clock.now()));
      const controller = new AbortController();
      if (how === 'abort') setTimeout(() => controller.abort(), 30);
      const { ms } = await timed(
        store.commands.waitForWork(cluster, how === 'timeout' ? 100 : 5000, controller.signal),
      );
      expect(ms).toBeGreaterThanOrEqual(atLeast);
      expect(ms).toBeLessThan(atMost);
    });

    it('wakes a waiter when a lease runs out, so the command is redelivered promptly', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      await store.commands.claim(cluster, 1, 150);
      const { ms } = await timed(store.commands.waitForWork(cluster, 5000));
      expect(ms).toBeGreaterThanOrEqual(50);
      expect(ms).toBeLessThan(1500);
      expect(await store.commands.claim(cluster, 1, 30_000)).toEqual([command]);
    });
  });
}
