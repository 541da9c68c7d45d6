// Sessions of the memory store, each dropped at its (sliding) expiry.
import { AlreadyExistsError } from '../errors.js';
import { checkSessionRecord, checkTime, isSessionId, type SessionRecord } from '../records.js';
import type { Sessions } from '../store.js';
import type { MemoryContext } from './context.js';

export class MemorySessions implements Sessions {
  private readonly byId = new Map<string, SessionRecord>();

  constructor(private readonly ctx: MemoryContext) {}

  create(record: SessionRecord): Promise<void> {
    return this.ctx.run(() => {
      checkSessionRecord(record);
      const now = this.ctx.o.now();
      if (this.live(record.id, now)) throw new AlreadyExistsError('session', 'id');
      if (record.expiresAt > now) this.byId.set(record.id, { ...record });
    });
  }

  get(id: string): Promise<SessionRecord | null> {
    return this.ctx.run(() => {
      const record = this.live(id, this.ctx.o.now());
      return record ? { ...record } : null;
    });
  }

  touch(id: string, expiresAt: number): Promise<SessionRecord | null> {
    return this.ctx.run(() => {
      checkTime(expiresAt, 'session expiresAt');
      const record = this.live(id, this.ctx.o.now());
      if (!record) return null;
      record.expiresAt = Math.max(record.expiresAt, expiresAt);
      return { ...record };
    });
  }

  delete(id: string): Promise<boolean> {
    return this.ctx.run(() => {
      const live = this.live(id, this.ctx.o.now()) !== undefined;
      this.byId.delete(id);
      return live;
    });
  }

  sweep(now: number): void {
    for (const [id, record] of this.byId) if (record.expiresAt <= now) this.byId.delete(id);
  }

  private live(id: string, now: number): SessionRecord | undefined {
    const record = isSessionId(id) ? this.byId.get(id) : undefined;
    if (record && record.expiresAt <= now) {
      this.byId.delete(id);
      return undefined;
    }
    return record;
  }
}
