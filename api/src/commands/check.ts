// POST /v1/policy/check (CONTRACT §3b): the verdict exec would reach on a command, with the
// caller's scope and the cluster's discovery, and nothing queued, counted as unauthorized or
// signed. Audited as command_executed with details.status "dry_run".
import type { Context } from 'hono';
import { PortholeError, type PolicyCheckRequest, type PolicyCheckResult } from '@porthole/protocol';
import { evaluate } from '@porthole/policy';
import { bearerToken } from '../auth/credentials.js';
import { actorOf, forbiddenCluster } from '../auth/middleware.js';
import { mayUseCluster, namespaceViolation } from '../auth/scope.js';
import { clusterExists } from '../clusters.js';
import type { HonoEnv, Services } from '../context.js';
import { AUDIT_TEXT_CHARS, MESSAGE_CHARS, safeArgv, safeText } from '../safe-text.js';
import { requestHeader } from '../headers.js';

export async function checkCommand(
  services: Services,
  c: Context<HonoEnv>,
  request: PolicyCheckRequest,
): Promise<PolicyCheckResult> {
  const client = c.get('client');
  const { clusterId } = request;
  const presented = bearerToken(requestHeader(c, 'authorization'));
  const own = 'token' in presented ? presented.token : undefined;

  let discovery = null;
  if (clusterId !== undefined) {
    // As exec answers for that cluster: scope before existence, so no map of what exists.
    if (!mayUseCluster(client.scope, clusterId))
      throw forbiddenCluster(services, c, client, clusterId, safeArgv(request.command, own));
    if (!(await clusterExists(services, clusterId)))
      throw new PortholeError('cluster_not_found', 'no such cluster');
    discovery = await services.discovery.get(clusterId);
  }
  const decision = evaluate(request.command, {
    policy: services.config.policy,
    ...(discovery ? { discovery } : {}),
  });

  let verdict: PolicyCheckResult;
  if (!decision.allowed) {
    verdict = {
      allowed: false,
      argv: null,
      rule: decision.rule,
      message: safeText(decision.message, MESSAGE_CHARS, own),
      ...(decision.suggestion === undefined
        ? {}
        : { suggestion: safeText(decision.suggestion, MESSAGE_CHARS, own) }),
    };
  } else {
    const outside = namespaceViolation(client.scope, decision);
    verdict = outside
      ? { allowed: false, argv: null, rule: 'namespace', message: outside }
      : { allowed: true, argv: decision.argv };
  }

  services.audit.emit('command_executed', {
    ...actorOf(services, c),
    principal: client.name,
    api_key_prefix: client.keyPrefix,
    cluster_id: clusterId ?? null,
    command: safeArgv(verdict.argv ?? request.command, own),
    outcome: verdict.allowed ? 'success' : 'denied',
    details: {
      status: 'dry_run',
      ...(verdict.rule === undefined ? {} : { rule: verdict.rule }),
      ...(verdict.message === undefined
        ? {}
        : { reason: safeText(verdict.message, AUDIT_TEXT_CHARS, own) }),
    },
  });
  return verdict;
}
