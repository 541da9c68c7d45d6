// The Store: everything the API keeps between requests, as one capability per domain, with the
// delivery semantics of DESIGN.md. Each capability is implemented once per backend (memory/,
// redis/); the records they hold are declared in records.ts.
import type { AgentHealth, ApiResourceInfo, CommandEnvelope, Result } from '@porthole/protocol';
import type {
  ApiKeyRecord,
  AuditEvent,
  AuditQuery,
  ClusterRecord,
  RateDecision,
  SessionRecord,
} from './records.js';

/** Why a command timed out: no agent claimed it before its deadline, or none answered in time. */
export type ExpiryReason = 'unclaimed' | 'lease';

/** What the store knows of one command while it lives (until its result TTL runs out). */
export type CommandState =
  | { status: 'queued' | 'running'; command: CommandEnvelope }
  | {
      status: 'succeeded' | 'failed';
      command: CommandEnvelope;
      /**
       * The agent's Result; for a command that timed out, the failure the store wrote
       * (error: EXPIRY_MESSAGES), or the agent's result that came after the deadline.
       */
      result: Result;
      /** The deadline passed before a result: the command's outcome is `timeout`, whatever `result` says. */
      timedOut: boolean;
    };

/**
 * How a command ended. A store call returns it only to the one caller that moved the command
 * to its final state, so counting and auditing it there happens once across replicas.
 */
export type CommandOutcome =
  | { status: 'succeeded' | 'failed'; command: CommandEnvelope; result: Result }
  | {
      status: 'timeout';
      /** Whether an agent had claimed it (`lease`) or none had (`unclaimed`). */
      reason: ExpiryReason;
      command: CommandEnvelope;
      /** The failure Result the command reads as. */
      result: Result;
    };

/**
 * What a message on a cluster's work channel says: commands may be ready (`work`), or a claimed
 * command got its result (`done`), which frees its agent's slot; `queued` tells whether any
 * command was left waiting then. Ids, instances and channels never contain spaces.
 */
export type WorkNews =
  | { kind: 'work' }
  | { kind: 'done'; id: string; queued: boolean }
  /** An agent instance opened a new channel: its older ones, on any replica, are dead. */
  | { kind: 'channel'; instance: string; channel: string };

/** A wait for the result of a command, begun before it is queued (`expectResult`). */
export interface ExpectedResult {
  /** Waits as `waitForResult` does; call once the command is queued. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<Result | null>;
  /** The command was not queued after all: forget the wait. */
  cancel(): void;
}

/** What `take` handed out, and when the earliest lease still held runs out (null: none held). */
export interface Claimed {
  commands: CommandEnvelope[];
  nextLeaseEndAt: number | null;
  /**
   * How many of `commands` were handed out before (their lease ran out without a result): each
   * may run twice, if the agent that had it was slow rather than gone.
   */
  redelivered: number;
}

/** What `complete` did with a result. */
export type CompleteOutcome =
  /** The first result, before the deadline: it is the command's outcome. */
  | { outcome: 'stored'; ended: CommandOutcome }
  /**
   * The deadline passed first: the outcome is `timeout` and stays so. The result is kept for
   * reading (the first late one wins) until the result TTL. `ended` is the timeout when this
   * call was the one that wrote it down, else null.
   */
  | { outcome: 'late'; ended: CommandOutcome | null }
  /** A result is already stored. */
  | { outcome: 'duplicate' }
  /** No such command (or not of this cluster, or its record expired). */
  | { outcome: 'not_found' };

/** What `expireDue` did. */
export interface ExpirySweep {
  /** The timeouts this call wrote down. */
  ended: CommandOutcome[];
  /** More commands were due than `max`: call again. */
  more: boolean;
}

export interface AgentPresence {
  clusterId: string;
  /** Epoch ms of the last poll. */
  lastSeenAt: number;
  agentVersion: string | null;
  kubernetesVersion: string | null;
}

/** The health an agent reported (`PUT /v1/agent/health`) and when the API received it. */
export interface AgentHealthReport {
  /** Epoch ms, the API's clock (ages are judged against it, never the agent's). */
  reportedAt: number;
  health: AgentHealth;
}

