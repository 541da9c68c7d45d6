// Notices agents going quiet: emits agent_disconnected once per replica when a cluster's last
// poll falls out of the offline window (agent_connected is emitted by the poll route itself).
import { describeError } from '@porthole/runtime';
import type { Audit } from './audit.js';
import type { Services } from './context.js';
import { agentConnected, allClusterIds } from './clusters.js';

export function watchPresence(services: Services & { audit: Audit }): () => void {
  const connected = new Set<string>();
  const intervalMs = Math.max(1000, (services.config.agentOfflineAfterSeconds * 1000) / 2);
  const check = async () => {
    for (const id of await allClusterIds(services)) {
      const presence = await services.store.agents.presence(id);
      if (agentConnected(services, presence)) connected.add(id);
      else if (connected.delete(id)) {
        services.audit.emit('agent_disconnected', {
          principal: id,
          cluster_id: id,
          outcome: 'failure',
          details: { last_seen_at: presence ? new Date(presence.lastSeenAt).toISOString() : null },
        });
      }
    }
  };
  const timer = setInterval(() => {
    check().catch((err: unknown) =>
      services.logger.warn({ err: describeError(err) }, 'presence check failed'),
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
