// RedisStore: the Store on Redis or Redis Cluster (ioredis), with one command connection and one
// subscriber connection per instance, whatever the number of waiters. It owns the connections;
// each capability is a module of its own on the shared RedisContext.
import type { ConnectionOptions } from 'node:tls';
import { Cluster, Redis, type ClusterNode, type RedisOptions } from 'ioredis';
import { StoreError, StoreUnavailableError } from '../errors.js';
import { resolveOptions } from '../state.js';
import type { Store, StoreOptions } from '../store.js';
import { RedisAgents } from './agents.js';
import { RedisApiKeys } from './api-keys.js';
import { RedisAudit } from './audit.js';
import { RedisClusters } from './clusters.js';
import { RedisCommands } from './commands.js';
import type { RedisClient, RedisContext } from './context.js';
import { connectionNames, storeKeys } from './keys.js';
import { RedisNotificationHub } from './notifications.js';
import { RedisRateLimiter } from './rate-limit.js';
import { RedisSessions } from './sessions.js';

export interface RedisStoreOptions extends StoreOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://…`. */
  url?: string;
  /** Redis Cluster seed nodes, `host:port` or `{ host, port }`; used instead of `url`. */
  clusterNodes?: ReadonlyArray<string | { host: string; port: number }>;
  /** Password for Redis Cluster nodes (with `url`, put it in the URL). */
  password?: string;
  /**
   * TLS towards Redis Cluster nodes (with `url`, use `rediss://`): true verifies against Node's
   * CAs (plus NODE_EXTRA_CA_CERTS); options (a `ca`, say) are passed to `tls.connect`.
   */
  tls?: boolean | ConnectionOptions;
  /** How long to wait for a TCP connection. Default 2000. */
  connectTimeoutMs?: number;
  /** How long any one Redis call may take before it fails as unavailable. Default 3000. */
  commandTimeoutMs?: number;
  /** Told of errors nobody awaits (connection drops, failed unsubscribes). Default: one stderr line per new error. */
  onBackgroundError?: (err: Error) => void;
}

/**
 * Redis replies that mean "cannot serve now", not "your request is wrong". MOVED and ASK reach
 * the store only when ioredis could not follow them itself (a pipeline caught by a failover or
 * resharding moving its slot): the topology is changing, the call may be tried again.
 */
const UNAVAILABLE_REPLY =
  /^(LOADING|READONLY|CLUSTERDOWN|MASTERDOWN|TRYAGAIN|BUSY|OOM|NOAUTH|WRONGPASS|NOPERM|MOVED|ASK)\b/;

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
  readonly commands: RedisCommands;
  readonly agents: RedisAgents;
  readonly apiKeys: RedisApiKeys;
  readonly clusters: RedisClusters;
  readonly sessions: RedisSessions;
  readonly rates: RedisRateLimiter;
  readonly audit: RedisAudit;
  private readonly cmd: Client;
  private readonly sub: Client;
  private readonly hub: RedisNotificationHub;
  private readonly secrets: string[];
  private readonly connectTimeoutMs: number;
  private readonly report: (err: Error) => void;
  private lastError: string | null = null;
  private readonly opening = new Map<Client, Promise<void>>();
  private closed = false;

  constructor(options: RedisStoreOptions) {
    const o = resolveOptions(options);
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

    const names = connectionNames(o.keyPrefix);
    const common: RedisOptions = {
      connectTimeout: this.connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs ?? 3000,
      // Fail fast instead of queueing while Redis is away: callers answer 503 at once.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
    };
    // No auto-pipelining: it builds a Pipeline per turn of the event loop, which cost the API more
    // CPU than the socket writes it saved (measured in turns with `npm run bench:paired`: 7–9%
    // less API CPU per command without it under load, 0.2 ms less latency one at a time). Calls
    // that belong together are one script (events audited in the same turn share one, too).
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
          ...(options.tls ? { tls: options.tls === true ? {} : options.tls } : {}),
        },
      });
    };
    this.cmd = make(names.command);
    this.sub = make(names.subscriber);
    for (const client of [this.cmd, this.sub]) {
      client.on('error', (err: Error) => this.reportBackground(err));
      client.on('ready', () => (this.lastError = null));
    }
    let readyBefore = false;
    this.cmd.on('ready', () => {
      if (readyBefore) for (const listener of [...this.reconnectListeners]) listener();
      readyBefore = true;
    });
    this.hub = new RedisNotificationHub(this.sub, (err) => this.reportBackground(err));
    const ctx: RedisContext = {
      o,
      keys: storeKeys(o.keyPrefix),
      oneNode: options.url !== undefined,
      call: (fn) => this.call(fn),
      background: (fn) => {
        this.corkTurn();
        fn(this.cmd).catch((err: unknown) => this.reportBackground(err));
      },
    };
    this.commands = new RedisCommands(ctx, {
      hub: {
        listen: async (channel, listener) => {
          await this.usable(this.sub);
          return this.hub.listen(channel, listener);
        },
      },
      toStoreError: (err) => this.toStoreError(err),
    });
    this.agents = new RedisAgents(ctx);
    this.apiKeys = new RedisApiKeys(ctx);
    this.clusters = new RedisClusters(ctx);
    this.sessions = new RedisSessions(ctx);
    this.rates = new RedisRateLimiter(ctx);
    this.audit = new RedisAudit(ctx);
  }

  async ping(): Promise<void> {
    await this.call(async (c) => {
      await c.ping();
    });
  }

  private readonly reconnectListeners = new Set<() => void>();

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.close();
    this.commands.endWaits();
    await Promise.all([this.cmd, this.sub].map((client) => this.shutdown(client)));
  }

  /** Runs Redis calls on the command connection, turning connection trouble into StoreUnavailableError. */
  private async call<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    await this.usable(this.cmd);
    this.corkTurn();
    try {
      return await fn(this.cmd);
    } catch (err) {
      throw this.toStoreError(err);
    }
  }

  /**
   * Holds the command connection's writes until this turn of the event loop has run its I/O
   * callbacks: the calls of concurrent requests then leave in one socket write instead of one
   * each, without the Pipeline object per turn that ioredis's auto-pipelining builds. On a
   * single Redis only (a Cluster client writes to a connection per node).
   */
  private corkTurn(): void {
    if (!(this.cmd instanceof Redis)) return;
    const socket = this.cmd.stream as Redis['stream'] | undefined;
    if (!socket?.writable || socket.writableCorked > 0) return;
    socket.cork();
    setImmediate(() => socket.uncork());
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
    if (err instanceof StoreError || err instanceof TypeError) return err;
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
