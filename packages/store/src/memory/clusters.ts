// The registry of clusters and their agent tokens in the memory store.
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
} from '../records.js';
import type { Clusters } from '../store.js';
import type { MemoryContext } from './context.js';

export class MemoryClusters implements Clusters {
  private readonly byId = new Map<string, ClusterRecord>();
  private readonly idByToken = new Map<string, string>();

  constructor(
    private readonly ctx: MemoryContext,
    /** Forgets what other parts keep of a deleted cluster (queue, leases, presence). */
    private readonly onDelete: (id: string) => void,
  ) {}

  register(id: string, tokenHash: string, at: number): Promise<boolean> {
    return this.ctx.run(() => {
      checkClusterArgs(id, tokenHash, at);
      if (this.byId.has(id)) return false;
      if (this.idByToken.has(tokenHash)) throw new AlreadyExistsError('cluster token', 'hash');
      const { maxClusters } = this.ctx.o;
      if (this.byId.size >= maxClusters) throw new LimitExceededError('clusters', maxClusters);
      this.byId.set(id, { id, createdAt: at, tokens: [{ hash: tokenHash, expiresAt: null }] });
      this.idByToken.set(tokenHash, id);
      return true;
    });
  }

  get(id: string): Promise<ClusterRecord | null> {
    return this.ctx.run(() => {
      const record = isClusterId(id) ? this.byId.get(id) : undefined;
      return record ? this.read(record, this.ctx.o.now()) : null;
    });
  }

  ids(): Promise<string[]> {
    return this.ctx.run(() => [...this.byId.keys()].sort(compareStrings));
  }

  list(): Promise<ClusterRecord[]> {
    return this.ctx.run(() => {
      const now = this.ctx.o.now();
      return [...this.byId.values()]
        .sort((a, b) => compareStrings(a.id, b.id))
        .map((record) => this.read(record, now));
    });
  }

  delete(id: string): Promise<boolean> {
    return this.ctx.run(() => {
      const record = isClusterId(id) ? this.byId.get(id) : undefined;
      if (!record) return false;
      for (const token of record.tokens) this.unindex(token.hash, id);
      this.byId.delete(id);
      this.onDelete(id);
      return true;
    });
  }

  rotateToken(id: string, newHash: string, oldValidUntil: number): Promise<boolean> {
    return this.ctx.run(() => {
      checkClusterArgs(id, newHash);
      checkTime(oldValidUntil, 'oldValidUntil');
      const record = this.byId.get(id);
      if (!record) return false;
      if (this.idByToken.has(newHash)) throw new AlreadyExistsError('cluster token', 'hash');
      const now = this.ctx.o.now();
      const ended = record.tokens.map((t) => ({
        hash: t.hash,
        expiresAt: t.expiresAt ?? oldValidUntil,
      }));
      const kept = liveTokens(ended, now).slice(0, MAX_TOKENS_PER_CLUSTER - 1);
      for (const token of ended) if (!kept.includes(token)) this.unindex(token.hash, id);
      record.tokens = [{ hash: newHash, expiresAt: null }, ...kept];
      this.idByToken.set(newHash, id);
      return true;
    });
  }

  findByTokenHash(hash: string, now: number): Promise<string | null> {
    return this.ctx.run(() => {
      checkTime(now, 'now');
      const id = isHexSha256(hash) ? this.idByToken.get(hash) : undefined;
      const token =
        id === undefined ? undefined : this.byId.get(id)?.tokens.find((t) => t.hash === hash);
      if (!token || (token.expiresAt !== null && token.expiresAt <= now)) return null;
      return id ?? null;
    });
  }

  private read(record: ClusterRecord, now: number): ClusterRecord {
    return { id: record.id, createdAt: record.createdAt, tokens: liveTokens(record.tokens, now) };
  }

  private unindex(hash: string, id: string): void {
    if (this.idByToken.get(hash) === id) this.idByToken.delete(hash);
  }
}
