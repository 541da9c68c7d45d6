// Command queues on Redis: per cluster (under its tag) a queue list, a lease set and a hash and a
// result per command, plus an id → cluster index and a deadline index; waits are woken over
// pub/sub, on the cluster's work channel.
import { CommandEnvelope, Result } from '@porthole/protocol';
import { PrincipalQueueFullError, QueueFullError } from '../errors.js';
import {
  checkClaimArgs,
  checkExpireArgs,
  isExpiryReason,
  queueOwner,
  timeoutOutcome,
  viewRecord,
  type CommandRecord,
  type RecordView,
} from '../state.js';
import type {
  Claimed,
  ExpectedResult,
  WorkNews,
  CommandOutcome,
  CommandQueue,
  CommandState,
  CompleteOutcome,
  ExpirySweep,
} from '../store.js';
import { channelMessage, Waiters, type WaitSource } from '../waiting.js';
import type { RedisContext } from './context.js';
import { isQueueToken, parseDeadlineMember, queueToken } from './keys.js';
import { runScript, scripts } from './scripts.js';

/** Ids whose cluster this instance remembers; emptied when full. */
const CLUSTER_OF_MAX = 10_000;

/** The timeout an expire or complete script reports writing, as the caller returns it. */
function timedOut(reason: unknown, env: unknown): CommandOutcome {
  if (!isExpiryReason(reason))
    throw new Error(`a script reported the timeout reason ${String(reason)}`);
  return timeoutOutcome(CommandEnvelope.parse(JSON.parse(String(env))), reason);
}

/** A claim script's reply: {next lease end or '', redelivered, envelope JSON...}. */
function claimedFrom(reply: unknown[]): Claimed {
  if (reply.length < 2) throw new Error('claim script returned too short a reply');
  const [next, redelivered, ...envelopes] = reply;
  return {
    commands: envelopes.map((json) => CommandEnvelope.parse(JSON.parse(String(json)))),
    nextLeaseEndAt: next === '' ? null : Number(next),
    redelivered: Number(redelivered),
  };
}

export class RedisCommands implements CommandQueue {
  private readonly waiters: Waiters;

  constructor(
    private readonly ctx: RedisContext,
    /** The subscriber side: channels to listen on, and what its failures read as. */
    waits: Pick<WaitSource, 'hub' | 'toStoreError'>,
  ) {
    this.waiters = new Waiters({
      ...waits,
      now: ctx.o.now,
      workChannel: (clusterId) => ctx.keys.workChannel(clusterId),
      knownCluster: (id) => this.clusterOf.get(id),
      readCommand: (id) => this.read(id),
      nextWorkAt: (clusterId) => this.nextWorkAt(clusterId),
    });
  }

  async enqueue(command: CommandEnvelope): Promise<void> {
    await this.queue(command, null);
  }

  async enqueueAndTake(command: CommandEnvelope, max: number, leaseMs: number): Promise<Claimed> {
    checkClaimArgs(max, leaseMs);
    const claimed = await this.queue(command, { max, leaseMs });
    if (!claimed) throw new Error('enqueue-claim script returned no claim');
    return claimed;
  }

