// RedisStore: the Store on Redis or Redis Cluster (ioredis), with one command connection and one
// subscriber connection per instance, whatever the number of waiters.
import { CommandEnvelope, Result } from '@porthole/protocol';
import { Cluster, Redis, type ClusterNode, type RedisOptions } from 'ioredis';
import { QueueFullError, StoreUnavailableError } from '../errors.js';
import {
  checkClaimArgs,
  isExpiryReason,
  resolveOptions,
  viewRecord,
  type CommandRecord,
  type RecordView,
  type ResolvedOptions,
} from '../state.js';
import type { ApiResourceInfo } from '@porthole/protocol';
import type {
  AgentPresence,
  CommandState,
  CompleteOutcome,
  Store,
  StoreOptions,
} from '../store.js';
import type { ApiKeyRecord, AuditEvent, AuditQuery, SessionRecord } from '../records.js';
import { Waiters } from '../waiting.js';
import { RedisApiKeys } from './api-keys.js';
import { RedisAudit } from './audit.js';
import { RedisClusters } from './clusters.js';
import type { RedisClient, RedisContext } from './context.js';
import { connectionNames, storeKeys, type StoreKeys } from './keys.js';
import { RedisNotificationHub } from './notifications.js';
import { RedisRateLimiter } from './rate-limit.js';
import { runScript, scripts } from './scripts.js';
import { RedisSessions } from './sessions.js';

export interface RedisStoreOptions extends StoreOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://…`. */
  url?: string;
  /** Redis Cluster seed nodes, `host:port` or `{ host, port }`; used instead of `url`. */
  clusterNodes?: ReadonlyArray<string | { host: string; port: number }>;
  /** Password for Redis Cluster nodes (with `url`, put it in the URL). */
  password?: string;
  /** TLS towards Redis Cluster nodes (with `url`, use `rediss://`). */
  tls?: boolean;
  /** How long to wait for a TCP connection. Default 2000. */
  connectTimeoutMs?: number;
  /** How long any one Redis call may take before it fails as unavailable. Default 3000. */
  commandTimeoutMs?: number;
  /** Told of errors nobody awaits (connection drops, failed unsubscribes). Default: one stderr line per new error. */
  onBackgroundError?: (err: Error) => void;
}

/** Redis replies that mean "cannot serve now", not "your request is wrong". */
const UNAVAILABLE_REPLY =
  /^(LOADING|READONLY|CLUSTERDOWN|MASTERDOWN|TRYAGAIN|BUSY|OOM|NOAUTH|WRONGPASS|NOPERM)\b/;

type Client = RedisClient;

function parseNode(node: string | { host: string; port: number }): ClusterNode {
  if (typeof node !== 'string') return node;
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(node.trim());
  if (!match?.[1] || !match[2]) throw new TypeError('clusterNodes entries must be host:port');
  return { host: match[1], port: Number(match[2]) };
}

function passwordOf(url: string): string | null {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : null;
  } catch (err) {
    // ioredis reports the bad URL itself when it connects; here it only means nothing to redact.
    void err;
    return null;
  }
}

class RedisStore implements Store {
  private readonly o: ResolvedOptions;
  private readonly keys: StoreKeys;
  private readonly cmd: Client;
  private readonly sub: Client;
  private readonly hub: RedisNotificationHub;
  private readonly waiters: Waiters;
  private readonly secrets: string[];
  private readonly connectTimeoutMs: number;
  private readonly report: (err: Error) => void;
  private lastError: string | null = null;
  private readonly opening = new Map<Client, Promise<void>>();
  private readonly apiKeys: RedisApiKeys;
  private readonly clusters: RedisClusters;
  private readonly sessions: RedisSessions;
  private readonly rates: RedisRateLimiter;
  private readonly audit: RedisAudit;
  private closed = false;

