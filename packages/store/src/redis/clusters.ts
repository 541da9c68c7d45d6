// The cluster registry on Redis, under the `{:clusters}` tag: a set of ids, a hash per cluster
// with its tokens, and a token hash → cluster id index. A cluster's queue, leases and presence
// stay under its own tag.
import { AlreadyExistsError, LimitExceededError } from '../errors.js';
import {
  MAX_TOKENS_PER_CLUSTER,
  checkClusterArgs,
  checkTime,
  compareStrings,
  isClusterId,
  isHexSha256,
  liveTokens,
  type ClusterRecord,
  type ClusterToken,
} from '../records.js';
import type { Clusters } from '../store.js';
import { pipelined, type RedisContext } from './context.js';
import { isQueueToken } from './keys.js';
import { runScript, scripts } from './scripts.js';

const TOKEN_FIELD = 't:';

function parse(id: string, fields: Record<string, string>, now: number): ClusterRecord | null {
  if (fields.createdAt === undefined) return null;
  const tokens: ClusterToken[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (!field.startsWith(TOKEN_FIELD)) continue;
    tokens.push({
      hash: field.slice(TOKEN_FIELD.length),
      expiresAt: value === '' ? null : Number(value),
    });
  }
  return { id, createdAt: Number(fields.createdAt), tokens: liveTokens(tokens, now) };
}

export class RedisClusters implements Clusters {
  constructor(private readonly ctx: RedisContext) {}

  async register(id: string, tokenHash: string, at: number): Promise<boolean> {
    checkClusterArgs(id, tokenHash, at);
    const { keys, o } = this.ctx;
    const outcome = await this.ctx.call((c) =>
      runScript(
        c,
        scripts.clusterRegister,
        [keys.clusterIds, keys.clusterRecord(id), keys.clusterTokens],
        [id, tokenHash, at, o.maxClusters],
      ),
    );
    if (outcome === -1) throw new LimitExceededError('clusters', o.maxClusters);
    if (outcome === -2) throw new AlreadyExistsError('cluster token', 'hash');
    return outcome === 1;
  }

  async get(id: string): Promise<ClusterRecord | null> {
    if (!isClusterId(id)) return null;
    const fields = await this.ctx.call((c) => c.hgetall(this.ctx.keys.clusterRecord(id)));
    return parse(id, fields, this.ctx.o.now());
  }

  async ids(): Promise<string[]> {
    const ids = await this.ctx.call((c) => c.smembers(this.ctx.keys.clusterIds));
    return ids.filter(isClusterId).sort(compareStrings);
  }

  async list(): Promise<ClusterRecord[]> {
    const { keys } = this.ctx;
    const now = this.ctx.o.now();
    const { ids, replies } = await this.ctx.call(async (c) => {
      const ids = (await c.smembers(keys.clusterIds)).filter(isClusterId).sort(compareStrings);
      if (ids.length === 0) return { ids, replies: [] };
      // The registry shares the `{:clusters}` slot, so one pipeline serves on Redis Cluster too.
      const replies = await pipelined(c, (p) => {
        for (const id of ids) p.hgetall(keys.clusterRecord(id));
      });
      return { ids, replies };
    });
    return ids
      .map((id, i) => parse(id, (replies[i] ?? {}) as Record<string, string>, now))
      .filter((record): record is ClusterRecord => record !== null);
  }

  async delete(id: string): Promise<boolean> {
    if (!isClusterId(id)) return false;
    const { keys } = this.ctx;
    return this.ctx.call(async (c) => {
      const removed = await runScript(
        c,
        scripts.clusterDelete,
        [keys.clusterIds, keys.clusterRecord(id), keys.clusterTokens],
        [id],
      );
      if (removed !== 1) return false;
      // A second step: these share the cluster's own tag, not the registry's. Its command
      // records are left to their TTLs (a waiter reads a timeout at the deadline).
      const waiting = await c.lrange(keys.turns(id), 0, -1);
      await c.del(
        keys.turns(id),
        ...waiting.filter(isQueueToken).map((token) => keys.principalQueue(id, token)),
        keys.leases(id),
        keys.agent(id),
        keys.discovery(id),
        keys.agentHealth(id),
      );
      return true;
    });
  }

  async rotateToken(id: string, newHash: string, oldValidUntil: number): Promise<boolean> {
    checkClusterArgs(id, newHash);
    checkTime(oldValidUntil, 'oldValidUntil');
    const { keys, o } = this.ctx;
    const outcome = await this.ctx.call((c) =>
      runScript(
        c,
        scripts.clusterRotate,
        [keys.clusterRecord(id), keys.clusterTokens],
        [id, newHash, oldValidUntil, o.now(), MAX_TOKENS_PER_CLUSTER],
      ),
    );
    if (outcome === -2) throw new AlreadyExistsError('cluster token', 'hash');
    return outcome === 1;
  }

  async findByTokenHash(hash: string, now: number): Promise<string | null> {
    checkTime(now, 'now');
    if (!isHexSha256(hash)) return null;
    const { keys } = this.ctx;
    return this.ctx.call(async (c) => {
      const id = await c.hget(keys.clusterTokens, hash);
      if (id === null || !isClusterId(id)) return null;
      const ends = await c.hget(keys.clusterRecord(id), `${TOKEN_FIELD}${hash}`);
      if (ends === null) return null;
      return ends === '' || Number(ends) > now ? id : null;
    });
  }
}
