// Conformance of the command queue: queueing and claiming, deadlines and leases, results, each
// command's single end (result or timeout), and waiting for results and work.
import type { CommandEnvelope, Result } from '@porthole/protocol';
import { describe, expect, it } from 'vitest';
import { PrincipalQueueFullError, QueueFullError } from '../errors.js';
import { EXPIRY_MESSAGES } from '../state.js';
import type { CommandOutcome, CompleteOutcome, Store, WorkNews } from '../store.js';
import {
  envelope,
  LONG_WAIT_MS,
  newId,
  sleep,
  timed,
  WOKEN_WITHIN_MS,
  type SetupFn,
} from './harness.js';

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

const stored = (command: CommandEnvelope, result: Result): CompleteOutcome => ({
  outcome: 'stored',
  ended: { status: result.status, command, result },
});

/** The timeout transition of `command`, as the one call that writes it returns it. */
const timeoutOf = (command: CommandEnvelope, reason: 'unclaimed' | 'lease'): CommandOutcome => ({
  status: 'timeout',
  reason,
  command,
  result: expect.objectContaining({
    id: command.id,
    status: 'failed',
    exitCode: 1,
    error: EXPIRY_MESSAGES[reason],
  }) as Result,
});

/** Every transition the calls returned (a complete's `ended`, an expire's outcome). */
function transitions(replies: Array<CompleteOutcome | CommandOutcome | null>): CommandOutcome[] {
  return replies.flatMap((reply) => {
    if (reply === null) return [];
    if ('outcome' in reply) return 'ended' in reply && reply.ended ? [reply.ended] : [];
    return [reply];
  });
}

