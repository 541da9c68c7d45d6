// The Store interface: everything the API keeps between requests, with the delivery semantics
// of DESIGN.md. Implemented by RedisStore (production) and MemoryStore (single-process dev).
import type { CommandEnvelope, Result } from '@porthole/protocol';

/** What the store knows of one command while it lives (until its result TTL runs out). */
export type CommandState =
  | { status: 'queued' | 'running'; command: CommandEnvelope }
  | { status: 'succeeded' | 'failed'; command: CommandEnvelope; result: Result };

export type CompleteOutcome = 'stored' | 'duplicate' | 'not_found';

export interface AgentPresence {
  clusterId: string;
  /** Epoch ms of the last poll. */
  lastSeenAt: number;
  agentVersion: string | null;
  kubernetesVersion: string | null;
}

export interface Store {
  /** Resolves when the backing store answers; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;

  /**
   * Queue a command for its cluster. It is never handed out after `command.deadline`.
   * Rejects with QueueFullError when the cluster's queue is at its cap.
   */
  enqueue(command: CommandEnvelope): Promise<void>;

  /**
   * Hand up to `max` commands of a cluster to one agent, each under a lease of `leaseMs`.
   * Never blocks: returns [] when nothing is ready. A command whose lease ran out without a
   * result is handed out again if its deadline has not passed; past the deadline it is dropped
   * and its state reads `failed` with a timeout error.
   */
  claim(clusterId: string, max: number, leaseMs: number): Promise<CommandEnvelope[]>;

  /**
   * Resolve when commands may be ready for the cluster (woken by a notification, not by
   * polling the queue), or after `timeoutMs`, or when `signal` aborts. Resolves, never rejects
   * on abort.
   */
  waitForWork(clusterId: string, timeoutMs: number, signal?: AbortSignal): Promise<void>;

  /** Store a result; the first one wins. Wakes whoever waits on it in any process. */
  complete(result: Result): Promise<CompleteOutcome>;

  getCommand(id: string): Promise<CommandState | null>;

  /**
   * Resolve with the result once stored (immediately if it already is), or null after
   * `timeoutMs` or when `signal` aborts. Woken by notification; no blocking Redis call.
   */
  waitForResult(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Result | null>;

  /** Record that an agent of the cluster polled now. */
  recordAgentSeen(presence: AgentPresence): Promise<void>;

  agentPresence(clusterId: string): Promise<AgentPresence | null>;

  /** Number of commands waiting to be claimed (for tests and metrics). */
  queueLength(clusterId: string): Promise<number>;

  close(): Promise<void>;
}

export interface StoreOptions {
  /** Prefix of every key and channel, so tests and tenants can share one Redis. */
  keyPrefix?: string;
  /** How long a finished result stays readable. */
  resultTtlSeconds?: number;
  /** Cap on queued commands per cluster. */
  maxQueueLength?: number;
  /** How long an agent's presence record outlives its last poll (default one day). */
  presenceTtlSeconds?: number;
  /** Clock, injectable for tests. Epoch ms. */
  now?: () => number;
}
