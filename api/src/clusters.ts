// Registered clusters (static from env, dynamic from the store) and whether an agent is polling.
import type { ClusterInfo } from '@porthole/protocol';
import { ClusterId } from '@porthole/protocol';
import type { AgentPresence } from '@porthole/store';
import type { Scope } from './auth/scope.js';
import { mayUseCluster } from './auth/scope.js';
import type { Services } from './context.js';
import { freshHealth, healthView } from './agents/health.js';
import { mapInBatches } from './batches.js';

export async function clusterExists(services: Services, id: string): Promise<boolean> {
  if (!ClusterId.safeParse(id).success) return false;
  return services.config.agentTokens.has(id) || (await services.store.clusters.get(id)) !== null;
}

export async function allClusterIds(services: Services): Promise<string[]> {
  const dynamic = await services.store.clusters.ids();
  const ids = [...new Set([...services.config.agentTokens.keys(), ...dynamic])].sort();
  services.knownClusters.replace(ids);
  return ids;
}

/**
 * Whether an agent counts as connected: it polled within PORTHOLE_AGENT_OFFLINE_AFTER_SECONDS.
 * The one definition behind exec, the cluster list, presence audit events and the gauge.
 */
export function agentConnected(services: Services, presence: AgentPresence | null): boolean {
  return (
    presence !== null &&
    services.now() - presence.lastSeenAt <= services.config.agentOfflineAfterSeconds * 1000
  );
}

export async function agentOnline(services: Services, clusterId: string): Promise<boolean> {
  // A stream held here is a live agent (it refreshes the shared presence too): no store read.
  if (services.streams.holds(clusterId)) return true;
  return agentConnected(services, await services.store.agents.presence(clusterId));
}

export async function listClusters(services: Services, scope: Scope): Promise<ClusterInfo[]> {
  const ids = (await allClusterIds(services)).filter((id) => mayUseCluster(scope, id));
  return mapInBatches(ids, async (id) => {
    const [presence, health] = await Promise.all([
      services.store.agents.presence(id),
      freshHealth(services, id),
    ]);
    return {
      id,
      connected: agentConnected(services, presence),
      lastSeenAt: presence ? new Date(presence.lastSeenAt).toISOString() : null,
      agentVersion: presence?.agentVersion ?? null,
      kubernetesVersion: presence?.kubernetesVersion ?? null,
      health: healthView(health),
    };
  });
}