  constructor(options: RedisStoreOptions) {
    this.o = resolveOptions(options);
    this.keys = storeKeys(this.o.keyPrefix);
    if ((options.url === undefined) === (options.clusterNodes === undefined)) {
      throw new TypeError('createRedisStore needs exactly one of url and clusterNodes');
    }
    this.connectTimeoutMs = options.connectTimeoutMs ?? 2000;
    this.secrets = [options.password, options.url && passwordOf(options.url), options.url].filter(
      (s): s is string => typeof s === 'string' && s.length > 0,
    );
    this.report =
      options.onBackgroundError ??
      ((err) => process.stderr.write(`porthole store: ${this.redact(err.message)}\n`));

    const names = connectionNames(this.o.keyPrefix);
    const common: RedisOptions = {
      connectTimeout: this.connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs ?? 3000,
      // Fail fast instead of queueing while Redis is away: callers answer 503 at once.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
    };
    const make = (connectionName: string): Client => {
      if (options.url !== undefined) return new Redis(options.url, { ...common, connectionName });
      const nodes = (options.clusterNodes ?? []).map(parseNode);
      if (nodes.length === 0) throw new TypeError('clusterNodes is empty');
      return new Cluster(nodes, {
        enableOfflineQueue: false,
        clusterRetryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
        redisOptions: {
          ...common,
          connectionName,
          ...(options.password === undefined ? {} : { password: options.password }),
          ...(options.tls ? { tls: {} } : {}),
        },
      });
    };
    this.cmd = make(names.command);
    this.sub = make(names.subscriber);
    for (const client of [this.cmd, this.sub]) {
      client.on('error', (err: Error) => this.reportBackground(err));
      client.on('ready', () => (this.lastError = null));
    }
    this.hub = new RedisNotificationHub(this.sub, (err) => this.reportBackground(err));
    this.waiters = new Waiters({
      hub: {
        listen: async (channel, listener) => {
          await this.usable(this.sub);
          return this.hub.listen(channel, listener);
        },
      },
      now: this.o.now,
      resultChannel: (id) => this.keys.resultChannel(id),
      workChannel: (clusterId) => this.keys.workChannel(clusterId),
      readCommand: (id) => this.readCommand(id),
      nextWorkAt: (clusterId) => this.nextWorkAt(clusterId),
      toStoreError: (err) => this.toStoreError(err),
    });
    const ctx: RedisContext = { o: this.o, keys: this.keys, call: (fn) => this.call(fn) };
    this.apiKeys = new RedisApiKeys(ctx);
    this.clusters = new RedisClusters(ctx);
    this.sessions = new RedisSessions(ctx);
    this.rates = new RedisRateLimiter(ctx);
    this.audit = new RedisAudit(ctx);
  }

  createApiKey = (record: ApiKeyRecord) => this.apiKeys.create(record);
  findApiKeyByHash = (hash: string) => this.apiKeys.findByHash(hash);
  getApiKey = (id: string) => this.apiKeys.get(id);
  listApiKeys = () => this.apiKeys.list();
  revokeApiKey = (id: string, at: number) => this.apiKeys.revoke(id, at);
  touchApiKey = (id: string, at: number) => this.apiKeys.touch(id, at);

  registerCluster = (id: string, tokenHash: string, at: number) =>
    this.clusters.register(id, tokenHash, at);
  getCluster = (id: string) => this.clusters.get(id);
  listClusters = () => this.clusters.list();
  deleteCluster = (id: string) => this.clusters.delete(id);
  rotateClusterToken = (id: string, newHash: string, oldValidUntil: number) =>
    this.clusters.rotate(id, newHash, oldValidUntil);
  findClusterByTokenHash = (hash: string, now: number) => this.clusters.findByToken(hash, now);

  createSession = (record: SessionRecord) => this.sessions.create(record);
  getSession = (id: string) => this.sessions.get(id);
  touchSession = (id: string, expiresAt: number) => this.sessions.touch(id, expiresAt);
  deleteSession = (id: string) => this.sessions.delete(id);

  consumeRate = (bucket: string, limit: number, windowMs: number) =>
    this.rates.consume(bucket, limit, windowMs);
  peekRate = (bucket: string, limit: number, windowMs: number) =>
    this.rates.peek(bucket, limit, windowMs);

  appendAudit = (event: AuditEvent) => this.audit.append(event);
  queryAudit = (query: AuditQuery) => this.audit.query(query);

  async ping(): Promise<void> {
    await this.call(async (c) => {
      await c.ping();
    });
  }

  async enqueue(command: CommandEnvelope): Promise<void> {
    const now = this.o.now();
    const ttlMs = Math.max(command.deadline - now, 0) + this.o.resultTtlMs;
    const indexKey = this.keys.commandCluster(command.id);
    const outcome = await this.call(async (c) => {
      // The index lives outside the cluster's hash slot, so it cannot be part of the script.
      const created = await c.set(indexKey, command.clusterId, 'PX', ttlMs, 'NX');
      if (created === null && (await c.get(indexKey)) !== command.clusterId)
        return 'conflict' as const;
      const queued = await runScript(
        c,
        scripts.enqueue,
        [this.keys.queue(command.clusterId), this.keys.command(command.clusterId, command.id)],
        [
          command.id,
          JSON.stringify(command),
          command.deadline,
          now,
          this.o.resultTtlMs,
          this.o.maxQueueLength,
          this.keys.workChannel(command.clusterId),
        ],
      );
      if (queued === -1 && created !== null) await c.del(indexKey);
      return queued === -1 ? ('full' as const) : ('ok' as const);
    });
    if (outcome === 'full') throw new QueueFullError(command.clusterId, this.o.maxQueueLength);
    if (outcome === 'conflict')
      throw new Error(`command id ${command.id} is already used by another cluster`);
  }