/** Every news of a cluster's work channel as it comes, and a wait until they say enough. */
async function listenNews(store: Store, cluster: string) {
  const heard: WorkNews[] = [];
  let wake = () => {};
  const unlisten = await store.commands.watchWork(cluster, (news) => {
    heard.push(news);
    wake();
  });
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      wake = () => done() && resolve();
      wake();
    });
  return { heard, until, unlisten };
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

    it("refuses an id another cluster's command holds, and leaves that command as it was", async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      const stolen = { ...command, clusterId: `${cluster}-2` };
      await expect(store.commands.enqueue(stolen)).rejects.toThrow(/another cluster/);
      await expect(store.commands.enqueueAndTake(stolen, 1, 30_000)).rejects.toThrow(
        /another cluster/,
      );
      expect(await store.commands.queueLength(`${cluster}-2`)).toBe(0);
      expect(await store.commands.get(command.id)).toEqual({ status: 'queued', command });
      expect(await store.commands.claim(cluster, 10, 30_000)).toEqual([command]);
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
      const { store, clock, cluster } = await setup({ maxQueuedPerPrincipal: 300 });
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

  describe('fair turns across principals', () => {
    /** A command of `owner` (its stable principal id). */
    const of = (cluster: string, now: number, owner: string) =>
      envelope(cluster, now, { owner, principal: `name of ${owner}` });
    const ownersOf = (commands: CommandEnvelope[]) => commands.map((c) => c.owner);

    it('serves the principals of a cluster in turn, each in its own order', async () => {
      const { store, clock, cluster } = await setup();
      const flood = Array.from({ length: 5 }, () => of(cluster, clock.now(), 'flood'));
      for (const command of flood) await store.commands.enqueue(command);
      const b = [of(cluster, clock.now(), 'b'), of(cluster, clock.now(), 'b')];
      const c = of(cluster, clock.now(), 'c');
      for (const command of [...b, c]) await store.commands.enqueue(command);

      const served: CommandEnvelope[] = [];
      for (;;) {
        const batch = await store.commands.claim(cluster, 1, 30_000);
        if (batch.length === 0) break;
        served.push(...batch);
      }
      expect(ownersOf(served)).toEqual([
        'flood',
        'b',
        'c',
        'flood',
        'b',
        'flood',
        'flood',
        'flood',
      ]);
      expect(served.filter((x) => x.owner === 'flood').map((x) => x.id)).toEqual(
        flood.map((x) => x.id),
      );
      expect(served.filter((x) => x.owner === 'b').map((x) => x.id)).toEqual(b.map((x) => x.id));
    });

    it('takes turns within one claim of several commands too', async () => {
      const { store, clock, cluster } = await setup();
      for (let i = 0; i < 4; i += 1)
        await store.commands.enqueue(of(cluster, clock.now(), 'flood'));
      await store.commands.enqueue(of(cluster, clock.now(), 'b'));
      expect(ownersOf(await store.commands.claim(cluster, 3, 30_000))).toEqual([
        'flood',
        'b',
        'flood',
      ]);
    });

    it('queues commands without an owner by their principal name', async () => {
      const { store, clock, cluster } = await setup({ maxQueuedPerPrincipal: 1 });
      await store.commands.enqueue(envelope(cluster, clock.now(), { principal: 'static' }));
      await expect(
        store.commands.enqueue(envelope(cluster, clock.now(), { principal: 'static' })),
      ).rejects.toBeInstanceOf(PrincipalQueueFullError);
      // An owner named like that principal is another principal.
      await store.commands.enqueue(of(cluster, clock.now(), 'static'));
      expect(await store.commands.queueLength(cluster)).toBe(2);
    });

    it('caps what one principal has waiting for a cluster, not what others have', async () => {
      const { store, clock, cluster } = await setup({ maxQueuedPerPrincipal: 3 });
      for (let i = 0; i < 3; i += 1)
        await store.commands.enqueue(of(cluster, clock.now(), 'flood'));
      const refused = of(cluster, clock.now(), 'flood');
      await expect(store.commands.enqueue(refused)).rejects.toBeInstanceOf(PrincipalQueueFullError);
      expect(await store.commands.get(refused.id)).toBeNull();
      // Another principal, and the same principal on another cluster, still get in.
      await store.commands.enqueue(of(cluster, clock.now(), 'b'));
      await store.commands.enqueue(of(`${cluster}-2`, clock.now(), 'flood'));
      // A command of the flood taken by an agent makes room for one more.
      await store.commands.claim(cluster, 1, 30_000);
      await store.commands.enqueue(refused);
      expect(await store.commands.queueLength(cluster)).toBe(4);
    });

    it('counts every principal against the cluster cap', async () => {
      const { store, clock, cluster } = await setup({ maxQueueLength: 3 });
      for (const owner of ['a', 'b', 'c'])
        await store.commands.enqueue(of(cluster, clock.now(), owner));
      await expect(store.commands.enqueue(of(cluster, clock.now(), 'd'))).rejects.toBeInstanceOf(
        QueueFullError,
      );
    });

    it("redelivers a lapsed command first, at the front of its principal's turn", async () => {
      const { store, clock, cluster } = await setup();
      const first = of(cluster, clock.now(), 'a');
      await store.commands.enqueue(first);
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([first]);
      const later = [of(cluster, clock.now(), 'b'), of(cluster, clock.now(), 'a')];
      for (const command of later) await store.commands.enqueue(command);
      clock.advance(1000);
      const served = await store.commands.claim(cluster, 3, 30_000);
      expect(served.map((c) => c.id)).toEqual([first.id, later[0]?.id, later[1]?.id]);
    });

    it('gives up the turn of a principal whose last waiting command ended', async () => {
      const { store, clock, cluster } = await setup();
      const pair = [of(cluster, clock.now(), 'pair'), of(cluster, clock.now(), 'pair')];
      for (const command of pair) await store.commands.enqueue(command);
      expect(await store.commands.claim(cluster, 2, 1000)).toHaveLength(2);
      clock.advance(1000);
      const other = of(cluster, clock.now(), 'other');
      await store.commands.enqueue(other);
      // Both leases lapse: both go back to the pair's queue, whose turn comes first; one is taken.
      const [taken] = await store.commands.claim(cluster, 1, 30_000);
      expect(taken?.owner).toBe('pair');
      const waiting = pair.find((c) => c.id !== taken?.id);
      if (!waiting) throw new Error('claim returned an unknown command');
      // The waiting one is answered by its first agent after all: the pair has nothing waiting.
      expect(await store.commands.complete(resultFor(waiting))).toMatchObject({
        outcome: 'stored',
      });
      expect(await store.commands.queueLength(cluster)).toBe(1);
      expect(await store.commands.claim(cluster, 5, 30_000)).toEqual([other]);
      // A new command of the pair's principal gets a turn again.
      const again = of(cluster, clock.now(), 'pair');
      await store.commands.enqueue(again);
      expect(await store.commands.claim(cluster, 5, 30_000)).toEqual([again]);
    });

    it("drops a timed-out command from its principal's queue and turn", async () => {
      const { store, clock, cluster } = await setup();
      const late = of(cluster, clock.now(), 'late');
      const onTime = of(cluster, clock.now(), 'punctual');
      late.deadline = clock.now() + 500;
      await store.commands.enqueue(late);
      await store.commands.enqueue(onTime);
      clock.advance(500);
      expect(await store.commands.expire(late.id)).toMatchObject({ status: 'timeout' });
      expect(await store.commands.queueLength(cluster)).toBe(1);
      expect(await store.commands.claim(cluster, 5, 30_000)).toEqual([onTime]);
    });
  });

  describe('enqueueAndTake', () => {
    const of = (cluster: string, now: number, owner: string) =>
      envelope(cluster, now, { owner, principal: `name of ${owner}` });

    it('queues the command, then hands out in turn as claim does, under a lease', async () => {
      const { store, clock, cluster } = await setup();
      const flood = [of(cluster, clock.now(), 'flood'), of(cluster, clock.now(), 'flood')];
      for (const command of flood) await store.commands.enqueue(command);
      const mine = of(cluster, clock.now(), 'b');
      const before = clock.now();
      const claimed = await store.commands.enqueueAndTake(mine, 2, 30_000);
      expect(claimed.commands.map((c) => c.id)).toEqual([flood[0]!.id, mine.id]);
      expect(claimed.redelivered).toBe(0);
      expect(claimed.nextLeaseEndAt).toBeGreaterThanOrEqual(before + 30_000);
      expect(claimed.nextLeaseEndAt).toBeLessThanOrEqual(clock.now() + 30_000);
      expect((await store.commands.get(mine.id))?.status).toBe('running');
      expect(await store.commands.claim(cluster, 5, 30_000)).toEqual([flood[1]]);
    });

    it('rejects as enqueue does, and then hands nothing out', async () => {
      const { store, clock, cluster } = await setup({ maxQueuedPerPrincipal: 1 });
      const first = of(cluster, clock.now(), 'flood');
      await store.commands.enqueue(first);
      const refused = of(cluster, clock.now(), 'flood');
      await expect(store.commands.enqueueAndTake(refused, 5, 30_000)).rejects.toBeInstanceOf(
        PrincipalQueueFullError,
      );
      expect(await store.commands.get(refused.id)).toBeNull();
      expect(await store.commands.claim(cluster, 5, 30_000)).toEqual([first]);
      await expect(
        store.commands.enqueueAndTake(of(cluster, clock.now(), 'x'), 0, 30_000),
      ).rejects.toThrow();
    });

    it('tells the cluster’s other channels only of work it left over', async () => {
      const { store, clock, cluster } = await setup();
      const { heard, until, unlisten } = await listenNews(store, cluster);
      // A claimed command's result is the marker: its news come from the same slot as the
      // queue's, in order, so what came before it is all there was.
      const dones = (n: number) => until(() => heard.filter((x) => x.kind === 'done').length === n);
      const alone = envelope(cluster, clock.now());
      expect((await store.commands.enqueueAndTake(alone, 1, 30_000)).commands).toEqual([alone]);
      await store.commands.complete(resultFor(alone));
      await dones(1);
      expect(heard.map((n) => n.kind)).toEqual(['done']);
      const waiting = envelope(cluster, clock.now());
      await store.commands.enqueue(waiting);
      const later = envelope(cluster, clock.now());
      expect((await store.commands.enqueueAndTake(later, 1, 30_000)).commands).toEqual([waiting]);
      await store.commands.complete(resultFor(waiting));
      await dones(2);
      expect(heard.map((n) => n.kind)).toEqual(['done', 'work', 'work', 'done']);
      expect(await store.commands.queueLength(cluster)).toBe(1);
      unlisten();
    });
  });

  describe('redeliveries', () => {
    it('says how many commands handed out were handed out before', async () => {
      const { store, clock, cluster } = await setup();
      const [first, second] = [envelope(cluster, clock.now()), envelope(cluster, clock.now())];
      await store.commands.enqueue(first);
      expect(await store.commands.take(cluster, 5, 1000)).toMatchObject({ redelivered: 0 });
      clock.advance(1000);
      await store.commands.enqueue(second);
      const again = await store.commands.take(cluster, 5, 1000);
      expect(again.commands.map((c) => c.id)).toEqual([first.id, second.id]);
      expect(again.redelivered).toBe(1);
    });
  });

  describe('withdraw', () => {
    const gone = (command: CommandEnvelope) =>
      resultFor(command, { status: 'failed', exitCode: 1, output: '', error: 'client went away' });

    it('ends a command no agent took, so it is never handed out', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      const other = envelope(cluster, clock.now(), { owner: 'other' });
      await store.commands.enqueue(command);
      await store.commands.enqueue(other);
      const result = gone(command);
      expect(await store.commands.withdraw(result)).toEqual({ status: 'failed', command, result });
      expect(await store.commands.queueLength(cluster)).toBe(1);
      expect(await store.commands.claim(cluster, 5, 30_000)).toEqual([other]);
      expect(await store.commands.get(command.id)).toMatchObject({ status: 'failed', result });
      // Its end is written once: a second withdraw or a result finds it ended.
      expect(await store.commands.withdraw(result)).toBeNull();
      expect(await store.commands.complete(resultFor(command))).toEqual({ outcome: 'duplicate' });
    });

    it('leaves a command an agent holds to run to its end', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      await store.commands.claim(cluster, 1, 30_000);
      expect(await store.commands.withdraw(gone(command))).toBeNull();
      const result = resultFor(command);
      expect(await store.commands.complete(result)).toEqual(stored(command, result));
    });

    it("is null for an unknown command, another cluster's, and one past its deadline", async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now(), { deadline: clock.now() + 500 });
      await store.commands.enqueue(command);
      expect(await store.commands.withdraw(gone(envelope(cluster, clock.now())))).toBeNull();
      expect(
        await store.commands.withdraw({ ...gone(command), clusterId: `${cluster}-2` }),
      ).toBeNull();
      clock.advance(500);
      expect(await store.commands.withdraw(gone(command))).toBeNull();
      // Its timeout is still expire's to write.
      expect(await store.commands.expire(command.id)).toEqual(timeoutOf(command, 'unclaimed'));
    });
  });

  describe('deadlines and leases', () => {
    it('never hands out a command past its deadline; it reads as a timeout', async () => {
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
        completedAt: new Date(command.deadline).toISOString(),
      });
      const expected = { status: 'failed', command, result: expectedResult, timedOut: true };
      // Before the timeout is written down, after a claim passed it over, and after expire.
      expect(await store.commands.get(command.id)).toEqual(expected);
      expect(await store.commands.claim(cluster, 10, 30_000)).toEqual([]);
      expect(await store.commands.get(command.id)).toEqual(expected);
      expect(await store.commands.expire(command.id)).toEqual(timeoutOf(command, 'unclaimed'));
      expect(await store.commands.get(command.id)).toEqual(expected);
      expect(await store.commands.queueLength(cluster)).toBe(0);
      // Waiting for a result of a command that timed out ends at once, with none: well before
      // the wait's own timeout, which is all a slow machine cannot blur.
      const { value, ms } = await timed(store.commands.waitForResult(command.id, LONG_WAIT_MS));
      expect(value).toBeNull();
      expect(ms).toBeLessThan(WOKEN_WITHIN_MS);
    });

    it('hands a command out again when its lease ran out before its deadline', async () => {
      const { store, clock, cluster } = await setup();
      // Frozen: halfway through the lease is halfway, however long the calls take.
      clock.freeze();
      const command = envelope(cluster, clock.now(), { deadline: clock.now() + 10_000 });
      await store.commands.enqueue(command);
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([command]);
      clock.advance(500);
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([]);
      clock.advance(500);
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([command]);
      expect(await store.commands.get(command.id)).toEqual({ status: 'running', command });
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([]);
    });

    it('does not redeliver a command whose lease ran out after its deadline: it timed out', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now(), { deadline: clock.now() + 5000 });
      await store.commands.enqueue(command);
      await store.commands.claim(cluster, 1, 1000);
      clock.advance(6000);
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([]);
      const state = await store.commands.get(command.id);
      expect(state).toMatchObject({
        status: 'failed',
        timedOut: true,
        result: { exitCode: 1, error: EXPIRY_MESSAGES.lease },
      });
      // No expire came first, so the late result is the call that writes the timeout down.
      expect(await store.commands.complete(resultFor(command))).toEqual({
        outcome: 'late',
        ended: timeoutOf(command, 'lease'),
      });
      expect(await store.commands.expire(command.id)).toBeNull();
    });

    it('times out at the deadline even under a lease that outlives it', async () => {
      const { store, clock, cluster } = await setup();
      // Frozen: the deadline passes when the test says so, not while the machine is busy.
      clock.freeze();
      const command = envelope(cluster, clock.now(), { deadline: clock.now() + 1000 });
      await store.commands.enqueue(command);
      await store.commands.claim(cluster, 1, 30_000);
      expect(await store.commands.expire(command.id)).toBeNull();
      clock.advance(1000);
      expect(await store.commands.get(command.id)).toMatchObject({
        status: 'failed',
        timedOut: true,
        result: { error: EXPIRY_MESSAGES.lease },
      });
      expect(await store.commands.expire(command.id)).toEqual(timeoutOf(command, 'lease'));
    });
  });

  describe('results', () => {
    it('keeps the first result and refuses the next', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      await store.commands.claim(cluster, 1, 30_000);
      const first = resultFor(command, { output: 'first\n' });
      expect(await store.commands.complete(first)).toEqual(stored(command, first));
      expect(
        await store.commands.complete(resultFor(command, { output: 'second\n', status: 'failed' })),
      ).toEqual({ outcome: 'duplicate' });
      expect(await store.commands.get(command.id)).toEqual({
        status: 'succeeded',
        command,
        result: first,
        timedOut: false,
      });
      expect(await store.commands.expire(command.id)).toBeNull();
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
      expect(await store.commands.complete(make(command))).toEqual({ outcome: 'not_found' });
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
      const one = resultFor(command, { output: 'agent one\n' });
      expect(await store.commands.complete(one)).toEqual(stored(command, one));
      expect(await store.commands.complete(resultFor(command, { output: 'agent two\n' }))).toEqual({
        outcome: 'duplicate',
      });
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
      expect(await store.commands.complete(resultFor(waiting))).toMatchObject({
        outcome: 'stored',
      });
      expect(await store.commands.queueLength(cluster)).toBe(0);
      expect(await store.commands.claim(cluster, 10, 1000)).toEqual([]);
    });

    it('keeps results readable for the result TTL, then forgets the command', async () => {
      // Redis expires keys on its own clock, so these times are real. The TTL is long enough
      // that the reads right after the deadline come well within it even on a busy machine.
      const { store, clock, cluster } = await setup({ resultTtlSeconds: 2 });
      const done = envelope(cluster, clock.now(), { deadline: clock.now() + 300 });
      const unclaimed = envelope(cluster, clock.now(), { deadline: clock.now() + 300 });
      await store.commands.enqueue(done);
      await store.commands.enqueue(unclaimed);
      await store.commands.claim(cluster, 1, 30_000);
      expect(await store.commands.complete(resultFor(done))).toMatchObject({ outcome: 'stored' });
      // Past the deadline the unclaimed command reads as timed out, the answered one as answered.
      await expect
        .poll(async () => (await store.commands.get(unclaimed.id))?.status, {
          timeout: LONG_WAIT_MS,
        })
        .toBe('failed');
      expect((await store.commands.get(done.id))?.status).toBe('succeeded');
      // Once the TTL has run out, both are forgotten.
      for (const command of [done, unclaimed])
        await expect
          .poll(() => store.commands.get(command.id), { timeout: LONG_WAIT_MS, interval: 100 })
          .toBeNull();
      expect(await store.commands.complete(resultFor(done))).toEqual({ outcome: 'not_found' });
    });
  });

  describe('each command ends once (result or timeout), across replicas', () => {
    it('of concurrent completes on two replicas, one stores its result', async () => {
      const { store, clock, cluster, replica } = await setup();
      const other = await replica();
      const commands = Array.from({ length: 20 }, () => envelope(cluster, clock.now()));
      for (const command of commands) await store.commands.enqueue(command);
      await store.commands.claim(cluster, commands.length, 30_000);
      for (const command of commands) {
        const results = Array.from({ length: 6 }, (_, i) =>
          resultFor(command, { output: `agent ${i}\n` }),
        );
        const replies = await Promise.all(
          results.map((result, i) => (i % 2 ? other : store).commands.complete(result)),
        );
        const winners = replies.filter((r) => r.outcome === 'stored');
        expect(winners).toHaveLength(1);
        expect(replies.filter((r) => r.outcome === 'duplicate')).toHaveLength(5);
        const won = transitions(winners)[0];
        expect(await store.commands.get(command.id)).toEqual({
          status: 'succeeded',
          command,
          result: won?.result,
          timedOut: false,
        });
      }
    });

    it('of expires racing on two replicas, one writes the timeout', async () => {
      const { store, clock, cluster, replica } = await setup();
      const other = await replica();
      const commands = Array.from({ length: 20 }, () =>
        envelope(cluster, clock.now(), { deadline: clock.now() + 1000 }),
      );
      for (const command of commands) await store.commands.enqueue(command);
      clock.advance(1000);
      for (const command of commands) {
        const replies = await Promise.all(
          Array.from({ length: 6 }, (_, i) => (i % 2 ? other : store).commands.expire(command.id)),
        );
        expect(transitions(replies)).toEqual([timeoutOf(command, 'unclaimed')]);
        expect(await store.commands.expire(command.id)).toBeNull();
      }
    });

    it('of a result and expires racing past the deadline, exactly one call ends the command, as a timeout', async () => {
      const { store, clock, cluster, replica } = await setup();
      const other = await replica();
      const commands = Array.from({ length: 20 }, () =>
        envelope(cluster, clock.now(), { deadline: clock.now() + 1000 }),
      );
      for (const command of commands) await store.commands.enqueue(command);
      await store.commands.claim(cluster, commands.length, 30_000);
      clock.advance(1000);
      for (const [n, command] of commands.entries()) {
        const result = resultFor(command);
        const calls: Array<() => Promise<CompleteOutcome | CommandOutcome | null>> = [
          () => other.commands.expire(command.id),
          () => store.commands.expire(command.id),
        ];
        // The result comes first, between or last.
        calls.splice(n % 3, 0, () => (n % 2 ? other : store).commands.complete(result));
        const replies = await Promise.all(calls.map((call) => call()));
        expect(transitions(replies)).toEqual([timeoutOf(command, 'lease')]);
        const completed = replies.find((r) => r !== null && 'outcome' in r);
        expect(completed).toMatchObject({ outcome: 'late' });
        // The late result is kept for reading; the outcome stays a timeout.
        expect(await store.commands.get(command.id)).toEqual({
          status: 'succeeded',
          command,
          result,
          timedOut: true,
        });
      }
    });

    it('before the deadline, a result wins over expire, which finds nothing due', async () => {
      const { store, clock, cluster, replica } = await setup();
      // Frozen: the deadline passes when the test says so, not while the machine is busy.
      clock.freeze();
      const other = await replica();
      const command = envelope(cluster, clock.now(), { deadline: clock.now() + 1000 });
      await store.commands.enqueue(command);
      await store.commands.claim(cluster, 1, 30_000);
      const result = resultFor(command);
      const [expired, completed] = await Promise.all([
        other.commands.expire(command.id),
        store.commands.complete(result),
      ]);
      expect(expired).toBeNull();
      expect(completed).toEqual(stored(command, result));
      clock.advance(1000);
      expect(await other.commands.expire(command.id)).toBeNull();
      expect(await store.commands.expireDue(100)).toEqual({ ended: [], more: false });
    });

    it('keeps the first late result for reading after expire; the outcome stays a timeout', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now(), { deadline: clock.now() + 1000 });
      await store.commands.enqueue(command);
      await store.commands.claim(cluster, 1, 30_000);
      clock.advance(1000);
      expect(await store.commands.expire(command.id)).toEqual(timeoutOf(command, 'lease'));
      const late = resultFor(command, { output: 'late\n' });
      expect(await store.commands.complete(late)).toEqual({ outcome: 'late', ended: null });
      expect(await store.commands.complete(resultFor(command))).toEqual({ outcome: 'duplicate' });
      expect(await store.commands.get(command.id)).toEqual({
        status: 'succeeded',
        command,
        result: late,
        timedOut: true,
      });
      expect(await store.commands.waitForResult(command.id, 0)).toBeNull();
      expect(await store.commands.waitForResult(command.id, 1000)).toBeNull();
      expect(await store.commands.expire(command.id)).toBeNull();
    });

    it('expireDue times out every unanswered command past its deadline, once across replicas', async () => {
      const { store, clock, cluster, replica } = await setup();
      // Frozen: the deadline passes when the test says so, not while the machine is busy.
      clock.freeze();
      const other = await replica();
      const soon = () => envelope(cluster, clock.now(), { deadline: clock.now() + 1000 });
      const unclaimed = [soon(), soon(), soon()];
      const claimed = soon();
      const answered = soon();
      const later = envelope(`${cluster}-2`, clock.now(), { deadline: clock.now() + 60_000 });
      for (const command of [claimed, answered, ...unclaimed, later])
        await store.commands.enqueue(command);
      expect(await store.commands.claim(cluster, 2, 30_000)).toEqual([claimed, answered]);
      await store.commands.complete(resultFor(answered));
      expect(await store.commands.expireDue(100)).toEqual({ ended: [], more: false });
      clock.advance(1000);

      const sweeps = await Promise.all([
        store.commands.expireDue(100),
        other.commands.expireDue(100),
        store.commands.expireDue(100),
      ]);
      const ended = sweeps.flatMap((sweep) => sweep.ended);
      expect(ended.map((o) => o.command.id).sort()).toEqual(
        [claimed, ...unclaimed].map((c) => c.id).sort(),
      );
      expect(ended.find((o) => o.command.id === claimed.id)).toEqual(timeoutOf(claimed, 'lease'));
      for (const command of unclaimed)
        expect(ended.find((o) => o.command.id === command.id)).toEqual(
          timeoutOf(command, 'unclaimed'),
        );
      expect(await other.commands.expireDue(100)).toEqual({ ended: [], more: false });
      expect(await store.commands.get(later.id)).toEqual({ status: 'queued', command: later });
    });

    it('expireDue takes at most `max` a call and says when more are due', async () => {
      const { store, clock, cluster } = await setup();
      const commands = Array.from({ length: 5 }, () =>
        envelope(cluster, clock.now(), { deadline: clock.now() + 1000 }),
      );
      for (const command of commands) await store.commands.enqueue(command);
      clock.advance(1000);
      const first = await store.commands.expireDue(2);
      expect(first.ended).toHaveLength(2);
      expect(first.more).toBe(true);
      const second = await store.commands.expireDue(2);
      expect(second.ended).toHaveLength(2);
      const third = await store.commands.expireDue(2);
      expect(third).toMatchObject({ more: false });
      expect(third.ended).toHaveLength(1);
      const ids = [first, second, third].flatMap((s) => s.ended.map((o) => o.command.id));
      expect(ids.sort()).toEqual(commands.map((c) => c.id).sort());
      await expect(store.commands.expireDue(0)).rejects.toThrow(TypeError);
    });

    it('expire answers null for an unknown id and for a command not yet due', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      expect(await store.commands.expire(newId())).toBeNull();
      expect(await store.commands.expire(command.id)).toBeNull();
      expect(await store.commands.get(command.id)).toEqual({ status: 'queued', command });
      expect(await store.commands.claim(cluster, 1, 30_000)).toEqual([command]);
    });
  });

  describe('waiting for a result', () => {
    it('expectResult: a wait begun before the command is queued hears each way it can end', async () => {
      const { store, clock, cluster, replica } = await setup();
      const other = await replica();
      // Stored here before wait() is called: kept for it.
      const first = envelope(cluster, clock.now());
      const firstWait = store.commands.expectResult(first);
      await store.commands.enqueue(first);
      expect(await store.commands.claim(cluster, 1, 30_000)).toEqual([first]);
      const firstResult = resultFor(first);
      await store.commands.complete(firstResult);
      expect(await firstWait.wait(LONG_WAIT_MS)).toEqual(firstResult);
      // Stored by another replica, once the channel is followed: heard on it.
      const second = envelope(cluster, clock.now());
      const secondWait = store.commands.expectResult(second);
      await store.commands.enqueue(second);
      const waiting = secondWait.wait(LONG_WAIT_MS);
      expect(await other.commands.claim(cluster, 1, 30_000)).toEqual([second]);
      const secondResult = resultFor(second);
      await other.commands.complete(secondResult);
      expect(await waiting).toEqual(secondResult);
      // Never answered: null at its deadline, which reads as a timeout.
      const third = envelope(cluster, clock.now(), { deadline: clock.now() + 300 });
      const thirdWait = store.commands.expectResult(third);
      await store.commands.enqueue(third);
      expect(await thirdWait.wait(LONG_WAIT_MS)).toBeNull();
      expect(await store.commands.get(third.id)).toMatchObject({
        status: 'failed',
        timedOut: true,
      });
      // Not queued after all: cancelled, and a later wait of the same id starts afresh.
      const fourth = envelope(cluster, clock.now());
      store.commands.expectResult(fourth).cancel();
      expect(await store.commands.waitForResult(fourth.id, LONG_WAIT_MS)).toBeNull();
    });

    it('wakes a waiter when the result is stored', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      const waiting = timed(store.commands.waitForResult(command.id, LONG_WAIT_MS));
      // A head start, so the result usually lands on a waiter already listening; one that lands
      // first is read on subscribing, and the test holds either way.
      await sleep(30);
      const result = resultFor(command);
      await store.commands.complete(result);
      const { value, ms } = await waiting;
      expect(value).toEqual(result);
      // Woken by the result, not by the wait's timeout.
      expect(ms).toBeLessThan(WOKEN_WITHIN_MS);
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
        store.commands.waitForResult(id, how === 'timeout' ? 100 : LONG_WAIT_MS, controller.signal),
      );
      if (how === 'abort') setTimeout(() => controller.abort(), 30);
      const { value, ms } = await waiting;
      expect(value).toBeNull();
      // Ended by the abort, the unknown id or its own short timeout, not by a long timeout.
      expect(ms).toBeLessThan(WOKEN_WITHIN_MS);
      if (how === 'timeout') expect(ms).toBeGreaterThanOrEqual(90);
    });

    it('does not miss a result stored while the waiter subscribes', async () => {
      const { store, clock, cluster } = await setup({ maxQueuedPerPrincipal: 1000 });
      const commands = Array.from({ length: 200 }, () => envelope(cluster, clock.now()));
      await Promise.all(commands.map((command) => store.commands.enqueue(command)));
      // Waits and completions start together, with their order left to chance. A missed result
      // leaves its waiter to time out with null, however long the timeout.
      const outcomes = await Promise.all(
        commands.map(async (command, i) => {
          const waiting = store.commands.waitForResult(command.id, LONG_WAIT_MS);
          if (i % 3 === 1) await Promise.resolve();
          if (i % 3 === 2) await new Promise((resolve) => setImmediate(resolve));
          await store.commands.complete(resultFor(command));
          return waiting;
        }),
      );
      expect(outcomes.map((r) => r?.id)).toEqual(commands.map((c) => c.id));
    });

    it('resolves null at the deadline when no result came; the timeout reads through get', async () => {
      const { store, clock, cluster } = await setup();
      const now = clock.now();
      const command = envelope(cluster, now, { deadline: now + 300 });
      await store.commands.enqueue(command);
      const { value, ms } = await timed(store.commands.waitForResult(command.id, LONG_WAIT_MS));
      expect(value).toBeNull();
      // Not before the deadline, and at the deadline rather than at the wait's own timeout.
      expect(clock.now()).toBeGreaterThanOrEqual(command.deadline);
      expect(ms).toBeLessThan(WOKEN_WITHIN_MS);
      expect(await store.commands.get(command.id)).toMatchObject({
        status: 'failed',
        timedOut: true,
        result: { id: command.id, error: EXPIRY_MESSAGES.unclaimed },
      });
    });

    it('wakes a waiter when another replica expires the command', async () => {
      const { store, clock, cluster, replica } = await setup();
      const other = await replica();
      const command = envelope(cluster, clock.now(), { deadline: clock.now() + 60_000 });
      await store.commands.enqueue(command);
      const waiting = timed(store.commands.waitForResult(command.id, LONG_WAIT_MS));
      // A head start, so the expiry usually lands on a waiter already listening (see above).
      await sleep(30);
      clock.advance(60_000);
      expect(await other.commands.expire(command.id)).toEqual(timeoutOf(command, 'unclaimed'));
      const { value, ms } = await waiting;
      expect(value).toBeNull();
      expect(ms).toBeLessThan(WOKEN_WITHIN_MS);
    });

    it('wakes 1,000 result waiters and 100 work waiters, each with its own news', async () => {
      const { store, clock, cluster } = await setup({ maxQueuedPerPrincipal: 1000 });
      const commands = Array.from({ length: 1000 }, () => envelope(cluster, clock.now()));
      await Promise.all(commands.map((command) => store.commands.enqueue(command)));
      const clusters = Array.from({ length: 100 }, (_, i) => `${cluster}-w${i}`);
      // Many waits on a busy machine: a longer timeout, and the same margin from it.
      const results = commands.map((command) =>
        store.commands.waitForResult(command.id, 3 * LONG_WAIT_MS),
      );
      const works = clusters.map((c) => timed(store.commands.waitForWork(c, 3 * LONG_WAIT_MS)));
      // A head start for the work waiters (work queued first is found on subscribing anyway).
      await sleep(50);
      await Promise.all(clusters.map((c) => store.commands.enqueue(envelope(c, clock.now()))));
      for (const { ms } of await Promise.all(works)) expect(ms).toBeLessThan(3 * WOKEN_WITHIN_MS);
      await Promise.all(commands.map((command) => store.commands.complete(resultFor(command))));
      const got = await Promise.all(results);
      expect(got.map((r) => [r?.id, r?.output])).toEqual(
        commands.map((c) => [c.id, `output of ${c.id}\n`]),
      );
    });
  });

  describe('envelopeIn', () => {
    it('reads a command of the cluster, and nothing of another cluster or unknown', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      expect(await store.commands.envelopeIn(cluster, command.id)).toEqual(command);
      expect(await store.commands.envelopeIn(`${cluster}-other`, command.id)).toBeNull();
      expect(await store.commands.envelopeIn(cluster, newId())).toBeNull();
      await store.commands.claim(cluster, 1, 1000);
      await store.commands.complete(resultFor(command));
      expect(await store.commands.envelopeIn(cluster, command.id)).toEqual(command);
    });
  });

  describe('leases that follow the work', () => {
    it('take hands out like claim and says when the earliest lease runs out', async () => {
      const { store, clock, cluster } = await setup();
      expect(await store.commands.take(cluster, 4, 1000)).toEqual({
        commands: [],
        nextLeaseEndAt: null,
        redelivered: 0,
      });
      const first = envelope(cluster, clock.now(), { deadline: clock.now() + 10_000 });
      const second = envelope(cluster, clock.now(), { deadline: clock.now() + 10_000 });
      await store.commands.enqueue(first);
      await store.commands.enqueue(second);
      const before = clock.now();
      const taken = await store.commands.take(cluster, 1, 1000);
      const after = clock.now();
      expect(taken.commands).toEqual([first]);
      expect(taken.nextLeaseEndAt).toBeGreaterThanOrEqual(before + 1000);
      expect(taken.nextLeaseEndAt).toBeLessThanOrEqual(after + 1000);
      expect((await store.commands.take(cluster, 4, 5000)).commands).toEqual([second]);
    });

    it('renew keeps a running command from being handed out again, until renewals stop', async () => {
      const { store, clock, cluster } = await setup();
      // Frozen: each step lands exactly inside or past a lease, however long the calls take.
      clock.freeze();
      const command = envelope(cluster, clock.now(), { deadline: clock.now() + 60_000 });
      await store.commands.enqueue(command);
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([command]);
      clock.advance(800);
      expect(await store.commands.renew(cluster, [command.id, newId()], 1000)).toEqual([
        command.id,
      ]);
      // Past the first lease, inside the renewed one: not handed out.
      clock.advance(800);
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([]);
      // No renewal: the renewed lease runs out and the command goes to another agent.
      clock.advance(1100);
      expect(await store.commands.claim(cluster, 1, 1000)).toEqual([command]);
    });

    it('renew skips commands that ended, are queued, or belong to another cluster', async () => {
      const { store, clock, cluster } = await setup();
      const done = envelope(cluster, clock.now());
      const queued = envelope(cluster, clock.now());
      await store.commands.enqueue(done);
      await store.commands.claim(cluster, 1, 1000);
      await store.commands.enqueue(queued);
      await store.commands.complete(resultFor(done));
      expect(await store.commands.renew(cluster, [done.id, queued.id], 1000)).toEqual([]);
      const running = envelope(cluster, clock.now());
      await store.commands.enqueue(running);
      await store.commands.claim(cluster, 2, 1000);
      expect(await store.commands.renew(`${cluster}-other`, [running.id], 1000)).toEqual([]);
      expect(await store.commands.renew(cluster, [], 1000)).toEqual([]);
    });

    it('renew never extends a lease past the deadline', async () => {
      const { store, clock, cluster } = await setup();
      // Frozen: the deadline passes when the test says so, not while the machine is busy.
      clock.freeze();
      const command = envelope(cluster, clock.now(), { deadline: clock.now() + 1500 });
      await store.commands.enqueue(command);
      await store.commands.claim(cluster, 1, 1000);
      expect(await store.commands.renew(cluster, [command.id], 60_000)).toEqual([command.id]);
      const { nextLeaseEndAt } = await store.commands.take(cluster, 1, 1000);
      expect(nextLeaseEndAt).toBe(command.deadline);
    });

    it('watchWork hears new work, and a claimed command’s result with whether work is queued', async () => {
      const { store, clock, cluster } = await setup();
      const { heard, until, unlisten } = await listenNews(store, cluster);
      const first = envelope(cluster, clock.now());
      const second = envelope(cluster, clock.now());
      await store.commands.enqueue(first);
      await until(() => heard.length > 0);
      expect(heard[0]).toEqual({ kind: 'work' });
      await store.commands.enqueue(second);
      await store.commands.claim(cluster, 1, 5000);
      await store.commands.complete(resultFor(first));
      await until(() => heard.some((n) => n.kind === 'done'));
      expect(heard.filter((n) => n.kind === 'done')).toEqual([
        { kind: 'done', id: first.id, queued: true },
      ]);
      // The second was never claimed: its result frees no slot and says nothing on the channel.
      await store.commands.claim(cluster, 1, 5000);
      await store.commands.complete(resultFor(second));
      await until(() => heard.filter((n) => n.kind === 'done').length === 2);
      expect(heard.at(-1)).toEqual({ kind: 'done', id: second.id, queued: false });
      await store.commands.announceChannel(cluster, 'agent-1', 'stream-2');
      await until(() => heard.some((n) => n.kind === 'channel'));
      expect(heard.at(-1)).toEqual({ kind: 'channel', instance: 'agent-1', channel: 'stream-2' });
      await expect(store.commands.announceChannel(cluster, 'a b', 'c')).rejects.toThrow(TypeError);
      unlisten();
    });
  });

  describe('waiting for work', () => {
    it('wakes a waiter when a command is queued', async () => {
      const { store, clock, cluster } = await setup();
      const waiting = timed(store.commands.waitForWork(cluster, LONG_WAIT_MS));
      // The work comes after this pause: the wait must not end before it.
      await sleep(30);
      await store.commands.enqueue(envelope(cluster, clock.now()));
      const { ms } = await waiting;
      expect(ms).toBeLessThan(WOKEN_WITHIN_MS);
      expect(ms).toBeGreaterThanOrEqual(25);
      expect(await store.commands.claim(cluster, 1, 1000)).toHaveLength(1);
    });

    it.each([
      ['work is already queued', 'queued', 0],
      ['nothing comes (timeout)', 'timeout', 90],
      ['the wait is aborted', 'abort', 25],
    ] as const)('resolves when %s', async (_label, how, atLeast) => {
      const { store, clock, cluster } = await setup();
      if (how === 'queued') await store.commands.enqueue(envelope(cluster, clock.now()));
      const controller = new AbortController();
      if (how === 'abort') setTimeout(() => controller.abort(), 30);
      const { ms } = await timed(
        store.commands.waitForWork(
          cluster,
          how === 'timeout' ? 100 : LONG_WAIT_MS,
          controller.signal,
        ),
      );
      expect(ms).toBeGreaterThanOrEqual(atLeast);
      // Ended by the queued work, the abort or its own short timeout, not by a long timeout.
      expect(ms).toBeLessThan(WOKEN_WITHIN_MS);
    });

    it('wakes a waiter when a lease runs out, so the command is redelivered promptly', async () => {
      const { store, clock, cluster } = await setup();
      const command = envelope(cluster, clock.now());
      await store.commands.enqueue(command);
      const claimedAt = clock.now();
      await store.commands.claim(cluster, 1, 150);
      const { ms } = await timed(store.commands.waitForWork(cluster, LONG_WAIT_MS));
      // Not before the lease ran out, and then at once rather than at the wait's own timeout.
      expect(clock.now()).toBeGreaterThanOrEqual(claimedAt + 150);
      expect(ms).toBeLessThan(WOKEN_WITHIN_MS);
      expect(await store.commands.claim(cluster, 1, 30_000)).toEqual([command]);
    });
  });
}