  /** Queues a command, then with `take` hands commands out in the same script call. */
  private async queue(
    command: CommandEnvelope,
    take: { max: number; leaseMs: number } | null,
  ): Promise<Claimed | null> {
    const { keys, o } = this.ctx;
    const now = o.now();
    const ttlMs = Math.max(command.deadline - now, 0) + o.resultTtlMs;
    const indexKey = keys.commandCluster(command.id);
    const member = keys.deadlineMember(command.clusterId, command.id);
    const token = queueToken(queueOwner(command));
    const { clusterId } = command;
    const outcome = await this.ctx.call(async (c) => {
      const queueKeys = [
        keys.turns(clusterId),
        keys.principalQueue(clusterId, token),
        keys.command(clusterId, command.id),
        keys.principalQueuePrefix(clusterId),
      ];
      const queueArgs = [
        command.id,
        JSON.stringify(command),
        command.deadline,
        now,
        o.resultTtlMs,
        o.maxQueueLength,
        keys.workChannel(clusterId),
        token,
        o.maxQueuedPerPrincipal,
      ];
      const takeKeys = take ? [keys.leases(clusterId), keys.commandPrefix(clusterId)] : [];
      const takeArgs = take ? [take.max, Math.ceil(take.leaseMs)] : [];
      const script = take ? scripts.enqueueClaim : scripts.enqueue;
      // On a single Redis the indexes are written by the script itself, when it queues.
      const indexed = this.ctx.oneNode;
      let created: string | null = null;
      if (!indexed) {
        // On Redis Cluster the indexes live outside the cluster's hash slot, so they cannot be
        // part of the script; both are written before it is queued (in one round trip), so a
        // command is never queued without a way to find it and time it out. An entry left by a
        // failed enqueue names no record and is dropped by the next sweep.
        [created] = await Promise.all([
          c.set(indexKey, clusterId, 'PX', ttlMs, 'NX'),
          runScript(c, scripts.deadlineAdd, [keys.deadlines], [member, command.deadline, ttlMs]),
        ]);
        if (created === null && (await c.get(indexKey)) !== clusterId) {
          await c.zrem(keys.deadlines, member);
          return 'conflict' as const;
        }
      }
      const reply = await runScript(
        c,
        script,
        [...queueKeys, ...takeKeys, ...(indexed ? [indexKey, keys.deadlines] : [])],
        [...queueArgs, ...takeArgs, ...(indexed ? [clusterId, member] : [])],
      );
      const [queued, ...claim] = Array.isArray(reply) ? (reply as unknown[]) : [reply];
      if (!indexed && (queued === -1 || queued === -2)) {
        await c.zrem(keys.deadlines, member);
        if (created !== null) await c.del(indexKey);
      }
      if (queued === -3) return 'conflict' as const;
      if (queued === -2) return 'principal_full' as const;
      if (queued === -1) return 'full' as const;
      return { claim };
    });
    if (outcome === 'full') throw new QueueFullError(clusterId, o.maxQueueLength);
    if (outcome === 'principal_full')
      throw new PrincipalQueueFullError(clusterId, o.maxQueuedPerPrincipal);
    if (outcome === 'conflict')
      throw new Error(`command id ${command.id} is already used by another cluster`);
    this.remember(command.id, clusterId);
    return take ? claimedFrom(outcome.claim) : null;
  }

  async claim(clusterId: string, max: number, leaseMs: number): Promise<CommandEnvelope[]> {
    return (await this.take(clusterId, max, leaseMs)).commands;
  }

  async take(clusterId: string, max: number, leaseMs: number): Promise<Claimed> {
    checkClaimArgs(max, leaseMs);
    const { keys, o } = this.ctx;
    const raw = await this.ctx.call((c) =>
      runScript(
        c,
        scripts.claim,
        [
          keys.turns(clusterId),
          keys.leases(clusterId),
          keys.commandPrefix(clusterId),
          keys.principalQueuePrefix(clusterId),
        ],
        [o.now(), max, Math.ceil(leaseMs), keys.workChannel(clusterId)],
      ),
    );
    if (!Array.isArray(raw)) throw new Error('claim script returned a non-array');
    return claimedFrom(raw as unknown[]);
  }

  async renew(clusterId: string, ids: readonly string[], leaseMs: number): Promise<string[]> {
    checkClaimArgs(1, leaseMs);
    if (ids.length === 0) return [];
    const { keys, o } = this.ctx;
    const raw = await this.ctx.call((c) =>
      runScript(
        c,
        scripts.renew,
        [keys.leases(clusterId), keys.commandPrefix(clusterId)],
        [o.now(), Math.ceil(leaseMs), ...ids],
      ),
    );
    if (!Array.isArray(raw)) throw new Error('renew script returned a non-array');
    return raw.map(String);
  }

  waitForWork(clusterId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waiters.forWork(clusterId, timeoutMs, signal);
  }

  watchWork(clusterId: string, listener: (news: WorkNews) => void): Promise<() => void> {
    return this.waiters.watchWork(clusterId, listener);
  }

  async announceChannel(clusterId: string, instance: string, channel: string): Promise<void> {
    const message = channelMessage(instance, channel);
    await this.ctx.call((c) => c.publish(this.ctx.keys.workChannel(clusterId), message));
  }

  async complete(result: Result): Promise<CompleteOutcome> {
    const reply = await this.store(result, false);
    if (reply === 'taken') throw new Error('complete script answered taken to a complete');
    return reply;
  }

