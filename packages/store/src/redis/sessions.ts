// Sessions on Redis: one hash per session whose TTL follows its sliding expiry.
import { AlreadyExistsError } from '../errors.js';
import { checkSessionRecord, checkTime, isSessionId, type SessionRecord } from '../records.js';
import type { Sessions } from '../store.js';
import type { RedisContext } from './context.js';
import { runScript, scripts } from './scripts.js';

function parse(id: string, values: ReadonlyArray<string | null>): SessionRecord | null {
  const [clusterId, owner, createdAt, expiresAt] = values;
  if (clusterId == null || owner == null || createdAt == null || expiresAt == null) return null;
  return { id, clusterId, owner, createdAt: Number(createdAt), expiresAt: Number(expiresAt) };
}

export class RedisSessions implements Sessions {
  constructor(private readonly ctx: RedisContext) {}

  async create(record: SessionRecord): Promise<void> {
    checkSessionRecord(record);
    const outcome = await this.ctx.call((c) =>
      runScript(
        c,
        scripts.sessionCreate,
        [this.ctx.keys.session(record.id)],
        [record.clusterId, record.owner, record.createdAt, record.expiresAt, this.ctx.o.now()],
      ),
    );
    if (outcome === 0) throw new AlreadyExistsError('session', 'id');
  }

  async get(id: string): Promise<SessionRecord | null> {
    if (!isSessionId(id)) return null;
    const values = await this.ctx.call((c) =>
      c.hmget(this.ctx.keys.session(id), 'clusterId', 'owner', 'createdAt', 'expiresAt'),
    );
    const record = parse(id, values);
    // The TTL drops it on Redis' clock; this check honours the store's clock as well.
    return record && record.expiresAt > this.ctx.o.now() ? record : null;
  }

  async touch(id: string, expiresAt: number): Promise<SessionRecord | null> {
    checkTime(expiresAt, 'session expiresAt');
    if (!isSessionId(id)) return null;
    const reply = await this.ctx.call((c) =>
      runScript(
        c,
        scripts.sessionTouch,
        [this.ctx.keys.session(id)],
        [expiresAt, this.ctx.o.now()],
      ),
    );
    return Array.isArray(reply) ? parse(id, reply as string[]) : null;
  }

  async delete(id: string): Promise<boolean> {
    if (!isSessionId(id)) return false;
    const key = this.ctx.keys.session(id);
    const replies = await this.ctx.call((c) => c.multi().hget(key, 'expiresAt').del(key).exec());
    const [read] = replies ?? [];
    if (read?.[0]) throw read[0];
    const expiresAt = read?.[1];
    return typeof expiresAt === 'string' && Number(expiresAt) > this.ctx.o.now();
  }
}
