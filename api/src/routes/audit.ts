// GET /v1/audit: the stored audit trail, newest first, for admins.
import { Hono } from 'hono';
import { ClusterId, PortholeError } from '@porthole/protocol';
import { AUDIT_EVENT_TYPES, type AuditEventType } from '../audit.js';
import { requireAdmin, requireClient } from '../auth/middleware.js';
import type { HonoEnv, Services } from '../context.js';
import { intQuery } from '../validate.js';

export function auditRoutes(services: Services) {
  return new Hono<HonoEnv>().get(
    '/',
    requireClient(services),
    requireAdmin(services),
    async (c) => {
      const limit = intQuery(c, 'limit', 1, 1000, 100);
      const clusterId = c.req.query('clusterId');
      const type = c.req.query('type');
      const since = c.req.query('since');
      if (clusterId !== undefined && !ClusterId.safeParse(clusterId).success) {
        throw new PortholeError('invalid_request', 'clusterId: must be a DNS-1123 label');
      }
      if (type !== undefined && !AUDIT_EVENT_TYPES.includes(type as AuditEventType)) {
        throw new PortholeError(
          'invalid_request',
          `type: must be one of ${AUDIT_EVENT_TYPES.join(', ')}`,
        );
      }
      const sinceMs = since === undefined ? undefined : Date.parse(since);
      if (sinceMs !== undefined && Number.isNaN(sinceMs))
        throw new PortholeError('invalid_request', 'since: must be an ISO 8601 time');
      const events = await services.store.audit.query({
        limit,
        ...(clusterId ? { clusterId } : {}),
        ...(type ? { type } : {}),
        ...(sinceMs !== undefined ? { since: sinceMs } : {}),
      });
      return c.json({ events });
    },
  );
}
