// Admin routes: issue and revoke API keys, register clusters and rotate their agent tokens.
import { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import {
  ClusterId,
  CreateApiKey,
  PortholeError,
  RegisterCluster,
  RotateToken,
} from '@porthole/protocol';
import { AlreadyExistsError, type ApiKeyRecord } from '@porthole/store';
import { generateSecret } from '../auth/key-format.js';
import { actorOf, requireAdmin, requireClient } from '../auth/middleware.js';
import { fingerprint } from '../auth/secret-hash.js';
import { clusterExists } from '../clusters.js';
import type { HonoEnv, Services } from '../context.js';
import { readJson } from '../validate.js';

const KEY_ID = /^key_[A-Za-z0-9_-]{16}$/;

const hashOf = (secret: string) => fingerprint(secret).toString('hex');

export function adminRoutes(services: Services) {
  const { store, now, audit } = services;
  const guard = [requireClient(services), requireAdmin(services)] as const;
  const who = (c: Parameters<typeof actorOf>[1]) => {
    const admin = c.get('client');
    return { ...actorOf(services, c), principal: admin.name, api_key_prefix: admin.keyPrefix };
  };
  const keyView = (k: ApiKeyRecord) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    clusters: k.clusters,
    namespaces: k.namespaces,
    admin: k.admin,
    createdAt: iso(k.createdAt),
    expiresAt: iso(k.expiresAt),
    lastUsedAt: iso(k.lastUsedAt),
    revokedAt: iso(k.revokedAt),
  });

  return new Hono<HonoEnv>()
    .post('/api-keys', ...guard, async (c) => {
      const body = await readJson(c, CreateApiKey);
      const at = now();
      const expiresAt = body.expiresAt === undefined ? null : Date.parse(body.expiresAt);
      if (expiresAt !== null && expiresAt <= at)
        throw new PortholeError('invalid_request', 'expiresAt: must be in the future');
      // Names are unique among API keys, static ones included; the store refuses a name a live
      // issued key holds. A static name is refused with the very same error, so the answer does
      // not tell the two apart. Ownership goes by id whatever the name.
      if (services.auth.staticKeyNamed(body.name)) throw new AlreadyExistsError('API key', 'name');
      const key = generateSecret('apiKey');
      const record: ApiKeyRecord = {
        id: `key_${randomBytes(12).toString('base64url')}`,
        name: body.name,
        hash: hashOf(key),
        prefix: key.slice(0, 8),
        clusters: body.clusters ?? null,
        namespaces: body.namespaces ?? null,
        admin: body.admin ?? false,
        createdAt: at,
        expiresAt,
        lastUsedAt: null,
        revokedAt: null,
      };
      await store.apiKeys.create(record);
      audit.emit('api_key_created', {
        ...who(c),
        outcome: 'success',
        details: {
          key_id: record.id,
          key_name: record.name,
          admin: record.admin,
          key_prefix: record.prefix,
        },
      });
      // The only time the key is shown: the store keeps its hash.
      return c.json({ ...keyView(record), key }, 201);
    })
    .get('/api-keys', ...guard, async (c) =>
      c.json({ apiKeys: (await store.apiKeys.list()).map(keyView) }),
    )
    .delete('/api-keys/:id', ...guard, async (c) => {
      const id = c.req.param('id');
      if (!KEY_ID.test(id) || !(await store.apiKeys.revoke(id, now()))) {
        throw new PortholeError('not_found', 'no such active API key');
      }
      audit.emit('api_key_revoked', { ...who(c), outcome: 'success', details: { key_id: id } });
      return c.body(null, 204);
    })
    .post('/clusters', ...guard, async (c) => {
      const { id } = await readJson(c, RegisterCluster);
      const token = generateSecret('agentToken');
      if (
        services.config.agentTokens.has(id) ||
        !(await store.clusters.register(id, hashOf(token), now()))
      ) {
        throw new PortholeError('already_exists', 'a cluster with that id exists');
      }
      services.knownClusters.add(id);
      audit.emit('cluster_registered', { ...who(c), cluster_id: id, outcome: 'success' });
      return c.json({ id, agentToken: token }, 201);
    })
    .post('/clusters/:id/rotate-token', ...guard, async (c) => {
      const id = c.req.param('id');
      const { graceSeconds } = await readJson(
        c,
        RotateToken.optional().transform((b) => b ?? {}),
      );
      if (services.config.agentTokens.has(id)) {
        throw new PortholeError(
          'invalid_request',
          'this cluster is configured by PORTHOLE_AGENT_TOKENS; rotate it there',
        );
      }
      const token = generateSecret('agentToken');
      const grace = (graceSeconds ?? services.config.tokenRotationGraceSeconds) * 1000;
      if (
        !ClusterId.safeParse(id).success ||
        !(await store.clusters.rotateToken(id, hashOf(token), now() + grace))
      ) {
        throw new PortholeError('cluster_not_found', 'no such cluster');
      }
      audit.emit('agent_token_rotated', {
        ...who(c),
        cluster_id: id,
        outcome: 'success',
        details: { grace_seconds: grace / 1000 },
      });
      return c.json({ agentToken: token });
    })
    .delete('/clusters/:id', ...guard, async (c) => {
      const id = c.req.param('id');
      if (services.config.agentTokens.has(id)) {
        throw new PortholeError(
          'invalid_request',
          'this cluster is configured by PORTHOLE_AGENT_TOKENS; remove it there',
        );
      }
      if (!(await clusterExists(services, id)) || !(await store.clusters.delete(id))) {
        throw new PortholeError('cluster_not_found', 'no such cluster');
      }
      services.knownClusters.delete(id);
      return c.body(null, 204);
    });
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
