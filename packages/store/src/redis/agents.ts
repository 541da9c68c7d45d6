// What agents report on Redis: one presence hash and one discovery key per cluster, under the
// cluster's own tag, each living `presenceTtlSeconds` past the last write. Whether the cluster is
// marked connected lives in the presence hash and changes only inside a script.
import { AgentHealth, type ApiResourceInfo } from '@porthole/protocol';
import type { AgentHealthReport, AgentPresence, AgentReports, PresenceChange } from '../store.js';
import { checkOfflineWindow } from '../state.js';
import type { RedisContext } from './context.js';
import { runScript, scripts } from './scripts.js';

export class RedisAgents implements AgentReports {
  constructor(private readonly ctx: RedisContext) {}

  async recordSeen(presence: AgentPresence, offlineAfterMs: number): Promise<PresenceChange> {
    checkOfflineWindow(offlineAfterMs);
    const { keys, o } = this.ctx;
    const reply = await this.ctx.call((c) =>
      runScript(
        c,
        scripts.agentSeen,
        [keys.agent(presence.clusterId)],
        [
          JSON.stringify(presence),
          Math.floor(presence.lastSeenAt),
          Math.floor(offlineAfterMs),
          o.presenceTtlMs,
        ],
      ),
    );
    const [connected, silentSince] = Array.isArray(reply) ? (reply as unknown[]) : [];
    return {
      connected: Number(connected) === 1,
      silentSince: Number(silentSince) >= 0 ? Number(silentSince) : null,
    };
  }

  async markDisconnected(
    clusterId: string,
    now: number,
    offlineAfterMs: number,
  ): Promise<AgentPresence | null> {
    checkOfflineWindow(offlineAfterMs);
    const raw = await this.ctx.call((c) =>
      runScript(
        c,
        scripts.agentDisconnect,
        [this.ctx.keys.agent(clusterId)],
        [Math.floor(now), Math.floor(offlineAfterMs)],
      ),
    );
    return typeof raw === 'string' ? parsePresence(clusterId, raw) : null;
  }

  async presence(clusterId: string): Promise<AgentPresence | null> {
    const key = this.ctx.keys.agent(clusterId);
    const raw = await this.ctx.call(async (c) => {
      try {
        return await c.hget(key, 'json');
      } catch (err) {
        // An API of the previous version (a rolling upgrade) wrote the presence as plain JSON.
        if (err instanceof Error && err.message.startsWith('WRONGTYPE')) return c.get(key);
        throw err;
      }
    });
    return raw === null ? null : parsePresence(clusterId, raw);
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

  async recordHealth(clusterId: string, report: AgentHealthReport): Promise<void> {
    const { keys, o } = this.ctx;
    await this.ctx.call((c) =>
      c.set(keys.agentHealth(clusterId), JSON.stringify(report), 'PX', o.presenceTtlMs),
    );
  }

  async health(clusterId: string): Promise<AgentHealthReport | null> {
    const raw = await this.ctx.call((c) => c.get(this.ctx.keys.agentHealth(clusterId)));
    return raw === null ? null : parseHealth(raw);
  }
}

/** A stored report, checked again on the way out: Redis is not trusted to hold what was written. */
function parseHealth(raw: string): AgentHealthReport | null {
  const value = JSON.parse(raw) as { reportedAt?: unknown; health?: unknown };
  const health = AgentHealth.safeParse(value.health);
  const reportedAt = Number(value.reportedAt);
  return health.success && Number.isFinite(reportedAt) ? { reportedAt, health: health.data } : null;
}

function parsePresence(clusterId: string, raw: string): AgentPresence {
  const value = JSON.parse(raw) as Partial<AgentPresence>;
  return {
    clusterId,
    lastSeenAt: Number(value.lastSeenAt),
    agentVersion: typeof value.agentVersion === 'string' ? value.agentVersion : null,
    kubernetesVersion: typeof value.kubernetesVersion === 'string' ? value.kubernetesVersion : null,
  };
}
