// An agent's sign of life (a poll, an open command stream): marks its cluster connected in the
// shared store, and announces a change once across replicas (the store tells the one caller).
import { AGENT_VERSION_HEADER, KUBERNETES_VERSION_HEADER } from '@porthole/protocol';
import type { Context } from 'hono';
import { actorOf } from '../auth/middleware.js';
import type { HonoEnv, Services } from '../context.js';
import { requestHeader } from '../headers.js';

const VERSION = /^[\x20-\x7e]{1,64}$/;

/** What an agent says of itself, read once from its request's headers. */
export interface AgentSelf {
  clusterId: string;
  agentVersion: string | null;
  kubernetesVersion: string | null;
}

export function agentSelf(c: Context<HonoEnv>): AgentSelf {
  const header = (name: string) => {
    const value = requestHeader(c, name);
    return value !== undefined && VERSION.test(value) ? value : null;
  };
  return {
    clusterId: c.get('agent').clusterId,
    agentVersion: header(AGENT_VERSION_HEADER),
    kubernetesVersion: header(KUBERNETES_VERSION_HEADER),
  };
}

/**
 * Records the agent as seen now; returns a function that does it again later (a held poll, an
 * open stream), auditing against the same request.
 */
export function presenceOf(services: Services, c: Context<HonoEnv>): () => Promise<void> {
  const self = agentSelf(c);
  const actor = actorOf(services, c);
  const { clusterId } = self;
  const offlineAfterMs = services.config.agentOfflineAfterSeconds * 1000;
  return async () => {
    const change = await services.store.agents.recordSeen(
      {
        clusterId,
        lastSeenAt: services.now(),
        agentVersion: self.agentVersion,
        kubernetesVersion: self.kubernetesVersion,
      },
      offlineAfterMs,
    );
    if (change.silentSince !== null) {
      // Gone and back between two presence checks: the disconnection nobody announced.
      services.audit.emit('agent_disconnected', {
        principal: clusterId,
        cluster_id: clusterId,
        outcome: 'failure',
        details: { last_seen_at: new Date(change.silentSince).toISOString() },
      });
    }
    if (change.connected) {
      services.audit.emit('agent_connected', {
        ...actor,
        principal: clusterId,
        cluster_id: clusterId,
        outcome: 'success',
        details: {
          agent_version: self.agentVersion,
          kubernetes_version: self.kubernetesVersion,
        },
      });
    }
  };
}

/** How often a held connection refreshes presence: several times per offline window. */
export function presenceRefreshMs(services: Services): number {
  return Math.max(500, (services.config.agentOfflineAfterSeconds * 1000) / 3);
}
