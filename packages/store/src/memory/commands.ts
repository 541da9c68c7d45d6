// The command queues, leases, results and agent presence of the memory store.
import type { ApiResourceInfo, CommandEnvelope, Result } from '@porthole/protocol';
import { QueueFullError } from '../errors.js';
import {
  checkClaimArgs,
  deadlinePassed,
  lapsedReason,
  viewRecord,
  type CommandRecord,
  type ExpiryReason,
  type RecordView,
  type ResolvedOptions,
} from '../state.js';
import type { AgentPresence, CompleteOutcome } from '../store.js';
import type { LocalHub } from '../waiting.js';

interface Entry extends CommandRecord {
  expiresAt: number;
}

interface ClusterQueue {
  queue: string[];
  /** id → epoch ms its lease runs out. */
  leases: Map<string, number>;
}

export const resultChannel = (id: string) => `result:${id}`;
export const workChannel = (clusterId: string) => `work:${clusterId}`;

export class MemoryCommands {
  private readonly commands = new Map<string, Entry>();
  private readonly clusters = new Map<string, ClusterQueue>();
  private readonly presence = new Map<string, { presence: AgentPresence; expiresAt: number }>();
  private readonly discoveries = new Map<
    string,
    { resources: ApiResourceInfo[]; expiresAt: number }
  >();

  constructor(
    private readonly o: ResolvedOptions,
    private readonly hub: LocalHub,
  ) {}

  enqueue(command: CommandEnvelope): void {
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
    this.hub.publish(workChannel(command.clusterId), '');
  }

  claim(clusterId: string, max: number, leaseMs: number): CommandEnvelope[] {
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
    if (requeue.length > 0 && cluster.queue.length > 0)
      this.hub.publish(workChannel(clusterId), '');
    return out;
  }

  complete(result: Result): CompleteOutcome {
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
    this.hub.publish(resultChannel(result.id), JSON.stringify(result));
    return 'stored';
  }

  view(id: string): RecordView | null {
    const now = this.o.now();
    const entry = this.live(id, now);
    if (!entry) return null;
    const view = viewRecord(entry, now);
    return view && { ...view, state: structuredClone(view.state) };
  }

  queueLength(clusterId: string): number {
    return this.clusters.get(clusterId)?.queue.length ?? 0;
  }

  recordAgentSeen(presence: AgentPresence): void {
    this.presence.set(presence.clusterId, {
      presence: { ...presence },
      expiresAt: this.o.now() + this.o.presenceTtlMs,
    });
  }

  agentPresence(clusterId: string): AgentPresence | null {
    const entry = this.presence.get(clusterId);
    if (!entry) return null;
    if (entry.expiresAt <= this.o.now()) {
      this.presence.delete(clusterId);
      return null;
    }
    return { ...entry.presence };
  }

  recordDiscovery(clusterId: string, resources: readonly ApiResourceInfo[]): void {
    this.discoveries.set(clusterId, {
      resources: structuredClone([...resources]),
      expiresAt: this.o.now() + this.o.presenceTtlMs,
    });
  }

  discovery(clusterId: string): ApiResourceInfo[] | null {
    const entry = this.discoveries.get(clusterId);
    if (!entry || entry.expiresAt <= this.o.now()) {
      this.discoveries.delete(clusterId);
      return null;
    }
    return structuredClone(entry.resources);
  }

  /** Forgets the queue, leases and presence of a deleted cluster; its records run out by TTL. */
  dropCluster(clusterId: string): void {
    this.clusters.delete(clusterId);
    this.presence.delete(clusterId);
    this.discoveries.delete(clusterId);
  }

  nextWorkAt(clusterId: string): number | null {
    const cluster = this.clusters.get(clusterId);
    if (!cluster) return null;
    if (cluster.queue.length > 0) return this.o.now();
    let next: number | null = null;
    for (const until of cluster.leases.values())
      next = next === null ? until : Math.min(next, until);
    return next;
  }

  /** Drops expired commands, queue ids and presence, the way Redis TTLs would. */
  sweep(now: number): void {
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
    this.hub.publish(resultChannel(entry.envelope.id), '');
  }

  private dequeue(cluster: ClusterQueue, entry: Entry): void {
    cluster.leases.delete(entry.envelope.id);
    if (entry.status === 'queued') {
      const at = cluster.queue.indexOf(entry.envelope.id);
      if (at >= 0) cluster.queue.splice(at, 1);
    }
  }
}
