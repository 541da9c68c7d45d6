// Sessions: a named, sliding window of work on one cluster, for audit correlation.
import { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ClusterId, PortholeError } from '@porthole/protocol';
import type { SessionRecord } from '@porthole/store';
import { actorOf, requireClient } from '../auth/middleware.js';
import { mayUseCluster } from '../auth/scope.js';
import type { ClientPrincipal } from '../auth/credentials.js';
import { clusterExists } from '../clusters.js';
import type { HonoEnv, Services } from '../context.js';
import { readJson } from '../validate.js';

const CreateSession = z.object({ clusterId: ClusterId }).strict();
const SESSION_ID = /^ses_[A-Za-z0-9_-]{24}$/;

export function sessionRoutes(services: Services) {
  const { store, now, audit, config } = services;
  const client = requireClient(services);
  const view = (s: SessionRecord) => ({
    id: s.id,
    clusterId: s.clusterId,
    createdAt: new Date(s.createdAt).toISOString(),
    expiresAt: new Date(s.expiresAt).toISOString(),
  });

  return new Hono<HonoEnv>()
    .post('/', client, async (c) => {
      const { clusterId } = await readJson(c, CreateSession);
      const principal = c.get('client');
      // Scope before existence (as exec does), so a scoped key cannot map which clusters exist.
      if (!mayUseCluster(principal.scope, clusterId))
        throw forbiddenCluster(services, c, principal, clusterId);
      if (!(await clusterExists(services, clusterId)))
        throw new PortholeError('cluster_not_found', 'no such cluster');
      const at = now();
      const session: SessionRecord = {
        id: `ses_${randomBytes(18).toString('base64url')}`,
        clusterId,
        owner: principal.id,
        createdAt: at,
        expiresAt: at + config.sessionTtlSeconds * 1000,
      };
      await store.createSession(session);
      audit.emit('session_creation', {
        ...actorOf(services, c),
        principal: principal.name,
        api_key_prefix: principal.keyPrefix,
        cluster_id: clusterId,
        session_id: session.id,
        outcome: 'success',
        details: { principal_id: principal.id },
      });
      const { createdAt: _omit, ...body } = view(session);
      return c.json(body, 201);
    })
    .get('/:id', client, async (c) =>
      c.json(view(await ownSession(services, c.req.param('id'), c.get('client')))),
    )
    .delete('/:id', client, async (c) => {
      const principal = c.get('client');
      const session = await ownSession(services, c.req.param('id'), principal);
      await store.deleteSession(session.id);
      audit.emit('session_termination', {
        ...actorOf(services, c),
        principal: principal.name,
        api_key_prefix: principal.keyPrefix,
        cluster_id: session.clusterId,
        session_id: session.id,
        outcome: 'success',
        details: { reason: 'deleted', principal_id: principal.id },
      });
      return c.body(null, 204);
    });
}

/**
 * A session is visible only to the principal that created it (by id: a later key with the same
 * name is someone else), and only while its scope still covers the session's cluster; to anyone
 * else it does not exist.
 */
export async function ownSession(
  services: Services,
  id: string,
  principal: ClientPrincipal,
): Promise<SessionRecord> {
  const session = SESSION_ID.test(id) ? await services.store.getSession(id) : null;
  if (
    !session ||
    session.owner !== principal.id ||
    !mayUseCluster(principal.scope, session.clusterId)
  )
    throw new PortholeError('session_not_found', 'no such session');
  return session;
}

export function forbiddenCluster(
  services: Services,
  c: Parameters<typeof actorOf>[1],
  principal: ClientPrincipal,
  clusterId: string,
): PortholeError {
  services.metrics.forbidden.inc({ credential: principal.credential, reason: 'cluster_scope' });
  services.audit.emit('authorization_failure', {
    ...actorOf(services, c),
    principal: principal.name,
    api_key_prefix: principal.keyPrefix,
    cluster_id: clusterId,
    outcome: 'denied',
    details: { reason: 'cluster_scope' },
  });
  return new PortholeError('forbidden', 'this credential may not use that cluster');
}
