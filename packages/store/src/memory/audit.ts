// The audit trail of the memory store: an exact cap, and the positions and scan budget of the Redis stream.
import {
  auditMatches,
  checkAuditEvent,
  checkAuditQuery,
  type AuditEvent,
  type AuditQuery,
} from '../records.js';
import type { AuditLog } from '../store.js';
import type { MemoryContext } from './context.js';

interface Entry {
  /** Epoch ms of the append, never below the one before (the stream id of Redis). */
  ms: number;
  type: string;
  clusterId: string | null;
  /** Stored as JSON, so a read gives what Redis would: a copy, undefined fields gone. */
  json: string;
}

export class MemoryAudit implements AuditLog {
  private readonly entries: Entry[] = [];

  constructor(private readonly ctx: MemoryContext) {}

  append(event: AuditEvent): Promise<void> {
    return this.ctx.run(() => {
      checkAuditEvent(event);
      const { o } = this.ctx;
      const last = this.entries[this.entries.length - 1];
      this.entries.push({
        ms: Math.max(o.now(), last?.ms ?? 0),
        type: event.event_type,
        clusterId: event.cluster_id,
        json: JSON.stringify(event),
      });
      while (this.entries.length > o.auditMaxLength) this.entries.shift();
    });
  }

  query(query: AuditQuery): Promise<AuditEvent[]> {
    return this.ctx.run(() => {
      const { since, scan } = checkAuditQuery(query);
      const out: AuditEvent[] = [];
      let read = 0;
      for (
        let i = this.entries.length - 1;
        i >= 0 && read < scan && out.length < query.limit;
        i -= 1
      ) {
        const entry = this.entries[i];
        if (!entry || (since !== null && entry.ms < since)) break;
        read += 1;
        if (auditMatches(query, entry.type, entry.clusterId))
          out.push(JSON.parse(entry.json) as AuditEvent);
      }
      return out;
    });
  }
}
