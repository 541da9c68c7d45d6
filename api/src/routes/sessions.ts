// Sessions: a named, sliding window of work on one cluster, for audit correlation.
import { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import { CreateSession, PortholeError } from '@porthole/protocol';
import type { SessionRecord } from '@porthole/store';
import { actorOf, forbiddenCluster, requireClient } from '../auth/middleware.js';
import { mayUseCluster } from '../auth/scope.js';
import { clusterExists } from '../clusters.js';
import type { HonoEnv, Services } from '../context.js';
import { ownSession } from '../sessions.js';
import { readJson } from '../validate.js';

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
      await store.sessions.create(session);
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
      await store.sessions.delete(session.id);
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
