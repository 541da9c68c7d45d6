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
import type { ResolvedOptions } from '../state.js';

export class MemoryApiKeys {
  private readonly byId = new Map<string, ApiKeyRecord>();
  private readonly idByHash = new Map<string, string>();
  /** Name → id of the last key created with it; the name is taken only while that key is live. */
  private readonly idByName = new Map<string, string>();

  constructor(private readonly o: ResolvedOptions) {}

  create(record: ApiKeyRecord): void {
    checkApiKeyRecord(record);
    const now = this.o.now();
    this.sweep(now);
    if (this.byId.has(record.id)) throw new AlreadyExistsError('API key', 'id');
    if (this.idByHash.has(record.hash)) throw new AlreadyExistsError('API key', 'hash');
    const holder = this.byId.get(this.idByName.get(record.name) ?? '');
    if (holder && apiKeyLive(holder, now)) throw new AlreadyExistsError('API key', 'name');
    if (this.liveCount(now) >= this.o.maxApiKeys)
      throw new LimitExceededError('api_keys', this.o.maxApiKeys);
    this.byId.set(record.id, structuredClone(record));
    this.idByHash.set(record.hash, record.id);
    this.idByName.set(record.name, record.id);
  }

  findByHash(hash: string): ApiKeyRecord | null {
    if (!isHexSha256(hash)) return null;
    const id = this.idByHash.get(hash);
    return id === undefined ? null : this.get(id);
  }

  get(id: string): ApiKeyRecord | null {
    const record = isApiKeyId(id) ? this.byId.get(id) : undefined;
    if (!record || apiKeyPurged(record, this.o.now())) return null;
    return structuredClone(record);
  }

  list(): ApiKeyRecord[] {
    const now = this.o.now();
    return [...this.byId.values()]
      .filter((record) => !apiKeyPurged(record, now))
      .sort(byCreation)
      .map((record) => structuredClone(record));
  }

  revoke(id: string, at: number): boolean {
    checkTime(at, 'revocation time');
    const record = isApiKeyId(id) ? this.byId.get(id) : undefined;
    if (!record || record.revokedAt !== null || apiKeyPurged(record, this.o.now())) return false;
    record.revokedAt = at;
    return true;
  }

  touch(id: string, at: number): void {
    checkTime(at, 'last use');
    const record = isApiKeyId(id) ? this.byId.get(id) : undefined;
    if (record && (record.lastUsedAt === null || at > record.lastUsedAt)) record.lastUsedAt = at;
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
    for (const [id] of ended.slice(0, Math.max(0, ended.length - this.o.maxApiKeys)))
      this.purge(id);
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
