// The records of API keys, clusters, sessions, rate limits and audit events, and the checks and
// rules both stores share for them, so memory and Redis cannot read the same input differently.
import { ClusterId } from '@porthole/protocol';

export interface ApiKeyRecord {
  /** Opaque, [A-Za-z0-9_-]{8,64}. */
  id: string;
  name: string;
  /** Hex SHA-256 of the key (lowercase). */
  hash: string;
  /** First characters of the key (8 at most), for audit. */
  prefix: string;
  /** null = every cluster. */
  clusters: string[] | null;
  /** null = every namespace. */
  namespaces: string[] | null;
  admin: boolean;
  /** Epoch ms, like every time below. */
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface ClusterToken {
  /** Hex SHA-256 of the agent token (lowercase). */
  hash: string;
  /** null for the current token; the end of the grace period for a previous one. */
  expiresAt: number | null;
}

export interface ClusterRecord {
  id: string;
  createdAt: number;
  tokens: ClusterToken[];
}

export interface SessionRecord {
  id: string;
  clusterId: string;
  /** The stable id of the principal that owns the session (never its display name). */
  owner: string;
  createdAt: number;
  expiresAt: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Events still allowed in the window after these. */
  remaining: number;
  /** When refused: ms until enough counted events leave the window. 0 when allowed. */
  retryAfterMs: number;
}

export interface AuditEvent {
  timestamp: string;
  event_type: string;
  cluster_id: string | null;
  [field: string]: unknown;
}

export interface AuditQuery {
  limit: number;
  clusterId?: string;
  type?: string;
  /** Epoch ms: only events appended at or after it. */
  since?: number;
}

/** How long a revoked (or expired) API key stays findable, so the API can say why it fails. */
export const API_KEY_RETENTION_MS = 30 * 24 * 3600 * 1000;
/** The current agent token plus grace tokens kept per cluster; rotating past it ends the oldest grace. */
export const MAX_TOKENS_PER_CLUSTER = 10;
/** Each audit query reads at most this many events per event asked for. */
export const AUDIT_SCAN_FACTOR = 10;

const RECORD_ID = /^[A-Za-z0-9_-]{8,64}$/;
const SESSION_ID = /^[A-Za-z0-9_-]{8,128}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

export const isApiKeyId = (id: unknown): id is string =>
  typeof id === 'string' && RECORD_ID.test(id);
export const isSessionId = (id: unknown): id is string =>
  typeof id === 'string' && SESSION_ID.test(id);
export const isHexSha256 = (hash: unknown): hash is string =>
  typeof hash === 'string' && HEX_SHA256.test(hash);
export const isClusterId = (id: unknown): id is string => ClusterId.safeParse(id).success;

const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);
const isTimeOrNull = (value: unknown) => value === null || isTime(value);
const isListOrNull = (value: unknown) =>
  value === null || (Array.isArray(value) && value.every((v) => typeof v === 'string'));

function check(ok: boolean, what: string): void {
  if (!ok) throw new TypeError(what);
}

/** Rejects a malformed record before anything is written (the message names no value). */
export function checkApiKeyRecord(record: ApiKeyRecord): void {
  check(isApiKeyId(record.id), 'API key id must match [A-Za-z0-9_-]{8,64}');
  check(isHexSha256(record.hash), 'API key hash must be a lowercase hex SHA-256');
  check(typeof record.name === 'string', 'API key name must be a string');
  check(
    typeof record.prefix === 'string' && record.prefix.length <= 8,
    'API key prefix must be a string of 8 characters at most',
  );
  check(isListOrNull(record.clusters), 'API key clusters must be a string array or null');
  check(isListOrNull(record.namespaces), 'API key namespaces must be a string array or null');
  check(typeof record.admin === 'boolean', 'API key admin must be a boolean');
  check(isTime(record.createdAt), 'API key createdAt must be epoch ms');
  check(isTimeOrNull(record.expiresAt), 'API key expiresAt must be epoch ms or null');
  check(isTimeOrNull(record.lastUsedAt), 'API key lastUsedAt must be epoch ms or null');
  check(record.revokedAt === null, 'a new API key cannot be revoked already');
}