  async claim(clusterId: string, max: number, leaseMs: number): Promise<CommandEnvelope[]> {
    checkClaimArgs(max, leaseMs);
    const raw = await this.call((c) =>
      runScript(
        c,
        scripts.claim,
        [
          this.keys.queue(clusterId),
          this.keys.leases(clusterId),
          this.keys.commandPrefix(clusterId),
        ],
        [
          this.o.now(),
          max,
          Math.ceil(leaseMs),
          this.keys.resultChannelPrefix,
          this.keys.workChannel(clusterId),
        ],
      ),
    );
    if (!Array.isArray(raw)) throw new Error('claim script returned a non-array');
    return raw.map((json: unknown) => CommandEnvelope.parse(JSON.parse(String(json))));
  }

  waitForWork(clusterId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waiters.forWork(clusterId, timeoutMs, signal);
  }

  async complete(result: Result): Promise<CompleteOutcome> {
    const valid = Result.parse(result);
    const { id, clusterId } = valid;
    const json = JSON.stringify(valid);
    const reply = await this.call((c) =>
      runScript(
        c,
        scripts.complete,
        [
          this.keys.command(clusterId, id),
          this.keys.result(clusterId, id),
          this.keys.queue(clusterId),
          this.keys.leases(clusterId),
        ],
        [id, json, valid.status, this.o.resultTtlMs, this.o.now(), this.keys.resultChannel(id)],
      ),
    );
    const [outcome, ttl] = Array.isArray(reply) ? (reply as unknown[]) : [];
    if (outcome === 'stored') {
      // Keep the id findable as long as the record lives. The result is stored already, so a
      // failure here is reported, not thrown.
      this.cmd
        .pexpire(this.keys.commandCluster(id), Number(ttl))
        .catch((err: unknown) => this.reportBackground(err));
      return 'stored';
    }
    if (outcome === 'duplicate' || outcome === 'not_found') return outcome;
    throw new Error(`complete script returned ${String(outcome)}`);
  }

  async getCommand(id: string): Promise<CommandState | null> {
    return (await this.readCommand(id))?.state ?? null;
  }

  waitForResult(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Result | null> {
    return this.waiters.forResult(id, timeoutMs, signal);
  }

  async recordAgentSeen(presence: AgentPresence): Promise<void> {
    await this.call(async (c) => {
      await c.set(
        this.keys.agent(presence.clusterId),
        JSON.stringify(presence),
        'PX',
        this.o.presenceTtlMs,
      );
    });
  }

  async agentPresence(clusterId: string): Promise<AgentPresence | null> {
    const raw = await this.call((c) => c.get(this.keys.agent(clusterId)));
    if (raw === null) return null;
    const value = JSON.parse(raw) as Partial<AgentPresence>;
    return {
      clusterId,
      lastSeenAt: Number(value.lastSeenAt),
      agentVersion: typeof value.agentVersion === 'string' ? value.agentVersion : null,
      kubernetesVersion:
        typeof value.kubernetesVersion === 'string' ? value.kubernetesVersion : null,
    };
  }

  async recordDiscovery(clusterId: string, resources: readonly ApiResourceInfo[]): Promise<void> {
    await this.call((c) =>
      c.set(this.keys.discovery(clusterId), JSON.stringify(resources), 'PX', this.o.presenceTtlMs),
    );
  }

  async discovery(clusterId: string): Promise<ApiResourceInfo[] | null> {
    const raw = await this.call((c) => c.get(this.keys.discovery(clusterId)));
    return raw === null ? null : (JSON.parse(raw) as ApiResourceInfo[]);
  }

  async queueLength(clusterId: string): Promise<number> {
    return this.call((c) => c.llen(this.keys.queue(clusterId)));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.close();
    this.waiters.closeAll();
    await Promise.all([this.cmd, this.sub].map((client) => this.shutdown(client)));
  }

  /** Waits in progress on this instance (for tests). */
  get waiterCount(): number {
    return this.waiters.size;
  }

  private async readCommand(id: string): Promise<RecordView | null> {
    const now = this.o.now();
    const fields = await this.call(async (c) => {
      const clusterId = await c.get(this.keys.commandCluster(id));
      if (clusterId === null) return null;
      const [hash, result] = await Promise.all([
        c.hgetall(this.keys.command(clusterId, id)),
        c.get(this.keys.result(clusterId, id)),
      ]);
      return { hash, result };
    });
    const env = fields?.hash.env;
    if (!fields || env === undefined) return null;
    const { hash } = fields;
    const status = hash.status;
    if (
      status !== 'queued' &&
      status !== 'running' &&
      status !== 'succeeded' &&
      status !== 'failed'
    ) {
      throw new Error(`command ${id} has an unknown status in Redis`);
    }
    const record: CommandRecord = {
      envelope: CommandEnvelope.parse(JSON.parse(env)),
      status,
      attempts: Number(hash.attempts ?? 0),
      leaseUntil: hash.leaseUntil === undefined ? null : Number(hash.leaseUntil),
      reason: isExpiryReason(hash.reason) ? hash.reason : null,
      result: fields.result === null ? null : Result.parse(JSON.parse(fields.result)),
    };
    return viewRecord(record, now);
  }

  private async nextWorkAt(clusterId: string): Promise<number | null> {
    const [length, first] = await this.call((c) =>
      Promise.all([
        c.llen(this.keys.queue(clusterId)),
        c.zrange(this.keys.leases(clusterId), 0, 0, 'WITHSCORES'),
      ]),
    );
    if (length > 0) return this.o.now();
    return first[1] === undefined ? null : Number(first[1]);
  }

  /** Runs Redis calls on the command connection, turning connection trouble into StoreUnavailableError. */
  private async call<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    await this.usable(this.cmd);
    try {
      return await fn(this.cmd);
    } catch (err) {
      throw this.toStoreError(err);
    }
  }

