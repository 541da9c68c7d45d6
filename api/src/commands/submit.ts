// Turning a client's exec request into a queued command: cluster, policy, agent, sign, enqueue.
import { randomBytes } from 'node:crypto';
import {
  ClusterId,
  PortholeError,
  type CommandEnvelope,
  type ExecRequest,
} from '@porthole/protocol';
import { evaluate } from '@porthole/policy';
import { QueueFullError } from '@porthole/store';
import type { ClientPrincipal } from '../auth/credentials.js';
import type { Services } from '../context.js';
import { agentOnline } from '../clusters.js';

export async function submitCommand(
  services: Services,
  client: ClientPrincipal,
  clusterId: string,
  request: ExecRequest,
): Promise<CommandEnvelope> {
  const { config, store, now, newId, logger, metrics } = services;
  if (!ClusterId.safeParse(clusterId).success || !config.agentTokens.has(clusterId)) {
    throw new PortholeError('cluster_not_found', 'no such cluster');
  }
  if (request.sessionId !== undefined) {
    throw new PortholeError('session_not_found', 'no such session');
  }

  const decision = evaluate(request.command);
  if (!decision.allowed) {
    logger.warn(
      { event: 'command_denied', principal: client.name, clusterId, rule: decision.rule },
      'command denied by policy',
    );
    metrics.unauthorizedCommands.inc({
      cluster: metrics.clusterLabel(clusterId),
      rule: decision.rule,
    });
    throw new PortholeError(decision.kind, decision.message);
  }

  if (!(await agentOnline(services, clusterId))) {
    metrics.commands.inc({
      cluster: metrics.clusterLabel(clusterId),
      verb: metrics.verbLabel(decision.verb),
      status: 'agent_unavailable',
    });
    throw new PortholeError('agent_unavailable', `no agent for cluster ${clusterId} is connected`);
  }

  const createdAt = now();
  const timeoutSeconds = request.timeoutSeconds ?? config.commandTimeoutSeconds;
  const id = newId();
  const deadline = createdAt + timeoutSeconds * 1000;
  const signature = await services.signer.sign({
    jti: id,
    cluster: clusterId,
    argv: decision.argv,
    sub: client.name,
    iat: Math.floor(createdAt / 1000),
    exp: Math.ceil(deadline / 1000),
    nonce: randomBytes(18).toString('base64url'),
    max_output_bytes: config.maxOutputBytes,
  });
  const command: CommandEnvelope = {
    id,
    clusterId,
    argv: decision.argv,
    principal: client.name,
    createdAt,
    deadline,
    maxOutputBytes: config.maxOutputBytes,
    signature,
  };
  try {
    await store.enqueue(command);
  } catch (err) {
    if (err instanceof QueueFullError) {
      throw new PortholeError('agent_unavailable', `the queue of cluster ${clusterId} is full`, {
        cause: err,
      });
    }
    throw err;
  }
  return command;
}
