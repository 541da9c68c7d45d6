// API key records of the memory store: the same caps, purge and touch rules as Redis.
import { AlreadyExistsError, LimitExceededError } from '../errors.js';
import {
  apiKeyEnd,
  apiKeyLive,
  apiKeyPurged,
  byCreation,
  checkApiKeyRecord,
  checkTime,
  isApiKeyId,
  isHexSha256,
  type ApiKeyRecord,
} from '../records.js';
import type { ApiKeys } from '../store.js';
import type { MemoryContext } from './context.js';

export class MemoryApiKeys implements ApiKeys {
  private readonly byId = new Map<string, ApiKeyRecord>();
  private readonly idByHash = new Map<string, string>();
  /** Name → id of the last key created with it; the name is taken only while that key is live. */
  private readonly idByName = new Map<string, string>();

  constructor(private readonly ctx: MemoryContext) {}

  create(record: ApiKeyRecord): Promise<void> {
    return this.ctx.run(() => {
      checkApiKeyRecord(record);
      const { o } = this.ctx;
      const now = o.now();
      this.sweep(now);
      if (this.byId.has(record.id)) throw new AlreadyExistsError('API key', 'id');
      if (this.idByHash.has(record.hash)) throw new AlreadyExistsError('API key', 'hash');
      const holder = this.byId.get(this.idByName.get(record.name) ?? '');
      if (holder && apiKeyLive(holder, now)) throw new AlreadyExistsError('API key', 'name');
      if (this.liveCount(now) >= o.maxApiKeys)
        throw new LimitExceededError('api_keys', o.maxApiKeys);
      this.byId.set(record.id, structuredClone(record));
      this.idByHash.set(record.hash, record.id);
      this.idByName.set(record.name, record.id);
    });
  }

  findByHash(hash: string): Promise<ApiKeyRecord | null> {
    return this.ctx.run(() => {
      if (!isHexSha256(hash)) return null;
      const id = this.idByHash.get(hash);
      return id === undefined ? null : this.read(id);
    });
  }

  get(id: string): Promise<ApiKeyRecord | null> {
    return this.ctx.run(() => this.read(id));
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.ctx.run(() => {
      const now = this.ctx.o.now();
      return [...this.byId.values()]
        .filter((record) => !apiKeyPurged(record, now))
        .sort(byCreation)
        .map((record) => structuredClone(record));
    });
  }

  revoke(id: string, at: number): Promise<boolean> {
    return this.ctx.run(() => {
      checkTime(at, 'revocation time');
      const record = isApiKeyId(id) ? this.byId.get(id) : undefined;
      if (!record || record.revokedAt !== null || apiKeyPurged(record, this.ctx.o.now()))
        return false;
      record.revokedAt = at;
      return true;
    });
  }

  touch(id: string, at: number): Promise<void> {
    return this.ctx.run(() => {
      checkTime(at, 'last use');
      const record = isApiKeyId(id) ? this.byId.get(id) : undefined;
      if (record && (record.lastUsedAt === null || at > record.lastUsedAt)) record.lastUsedAt = at;
    });
  }

  /**
   * Purges keys past their retention, then the oldest ended ones beyond `maxApiKeys`, so
   * revoked keys are bounded in number as well as in time (like the Redis store).
   */
  sweep(now: number): void {
    const ended: Array<[string, number]> = [];
    for (const [id, record] of this.byId) {
      const end = apiKeyEnd(record);
      if (apiKeyPurged(record, now)) this.purge(id);
      else if (end !== null && end <= now) ended.push([id, end]);
    }
    ended.sort((a, b) => a[1] - b[1]);
    for (const [id] of ended.slice(0, Math.max(0, ended.length - this.ctx.o.maxApiKeys)))
      this.purge(id);
  }

  private read(id: string): ApiKeyRecord | null {
    const record = isApiKeyId(id) ? this.byId.get(id) : undefined;
    if (!record || apiKeyPurged(record, this.ctx.o.now())) return null;
    return structuredClone(record);
  }

  private liveCount(now: number): number {
    let live = 0;
    for (const record of this.byId.values()) if (apiKeyLive(record, now)) live += 1;
    return live;
  }

  private purge(id: string): void {
    const record = this.byId.get(id);
    if (!record) return;
    this.byId.delete(id);
    if (this.idByHash.get(record.hash) === id) this.idByHash.delete(record.hash);
    if (this.idByName.get(record.name) === id) this.idByName.delete(record.name);
  }
}
