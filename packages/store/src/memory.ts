// MemoryStore: the Store semantics inside one process (development, unit tests). No Redis.
import type { CommandEnvelope, Result } from '@porthole/protocol';
import { QueueFullError, StoreUnavailableError } from './errors.js';
import {
  checkClaimArgs,
  deadlinePassed,
  lapsedReason,
  resolveOptions,
  viewRecord,
  type CommandRecord,
  type ExpiryReason,
  type RecordView,
  type ResolvedOptions,
} from './state.js';
import type { AgentPresence, CommandState, CompleteOutcome, Store, StoreOptions } from './store.js';
import { LocalHub, Waiters } from './waiting.js';

interface Entry extends CommandRecord {
  expiresAt: number;
}

interface ClusterQueue {
  queue: string[];
  /** id → epoch ms its lease runs out. */
  leases: Map<string, number>;
}

/** How often expired entries are swept; reads also drop them, so this only bounds memory. */
const SWEEP_INTERVAL_MS = 1000;

function attempt<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

class MemoryStore implements Store {
  private readonly o: ResolvedOptions;
  private readonly commands = new Map<string, Entry>();
  private readonly clusters = new Map<string, ClusterQueue>();
  private readonly presence = new Map<string, { presence: AgentPresence; expiresAt: number }>();
  private readonly hub = new LocalHub();
  private readonly waiters: Waiters;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(options: StoreOptions) {
    this.o = resolveOptions(options);
    this.waiters = new Waiters({
      hub: this.hub,
      now: this.o.now,
      resultChannel: (id) => `result:${id}`,
      workChannel: (clusterId) => `work:${clusterId}`,
      readCommand: (id) => attempt(() => this.view(id)),
      nextWorkAt: (clusterId) => attempt(() => this.nextWorkAt(clusterId)),
      toStoreError: (err) => (err instanceof Error ? err : new Error(String(err))),
    });
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  // The Store methods run synchronously; these wrappers turn throws into rejections.
  ping = () => attempt(() => this.checkOpen());
  enqueue = (command: CommandEnvelope) => attempt(() => this.enqueueNow(command));
  claim = (clusterId: string, max: number, leaseMs: number) =>
    attempt(() => this.claimNow(clusterId, max, leaseMs));
  complete = (result: Result) => attempt(() => this.completeNow(result));
  getCommand = (id: string) => attempt((): CommandState | null => this.view(id)?.state ?? null);
  recordAgentSeen = (presence: AgentPresence) => attempt(() => this.recordAgentSeenNow(presence));
  agentPresence = (clusterId: string) => attempt(() => this.agentPresenceNow(clusterId));
  queueLength = (clusterId: string) =>
    attempt(() => {
      this.checkOpen();
      return this.clusters.get(clusterId)?.queue.length ?? 0;
    });

  private enqueueNow(command: CommandEnvelope): void {
    this.checkOpen();
    const now = this.o.now();
    const known = this.live(command.id, now);
    if (known) {
      // Idempotent for the same command, like the Redis store; an id is never shared by clusters.
      if (known.envelope.clusterId === command.clusterId) return;
      throw new Error(`command id ${command.id} is already used by another cluster`);
    }
    const cluster = this.cluster(command.clusterId);
    if (cluster.queue.length >= this.o.maxQueueLength) {
      throw new QueueFullError(command.clusterId, this.o.maxQueueLength);
    }
    this.commands.set(command.id, {
      envelope: structuredClone(command),
      status: 'queued',
      attempts: 0,
      leaseUntil: null,
      reason: null,
      result: null,
      expiresAt: now + Math.max(command.deadline - now, 0) + this.o.resultTtlMs,
    });
    cluster.queue.push(command.id);
    this.hub.publish(`work:${command.clusterId}`, '');
  }

  private claimNow(clusterId: string, max: number, leaseMs: number): CommandEnvelope[] {
    this.checkOpen();
    checkClaimArgs(max, leaseMs);
    const now = this.o.now();
    const cluster = this.clusters.get(clusterId);
    if (!cluster) return [];

    const lapsed = [...cluster.leases]
      .filter(([, until]) => until <= now)
      .sort((a, b) => a[1] - b[1]);
    const requeue: string[] = [];
    for (const [id] of lapsed) {
      cluster.leases.delete(id);
      const entry = this.live(id, now);
      if (entry?.status !== 'running') continue;
      if (deadlinePassed(entry.envelope, now)) this.fail(entry, 'lease');
      else {
        entry.status = 'queued';
        requeue.push(id);
      }
    }
    cluster.queue.unshift(...requeue);

    const out: CommandEnvelope[] = [];
    while (out.length < max) {
      const id = cluster.queue.shift();
      if (id === undefined) break;
      const entry = this.live(id, now);
      if (entry?.status !== 'queued') continue;
      if (deadlinePassed(entry.envelope, now)) {
        this.fail(entry, entry.attempts > 0 ? 'lease' : 'unclaimed');
        continue;
      }
      entry.status = 'running';
      entry.attempts += 1;
      entry.leaseUntil = now + leaseMs;
      cluster.leases.set(id, entry.leaseUntil);
      out.push(structuredClone(entry.envelope));
    }
    if (requeue.length > 0 && cluster.queue.length > 0) this.hub.publish(`work:${clusterId}`, '');
    return out;
  }

  waitForWork(clusterId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waiters.forWork(clusterId, timeoutMs, signal);
  }

  private completeNow(result: Result): CompleteOutcome {
    this.checkOpen();
    const now = this.o.now();
    const entry = this.live(result.id, now);
    if (!entry || entry.envelope.clusterId !== result.clusterId) return 'not_found';
    if (entry.status !== 'queued' && entry.status !== 'running') return 'duplicate';
    const cluster = this.cluster(result.clusterId);
    const lapsed = lapsedReason(entry, now);
    if (lapsed) {
      this.dequeue(cluster, entry);
      this.fail(entry, lapsed);
      return 'duplicate';
    }
    this.dequeue(cluster, entry);
    entry.status = result.status;
    entry.result = structuredClone(result);
    entry.expiresAt = Math.max(entry.expiresAt, now + this.o.resultTtlMs);
    this.hub.publish(`result:${result.id}`, JSON.stringify(result));
    return 'stored';
  }

  waitForResult(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Result | null> {
    return this.waiters.forResult(id, timeoutMs, signal);
  }

  private recordAgentSeenNow(presence: AgentPresence): void {
    this.checkOpen();
    this.presence.set(presence.clusterId, {
      presence: { ...presence },
      expiresAt: this.o.now() + this.o.presenceTtlMs,
    });
  }

  private agentPresenceNow(clusterId: string): AgentPresence | null {
    this.checkOpen();
    const entry = this.presence.get(clusterId);
    if (!entry) return null;
    if (entry.expiresAt <= this.o.now()) {
      this.presence.delete(clusterId);
      return null;
    }
    return { ...entry.presence };
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      clearInterval(this.sweeper);
      this.waiters.closeAll();
    }
    return Promise.resolve();
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
  }

  private view(id: string): RecordView | null {
    this.checkOpen();
    const now = this.o.now();
    const entry = this.live(id, now);
    if (!entry) return null;
    const view = viewRecord(entry, now);
    return view && { ...view, state: structuredClone(view.state) };
  }

  private cluster(clusterId: string): ClusterQueue {
    let cluster = this.clusters.get(clusterId);
    if (!cluster) this.clusters.set(clusterId, (cluster = { queue: [], leases: new Map() }));
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

  private fail(entry: Entry, reason: ExpiryReason): void {
    entry.status = 'failed';
    entry.reason = reason;
    this.hub.publish(`result:${entry.envelope.id}`, '');
  }

  private dequeue(cluster: ClusterQueue, entry: Entry): void {
    cluster.leases.delete(entry.envelope.id);
    if (entry.status === 'queued') {
      const at = cluster.queue.indexOf(entry.envelope.id);
      if (at >= 0) cluster.queue.splice(at, 1);
    }
  }

  private nextWorkAt(clusterId: string): number | null {
    const cluster = this.clusters.get(clusterId);
    if (!cluster) return null;
    if (cluster.queue.length > 0) return this.o.now();
    let next: number | null = null;
    for (const until of cluster.leases.values())
      next = next === null ? until : Math.min(next, until);
    return next;
  }

  /** Drops expired commands, queue ids and presence, the way Redis TTLs would. */
  private sweep(): void {
    const now = this.o.now();
    for (const id of [...this.commands.keys()]) this.live(id, now);
    for (const [clusterId, cluster] of this.clusters) {
      cluster.queue = cluster.queue.filter((id) => {
        const entry = this.commands.get(id);
        return entry !== undefined && !deadlinePassed(entry.envelope, now);
      });
      for (const id of cluster.leases.keys()) if (!this.commands.has(id)) cluster.leases.delete(id);
      if (cluster.queue.length === 0 && cluster.leases.size === 0) this.clusters.delete(clusterId);
    }
    for (const [clusterId, entry] of this.presence)
      if (entry.expiresAt <= now) this.presence.delete(clusterId);
  }
}

export function createMemoryStore(options: StoreOptions = {}): Store {
  return new MemoryStore(options);
}
