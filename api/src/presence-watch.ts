// Notices agents going quiet: marks a cluster whose last poll fell out of the offline window
// disconnected, with a compare-and-set in the store, so that of all the replicas that notice, one
// emits agent_disconnected (agent_connected is emitted by the poll that the store tells).
import type { Services } from './context.js';
import { allClusterIds } from './clusters.js';

/** How often a replica checks: often enough to see a silence within half an offline window. */
export function presenceIntervalMs(services: Pick<Services, 'config'>): number {
  return Math.max(1000, (services.config.agentOfflineAfterSeconds * 1000) / 2);
}

/** Clusters checked at once: one Redis round trip carries many (autopipelining). */
const CHECKS_AT_ONCE = 64;

/**
 * One check of every cluster; resolves with the clusters this call marked disconnected. A cluster
 * whose stream this replica holds is skipped: this replica refreshes its presence several times
 * per offline window, so the check could not find it silent.
 */
export async function checkPresence(services: Services): Promise<string[]> {
  const offlineAfterMs = services.config.agentOfflineAfterSeconds * 1000;
  const ids = (await allClusterIds(services)).filter((id) => !services.streams.holds(id));
  const marked: string[] = [];
  const check = async (id: string) => {
    const last = await services.store.agents.markDisconnected(id, services.now(), offlineAfterMs);
    if (!last) return;
    marked.push(id);
    services.audit.emit('agent_disconnected', {
      principal: id,
      cluster_id: id,
      outcome: 'failure',
      details: { last_seen_at: new Date(last.lastSeenAt).toISOString() },
    });
  };
  for (let i = 0; i < ids.length; i += CHECKS_AT_ONCE)
    await Promise.all(ids.slice(i, i + CHECKS_AT_ONCE).map(check));
  return marked.sort();
}