  /**
   * Resolves when the connection can take commands. While it is being opened (at start, or
   * between retries) that is awaited, up to the connect timeout; while Redis is away it fails
   * at once, so readiness probes and requests answer quickly.
   */
  private async usable(client: Client): Promise<void> {
    if (client.status === 'ready') return;
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    if (client.status !== 'wait' && client.status !== 'connecting' && client.status !== 'connect') {
      throw new StoreUnavailableError(`Redis is unavailable (connection ${client.status})`);
    }
    // One shared wait per connection attempt, however many calls arrive meanwhile.
    let opening = this.opening.get(client);
    if (!opening) {
      opening = new Promise<void>((resolve, reject) => {
        const done = (err?: Error) => {
          clearTimeout(timer);
          client.off('ready', onReady);
          client.off('error', onError);
          client.off('close', onClose);
          this.opening.delete(client);
          if (err) reject(this.toStoreError(err));
          else resolve();
        };
        const onReady = () => done();
        const onError = (err: Error) => done(err);
        const onClose = () => done(new Error('connection closed'));
        const timer = setTimeout(() => done(new Error('connect timeout')), this.connectTimeoutMs);
        client.once('ready', onReady);
        client.once('error', onError);
        client.once('close', onClose);
      });
      this.opening.set(client, opening);
    }
    await opening;
  }

  private toStoreError(err: unknown): Error {
    // Errors of the store's own checks pass through; only the connection's become "unavailable".
    if (
      err instanceof StoreUnavailableError ||
      err instanceof QueueFullError ||
      err instanceof TypeError
    )
      return err;
    if (!(err instanceof Error))
      return new StoreUnavailableError('Redis is unavailable', { cause: err });
    // A ReplyError is Redis refusing the request; only some refusals mean "unavailable".
    if (err.name === 'ReplyError' && !UNAVAILABLE_REPLY.test(err.message)) return err;
    return new StoreUnavailableError(`Redis is unavailable: ${this.redact(err.message)}`, {
      cause: err,
    });
  }

  private reportBackground(err: unknown): void {
    const wrapped = this.toStoreError(err);
    this.reportError(wrapped instanceof Error ? wrapped : new Error(String(wrapped)));
  }

  private redact(message: string): string {
    let out = message;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }

  /** Reports each distinct error once until a connection is ready again (no log flood while down). */
  private reportError(err: Error): void {
    if (err.message === this.lastError) return;
    this.lastError = err.message;
    this.report(err);
  }

  private async shutdown(client: Client): Promise<void> {
    if (client.status === 'end') return;
    if (client.status !== 'ready') {
      client.disconnect();
      return;
    }
    try {
      await client.quit();
    } catch (err) {
      // QUIT can fail on a connection that just dropped; dropping it ourselves ends it all the same.
      this.reportBackground(err);
      client.disconnect();
    }
  }
}

export function createRedisStore(options: RedisStoreOptions): Store {
  return new RedisStore(options);
}
