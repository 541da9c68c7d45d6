// Notices agents going quiet: marks a cluster whose last poll fell out of the offline window
// disconnected, with a compare-and-set in the store, so that of all the replicas that notice, one
// emits agent_disconnected (agent_connected is emitted by the poll that the store tells).
import type { Services } from './context.js';
import { allClusterIds } from './clusters.js';

/** How often a replica checks: often enough to see a silence within half an offline window. */
export function presenceIntervalMs(services: Pick<Services, 'config'>): number {
  return Math.max(1000, (services.config.agentOfflineAfterSeconds * 1000) / 2);
}

/** One check of every cluster; resolves with the clusters this call marked disconnected. */
export async function checkPresence(services: Services): Promise<string[]> {
  const offlineAfterMs = services.config.agentOfflineAfterSeconds * 1000;
  const marked: string[] = [];
  for (const id of await allClusterIds(services)) {
    const last = await services.store.agents.markDisconnected(id, services.now(), offlineAfterMs);
    if (!last) continue;
    marked.push(id);
    services.audit.emit('agent_disconnected', {
      principal: id,
      cluster_id: id,
      outcome: 'failure',
      details: { last_seen_at: new Date(last.lastSeenAt).toISOString() },
    });
  }
  return marked;
}
