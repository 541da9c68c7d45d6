// MemoryStore: the Store semantics inside one process (development, unit tests). No Redis.
import type { ApiResourceInfo, CommandEnvelope, Result } from '@porthole/protocol';
import { StoreUnavailableError } from '../errors.js';
import type { ApiKeyRecord, AuditEvent, AuditQuery, SessionRecord } from '../records.js';
import { resolveOptions, type ResolvedOptions } from '../state.js';
import type { AgentPresence, CommandState, Store, StoreOptions } from '../store.js';
import { LocalHub, Waiters } from '../waiting.js';
import { MemoryApiKeys } from './api-keys.js';
import { MemoryAudit } from './audit.js';
import { MemoryClusters } from './clusters.js';
import { MemoryCommands, resultChannel, workChannel } from './commands.js';
import { MemoryRateLimiter } from './rate-limit.js';
import { MemorySessions } from './sessions.js';

/** How often expired entries are swept; reads also drop them, so this only bounds memory. */
const SWEEP_INTERVAL_MS = 1000;

function attempt<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

class MemoryStore implements Store {
  private readonly o: ResolvedOptions;
  private readonly hub = new LocalHub();
  private readonly commands: MemoryCommands;
  private readonly apiKeys: MemoryApiKeys;
  private readonly clusters: MemoryClusters;
  private readonly sessions: MemorySessions;
  private readonly rates: MemoryRateLimiter;
  private readonly audit: MemoryAudit;
  private readonly waiters: Waiters;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(options: StoreOptions) {
    this.o = resolveOptions(options);
    this.commands = new MemoryCommands(this.o, this.hub);
    this.apiKeys = new MemoryApiKeys(this.o);
    this.clusters = new MemoryClusters(this.o);
    this.sessions = new MemorySessions(this.o);
    this.rates = new MemoryRateLimiter(this.o);
    this.audit = new MemoryAudit(this.o);
    this.waiters = new Waiters({
      hub: this.hub,
      now: this.o.now,
      resultChannel,
      workChannel,
      readCommand: (id) => this.run(() => this.commands.view(id)),
      nextWorkAt: (clusterId) => this.run(() => this.commands.nextWorkAt(clusterId)),
      toStoreError: (err) => (err instanceof Error ? err : new Error(String(err))),
    });
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  // The parts run synchronously; `run` checks the store is open and turns throws into rejections.
  ping = () => this.run(() => undefined);
  enqueue = (command: CommandEnvelope) => this.run(() => this.commands.enqueue(command));
  claim = (clusterId: string, max: number, leaseMs: number) =>
    this.run(() => this.commands.claim(clusterId, max, leaseMs));
  complete = (result: Result) => this.run(() => this.commands.complete(result));
  getCommand = (id: string) =>
    this.run((): CommandState | null => this.commands.view(id)?.state ?? null);
  recordAgentSeen = (presence: AgentPresence) =>
    this.run(() => this.commands.recordAgentSeen(presence));
  agentPresence = (clusterId: string) => this.run(() => this.commands.agentPresence(clusterId));
  queueLength = (clusterId: string) => this.run(() => this.commands.queueLength(clusterId));
  recordDiscovery = (clusterId: string, resources: readonly ApiResourceInfo[]) =>
    this.run(() => this.commands.recordDiscovery(clusterId, resources));
  discovery = (clusterId: string) => this.run(() => this.commands.discovery(clusterId));

  createApiKey = (record: ApiKeyRecord) => this.run(() => this.apiKeys.create(record));
  findApiKeyByHash = (hash: string) => this.run(() => this.apiKeys.findByHash(hash));
  getApiKey = (id: string) => this.run(() => this.apiKeys.get(id));
  listApiKeys = () => this.run(() => this.apiKeys.list());
  revokeApiKey = (id: string, at: number) => this.run(() => this.apiKeys.revoke(id, at));
  touchApiKey = (id: string, at: number) => this.run(() => this.apiKeys.touch(id, at));

  registerCluster = (id: string, tokenHash: string, at: number) =>
    this.run(() => this.clusters.register(id, tokenHash, at));
  getCluster = (id: string) => this.run(() => this.clusters.get(id));
  listClusters = () => this.run(() => this.clusters.list());
  deleteCluster = (id: string) =>
    this.run(() => {
      const deleted = this.clusters.delete(id);
      if (deleted) this.commands.dropCluster(id);
      return deleted;
    });
  rotateClusterToken = (id: string, newHash: string, oldValidUntil: number) =>
    this.run(() => this.clusters.rotate(id, newHash, oldValidUntil));
  findClusterByTokenHash = (hash: string, now: number) =>
    this.run(() => this.clusters.findByToken(hash, now));

  createSession = (record: SessionRecord) => this.run(() => this.sessions.create(record));
  getSession = (id: string) => this.run(() => this.sessions.get(id));
  touchSession = (id: string, expiresAt: number) =>
    this.run(() => this.sessions.touch(id, expiresAt));
  deleteSession = (id: string) => this.run(() => this.sessions.delete(id));

  consumeRate = (bucket: string, limit: number, windowMs: number) =>
    this.run(() => this.rates.consume(bucket, limit, windowMs));
  peekRate = (bucket: string, limit: number, windowMs: number) =>
    this.run(() => this.rates.peek(bucket, limit, windowMs));

  appendAudit = (event: AuditEvent) => this.run(() => this.audit.append(event));
  queryAudit = (query: AuditQuery) => this.run(() => this.audit.query(query));

  waitForWork(clusterId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waiters.forWork(clusterId, timeoutMs, signal);
  }

  waitForResult(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Result | null> {
    return this.waiters.forResult(id, timeoutMs, signal);
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      clearInterval(this.sweeper);
      this.waiters.closeAll();
    }
    return Promise.resolve();
  }

  private run<T>(fn: () => T): Promise<T> {
    return attempt(() => {
      if (this.closed) throw new StoreUnavailableError('the store is closed');
      return fn();
    });
  }

  /** Drops whatever expired, the way Redis TTLs would. */
  private sweep(): void {
    const now = this.o.now();
    this.commands.sweep(now);
    this.apiKeys.sweep(now);
    this.sessions.sweep(now);
    this.rates.sweep(now);
  }
}

export function createMemoryStore(options: StoreOptions = {}): Store {
  return new MemoryStore(options);
}