/** What recording one poll changed in whether the cluster counts as connected. */
export interface PresenceChange {
  /**
   * This poll moved the cluster from disconnected (never seen, marked disconnected, or silent
   * for longer than the offline window) to connected. One caller sees it, across replicas.
   */
  connected: boolean;
  /**
   * When the cluster was still marked connected although its previous poll (this epoch ms) was
   * past the offline window: it went away and came back between two presence checks, and this
   * caller is the one to tell of the disconnection nobody announced. Else null.
   */
  silentSince: number | null;
}

/** Per-cluster command queues: leases, results, and waiting for either. */
export interface CommandQueue {
  /**
   * Queue a command for its cluster. It is never handed out after `command.deadline`.
   * Commands of one cluster are handed out round-robin across their principals (`queueOwner`),
   * in order within each principal's sub-queue. Rejects with QueueFullError when the cluster's
   * queue is at its cap, and with PrincipalQueueFullError when the principal's sub-queue is.
   */
  enqueue(command: CommandEnvelope): Promise<void>;
  /**
   * Hand up to `max` commands of a cluster to one agent, each under a lease of `leaseMs`.
   * Never blocks: returns [] when nothing is ready. A command whose lease ran out without a
   * result is handed out again if its deadline has not passed. A command past its deadline is
   * never handed out; claim leaves its timeout to `expire`/`expireDue` (it reads as a timeout
   * at once), so the transition is written, and returned, in one place.
   */
  claim(clusterId: string, max: number, leaseMs: number): Promise<CommandEnvelope[]>;
  /**
   * `claim`, and when the earliest lease still held may run out (a channel with room claims
   * again then, to pick up a command whose agent went away).
   */
  take(clusterId: string, max: number, leaseMs: number): Promise<Claimed>;
  /**
   * `enqueue`, then `take` for the same cluster, as one step: for a replica that holds an agent
   * channel with room, so a command reaches it without a notification and a second call. The
   * claim follows the turns as any other (it may hand out other principals' commands first).
   * Rejects as enqueue does, and then claims nothing.
   */
  enqueueAndTake(command: CommandEnvelope, max: number, leaseMs: number): Promise<Claimed>;
  /**
   * Extend to `leaseMs` from now (never past the deadline) the leases of commands that are still
   * running; returns the ids renewed. An agent renews what it is still running, so a slow
   * command is not handed out again while its agent is alive.
   */
  renew(clusterId: string, ids: readonly string[], leaseMs: number): Promise<string[]>;
  /**
   * Resolve when commands may be ready for the cluster (woken by a notification, not by
   * polling the queue), or after `timeoutMs`, or when `signal` aborts. Resolves, never rejects
   * on abort.
   */
  waitForWork(clusterId: string, timeoutMs: number, signal?: AbortSignal): Promise<void>;
  /**
   * Listen to a cluster's work channel (live once resolved) until the returned function is
   * called: new work, and results of claimed commands (which free an agent's slot).
   */
  watchWork(clusterId: string, listener: (news: WorkNews) => void): Promise<() => void>;
  /** Tells every watcher of the cluster's work that `instance` now holds `channel`. */
  announceChannel(clusterId: string, instance: string, channel: string): Promise<void>;
  /**
   * Store a result; the first one wins. Before the deadline it is the outcome (`stored`), and
   * wakes whoever waits on it in any process; at or after the deadline (by the store's clock,
   * whatever the lease) the outcome is `timeout` and the result is kept only for reading
   * (`late`). Atomic with `expire`: of all the calls racing on one command, one ends it.
   */
  complete(result: Result): Promise<CompleteOutcome>;
  /**
   * End a command no agent has taken yet with `result` (the API's own, e.g. its waiting client
   * went away), so it never runs; its transition, as `complete` returns it. Null when an agent
   * holds it (it runs to its end), it ended, or it is unknown. Atomic with claim and complete.
   */
  withdraw(result: Result): Promise<CommandOutcome | null>;
  /**
   * Move a command still unanswered at its deadline (by the store's clock) to `timeout`, and
   * return that transition. Null when the command is unknown, already ended (by a result or by
   * another expire, on any replica), or not due yet.
   */
  expire(id: string): Promise<CommandOutcome | null>;
  /**
   * Expire up to `max` commands whose deadline has passed, found through a deadline index (so
   * a timeout is written and counted even when nobody waits or claims). Returns the timeouts
   * this call wrote; entries of commands that ended otherwise are dropped from the index.
   */
  expireDue(max: number): Promise<ExpirySweep>;
  get(id: string): Promise<CommandState | null>;
  /**
   * The envelope of a command of `clusterId` (one read, no index lookup), or null when the
   * cluster has no such command (unknown, expired, or another cluster's).
   */
  envelopeIn(clusterId: string, id: string): Promise<CommandEnvelope | null>;
  /**
   * Starts a wait for the result of `command` before it is queued here (then `wait` once it
   * is, or `cancel` if it was not): the wait then needs no read of the store to begin.
   */
  expectResult(command: CommandEnvelope): ExpectedResult;
  /**
   * Resolve with the agent's result once stored in time (immediately if it already is), or
   * null when the command timed out (then `get` reads the timeout), after `timeoutMs`, or when
   * `signal` aborts. Woken by notification; no blocking Redis call.
   */
  waitForResult(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Result | null>;
  /** Number of commands waiting to be claimed (for tests and metrics). */
  queueLength(clusterId: string): Promise<number>;
}

/**
 * What agents last said of themselves and their cluster; both live `presenceTtlSeconds`. The
 * store also keeps whether the cluster was last announced connected, so that each change is
 * seen by one caller across replicas. Times are the caller's (`presence.lastSeenAt`, `now`), the
 * same clock that judges `lastSeenAt` everywhere else.
 */
export interface AgentReports {
  /**
   * Record that an agent of the cluster polled at `presence.lastSeenAt`, and mark the cluster
   * connected. `offlineAfterMs`: a previous poll older than this no longer counted.
   */
  recordSeen(presence: AgentPresence, offlineAfterMs: number): Promise<PresenceChange>;
  /**
   * Mark the cluster disconnected if it is marked connected and its last poll is more than
   * `offlineAfterMs` before `now` (a compare-and-set). Returns the last presence when this
   * call made the change, else null.
   */
  markDisconnected(
    clusterId: string,
    now: number,
    offlineAfterMs: number,
  ): Promise<AgentPresence | null>;
  presence(clusterId: string): Promise<AgentPresence | null>;
  /** Keep what an agent reports of its cluster's API resources; lives as long as presence. */
  recordDiscovery(clusterId: string, resources: readonly ApiResourceInfo[]): Promise<void>;
  /** The last reported resources, or null when none (or expired). */
  discovery(clusterId: string): Promise<ApiResourceInfo[] | null>;
  /**
   * Keep the last health report of the cluster's agents (the last writer wins when several
   * agents serve it); lives as long as presence. One write per report, never per command.
   */
  recordHealth(clusterId: string, report: AgentHealthReport): Promise<void>;
  /** The last health report, or null when none (or expired). */
  health(clusterId: string): Promise<AgentHealthReport | null>;
}

/** API keys, as hashes: the API hashes keys, the store never sees key material. */
export interface ApiKeys {
  /**
   * Rejects with AlreadyExistsError when the id or the hash is taken (revoked keys included,
   * until purged) or when a live key (neither revoked nor expired) has the same name (field
   * `name`; an ended key's name is free again), and with LimitExceededError at `maxApiKeys`
   * live keys. Atomic across replicas. `revokedAt` must be null.
   */
  create(record: ApiKeyRecord): Promise<void>;
  /** The key with this hash, revoked or expired ones included (until purged), or null. */
  findByHash(hash: string): Promise<ApiKeyRecord | null>;
  get(id: string): Promise<ApiKeyRecord | null>;
  /** Every key not yet purged, oldest `createdAt` first (ties by id). */
  list(): Promise<ApiKeyRecord[]>;
  /**
   * False when unknown or already revoked. A revoked key is purged API_KEY_RETENTION_MS after
   * `at`; an expired one that long after `expiresAt`.
   */
  revoke(id: string, at: number): Promise<boolean>;
  /** Sets `lastUsedAt`, never moving it backwards. Unknown ids are ignored. */
  touch(id: string, at: number): Promise<void>;
}

/** Clusters registered at run time, each with its agent tokens (as hashes). */
export interface Clusters {
  /** False when the id exists. AlreadyExistsError when the token hash serves another cluster; LimitExceededError at `maxClusters`. */
  register(id: string, tokenHash: string, at: number): Promise<boolean>;
  /** The cluster with the tokens valid now (current first, then grace tokens, latest first). */
  get(id: string): Promise<ClusterRecord | null>;
  /** Every registered cluster, sorted by id. */
  list(): Promise<ClusterRecord[]>;
  /** The ids list() would name, without reading each record (one call however many there are). */
  ids(): Promise<string[]>;
  /** Also drops its token index entries, queue, leases, agent presence and discovery. False when unknown. */
  delete(id: string): Promise<boolean>;
  /**
   * Makes `newHash` the current token. The previous current one stays valid until
   * `oldValidUntil` (at or before now: dropped at once); tokens already past their end are
   * dropped; at most MAX_TOKENS_PER_CLUSTER stay (the grace tokens ending first go). False when
   * the cluster is unknown; AlreadyExistsError when `newHash` is already a token.
   */
  rotateToken(id: string, newHash: string, oldValidUntil: number): Promise<boolean>;
  /** The cluster id when the token is current, or in its grace period at `now`. */
  findByTokenHash(hash: string, now: number): Promise<string | null>;
}

/** Sessions, with a sliding expiry. */
export interface Sessions {
  /** AlreadyExistsError when the id is live. A session already expired is not kept. */
  create(record: SessionRecord): Promise<void>;
  /** Null once expired. */
  get(id: string): Promise<SessionRecord | null>;
  /** Moves the expiry to `expiresAt` if that is later (never shortens); null if gone. */
  touch(id: string, expiresAt: number): Promise<SessionRecord | null>;
  delete(id: string): Promise<boolean>;
}

/** Rate limiting shared by every replica: a sliding-window log (see records.ts). */
export interface RateLimits {
  /**
   * Counts `events` (default 1) events of `bucket` if at most `limit - events` happened in the
   * last `windowMs`: all of them or none (a call that costs several, like a fleet exec).
   */
  consume(bucket: string, limit: number, windowMs: number, events?: number): Promise<RateDecision>;
  /** What `consume` would answer now, counting nothing (`remaining` then includes this one). */
  peek(bucket: string, limit: number, windowMs: number): Promise<RateDecision>;
}

/** The audit trail, capped at `auditMaxLength` events (approximately, on Redis). */
export interface AuditLog {
  append(event: AuditEvent): Promise<void>;
  /**
   * Newest first. `since` (epoch ms) compares with when the event was appended. Reads at most
   * 10 × `limit` events (newest first) before the filters: a rare match under many newer
   * events may be missed.
   */
  query(query: AuditQuery): Promise<AuditEvent[]>;
}

/**
 * The capabilities on one backend. Every call rejects with StoreUnavailableError when the backing
 * store does not answer, or once the store is closed.
 */
export interface Store {
  readonly commands: CommandQueue;
  readonly agents: AgentReports;
  readonly apiKeys: ApiKeys;
  readonly clusters: Clusters;
  readonly sessions: Sessions;
  readonly rates: RateLimits;
  readonly audit: AuditLog;
  /** Resolves when the backing store answers; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  /**
   * Calls `listener` each time the store answers again after losing its connection (it may have
   * restarted empty: what lives only in it, such as presence, has to be written again).
   * Returns the function that stops it.
   */
  onReconnect(listener: () => void): () => void;
  /** Ends every wait in progress (as if it timed out) and releases the connections. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Prefix of every key and channel, so tests and tenants can share one Redis. */
  keyPrefix?: string;
  /** How long a finished result stays readable. */
  resultTtlSeconds?: number;
  /** Cap on queued commands per cluster. */
  maxQueueLength?: number;
  /**
   * Cap on the commands one principal has queued on one cluster (default 100), so one flood
   * cannot fill a cluster's queue; past it enqueue rejects with PrincipalQueueFullError.
   */
  maxQueuedPerPrincipal?: number;
  /** How long an agent's presence record outlives its last poll (default one day). */
  presenceTtlSeconds?: number;
  /** Cap on live API keys (default 10,000). */
  maxApiKeys?: number;
  /** Cap on registered clusters (default 10,000). */
  maxClusters?: number;
  /** Audit events kept (default 100,000; Redis trims approximately, in whole stream nodes). */
  auditMaxLength?: number;
  /** Clock, injectable for tests. Epoch ms. */
  now?: () => number;
}
