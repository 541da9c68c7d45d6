// The delivery rules both stores share: option defaults, and how a command record reads at a time.
import type { CommandEnvelope, Result } from '@porthole/protocol';
import type { CommandOutcome, CommandState, ExpiryReason, StoreOptions } from './store.js';

export const DEFAULT_KEY_PREFIX = 'porthole:';
export const DEFAULT_RESULT_TTL_SECONDS = 300;
export const DEFAULT_MAX_QUEUE_LENGTH = 10_000;
export const DEFAULT_MAX_QUEUED_PER_PRINCIPAL = 100;
export const DEFAULT_PRESENCE_TTL_SECONDS = 86_400;
export const DEFAULT_MAX_API_KEYS = 10_000;
export const DEFAULT_MAX_CLUSTERS = 10_000;
export const DEFAULT_AUDIT_MAX_LENGTH = 100_000;

export interface ResolvedOptions {
  keyPrefix: string;
  resultTtlMs: number;
  maxQueueLength: number;
  maxQueuedPerPrincipal: number;
  presenceTtlMs: number;
  maxApiKeys: number;
  maxClusters: number;
  auditMaxLength: number;
  now: () => number;
}

/** Fills in defaults and rejects nonsense when the store is built, not on first use. */
export function resolveOptions(options: StoreOptions): ResolvedOptions {
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  // A brace in the prefix would become the hash tag and put every cluster in one slot.
  if (/[{}\s]/.test(keyPrefix))
    throw new TypeError('keyPrefix must not contain braces or whitespace');
  const resultTtlSeconds = options.resultTtlSeconds ?? DEFAULT_RESULT_TTL_SECONDS;
  const presenceTtlSeconds = options.presenceTtlSeconds ?? DEFAULT_PRESENCE_TTL_SECONDS;
  const maxQueueLength = options.maxQueueLength ?? DEFAULT_MAX_QUEUE_LENGTH;
  const maxQueuedPerPrincipal = options.maxQueuedPerPrincipal ?? DEFAULT_MAX_QUEUED_PER_PRINCIPAL;
  const maxApiKeys = options.maxApiKeys ?? DEFAULT_MAX_API_KEYS;
  const maxClusters = options.maxClusters ?? DEFAULT_MAX_CLUSTERS;
  const auditMaxLength = options.auditMaxLength ?? DEFAULT_AUDIT_MAX_LENGTH;
  for (const [name, value] of [
    ['resultTtlSeconds', resultTtlSeconds],
    ['presenceTtlSeconds', presenceTtlSeconds],
  ] as const) {
    if (!Number.isFinite(value) || value <= 0)
      throw new TypeError(`${name} must be a positive number`);
  }
  for (const [name, value] of [
    ['maxQueueLength', maxQueueLength],
    ['maxQueuedPerPrincipal', maxQueuedPerPrincipal],
    ['maxApiKeys', maxApiKeys],
    ['maxClusters', maxClusters],
    ['auditMaxLength', auditMaxLength],
  ] as const) {
    if (!Number.isInteger(value) || value < 1)
      throw new TypeError(`${name} must be a positive integer`);
  }
  const clock = options.now ?? Date.now;
  return {
    keyPrefix,
    resultTtlMs: Math.ceil(resultTtlSeconds * 1000),
    maxQueueLength,
    maxQueuedPerPrincipal,
    maxApiKeys,
    maxClusters,
    auditMaxLength,
    presenceTtlMs: Math.ceil(presenceTtlSeconds * 1000),
    // Whole milliseconds: the Redis scripts compare and store integers.
    now: () => Math.floor(clock()),
  };
}

/**
 * Whose sub-queue a command waits in: its owner (the stable principal id), or its display name
 * when no client owns it. Commands of one cluster are served round-robin across these.
 */
export function queueOwner(command: CommandEnvelope): string {
  return command.owner === undefined ? `name:${command.principal}` : `id:${command.owner}`;
}

