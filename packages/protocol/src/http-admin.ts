// zod schemas of the admin routes and the audit read (CONTRACT §3 "Admin", §6).
import { z } from 'zod';
import { ClusterId } from './http.js';

const Namespace = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label')
  .max(63);

/** POST /v1/admin/api-keys. */
export const CreateApiKey = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be 1–63 of A-Z a-z 0-9 . _ -'),
    clusters: z.array(ClusterId).max(1000).optional(),
    namespaces: z.array(Namespace).max(1000).optional(),
    admin: z.boolean().optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type CreateApiKey = z.infer<typeof CreateApiKey>;

/** An issued key as admins list it: never its key material. */
export const ApiKeyInfo = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  clusters: z.array(z.string()).nullable(),
  namespaces: z.array(z.string()).nullable(),
  admin: z.boolean(),
  createdAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

/** POST /v1/admin/api-keys → 201: the only answer that shows the key. */
export const ApiKeyCreated = ApiKeyInfo.extend({ key: z.string() });

export const ApiKeyList = z.object({ apiKeys: z.array(ApiKeyInfo) });

/** POST /v1/admin/clusters. */
export const RegisterCluster = z.object({ id: ClusterId }).strict();

/** POST /v1/admin/clusters/{id}/rotate-token (the body is optional). */
export const RotateToken = z
  .object({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .optional(),
  })
  .strict();

export const ClusterRegistered = z.object({ id: z.string(), agentToken: z.string() });
export const AgentTokenIssued = z.object({ agentToken: z.string() });

/** One audit event (CONTRACT §6). */
export const AuditEventBody = z.looseObject({
  timestamp: z.string(),
  event_type: z.string(),
  source_ip: z.string().nullable(),
  principal: z.string().nullable(),
  api_key_prefix: z.string().nullable(),
  cluster_id: z.string().nullable(),
  session_id: z.string().nullable(),
  command_id: z.string().nullable(),
  command: z.array(z.string()).nullable(),
  outcome: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const AuditEvents = z.object({ events: z.array(AuditEventBody) });
