// Registered clusters (static from env, dynamic from the store) and whether an agent is polling.
import type { ClusterInfo } from '@porthole/protocol';
import { ClusterId } from '@porthole/protocol';
import type { Scope } from './auth/scope.js';
import { mayUseCluster } from './auth/scope.js';
import type { Services } from './context.js';

export async function clusterExists(services: Services, id: string): Promise<boolean> {
  if (!ClusterId.safeParse(id).success) return false;
  return services.config.agentTokens.has(id) || (await services.store.getCluster(id)) !== null;
}

export async function allClusterIds(services: Services): Promise<string[]> {
  const dynamic = (await services.store.listClusters()).map((c) => c.id);
  const ids = [...new Set([...services.config.agentTokens.keys(), ...dynamic])].sort();
  services.knownClusters.replace(ids);
  return ids;
}

export async function agentOnline(services: Services, clusterId: string): Promise<boolean> {
  const presence = await services.store.agentPresence(clusterId);
  return presence !== null && isFresh(services, presence.lastSeenAt);
}

export async function listClusters(services: Services, scope: Scope): Promise<ClusterInfo[]> {
  const ids = (await allClusterIds(services)).filter((id) => mayUseCluster(scope, id));
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

export function isFresh(services: Services, lastSeenAt: number): boolean {
  return services.now() - lastSeenAt <= services.config.agentOfflineAfterSeconds * 1000;
}

/**
 * The cluster ids metric labels may take, kept in memory so labelling never waits on the store;
 * refreshed whenever clusters are listed (each scrape does) and when this replica changes them.
 */
export class KnownClusters {
  private ids = new Set<string>();
  constructor(initial: Iterable<string>) {
    this.replace(initial);
  }
  replace(ids: Iterable<string>): void {
    this.ids = new Set(ids);
  }
  add(id: string): void {
    this.ids.add(id);
  }
  delete(id: string): void {
    this.ids.delete(id);
  }
  has(id: string): boolean {
    return this.ids.has(id);
  }
  list(): string[] {
    return [...this.ids];
  }
}
