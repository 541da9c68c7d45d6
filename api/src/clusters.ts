// Registered clusters and whether an agent of each is polling.
import type { ClusterInfo } from '@porthole/protocol';
import type { Services } from './context.js';

export async function agentOnline(services: Services, clusterId: string): Promise<boolean> {
  const presence = await services.store.agentPresence(clusterId);
  return presence !== null && isFresh(services, presence.lastSeenAt);
}

export async function listClusters(services: Services): Promise<ClusterInfo[]> {
  const ids = [...services.config.agentTokens.keys()].sort();
  return Promise.all(
    ids.map(async (id) => {
      const presence = await services.store.agentPresence(id);
      return {
        id,
        connected: presence !== null && isFresh(services, presence.lastSeenAt),
        lastSeenAt: presence ? new Date(presence.lastSeenAt).toISOString() : null,
        agentVersion: presence?.agentVersion ?? null,
        kubernetesVersion: presence?.kubernetesVersion ?? null,
      };
    }),
  );
}

function isFresh(services: Services, lastSeenAt: number): boolean {
  return services.now() - lastSeenAt <= services.config.agentOfflineAfterSeconds * 1000;
}
