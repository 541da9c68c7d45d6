// Refusing a discovery report that contradicts the built-in Kubernetes kinds, before it is stored.
import type { Context } from 'hono';
import { PortholeError, type ApiResourceInfo } from '@porthole/protocol';
import { discoveryConflict } from '@porthole/policy';
import { actorOf } from './auth/middleware.js';
import type { HonoEnv, Services } from './context.js';

/**
 * Throws invalid_request, audited as agent_connection_failure, when a report says what no
 * Kubernetes cluster says (nodes namespaced, a second core kind called `no`): whoever holds the
 * agent token is lying, and the policy would resolve names with the lie.
 */
export function refuseContradictions(
  services: Services,
  c: Context<HonoEnv>,
  clusterId: string,
  resources: readonly ApiResourceInfo[],
): void {
  const conflict = discoveryConflict(resources);
  if (conflict === null) return;
  services.audit.emit('agent_connection_failure', {
    ...actorOf(services, c),
    principal: clusterId,
    cluster_id: clusterId,
    outcome: 'denied',
    details: { reason: 'discovery_contradicts_builtin', conflict },
  });
  throw new PortholeError('invalid_request', `discovery report refused: ${conflict}`);
}
