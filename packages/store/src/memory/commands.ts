// The command queues, leases and results of the memory store, and waiting for them.
import type { CommandEnvelope, Result } from '@porthole/protocol';
import { PrincipalQueueFullError, QueueFullError } from '../errors.js';
import {
  checkClaimArgs,
  checkExpireArgs,
  deadlinePassed,
  lapsedReason,
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
import { channelMessage, doneMessage, LocalHub, Waiters } from '../waiting.js';
import type { MemoryContext } from './context.js';
import { FairQueue } from './fair-queue.js';

interface Entry extends CommandRecord {
  expiresAt: number;
}

interface ClusterQueue {
  queue: FairQueue;
  /** id → epoch ms its lease runs out. */
  leases: Map<string, number>;
}

const workChannel = (clusterId: string) => `work:${clusterId}`;

export class MemoryCommands implements CommandQueue {
  private readonly commands = new Map<string, Entry>();
  private readonly clusters = new Map<string, ClusterQueue>();
  private readonly hub = new LocalHub();
  private readonly waiters: Waiters;

  constructor(private readonly ctx: MemoryContext) {
    this.waiters = new Waiters({
      hub: this.hub,
      now: ctx.o.now,
      workChannel,
      knownCluster: (id) => this.commands.get(id)?.envelope.clusterId,
      readCommand: (id) => ctx.run(() => this.view(id)),
      nextWorkAt: (clusterId) => ctx.run(() => this.nextWorkAt(clusterId)),
      toStoreError: (err) => (err instanceof Error ? err : new Error(String(err))),
    });
  }

  // Each step runs synchronously inside `ctx.run`, so no other call interleaves with it.
  enqueue(command: CommandEnvelope): Promise<void> {
    return this.ctx.run(() => this.enqueueNow(command));
  }

  claim(clusterId: string, max: number, leaseMs: number): Promise<CommandEnvelope[]> {
    return this.ctx.run(() => this.claimNow(clusterId, max, leaseMs));
  }

  take(clusterId: string, max: number, leaseMs: number): Promise<Claimed> {
    return this.ctx.run(() => this.takeNow(clusterId, max, leaseMs));
  }

  enqueueAndTake(command: CommandEnvelope, max: number, leaseMs: number): Promise<Claimed> {
    return this.ctx.run(() => {
      checkClaimArgs(max, leaseMs);
      this.enqueueNow(command, false);
      const claimed = this.takeNow(command.clusterId, max, leaseMs);
      // The other channels hear only of work left over.
      if ((this.clusters.get(command.clusterId)?.queue.size ?? 0) > 0)
        this.hub.publish(workChannel(command.clusterId), '');
      return claimed;
    });
  }

  private takeNow(clusterId: string, max: number, leaseMs: number): Claimed {
    const commands = this.claimNow(clusterId, max, leaseMs);
    let next: number | null = null;
    for (const until of this.clusters.get(clusterId)?.leases.values() ?? [])
      next = next === null ? until : Math.min(next, until);
    // claimNow counted this hand-out already: more than one means it was handed out before.
    const redelivered = commands.filter((c) => (this.commands.get(c.id)?.attempts ?? 0) > 1);
    return { commands, nextLeaseEndAt: next, redelivered: redelivered.length };
  }

  renew(clusterId: string, ids: readonly string[], leaseMs: number): Promise<string[]> {
    return this.ctx.run(() => {
      checkClaimArgs(1, leaseMs);
      const now = this.ctx.o.now();
      const leases = this.clusters.get(clusterId)?.leases;
      const renewed: string[] = [];
      for (const id of ids) {
        const entry = this.live(id, now);
        if (!leases?.has(id) || entry?.status !== 'running' || entry.envelope.deadline <= now)
          continue;
        entry.leaseUntil = Math.min(now + leaseMs, entry.envelope.deadline);
        leases.set(id, entry.leaseUntil);
        renewed.push(id);
      }
      return renewed;
    });
  }

  watchWork(clusterId: string, listener: (news: WorkNews) => void): Promise<() => void> {
    return this.waiters.watchWork(clusterId, listener);
  }

  announceChannel(clusterId: string, instance: string, channel: string): Promise<void> {
    return this.ctx.run(() =>
      this.hub.publish(workChannel(clusterId), channelMessage(instance, channel)),
    );
  }

  complete(result: Result): Promise<CompleteOutcome> {
    return this.ctx.run(() => this.completeNow(result));
  }

  withdraw(result: Result): Promise<CommandOutcome | null> {
    return this.ctx.run(() => {
      const entry = this.live(result.id, this.ctx.o.now());
      if (entry?.status !== 'queued' || lapsedReason(entry, this.ctx.o.now()) !== null) return null;
      const reply = this.completeNow(result);
      return reply.outcome === 'stored' ? reply.ended : null;
    });
  }

  expire(id: string): Promise<CommandOutcome | null> {
    return this.ctx.run(() => {
      const entry = this.live(id, this.ctx.o.now());
      return entry ? this.timeOut(entry) : null;
    });
  }

  expireDue(max: number): Promise<ExpirySweep> {
    return this.ctx.run(() => {
      checkExpireArgs(max);
      const now = this.ctx.o.now();
      const ended: CommandOutcome[] = [];
      let scanned = 0;
      // The map is the deadline index here: every pending command past its deadline is due.
      for (const id of [...this.commands.keys()]) {
        const entry = this.live(id, now);
        if (!entry || lapsedReason(entry, now) === null) continue;
        if (scanned === max) return { ended, more: true };
        scanned += 1;
        const outcome = this.timeOut(entry);
        if (outcome) ended.push(outcome);
      }
      return { ended, more: false };
    });
  }

  envelopeIn(clusterId: string, id: string): Promise<CommandEnvelope | null> {
    return this.ctx.run(() => {
      const entry = this.live(id, this.ctx.o.now());
      return entry?.envelope.clusterId === clusterId ? structuredClone(entry.envelope) : null;
    });
  }

  get(id: string): Promise<CommandState | null> {
    return this.ctx.run(() => this.view(id)?.state ?? null);
  }

  queueLength(clusterId: string): Promise<number> {
    return this.ctx.run(() => this.clusters.get(clusterId)?.queue.size ?? 0);
  }

  waitForWork(clusterId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waiters.forWork(clusterId, timeoutMs, signal);
  }

  expectResult(command: CommandEnvelope): ExpectedResult {
    return this.waiters.expect(command);
  }

  waitForResult(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Result | null> {
    return this.waiters.forResult(id, timeoutMs, signal);
  }

  /** Ends every wait as if it timed out, and every later one at once (the store is closing). */
  endWaits(): void {
    this.waiters.closeAll();
  }

  /** `announce`: tell the cluster's channels there is work (else the caller decides). */
  private enqueueNow(command: CommandEnvelope, announce = true): void {
    const now = this.ctx.o.now();
    const known = this.live(command.id, now);
    if (known) {
      // Idempotent for the same command, like the Redis store; an id is never shared by clusters.
      if (known.envelope.clusterId === command.clusterId) return;
      throw new Error(`command id ${command.id} is already used by another cluster`);
    }
    const cluster = this.cluster(command.clusterId);
    const owner = queueOwner(command);
    const { maxQueueLength, maxQueuedPerPrincipal } = this.ctx.o;
    if (cluster.queue.lengthOf(owner) >= maxQueuedPerPrincipal)
      throw new PrincipalQueueFullError(command.clusterId, maxQueuedPerPrincipal);
    if (cluster.queue.size >= maxQueueLength)
      throw new QueueFullError(command.clusterId, maxQueueLength);
    this.commands.set(command.id, {
      envelope: structuredClone(command),
      status: 'queued',
      attempts: 0,
      leaseUntil: null,
      reason: null,
      result: null,
      expiresAt: now + Math.max(command.deadline - now, 0) + this.ctx.o.resultTtlMs,
    });
    cluster.queue.push(owner, command.id);
    if (announce) this.hub.publish(workChannel(command.clusterId), '');
  }

  private claimNow(clusterId: string, max: number, leaseMs: number): CommandEnvelope[] {
    checkClaimArgs(max, leaseMs);
    const now = this.ctx.o.now();
    const cluster = this.clusters.get(clusterId);
    if (!cluster) return [];

    const lapsed = [...cluster.leases]
      .filter(([, until]) => until <= now)
      .sort((a, b) => a[1] - b[1]);
    let requeued = 0;
    // Latest first, each to the front: the oldest lapsed lease is served first.
    for (const [id] of lapsed.reverse()) {
      cluster.leases.delete(id);
      const entry = this.live(id, now);
      // Past its deadline it is not redelivered; its timeout is expire's to write.
      if (entry?.status !== 'running' || deadlinePassed(entry.envelope, now)) continue;
      entry.status = 'queued';
      cluster.queue.pushFront(queueOwner(entry.envelope), id);
      requeued += 1;
    }

    const out: CommandEnvelope[] = [];
    while (out.length < max) {
      const id = cluster.queue.shift();
      if (id === undefined) break;
      const entry = this.live(id, now);
      if (entry?.status !== 'queued' || deadlinePassed(entry.envelope, now)) continue;
      entry.status = 'running';
      entry.attempts += 1;
      entry.leaseUntil = now + leaseMs;
      cluster.leases.set(id, entry.leaseUntil);
      out.push(structuredClone(entry.envelope));
    }
    if (requeued > 0 && cluster.queue.size > 0) this.hub.publish(workChannel(clusterId), '');
    return out;
  }

  private completeNow(result: Result): CompleteOutcome {
    const now = this.ctx.o.now();
    const entry = this.live(result.id, now);
    if (!entry || entry.envelope.clusterId !== result.clusterId) return { outcome: 'not_found' };
    if (entry.result !== null) return { outcome: 'duplicate' };
    if (entry.status === 'queued' || entry.status === 'running') {
      if (lapsedReason(entry, now) === null) {
        const cluster = this.cluster(result.clusterId);
        const claimed = entry.status === 'running';
        this.dequeue(cluster, entry);
        entry.status = result.status;
        this.keep(entry, result, now);
        this.waiters.resultStored(result);
        this.hub.publish(
          workChannel(result.clusterId),
          doneMessage(result.id, claimed && cluster.queue.size > 0),
        );
        return {
          outcome: 'stored',
          ended: {
            status: result.status,
            command: structuredClone(entry.envelope),
            result: structuredClone(result),
          },
        };
      }
      const ended = this.timeOut(entry);
      this.keep(entry, result, now);
      return { outcome: 'late', ended };
    }
    // Failed by the store (timed out) and no result yet: this is the first late one.
    if (entry.reason !== null) {
      this.keep(entry, result, now);
      return { outcome: 'late', ended: null };
    }
    return { outcome: 'duplicate' };
  }

  /** Stores a result with the record for at least the result TTL from now. */
  private keep(entry: Entry, result: Result, now: number): void {
    entry.result = structuredClone(result);
    entry.expiresAt = Math.max(entry.expiresAt, now + this.ctx.o.resultTtlMs);
  }

  /**
   * The one transition to timeout: a pending command past its deadline (whatever its lease)
   * becomes failed, leaves its queue and leases, and wakes its waiters. Null when not due or
   * already ended.
   */
  private timeOut(entry: Entry): CommandOutcome | null {
    const reason = lapsedReason(entry, this.ctx.o.now());
    if (reason === null) return null;
    const cluster = this.clusters.get(entry.envelope.clusterId);
    if (cluster) this.dequeue(cluster, entry);
    entry.status = 'failed';
    entry.reason = reason;
    this.hub.publish(workChannel(entry.envelope.clusterId), doneMessage(entry.envelope.id, false));
    return timeoutOutcome(structuredClone(entry.envelope), reason);
  }

  private view(id: string): RecordView | null {
    const now = this.ctx.o.now();
    const entry = this.live(id, now);
    if (!entry) return null;
    const view = viewRecord(entry, now);
    return view && { ...view, state: structuredClone(view.state) };
  }

  /** Forgets the queue and leases of a deleted cluster; its records run out by TTL. */
  dropCluster(clusterId: string): void {
    this.clusters.delete(clusterId);
  }

  private nextWorkAt(clusterId: string): number | null {
    const cluster = this.clusters.get(clusterId);
    if (!cluster) return null;
    if (cluster.queue.size > 0) return this.ctx.o.now();
    let next: number | null = null;
    for (const until of cluster.leases.values())
      next = next === null ? until : Math.min(next, until);
    return next;
  }

  /** Drops expired commands and queue ids, the way Redis TTLs would. */
  sweep(now: number): void {
    for (const id of [...this.commands.keys()]) this.live(id, now);
    for (const [clusterId, cluster] of this.clusters) {
      cluster.queue.retain((id) => {
        const entry = this.commands.get(id);
        return entry !== undefined && !deadlinePassed(entry.envelope, now);
      });
      for (const id of cluster.leases.keys()) if (!this.commands.has(id)) cluster.leases.delete(id);
      if (cluster.queue.size === 0 && cluster.leases.size === 0) this.clusters.delete(clusterId);
    }
  }

  private cluster(clusterId: string): ClusterQueue {
    let cluster = this.clusters.get(clusterId);
    if (!cluster)
      this.clusters.set(clusterId, (cluster = { queue: new FairQueue(), leases: new Map() }));
    return cluster;
  }

  /** The entry of `id` unless its TTL ran out (then it is dropped). */
  private live(id: string, now: number): Entry | undefined {
    const entry = this.commands.get(id);
    if (entry && entry.expiresAt <= now) {
      this.commands.delete(id);
      return undefined;
    }
    return entry;
  }

  private dequeue(cluster: ClusterQueue, entry: Entry): void {
    cluster.leases.delete(entry.envelope.id);
    if (entry.status === 'queued') {
      cluster.queue.remove(queueOwner(entry.envelope), entry.envelope.id);
    }
  }
}
