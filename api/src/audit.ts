// Audit events (CONTRACT §6): one JSON object per event on stdout and in the store's capped stream.
// The stdout line is written whatever LOG_LEVEL says: the audit is a record, not a log level.
import type { Logger } from '@porthole/runtime';
import { describeError } from '@porthole/runtime';
import type { Store } from '@porthole/store';
import { safeText } from './safe-text.js';

export const AUDIT_EVENT_TYPES = [
  'authentication_failure',
  'authorization_failure',
  'unauthorized_command_attempt',
  'command_executed',
  'session_creation',
  'session_termination',
  'agent_connected',
  'agent_disconnected',
  'agent_connection_failure',
  'rate_limit_exceeded',
  'api_key_created',
  'api_key_revoked',
  'cluster_registered',
  'agent_token_rotated',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** What a request knows about who is calling; every field optional because failures come early. */
export interface AuditActor {
  source_ip?: string | null;
  principal?: string | null;
  api_key_prefix?: string | null;
  user_agent?: string | null;
  /** Set when an MCP tool call made the request (mcp/via.ts); recorded in `details`. */
  via?: AuditVia | null;
}

/** A request made by another front door on the caller's behalf, and that door's client. */
export interface AuditVia {
  via: 'mcp';
  client_name: string | null;
  client_version: string | null;
}

export interface AuditFields extends AuditActor {
  cluster_id?: string | null;
  session_id?: string | null;
  command_id?: string | null;
  command?: string[] | null;
  outcome: 'success' | 'failure' | 'denied';
  details?: Record<string, string | number | boolean | null>;
}

export interface Audit {
  emit(type: AuditEventType, fields: AuditFields): void;
}

export function createAudit(options: {
  logger: Logger;
  store: Pick<Store, 'audit'>;
  now: () => number;
  /** Whether an id names a registered cluster; without it every id is scrubbed. */
  isKnownCluster?: (id: string) => boolean;
}): Audit {
  // Its own level on the same stream: LOG_LEVEL=warn or error must not silence the audit.
  const log = options.logger.child({ audit: true }, { level: 'info' });
  // A cluster id from a URL path reaches the audit before it is checked (scope comes before
  // existence): only a registered id is recorded as given, anything else as quoted input.
  const clusterField = (id: string): string =>
    options.isKnownCluster?.(id) ? id : safeText(id, 63);
  return {
    emit(type, fields) {
      const { user_agent, via, details, ...rest } = fields;
      const event = {
        timestamp: new Date(options.now()).toISOString(),
        event_type: type,
        source_ip: rest.source_ip ?? null,
        principal: rest.principal ?? null,
        // At most 8 characters: enough to tell keys apart, never enough to use one.
        api_key_prefix: rest.api_key_prefix?.slice(0, 8) ?? null,
        cluster_id: rest.cluster_id == null ? null : clusterField(rest.cluster_id),
        session_id: rest.session_id ?? null,
        command_id: rest.command_id ?? null,
        command: rest.command ?? null,
        outcome: rest.outcome,
        details: {
          ...(user_agent ? { user_agent: safeText(user_agent, 256) } : {}),
          ...details,
          // Last: the mark is the server's own, never overridden by an event's details.
          ...via,
        },
      };
      log.info(event, type);
      // The stdout line is the durable record; the store copy serves GET /v1/audit.
      options.store.audit.append(event).catch((err: unknown) => {
        // Through the app's logger, not the audit writer: this line is not an audit event.
        options.logger.error(
          { err: describeError(err), event_type: type },
          'audit event not stored',
        );
      });
    },
  };
}