/** When a key stops working (revocation, else expiry), or null while it has no end. */
export function apiKeyEnd(record: Pick<ApiKeyRecord, 'expiresAt' | 'revokedAt'>): number | null {
  return record.revokedAt ?? record.expiresAt;
}

/** Whether a key still works at `now` (neither revoked nor expired): only such a key holds its name. */
export function apiKeyLive(
  record: Pick<ApiKeyRecord, 'expiresAt' | 'revokedAt'>,
  now: number,
): boolean {
  const end = apiKeyEnd(record);
  return end === null || end > now;
}

/** Whether a key is past its retention at `now`, so it reads as gone. */
export function apiKeyPurged(record: ApiKeyRecord, now: number): boolean {
  const end = apiKeyEnd(record);
  return end !== null && end + API_KEY_RETENTION_MS <= now;
}

export function byCreation(a: ApiKeyRecord, b: ApiKeyRecord): number {
  return a.createdAt - b.createdAt || compareStrings(a.id, b.id);
}

/** Code-unit order, the same as Redis' byte order for the ASCII ids used here. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function checkClusterArgs(id: string, tokenHash: string, at?: number): void {
  check(isClusterId(id), 'cluster id must be a DNS-1123 label');
  check(isHexSha256(tokenHash), 'agent token hash must be a lowercase hex SHA-256');
  if (at !== undefined) check(isTime(at), 'time must be epoch ms');
}

/** Tokens valid at `now`: the current one first, then grace tokens, the latest ending first. */
export function liveTokens(tokens: readonly ClusterToken[], now: number): ClusterToken[] {
  return tokens
    .filter((t) => t.expiresAt === null || t.expiresAt > now)
    .sort(
      (a, b) =>
        (b.expiresAt ?? Infinity) - (a.expiresAt ?? Infinity) || compareStrings(a.hash, b.hash),
    );
}

export function checkSessionRecord(record: SessionRecord): void {
  check(isSessionId(record.id), 'session id must match [A-Za-z0-9_-]{8,128}');
  check(typeof record.clusterId === 'string', 'session clusterId must be a string');
  check(
    typeof record.owner === 'string' && record.owner.length > 0,
    'session owner must be a non-empty string',
  );
  check(isTime(record.createdAt), 'session createdAt must be epoch ms');
  check(isTime(record.expiresAt), 'session expiresAt must be epoch ms');
}

export function checkTime(at: number, what: string): void {
  check(isTime(at), `${what} must be epoch ms`);
}

export function checkRateArgs(bucket: string, limit: number, windowMs: number): void {
  check(typeof bucket === 'string' && bucket.length > 0, 'rate bucket must be a non-empty string');
  check(Number.isInteger(limit) && limit > 0, 'rate limit must be a positive integer');
  check(Number.isInteger(windowMs) && windowMs > 0, 'rate windowMs must be a positive integer');
}

export function checkRateEvents(events: number): void {
  check(Number.isInteger(events) && events > 0, 'rate events must be a positive integer');
}

export function checkAuditEvent(event: AuditEvent): void {
  check(typeof event.timestamp === 'string', 'audit timestamp must be a string');
  check(
    typeof event.event_type === 'string' && event.event_type.length > 0,
    'audit event_type must be a non-empty string',
  );
  check(
    event.cluster_id === null || typeof event.cluster_id === 'string',
    'audit cluster_id must be a string or null',
  );
}

/** The query with `since` rounded up to a whole ms, and the number of events it may read. */
export function checkAuditQuery(query: AuditQuery): { since: number | null; scan: number } {
  check(Number.isInteger(query.limit) && query.limit > 0, 'audit limit must be a positive integer');
  if (query.since !== undefined) checkTime(query.since, 'audit since');
  return {
    since: query.since === undefined ? null : Math.max(0, Math.ceil(query.since)),
    scan: query.limit * AUDIT_SCAN_FACTOR,
  };
}

/** Whether an event passes the type and cluster filters of a query. */
export function auditMatches(query: AuditQuery, type: string, clusterId: string | null): boolean {
  return (
    (query.type === undefined || query.type === type) &&
    (query.clusterId === undefined || query.clusterId === clusterId)
  );
}
