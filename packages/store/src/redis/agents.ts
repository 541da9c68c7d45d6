// What agents report on Redis: one presence key and one discovery key per cluster, under the
// cluster's own tag, each living `presenceTtlSeconds` past the last write.
import type { ApiResourceInfo } from '@porthole/protocol';
import type { AgentPresence, AgentReports } from '../store.js';
import type { RedisContext } from './context.js';

export class RedisAgents implements AgentReports {
  constructor(private readonly ctx: RedisContext) {}

  async recordSeen(presence: AgentPresence): Promise<void> {
    const { keys, o } = this.ctx;
    await this.ctx.call(async (c) => {
      await c.set(keys.agent(presence.clusterId), JSON.stringify(presence), 'PX', o.presenceTtlMs);
    });
  }

  async presence(clusterId: string): Promise<AgentPresence | null> {
    const raw = await this.ctx.call((c) => c.get(this.ctx.keys.agent(clusterId)));
    if (raw === null) return null;
    const value = JSON.parse(raw) as Partial<AgentPresence>;
    return {
      clusterId,
      lastSeenAt: Number(value.lastSeenAt),
      agentVersion: typeof value.agentVersion === 'string' ? value.agentVersion : null,
      kubernetesVersion:
        typeof value.kubernetesVersion === 'string' ? value.kubernetesVersion : null,
    };
  }

  async recordDiscovery(clusterId: string, resources: readonly ApiResourceInfo[]): Promise<void> {
    const { keys, o } = this.ctx;
    await this.ctx.call((c) =>
      c.set(keys.discovery(clusterId), JSON.stringify(resources), 'PX', o.presenceTtlMs),
    );
  }

  async discovery(clusterId: string): Promise<ApiResourceInfo[] | null> {
    const raw = await this.ctx.call((c) => c.get(this.ctx.keys.discovery(clusterId)));
    return raw === null ? null : (JSON.parse(raw) as ApiResourceInfo[]);
  }
}
