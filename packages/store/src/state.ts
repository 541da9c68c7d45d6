// The delivery rules both stores share: option defaults, and how a command record reads at a time.
import type { CommandEnvelope, Result } from '@porthole/protocol';
import type { CommandState, StoreOptions } from './store.js';

export const DEFAULT_KEY_PREFIX = 'porthole:';
export const DEFAULT_RESULT_TTL_SECONDS = 300;
export const DEFAULT_MAX_QUEUE_LENGTH = 10_000;
export const DEFAULT_PRESENCE_TTL_SECONDS = 86_400;
export const DEFAULT_MAX_API_KEYS = 10_000;
export const DEFAULT_MAX_CLUSTERS = 10_000;
export const DEFAULT_AUDIT_MAX_LENGTH = 100_000;

export interface ResolvedOptions {
  keyPrefix: string;
  resultTtlMs: number;
  maxQueueLength: number;
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
    maxApiKeys,
    maxClusters,
    auditMaxLength,
    presenceTtlMs: Math.ceil(presenceTtlSeconds * 1000),
    // Whole milliseconds: the Redis scripts compare and store integers.
    now: () => Math.floor(clock()),
  };
}

export function checkClaimArgs(max: number, leaseMs: number): void {
  if (!Number.isInteger(max) || max < 1)
    throw new TypeError('claim: max must be a positive integer');
  if (!Number.isFinite(leaseMs) || leaseMs <= 0)
    throw new TypeError('claim: leaseMs must be positive');
}

/** Why a command failed without a result from an agent. */
export type ExpiryReason = 'unclaimed' | 'lease';

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
  /** Set when the store failed it itself. */
  reason: ExpiryReason | null;
  /** The agent's result, when one was stored. */
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

/** Why a pending record has failed by `now` without anyone writing it down yet, or null. */
export function lapsedReason(record: CommandRecord, now: number): ExpiryReason | null {
  if (!deadlinePassed(record.envelope, now)) return null;
  if (record.status === 'queued') return record.attempts > 0 ? 'lease' : 'unclaimed';
  if (record.status === 'running' && (record.leaseUntil ?? 0) <= now) return 'lease';
  return null;
}

export interface RecordView {
  state: CommandState;
  /** Epoch ms at which this reading changes with no event (a deadline or lease end), or null. */
  changesAt: number | null;
}

/**
 * How a record reads at `now`. A pending command past its deadline that nobody holds under a
 * lease reads as failed even before a claim writes that down, so readers never wait on it.
 * Null when the record is inconsistent (its result already expired).
 */
export function viewRecord(record: CommandRecord, now: number): RecordView | null {
  const command = record.envelope;
  if (record.status === 'succeeded' || record.status === 'failed') {
    const result = record.result ?? (record.reason ? expiryResult(command, record.reason) : null);
    return result ? { state: { status: result.status, command, result }, changesAt: null } : null;
  }
  const lapsed = lapsedReason(record, now);
  if (lapsed) {
    return {
      state: { status: 'failed', command, result: expiryResult(command, lapsed) },
      changesAt: null,
    };
  }
  const changesAt =
    record.status === 'running'
      ? Math.max(command.deadline, record.leaseUntil ?? 0)
      : command.deadline;
  return { state: { status: record.status, command }, changesAt };
}