export function checkClaimArgs(max: number, leaseMs: number): void {
  if (!Number.isInteger(max) || max < 1)
    throw new TypeError('claim: max must be a positive integer');
  if (!Number.isFinite(leaseMs) || leaseMs <= 0)
    throw new TypeError('claim: leaseMs must be positive');
}

export type { ExpiryReason };

export function checkOfflineWindow(offlineAfterMs: number): void {
  if (!Number.isFinite(offlineAfterMs) || offlineAfterMs < 0)
    throw new TypeError('offlineAfterMs must be a non-negative number');
}

export function checkExpireArgs(max: number): void {
  if (!Number.isInteger(max) || max < 1)
    throw new TypeError('expireDue: max must be a positive integer');
}

/** The error text of the Result a timed-out command reads as. */
export const EXPIRY_MESSAGES: Readonly<Record<ExpiryReason, string>> = {
  unclaimed: 'command expired before an agent claimed it',
  lease: 'no agent returned a result before the command deadline',
};

export function isExpiryReason(value: unknown): value is ExpiryReason {
  return value === 'unclaimed' || value === 'lease';
}

/** Everything either store keeps about one command. */
export interface CommandRecord {
  envelope: CommandEnvelope;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  /** How many times it was handed out. */
  attempts: number;
  /** Epoch ms when the current lease runs out (running only). */
  leaseUntil: number | null;
  /** Set when the command timed out (the store failed it itself). */
  reason: ExpiryReason | null;
  /** The agent's result, when one was stored (after a timeout: a late one, kept for reading). */
  result: Result | null;
}

/** The Result a command reads as when the store failed it: the deadline passed first. */
export function expiryResult(envelope: CommandEnvelope, reason: ExpiryReason): Result {
  return {
    id: envelope.id,
    clusterId: envelope.clusterId,
    command: envelope.argv,
    status: 'failed',
    exitCode: 1,
    output: '',
    error: EXPIRY_MESSAGES[reason],
    truncated: false,
    outputBytes: 0,
    redactions: 0,
    durationMs: 0,
    createdAt: new Date(envelope.createdAt).toISOString(),
    // The deadline, not the moment someone noticed, so every reader sees the same Result.
    completedAt: new Date(envelope.deadline).toISOString(),
  };
}

/** A command may be handed out only strictly before its deadline. */
export function deadlinePassed(envelope: CommandEnvelope, now: number): boolean {
  return now >= envelope.deadline;
}

/**
 * Why a pending record has timed out by `now`, or null. The deadline decides, not the lease: a
 * client waits until the deadline, so a result after it cannot be the outcome any more.
 */
export function lapsedReason(record: CommandRecord, now: number): ExpiryReason | null {
  if (record.status !== 'queued' && record.status !== 'running') return null;
  if (!deadlinePassed(record.envelope, now)) return null;
  return record.attempts > 0 ? 'lease' : 'unclaimed';
}

/** The transition to timeout, as the one caller that writes it down returns it. */
export function timeoutOutcome(envelope: CommandEnvelope, reason: ExpiryReason): CommandOutcome {
  return {
    status: 'timeout',
    reason,
    command: envelope,
    result: expiryResult(envelope, reason),
  };
}

export interface RecordView {
  state: CommandState;
  /** Epoch ms at which this reading changes with no event (the deadline), or null. */
  changesAt: number | null;
}

/**
 * How a record reads at `now`. A pending command past its deadline reads as timed out even
 * before `expire` writes that down, so readers never wait on it. Null when the record is
 * inconsistent (its result already expired).
 */
export function viewRecord(record: CommandRecord, now: number): RecordView | null {
  const command = record.envelope;
  if (record.status === 'succeeded' || record.status === 'failed') {
    const result = record.result ?? (record.reason ? expiryResult(command, record.reason) : null);
    if (!result) return null;
    const state = { status: result.status, command, result, timedOut: record.reason !== null };
    return { state, changesAt: null };
  }
  const lapsed = lapsedReason(record, now);
  if (lapsed) {
    const result = expiryResult(command, lapsed);
    return { state: { status: 'failed', command, result, timedOut: true }, changesAt: null };
  }
  return { state: { status: record.status, command }, changesAt: command.deadline };
}
