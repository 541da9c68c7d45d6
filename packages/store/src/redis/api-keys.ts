// API key records on Redis, all under the `{:apikeys}` tag: a hash per key, a hash → id and a
// name → id index entry per key, and one sorted set of ids scored by when each key stopped working.
import { AlreadyExistsError, LimitExceededError } from '../errors.js';
import {
  API_KEY_RETENTION_MS,
  apiKeyPurged,
  byCreation,
  checkApiKeyRecord,
  checkTime,
  isApiKeyId,
  isHexSha256,
  type ApiKeyRecord,
} from '../records.js';
import type { ApiKeys } from '../store.js';
import { pipelined, type RedisContext } from './context.js';
import { apiKeyNameDigest } from './keys.js';
import { runScript, scripts } from './scripts.js';

type StoredFields = Record<string, string>;

/** The record as stored in `data`: everything but the two fields that change. */
type ApiKeyData = Omit<ApiKeyRecord, 'lastUsedAt' | 'revokedAt'>;

function optionalTime(value: string | undefined): number | null {
  return value === undefined ? null : Number(value);
}

export class RedisApiKeys implements ApiKeys {
  constructor(private readonly ctx: RedisContext) {}

  async create(record: ApiKeyRecord): Promise<void> {
    checkApiKeyRecord(record);
    const { keys, o } = this.ctx;
    const now = o.now();
    const data: ApiKeyData = {
      id: record.id,
      name: record.name,
      hash: record.hash,
      prefix: record.prefix,
      clusters: record.clusters,
      namespaces: record.namespaces,
      admin: record.admin,
      createdAt: record.createdAt,
      expiresAt: record.expiresAt,
    };
    const outcome = await this.ctx.call((c) =>
      runScript(
        c,
        scripts.apiKeyCreate,
        [
          keys.apiKey(record.id),
          keys.apiKeyByHash(record.hash),
          keys.apiKeyEnds,
          keys.apiKeyBase,
          keys.apiKeyByName(record.name),
        ],
        [
          record.id,
          record.hash,
          JSON.stringify(data),
          record.lastUsedAt ?? '',
          record.expiresAt ?? '+inf',
          now,
          o.maxApiKeys,
          API_KEY_RETENTION_MS,
          now - API_KEY_RETENTION_MS,
          apiKeyNameDigest(record.name),
        ],
      ),
    );
    if (outcome === 'ok') return;
    if (outcome === 'id' || outcome === 'hash' || outcome === 'name')
      throw new AlreadyExistsError('API key', outcome);
    if (outcome === 'limit') throw new LimitExceededError('api_keys', o.maxApiKeys);
    throw new Error(`api-key-create script returned ${String(outcome)}`);
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | null> {
    if (!isHexSha256(hash)) return null;
    const id = await this.ctx.call((c) => c.get(this.ctx.keys.apiKeyByHash(hash)));
    if (id === null || !isApiKeyId(id)) return null;
    const record = await this.get(id);
    // An index entry left behind by a purge must not lend its hash to another key.
    return record?.hash === hash ? record : null;
  }

  async get(id: string): Promise<ApiKeyRecord | null> {
    if (!isApiKeyId(id)) return null;
    const fields = await this.ctx.call((c) => c.hgetall(this.ctx.keys.apiKey(id)));
    return this.parse(fields, this.ctx.o.now());
  }

  async list(): Promise<ApiKeyRecord[]> {
    const { keys } = this.ctx;
    const now = this.ctx.o.now();
    const replies = await this.ctx.call(async (c) => {
      const ids = (await c.zrange(keys.apiKeyEnds, 0, -1)).filter(isApiKeyId);
      if (ids.length === 0) return [];
      // Every record shares the `{:apikeys}` slot, so one pipeline serves on Redis Cluster too.
      return pipelined(c, (p) => {
        for (const id of ids) p.hgetall(keys.apiKey(id));
      });
    });
    return replies
      .map((fields) => this.parse(fields as StoredFields, now))
      .filter((record): record is ApiKeyRecord => record !== null)
      .sort(byCreation);
  }

  async revoke(id: string, at: number): Promise<boolean> {
    checkTime(at, 'revocation time');
    if (!isApiKeyId(id)) return false;
    const { keys, o } = this.ctx;
    const revoked = await this.ctx.call((c) =>
      runScript(
        c,
        scripts.apiKeyRevoke,
        [keys.apiKey(id), keys.apiKeyEnds, keys.apiKeyBase],
        [id, at, o.now(), API_KEY_RETENTION_MS],
      ),
    );
    return revoked === 1;
  }

  async touch(id: string, at: number): Promise<void> {
    checkTime(at, 'last use');
    if (!isApiKeyId(id)) return;
    await this.ctx.call((c) => runScript(c, scripts.apiKeyTouch, [this.ctx.keys.apiKey(id)], [at]));
  }

  private parse(fields: StoredFields, now: number): ApiKeyRecord | null {
    if (fields.data === undefined) return null;
    const data = JSON.parse(fields.data) as ApiKeyData;
    const record: ApiKeyRecord = {
      ...data,
      lastUsedAt: optionalTime(fields.lastUsedAt),
      revokedAt: optionalTime(fields.revokedAt),
    };
    return apiKeyPurged(record, now) ? null : record;
  }
}
