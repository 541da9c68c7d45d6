// What agents report in the memory store: the last poll of each cluster and its API resources.
import type { ApiResourceInfo } from '@porthole/protocol';
import { checkOfflineWindow } from '../state.js';
import type { AgentHealthReport, AgentPresence, AgentReports, PresenceChange } from '../store.js';
import type { MemoryContext } from './context.js';

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

interface Presence {
  presence: AgentPresence;
  /** Whether the cluster was last marked connected. */
  connected: boolean;
}

export class MemoryAgents implements AgentReports {
  private readonly presences = new Map<string, Expiring<Presence>>();
  private readonly discoveries = new Map<string, Expiring<ApiResourceInfo[]>>();
  private readonly healths = new Map<string, Expiring<AgentHealthReport>>();

  constructor(private readonly ctx: MemoryContext) {}

  recordSeen(presence: AgentPresence, offlineAfterMs: number): Promise<PresenceChange> {
    return this.ctx.run(() => {
      checkOfflineWindow(offlineAfterMs);
      const previous = this.live(this.presences, presence.clusterId);
      const silent =
        previous !== null && presence.lastSeenAt - previous.presence.lastSeenAt > offlineAfterMs;
      this.presences.set(
        presence.clusterId,
        this.expiring({ presence: { ...presence }, connected: true }),
      );
      return {
        connected: !previous?.connected || silent,
        silentSince: previous?.connected && silent ? previous.presence.lastSeenAt : null,
      };
    });
  }

  markDisconnected(
    clusterId: string,
    now: number,
    offlineAfterMs: number,
  ): Promise<AgentPresence | null> {
    return this.ctx.run(() => {
      checkOfflineWindow(offlineAfterMs);
      const current = this.live(this.presences, clusterId);
      if (!current?.connected || now - current.presence.lastSeenAt <= offlineAfterMs) return null;
      current.connected = false;
      return { ...current.presence };
    });
  }

  presence(clusterId: string): Promise<AgentPresence | null> {
    return this.ctx.run(() => {
      const current = this.live(this.presences, clusterId);
      return current && { ...current.presence };
    });
  }

  recordDiscovery(clusterId: string, resources: readonly ApiResourceInfo[]): Promise<void> {
    return this.ctx.run(() => {
      this.discoveries.set(clusterId, this.expiring(structuredClone([...resources])));
    });
  }

  discovery(clusterId: string): Promise<ApiResourceInfo[] | null> {
    return this.ctx.run(() => {
      const resources = this.live(this.discoveries, clusterId);
      return resources && structuredClone(resources);
    });
  }

  recordHealth(clusterId: string, report: AgentHealthReport): Promise<void> {
    return this.ctx.run(() => {
      this.healths.set(clusterId, this.expiring(structuredClone(report)));
    });
  }

  health(clusterId: string): Promise<AgentHealthReport | null> {
    return this.ctx.run(() => {
      const report = this.live(this.healths, clusterId);
      return report && structuredClone(report);
    });
  }

  /** Forgets what the agents of a deleted cluster reported. */
  dropCluster(clusterId: string): void {
    this.presences.delete(clusterId);
    this.discoveries.delete(clusterId);
    this.healths.delete(clusterId);
  }

  sweep(now: number): void {
    for (const entries of [this.presences, this.discoveries, this.healths])
      for (const [clusterId, entry] of entries)
        if (entry.expiresAt <= now) entries.delete(clusterId);
  }

  private expiring<T>(value: T): Expiring<T> {
    return { value, expiresAt: this.ctx.o.now() + this.ctx.o.presenceTtlMs };
  }

  /** The value unless its TTL ran out (then it is dropped). */
  private live<T>(entries: Map<string, Expiring<T>>, clusterId: string): T | null {
    const entry = entries.get(clusterId);
    if (!entry) return null;
    if (entry.expiresAt <= this.ctx.o.now()) {
      entries.delete(clusterId);
      return null;
    }
    return entry.value;
  }
}
