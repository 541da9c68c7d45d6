// MemoryStore: the Store semantics inside one process (development, unit tests). No Redis.
import { StoreUnavailableError } from '../errors.js';
import { resolveOptions } from '../state.js';
import type { Store, StoreOptions } from '../store.js';
import { MemoryAgents } from './agents.js';
import { MemoryApiKeys } from './api-keys.js';
import { MemoryAudit } from './audit.js';
import { MemoryClusters } from './clusters.js';
import type { MemoryContext } from './context.js';
import { MemoryCommands } from './commands.js';
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
  readonly commands: MemoryCommands;
  readonly agents: MemoryAgents;
  readonly apiKeys: MemoryApiKeys;
  readonly clusters: MemoryClusters;
  readonly sessions: MemorySessions;
  readonly rates: MemoryRateLimiter;
  readonly audit: MemoryAudit;
  private readonly ctx: MemoryContext;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(options: StoreOptions) {
    const o = resolveOptions(options);
    const ctx: MemoryContext = { o, run: (fn) => this.run(fn) };
    this.ctx = ctx;
    this.commands = new MemoryCommands(ctx);
    this.agents = new MemoryAgents(ctx);
    this.apiKeys = new MemoryApiKeys(ctx);
    this.clusters = new MemoryClusters(ctx, (id) => {
      this.commands.dropCluster(id);
      this.agents.dropCluster(id);
    });
    this.sessions = new MemorySessions(ctx);
    this.rates = new MemoryRateLimiter(ctx);
    this.audit = new MemoryAudit(ctx);
    this.sweeper = setInterval(() => this.sweep(o.now()), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  ping(): Promise<void> {
    return this.ctx.run(() => undefined);
  }

  /** A memory store never loses its connection. */
  onReconnect(): () => void {
    return () => undefined;
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      clearInterval(this.sweeper);
      this.commands.endWaits();
    }
    return Promise.resolve();
  }

  /** The parts run synchronously; this checks the store is open and turns throws into rejections. */
  private run<T>(fn: () => T): Promise<T> {
    return attempt(() => {
      if (this.closed) throw new StoreUnavailableError('the store is closed');
      return fn();
    });
  }

  /** Drops whatever expired, the way Redis TTLs would. */
  private sweep(now: number): void {
    this.commands.sweep(now);
    this.agents.sweep(now);
    this.apiKeys.sweep(now);
    this.sessions.sweep(now);
    this.rates.sweep(now);
  }
}

export function createMemoryStore(options: StoreOptions = {}): Store {
  return new MemoryStore(options);
}