  async withdraw(result: Result): Promise<CommandOutcome | null> {
    const reply = await this.store(result, true);
    return reply !== 'taken' && reply.outcome === 'stored' ? reply.ended : null;
  }

  /** Runs the complete script; `queuedOnly`: only while no agent holds the command. */
  private async store(result: Result, queuedOnly: boolean): Promise<CompleteOutcome | 'taken'> {
    const { keys, o } = this.ctx;
    const valid = Result.parse(result);
    const { id, clusterId } = valid;
    const json = JSON.stringify(valid);
    // Waiters here hear of it when the script answers (the result itself, when stored in time).
    const ended = this.waiters.storing(clusterId, id);
    let inTime: Result | null = null;
    try {
      // On a single Redis the script drops the command from the deadline index itself.
      const indexed = this.ctx.oneNode;
      const reply = await this.ctx.call((c) =>
        runScript(
          c,
          scripts.complete,
          [...this.commandKeys(clusterId, id), ...(indexed ? [keys.deadlines] : [])],
          [
            id,
            json,
            valid.status,
            o.resultTtlMs,
            o.now(),
            keys.workChannel(clusterId),
            queuedOnly ? '1' : '',
            ...(indexed ? [keys.deadlineMember(clusterId, id)] : []),
          ],
        ),
      );
      const [outcome, ttl, ...rest] = Array.isArray(reply) ? (reply as unknown[]) : [];
      if (outcome === 'taken') return outcome;
      if (outcome === 'duplicate' || outcome === 'not_found') return { outcome };
      if (outcome !== 'stored' && outcome !== 'late')
        throw new Error(`complete script returned ${String(outcome)}`);
      if (outcome === 'stored') {
        // In time, the record keeps the TTL enqueue gave it and its id index alike: no write.
        inTime = valid;
        if (!indexed) this.unindex(clusterId, id);
        const command = CommandEnvelope.parse(JSON.parse(String(rest[0])));
        return { outcome, ended: { status: valid.status, command, result: valid } };
      }
      // A late result extends the record past the TTL enqueue gave it: the id must stay
      // findable as long. The result is stored already, so a failure here is reported.
      this.ctx.background((c) => c.pexpire(keys.commandCluster(id), Number(ttl)));
      const [reason, env] = rest;
      if (reason === '') return { outcome, ended: null };
      if (!indexed) this.unindex(clusterId, id);
      return { outcome, ended: timedOut(reason, env) };
    } finally {
      ended(inTime);
    }
  }

  async expire(id: string): Promise<CommandOutcome | null> {
    const { keys, o } = this.ctx;
    const clusterId = await this.ctx.call((c) => c.get(keys.commandCluster(id)));
    if (clusterId === null) return null;
    const outcome = await this.expireIn(clusterId, id, o.now());
    if (outcome !== 'pending') this.unindex(clusterId, id);
    return typeof outcome === 'string' ? null : outcome;
  }

  async expireDue(max: number): Promise<ExpirySweep> {
    checkExpireArgs(max);
    const { keys, o } = this.ctx;
    const now = o.now();
    const due = await this.ctx.call((c) =>
      c.zrangebyscore(keys.deadlines, '-inf', now, 'LIMIT', 0, max + 1),
    );
    const batch = due.slice(0, max);
    // One script per command: each runs in its own cluster's slot, and decides alone.
    const outcomes = await Promise.all(
      batch.map(async (member) => {
        const parsed = parseDeadlineMember(member);
        return parsed ? this.expireIn(parsed.clusterId, parsed.id, now) : ('final' as const);
      }),
    );
    const done = batch.filter((_, i) => outcomes[i] !== 'pending');
    if (done.length > 0) await this.ctx.call((c) => c.zrem(keys.deadlines, ...done));
    return {
      ended: outcomes.filter((x): x is CommandOutcome => typeof x !== 'string'),
      more: due.length > max,
    };
  }

  /** Runs the expire script: the timeout if this call wrote it, else why not. */
  private async expireIn(
    clusterId: string,
    id: string,
    now: number,
  ): Promise<CommandOutcome | 'final' | 'pending'> {
    const reply = await this.ctx.call((c) =>
      runScript(c, scripts.expire, this.commandKeys(clusterId, id), [
        id,
        now,
        this.ctx.keys.workChannel(clusterId),
      ]),
    );
    const [outcome, reason, env] = Array.isArray(reply) ? (reply as unknown[]) : [];
    if (outcome === 'expired') return timedOut(reason, env);
    if (outcome === 'pending') return 'pending';
    if (outcome === 'final' || outcome === 'not_found') return 'final';
    throw new Error(`expire script returned ${String(outcome)}`);
  }

