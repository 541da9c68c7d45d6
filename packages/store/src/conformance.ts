// The Store conformance suite: the delivery semantics of DESIGN.md, run against every Store
// implementation (memory.test.ts, redis.test.ts) so they cannot drift apart. The identity,
// rate-limit and audit parts live in conformance/.
import { randomBytes } from 'node:crypto';
import type { CommandEnvelope, Result } from '@porthole/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { apiKeyConformance } from './conformance/api-keys.js';
import { auditConformance } from './conformance/audit.js';
import { clusterConformance } from './conformance/clusters.js';
import {
  apiKey as apiKeyFor,
  envelope,
  newId,
  sleep,
  testClock,
  type MakeStore,
  type Setup,
} from './conformance/harness.js';
import { rateLimitConformance } from './conformance/rate-limit.js';
import { sessionConformance } from './conformance/sessions.js';
import { QueueFullError, StoreUnavailableError } from './errors.js';
import { EXPIRY_MESSAGES } from './state.js';
import type { Store, StoreOptions } from './store.js';

export type { MakeStore } from './conformance/harness.js';

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

/** Resolves to how long `promise` took, with its value. */
async function timed<T>(promise: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await promise;
  return { value, ms: performance.now() - start };
}

export function runStoreConformance(name: string, makeStore: MakeStore): void {
  describe(`${name} conforms to the Store semantics`, () => {
    const opened: Store[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    async function setup(options: StoreOptions = {}): Promise<Setup> {
      const clock = testClock();
      // One namespace per test, named here so a replica can join it.
      const shared = {
        keyPrefix: `k${randomBytes(6).toString('hex')}:`,
        now: clock.now,
        ...options,
      };
      const open = async () => {
        const store = await makeStore(shared);
        opened.push(store);
        return store;
      };
      const store = await open();
      return { store, clock, cluster: `c-${randomBytes(3).toString('hex')}`, replica: open };
    }

    describe('queue and claim', () => {
      it('hands a queued command out once, under a lease', async () => {
        const { store, clock, cluster } = await setup();
        const command = envelope(cluster, clock.now());
        await store.enqueue(command);
        expect(await store.queueLength(cluster)).toBe(1);
        expect(await store.getCommand(command.id)).toEqual({ status: 'queued', command });

        expect(await store.claim(cluster, 10, 30_000)).toEqual([command]);
        expect(await store.queueLength(cluster)).toBe(0);
        expect(await store.getCommand(command.id)).toEqual({ status: 'running', command });
        expect(await store.claim(cluster, 10, 30_000)).toEqual([]);
      });

      it('hands out at most `max`, in queue order, and nothing for another cluster', async () => {
        const { store, clock, cluster } = await setup();
        const commands = Array.from({ length: 5 }, (_, i) => envelope(cluster, clock.now() + i));
        for (const command of commands) await store.enqueue(command);
        expect(await store.claim('elsewhere', 10, 30_000)).toEqual([]);
        expect((await store.claim(cluster, 2, 30_000)).map((c) => c.id)).toEqual(
          commands.slice(0, 2).map((c) => c.id),
        );
        expect((await store.claim(cluster, 10, 30_000)).map((c) => c.id)).toEqual(
          commands.slice(2).map((c) => c.id),
        );
      });

      it('treats a second enqueue of the same id as a no-op', async () => {
        const { store, clock, cluster } = await setup();
        const command = envelope(cluster, clock.now());
        await store.enqueue(command);
        await store.enqueue(command);
        expect(await store.queueLength(cluster)).toBe(1);
        expect(await store.claim(cluster, 10, 30_000)).toHaveLength(1);
      });

      it('caps the queue of a cluster with QueueFullError', async () => {
        const { store, clock, cluster } = await setup({ maxQueueLength: 3 });
        for (let i = 0; i < 3; i += 1) await store.enqueue(envelope(cluster, clock.now()));
        const refused = envelope(cluster, clock.now());
        await expect(store.enqueue(refused)).rejects.toBeInstanceOf(QueueFullError);
        expect(await store.getCommand(refused.id)).toBeNull();
        // Another cluster has its own cap.
        await store.enqueue(envelope(`${cluster}-2`, clock.now()));
        // Claiming makes room again.
        await store.claim(cluster, 1, 30_000);
        await store.enqueue(refused);
        expect(await store.queueLength(cluster)).toBe(3);
      });

      it('gives each command to exactly one of many concurrent claimers', async () => {
        const { store, clock, cluster } = await setup();
        const commands = Array.from({ length: 300 }, () => envelope(cluster, clock.now()));
        await Promise.all(commands.map((command) => store.enqueue(command)));
        const claimed: string[] = [];
        const claimer = async (max: number) => {
          for (;;) {
            const batch = await store.claim(cluster, max, 30_000);
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
        await store.enqueue(command);
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
        expect(await store.getCommand(command.id)).toEqual(expected);
        expect(await store.claim(cluster, 10, 30_000)).toEqual([]);
        expect(await store.getCommand(command.id)).toEqual(expected);
        expect(await store.waitForResult(command.id, 1000)).toEqual(expected.result);
        expect(await store.complete(resultFor(command))).toBe('duplicate');
      });

      it('hands a command out again when its lease ran out before its deadline', async () => {
        const { store, clock, cluster } = await setup();
        const command = envelope(cluster, clock.now(), { deadline: clock.now() + 10_000 });
        await store.enqueue(command);
        expect(await store.claim(cluster, 1, 1000)).toEqual([command]);
        // Real time runs too, so stay well inside the lease before stepping past its end.
        clock.advance(500);
        expect(await store.claim(cluster, 1, 1000)).toEqual([]);
        clock.advance(500);
        expect(await store.claim(cluster, 1, 1000)).toEqual([command]);
        expect(await store.getCommand(command.id)).toEqual({ status: 'running', command });
        expect(await store.claim(cluster, 1, 1000)).toEqual([]);
      });

      it('fails a command whose lease ran out after its deadline', async () => {
        const { store, clock, cluster } = await setup();
        const command = envelope(cluster, clock.now(), { deadline: clock.now() + 5000 });
        await store.enqueue(command);
        await store.claim(cluster, 1, 1000);
        clock.advance(6000);
        expect(await store.claim(cluster, 1, 1000)).toEqual([]);
        const state = await store.getCommand(command.id);
        expect(state).toMatchObject({
          status: 'failed',
          result: { exitCode: 1, error: EXPIRY_MESSAGES.lease },
        });
        expect(await store.complete(resultFor(command))).toBe('duplicate');
      });

      it('keeps a lease that outlives the deadline: the agent may still answer', async () => {
        const { store, clock, cluster } = await setup();
        const command = envelope(cluster, clock.now(), { deadline: clock.now() + 1000 });
        await store.enqueue(command);
        await store.claim(cluster, 1, 30_000);
        clock.advance(2000);
        expect(await store.getCommand(command.id)).toEqual({ status: 'running', command });
        expect(await store.complete(resultFor(command))).toBe('stored');
        expect((await store.getCommand(command.id))?.status).toBe('succeeded');
      });
    });

    describe('results', () => {
      it('keeps the first result and refuses the next', async () => {
        const { store, clock, cluster } = await setup();
        const command = envelope(cluster, clock.now());
        await store.enqueue(command);
        await store.claim(cluster, 1, 30_000);
        const first = resultFor(command, { output: 'first\n' });
        expect(await store.complete(first)).toBe('stored');
        expect(
          await store.complete(resultFor(command, { output: 'second\n', status: 'failed' })),
        ).toBe('duplicate');
        expect(await store.getCommand(command.id)).toEqual({
          status: 'succeeded',
          command,
          result: first,
        });
        expect(await store.waitForResult(command.id, 1000)).toEqual(first);
        expect(await store.waitForResult(command.id, 0)).toEqual(first);
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
        await store.enqueue(command);
        expect(await store.complete(make(command))).toBe('not_found');
        expect(await store.getCommand(command.id)).toEqual({ status: 'queued', command });
      });

      it('accepts the first agent’s late result for a redelivered command and takes it off the queue', async () => {
        const { store, clock, cluster } = await setup();
        const command = envelope(cluster, clock.now());
        await store.enqueue(command);
        await store.claim(cluster, 1, 1000);
        clock.advance(1000);
        // A second agent takes the redelivered command; the first one answers after all.
        expect(await store.claim(cluster, 1, 1000)).toEqual([command]);
        expect(await store.complete(resultFor(command, { output: 'agent one\n' }))).toBe('stored');
        expect(await store.complete(resultFor(command, { output: 'agent two\n' }))).toBe(
          'duplicate',
        );
      });

      it('accepts a result for a command that lapsed back into the queue, and dequeues it', async () => {
        const { store, clock, cluster } = await setup();
        const pair = [envelope(cluster, clock.now()), envelope(cluster, clock.now())];
        for (const command of pair) await store.enqueue(command);
        expect(await store.claim(cluster, 2, 1000)).toHaveLength(2);
        clock.advance(1000);
        // Both leases lapse; this claim requeues both and takes one.
        const [taken] = await store.claim(cluster, 1, 60_000);
        const waiting = pair.find((c) => c.id !== taken?.id);
        if (!waiting) throw new Error('claim returned an unknown command');
        expect(await store.getCommand(waiting.id)).toEqual({ status: 'queued', command: waiting });
        expect(await store.queueLength(cluster)).toBe(1);
        expect(await store.complete(resultFor(waiting))).toBe('stored');
        expect(await store.queueLength(cluster)).toBe(0);
        expect(await store.claim(cluster, 10, 1000)).toEqual([]);
      });

      it('keeps results readable for the result TTL, then forgets the command', async () => {
        const { store, clock, cluster } = await setup({ resultTtlSeconds: 0.25 });
        const done = envelope(cluster, clock.now(), { deadline: clock.now() + 100 });
        const unclaimed = envelope(cluster, clock.now(), { deadline: clock.now() + 100 });
        await store.enqueue(done);
        await store.enqueue(unclaimed);
        await store.claim(cluster, 1, 30_000);
        expect(await store.complete(resultFor(done))).toBe('stored');
        await sleep(150);
        expect((await store.getCommand(done.id))?.status).toBe('succeeded');
        expect((await store.getCommand(unclaimed.id))?.status).toBe('failed');
        await sleep(300);
        expect(await store.getCommand(done.id)).toBeNull();
        expect(await store.getCommand(unclaimed.id)).toBeNull();
        expect(await store.complete(resultFor(done))).toBe('not_found');
      });
    });

    describe('waiting for a result', () => {
      it('wakes a waiter when the result is stored', async () => {
        const { store, clock, cluster } = await setup();
        const command = envelope(cluster, clock.now());
        await store.enqueue(command);
        const waiting = timed(store.waitForResult(command.id, 5000));
        await sleep(30);
        const result = resultFor(command);
        await store.complete(result);
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
        await store.enqueue(command);
        const controller = new AbortController();
        if (how === 'aborted') controller.abort();
        const id = how === 'unknown' ? newId() : command.id;
        const waiting = timed(
          store.waitForResult(id, how === 'timeout' ? 100 : 5000, controller.signal),
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
        await Promise.all(commands.map((command) => store.enqueue(command)));
        // Waits and completions start together, with their order left to chance.
        const outcomes = await Promise.all(
          commands.map(async (command, i) => {
            const waiting = store.waitForResult(command.id, 3000);
            if (i % 3 === 1) await Promise.resolve();
            if (i % 3 === 2) await new Promise((resolve) => setImmediate(resolve));
            await store.complete(resultFor(command));
            return waiting;
          }),
        );
        expect(outcomes.map((r) => r?.id)).toEqual(commands.map((c) => c.id));
      });

      it('resolves with the timeout failure when the deadline passes with no claim', async () => {
        const { store, cluster } = await setup();
        const now = Date.now();
        const command = envelope(cluster, now, { deadline: now + 150 });
        await store.enqueue(command);
        const { value, ms } = await timed(store.waitForResult(command.id, 3000));
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
        await Promise.all(commands.map((command) => store.enqueue(command)));
        const clusters = Array.from({ length: 100 }, (_, i) => `${cluster}-w${i}`);
        const results = commands.map((command) => store.waitForResult(command.id, 10_000));
        const works = clusters.map((c) => timed(store.waitForWork(c, 10_000)));
        await sleep(50);
        await Promise.all(clusters.map((c) => store.enqueue(envelope(c, clock.now()))));
        for (const { ms } of await Promise.all(works)) expect(ms).toBeLessThan(5000);
        await Promise.all(commands.map((command) => store.complete(resultFor(command))));
        const got = await Promise.all(results);
        expect(got.map((r) => [r?.id, r?.output])).toEqual(
          commands.map((c) => [c.id, `output of ${c.id}\n`]),
        );
      });
    });

    describe('waiting for work', () => {
      it('wakes a waiter when a command is queued', async () => {
        const { store, clock, cluster } = await setup();
        const waiting = timed(store.waitForWork(cluster, 5000));
        await sleep(30);
        await store.enqueue(envelope(cluster, clock.now()));
        const { ms } = await waiting;
        expect(ms).toBeLessThan(1000);
        expect(ms).toBeGreaterThanOrEqual(25);
        expect(await store.claim(cluster, 1, 1000)).toHaveLength(1);
      });

      it.each([
        ['work is already queued', 'queued', 0, 500],
        ['nothing comes (timeout)', 'timeout', 90, 1000],
        ['the wait is aborted', 'abort', 25, 1000],
      ] as const)('resolves when %s', async (_label, how, atLeast, atMost) => {
        const { store, clock, cluster } = await setup();
        if (how === 'queued') await store.enqueue(envelope(cluster, clock.now()));
        const controller = new AbortController();
        if (how === 'abort') setTimeout(() => controller.abort(), 30);
        const { ms } = await timed(
          store.waitForWork(cluster, how === 'timeout' ? 100 : 5000, controller.signal),
        );
        expect(ms).toBeGreaterThanOrEqual(atLeast);
        expect(ms).toBeLessThan(atMost);
      });

      it('wakes a waiter when a lease runs out, so the command is redelivered promptly', async () => {
        const { store, clock, cluster } = await setup();
        const command = envelope(cluster, clock.now());
        await store.enqueue(command);
        await store.claim(cluster, 1, 150);
        const { ms } = await timed(store.waitForWork(cluster, 5000));
        expect(ms).toBeGreaterThanOrEqual(50);
        expect(ms).toBeLessThan(1500);
        expect(await store.claim(cluster, 1, 30_000)).toEqual([command]);
      });
    });

    describe('agent presence', () => {
      it('remembers the last poll of a cluster, then forgets it after its TTL', async () => {
        const { store, clock, cluster } = await setup({ presenceTtlSeconds: 0.2 });
        expect(await store.agentPresence(cluster)).toBeNull();
        const presence = {
          clusterId: cluster,
          lastSeenAt: clock.now(),
          agentVersion: '1.2.3',
          kubernetesVersion: null,
        };
        await store.recordAgentSeen(presence);
        expect(await store.agentPresence(cluster)).toEqual(presence);
        expect(await store.agentPresence(`${cluster}-other`)).toBeNull();
        const later = {
          ...presence,
          lastSeenAt: presence.lastSeenAt + 5,
          kubernetesVersion: 'v1.35.0',
        };
        await store.recordAgentSeen(later);
        expect(await store.agentPresence(cluster)).toEqual(later);
        await sleep(300);
        expect(await store.agentPresence(cluster)).toBeNull();
      });
    });

    describe('cluster discovery', () => {
      it('keeps the last report of a cluster for as long as presence, then forgets it', async () => {
        const { store, cluster } = await setup({ presenceTtlSeconds: 0.2 });
        expect(await store.discovery(cluster)).toBeNull();
        const pods = {
          name: 'pods',
          singularName: 'pod',
          shortNames: ['po'],
          kind: 'Pod',
          group: '',
          version: 'v1',
          namespaced: true,
          categories: ['all'],
        };
        await store.recordDiscovery(cluster, [pods]);
        expect(await store.discovery(cluster)).toEqual([pods]);
        expect(await store.discovery(`${cluster}-other`)).toBeNull();
        const widgets = {
          ...pods,
          name: 'widgets',
          singularName: 'widget',
          shortNames: [],
          kind: 'Widget',
          group: 'example.com',
        };
        await store.recordDiscovery(cluster, [pods, widgets]);
        expect(await store.discovery(cluster)).toEqual([pods, widgets]);
        await sleep(300);
        expect(await store.discovery(cluster)).toBeNull();
      });
    });

    apiKeyConformance(setup);
    clusterConformance(setup);
    sessionConformance(setup);
    rateLimitConformance(setup);
    auditConformance(setup);

    describe('close', () => {
      it.each([
        ['createApiKey', (s: Store) => s.createApiKey(apiKeyFor())],
        ['findApiKeyByHash', (s: Store) => s.findApiKeyByHash('0'.repeat(64))],
        ['registerCluster', (s: Store) => s.registerCluster('closed', '0'.repeat(64), 1)],
        ['getSession', (s: Store) => s.getSession(newId())],
        ['consumeRate', (s: Store) => s.consumeRate('closed', 1, 1000)],
        [
          'appendAudit',
          (s: Store) => s.appendAudit({ timestamp: '', event_type: 'x', cluster_id: null }),
        ],
        ['queryAudit', (s: Store) => s.queryAudit({ limit: 1 })],
      ] as const)('rejects %s with StoreUnavailableError once closed', async (_label, call) => {
        const { store } = await setup();
        await store.close();
        await expect(call(store)).rejects.toBeInstanceOf(StoreUnavailableError);
      });

      it('resolves pending waiters with null', async () => {
        const { store, clock, cluster } = await setup();
        const command = envelope(cluster, clock.now());
        await store.enqueue(command);
        const result = timed(store.waitForResult(command.id, 10_000));
        const work = timed(store.waitForWork(`${cluster}-idle`, 10_000));
        await sleep(30);
        await store.close();
        expect((await result).value).toBeNull();
        expect((await result).ms).toBeLessThan(2000);
        expect((await work).ms).toBeLessThan(2000);
      });
    });
  });
}
