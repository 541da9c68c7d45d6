// Commands handed out again after a lease ran out: each may have run twice (its first agent was
// slow, not gone), so operators see how often delivery was at-least-once rather than once.
import type { Services } from '../context.js';

export function countRedeliveries(services: Services, clusterId: string, count: number): void {
  if (count > 0)
    services.metrics.redeliveries.inc({ cluster: services.metrics.clusterLabel(clusterId) }, count);
}