  /** The five keys the complete and expire scripts take. */
  private commandKeys(clusterId: string, id: string): string[] {
    const { keys } = this.ctx;
    return [
      keys.command(clusterId, id),
      keys.result(clusterId, id),
      keys.turns(clusterId),
      keys.leases(clusterId),
      keys.principalQueuePrefix(clusterId),
    ];
  }

  /** Drops a command that ended from the deadline index (best effort: a sweep drops it too). */
  private unindex(clusterId: string, id: string): void {
    const { keys } = this.ctx;
    this.ctx.background((c) => c.zrem(keys.deadlines, keys.deadlineMember(clusterId, id)));
  }

  async envelopeIn(clusterId: string, id: string): Promise<CommandEnvelope | null> {
    const env = await this.ctx.call((c) => c.hget(this.ctx.keys.command(clusterId, id), 'env'));
    return env === null ? null : CommandEnvelope.parse(JSON.parse(env));
  }

  async get(id: string): Promise<CommandState | null> {
    return (await this.read(id))?.state ?? null;
  }

  expectResult(command: CommandEnvelope): ExpectedResult {
    return this.waiters.expect(command);
  }

  waitForResult(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Result | null> {
    return this.waiters.forResult(id, timeoutMs, signal);
  }

  async queueLength(clusterId: string): Promise<number> {
    const { keys } = this.ctx;
    return this.ctx.call(async (c) => {
      const tokens = new Set((await c.lrange(keys.turns(clusterId), 0, -1)).filter(isQueueToken));
      const lengths = await Promise.all(
        [...tokens].map((token) => c.llen(keys.principalQueue(clusterId, token))),
      );
      return lengths.reduce((sum, n) => sum + n, 0);
    });
  }

  /** Ends every wait as if it timed out, and every later one at once (the store is closing). */
  endWaits(): void {
    this.waiters.closeAll();
  }

  /** Clusters of commands this instance queued: their reads skip the index lookup. */
  private readonly clusterOf = new Map<string, string>();

  private remember(id: string, clusterId: string): void {
    if (this.clusterOf.size >= CLUSTER_OF_MAX) this.clusterOf.clear();
    this.clusterOf.set(id, clusterId);
  }

  private async read(id: string): Promise<RecordView | null> {
    const { keys, o } = this.ctx;
    const now = o.now();
    const known = this.clusterOf.get(id);
    const fields = await this.ctx.call(async (c) => {
      // An id's cluster never changes, so what this instance queued is known without a read.
      const clusterId = known ?? (await c.get(keys.commandCluster(id)));
      if (clusterId === null) return null;
      const [hash, result] = await Promise.all([
        c.hgetall(keys.command(clusterId, id)),
        c.get(keys.result(clusterId, id)),
      ]);
      return { hash, result };
    });
    const env = fields?.hash.env;
    if (!fields || env === undefined) return null;
    const { hash } = fields;
    const status = hash.status;
    if (
      status !== 'queued' &&
      status !== 'running' &&
      status !== 'succeeded' &&
      status !== 'failed'
    ) {
      throw new Error(`command ${id} has an unknown status in Redis`);
    }
    const record: CommandRecord = {
      envelope: CommandEnvelope.parse(JSON.parse(env)),
      status,
      attempts: Number(hash.attempts ?? 0),
      leaseUntil: hash.leaseUntil === undefined ? null : Number(hash.leaseUntil),
      reason: isExpiryReason(hash.reason) ? hash.reason : null,
      result: fields.result === null ? null : Result.parse(JSON.parse(fields.result)),
    };
    return viewRecord(record, now);
  }

  private async nextWorkAt(clusterId: string): Promise<number | null> {
    const { keys, o } = this.ctx;
    const [length, first] = await this.ctx.call((c) =>
      Promise.all([
        c.llen(keys.turns(clusterId)),
        c.zrange(keys.leases(clusterId), 0, 0, 'WITHSCORES'),
      ]),
    );
    if (length > 0) return o.now();
    return first[1] === undefined ? null : Number(first[1]);
  }
}
