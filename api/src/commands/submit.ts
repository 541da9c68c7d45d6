// Turning a client's exec request into a queued command: scope, cluster, session, policy,
// agent, sign, enqueue. Every refusal is counted and audited where it happens, with the argv the
// client gave (made safe) when no canonical one exists.
import type { Context } from 'hono';
import { PortholeError, type CommandEnvelope, type ExecRequest } from '@porthole/protocol';
import { PrincipalQueueFullError } from '@porthole/store';
import { evaluate } from '@porthole/policy';
import { bearerToken, type ClientPrincipal } from '../auth/credentials.js';
import { actorOf, forbiddenCluster, rateLimited } from '../auth/middleware.js';
import { mayUseCluster, namespaceViolation } from '../auth/scope.js';
import { agentOnline, clusterExists } from '../clusters.js';
import { signedNamespaces } from './envelope-scope.js';
import { nonce } from './nonce.js';
import { AUDIT_TEXT_CHARS, MESSAGE_CHARS, safeArgv, safeText } from '../safe-text.js';
import type { HonoEnv, Services } from '../context.js';
import { ownSession } from '../sessions.js';
import { requestHeader } from '../headers.js';

/** When a principal at its queued-commands cap may try again: about when one of them ends. */
const QUEUED_RETRY_AFTER_MS = 1000;

export async function submitCommand(
  services: Services,
  c: Context<HonoEnv>,
  clusterId: string,
  request: ExecRequest,
  /** Called with the command just before it is queued (not when it is refused before). */
  beforeQueue?: (command: CommandEnvelope) => void,
): Promise<CommandEnvelope> {
  const { config, store, now, newId, metrics, audit } = services;
  const client: ClientPrincipal = c.get('client');
  const who = {
    ...actorOf(services, c),
    principal: client.name,
    api_key_prefix: client.keyPrefix,
    cluster_id: clusterId,
  };
  // The caller's own key pasted into the command must not come back in a denial or its audit.
  const presented = bearerToken(requestHeader(c, 'authorization'));
  const own = 'token' in presented ? presented.token : undefined;

  // Scope before existence, so a scoped key cannot map which clusters exist.
  if (!mayUseCluster(client.scope, clusterId))
    throw forbiddenCluster(services, c, client, clusterId, safeArgv(request.command, own));
  if (!(await clusterExists(services, clusterId)))
    throw new PortholeError('cluster_not_found', 'no such cluster');

  let sessionId: string | null = null;
  if (request.sessionId !== undefined) {
    const session = await ownSession(services, request.sessionId, client);
    if (session.clusterId !== clusterId)
      throw new PortholeError('invalid_request', 'sessionId: the session is for another cluster');
    await store.sessions.touch(session.id, now() + config.sessionTtlSeconds * 1000);
    sessionId = session.id;
  }

  // Names resolve the way kubectl would on that cluster: with the discovery its agent reported.
  const discovery = await services.discovery.get(clusterId);
  const decision = evaluate(request.command, {
    policy: config.policy,
    ...(discovery ? { discovery } : {}),
  });
  if (!decision.allowed) {
    const labels = { cluster: metrics.clusterLabel(clusterId), rule: decision.rule };
    metrics.deniedCommands.inc(labels);
    // Only attempts at forbidden things page security; honest mistakes are counted above.
    if (decision.unauthorized) metrics.unauthorizedCommands.inc(labels);
    audit.emit('unauthorized_command_attempt', {
      ...who,
      session_id: sessionId,
      command: safeArgv(request.command, own),
      outcome: 'denied',
      details: {
        rule: decision.rule,
        unauthorized: decision.unauthorized,
        reason: safeText(decision.message, AUDIT_TEXT_CHARS, own),
        verb: decision.verb,
      },
    });
    throw new PortholeError(decision.kind, safeText(decision.message, MESSAGE_CHARS, own), {
      detail: {
        rule: decision.rule,
        ...(decision.suggestion === undefined
          ? {}
          : { suggestion: safeText(decision.suggestion, MESSAGE_CHARS, own) }),
      },
    });
  }
  const outside = namespaceViolation(client.scope, decision);
  if (outside) {
    metrics.forbidden.inc({ credential: client.credential, reason: 'namespace_scope' });
    audit.emit('authorization_failure', {
      ...who,
      session_id: sessionId,
      command: safeArgv(decision.argv, own),
      outcome: 'denied',
      details: { reason: 'namespace_scope' },
    });
    throw new PortholeError('forbidden', outside);
  }

  if (!(await agentOnline(services, clusterId))) {
    // Refused before anything is queued: this request is the only one that knows of it.
    metrics.commands.inc({
      cluster: metrics.clusterLabel(clusterId),
      verb: metrics.verbLabel(decision.verb),
      status: 'agent_unavailable',
    });
    audit.emit('command_executed', {
      ...who,
      session_id: sessionId,
      command: safeArgv(decision.argv, own),
      outcome: 'failure',
      details: { status: 'agent_unavailable' },
    });
    throw new PortholeError('agent_unavailable', `no agent for cluster ${clusterId} is connected`);
  }

  const createdAt = now();
  const timeoutSeconds = request.timeoutSeconds ?? config.commandTimeoutSeconds;
  const id = newId();
  const deadline = createdAt + timeoutSeconds * 1000;
  const signature = services.signer.sign({
    jti: id,
    cluster: clusterId,
    argv: decision.argv,
    sub: client.name,
    iat: Math.floor(createdAt / 1000),
    exp: Math.ceil(deadline / 1000),
    nonce: nonce(),
    max_output_bytes: config.maxOutputBytes,
    namespaces: signedNamespaces(client.scope, decision),
  });
  const command: CommandEnvelope = {
    id,
    clusterId,
    argv: decision.argv,
    principal: client.name,
    owner: client.id,
    ...(sessionId ? { sessionId } : {}),
    ...(client.keyPrefix ? { keyPrefix: client.keyPrefix } : {}),
    ...(who.via ? { via: who.via } : {}),
    createdAt,
    deadline,
    maxOutputBytes: config.maxOutputBytes,
    ...(request.maxOutputBytes === undefined ? {} : { pageBytes: request.maxOutputBytes }),
    signature,
  };
  beforeQueue?.(command);
  // A full queue (QueueFullError) answers 503 queue_full, mapped in the app's error handler.
  try {
    // Straight into a stream of the cluster's agent when this replica holds one with room.
    await services.streams.enqueue(command);
  } catch (err) {
    // This principal already has its share of the cluster's queue waiting: it waits for some of
    // them to finish, while other principals' commands still get in (and take turns with its).
    if (!(err instanceof PrincipalQueueFullError)) throw err;
    throw rateLimited(
      services,
      c,
      `queued:${clusterId}:${client.id}`,
      client.credential,
      QUEUED_RETRY_AFTER_MS,
      { ...who, session_id: sessionId, command: safeArgv(decision.argv, own) },
      'queued_per_cluster',
    );
  }
  return command;
}
