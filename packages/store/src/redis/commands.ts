// Command queues on Redis: per cluster (under its tag) a queue list, a lease set and a hash and a
// result per command, plus an id → cluster index; waits are woken over pub/sub.
import { CommandEnvelope, Result } from '@porthole/protocol';
import { QueueFullError } from '../errors.js';
import {
  checkClaimArgs,
  isExpiryReason,
  viewRecord,
  type CommandRecord,
  type RecordView,
} from '../state.js';
import type { CommandQueue, CommandState, CompleteOutcome } from '../store.js';
import { Waiters, type WaitSource } from '../waiting.js';
import type { RedisContext } from './context.js';
import { runScript, scripts } from './scripts.js';

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
      resultChannel: (id) => ctx.keys.resultChannel(id),
      workChannel: (clusterId) => ctx.keys.workChannel(clusterId),
      readCommand: (id) => this.read(id),
      nextWorkAt: (clusterId) => this.nextWorkAt(clusterId),
    });
  }

  async enqueue(command: CommandEnvelope): Promise<void> {
    const { keys, o } = this.ctx;
    const now = o.now();
    const ttlMs = Math.max(command.deadline - now, 0) + o.resultTtlMs;
    const indexKey = keys.commandCluster(command.id);
    const outcome = await this.ctx.call(async (c) => {
      // The index lives outside the cluster's hash slot, so it cannot be part of the script.
      const created = await c.set(indexKey, command.clusterId, 'PX', ttlMs, 'NX');
      if (created === null && (await c.get(indexKey)) !== command.clusterId)
        return 'conflict' as const;
      const queued = await runScript(
        c,
        scripts.enqueue,
        [keys.queue(command.clusterId), keys.command(command.clusterId, command.id)],
        [
          command.id,
          JSON.stringify(command),
          command.deadline,
          now,
          o.resultTtlMs,
          o.maxQueueLength,
          keys.workChannel(command.clusterId),
        ],
      );
      if (queued === -1 && created !== null) await c.del(indexKey);
      return queued === -1 ? ('full' as const) : ('ok' as const);
    });
    if (outcome === 'full') throw new QueueFullError(command.clusterId, o.maxQueueLength);
    if (outcome === 'conflict')
      throw new Error(`command id ${command.id} is already used by another cluster`);
  }

  async claim(clusterId: string, max: number, leaseMs: number): Promise<CommandEnvelope[]> {
    checkClaimArgs(max, leaseMs);
    const { keys, o } = this.ctx;
    const raw = await this.ctx.call((c) =>
      runScript(
        c,
        scripts.claim,
        [keys.queue(clusterId), keys.leases(clusterId), keys.commandPrefix(clusterId)],
        [o.now(), max, Math.ceil(leaseMs), keys.resultChannelPrefix, keys.workChannel(clusterId)],
      ),
    );
    if (!Array.isArray(raw)) throw new Error('claim script returned a non-array');
    return raw.map((json: unknown) => CommandEnvelope.parse(JSON.parse(String(json))));
  }

  waitForWork(clusterId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waiters.forWork(clusterId, timeoutMs, signal);
  }

  async complete(result: Result): Promise<CompleteOutcome> {
    const { keys, o } = this.ctx;
    const valid = Result.parse(result);
    const { id, clusterId } = valid;
    const json = JSON.stringify(valid);
    const reply = await this.ctx.call((c) =>
      runScript(
        c,
        scripts.complete,
        [
          keys.command(clusterId, id),
          keys.result(clusterId, id),
          keys.queue(clusterId),
          keys.leases(clusterId),
        ],
        [id, json, valid.status, o.resultTtlMs, o.now(), keys.resultChannel(id)],
      ),
    );
    const [outcome, ttl] = Array.isArray(reply) ? (reply as unknown[]) : [];
    if (outcome === 'stored') {
      // Keep the id findable as long as the record lives. The result is stored already, so a
      // failure here is reported, not thrown.
      this.ctx.background((c) => c.pexpire(keys.commandCluster(id), Number(ttl)));
      return 'stored';
    }
    if (outcome === 'duplicate' || outcome === 'not_found') return outcome;
    throw new Error(`complete script returned ${String(outcome)}`);
  }

  async get(id: string): Promise<CommandState | null> {
    return (await this.read(id))?.state ?? null;
  }

  waitForResult(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Result | null> {
    return this.waiters.forResult(id, timeoutMs, signal);
  }

  async queueLength(clusterId: string): Promise<number> {
    return this.ctx.call((c) => c.llen(this.ctx.keys.queue(clusterId)));
  }

  /** Ends every wait as if it timed out, and every later one at once (the store is closing). */
  endWaits(): void {
    this.waiters.closeAll();
  }

  private async read(id: string): Promise<RecordView | null> {
    const { keys, o } = this.ctx;
    const now = o.now();
    const fields = await this.ctx.call(async (c) => {
      const clusterId = await c.get(keys.commandCluster(id));
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
        c.llen(keys.queue(clusterId)),
        c.zrange(keys.leases(clusterId), 0, 0, 'WITHSCORES'),
      ]),
    );
    if (length > 0) return o.now();
    return first[1] === undefined ? null : Number(first[1]);
  }
}
