// The audit trail on Redis: a stream capped with MAXLEN ~, read newest first with XREVRANGE.
import {
  auditMatches,
  checkAuditEvent,
  checkAuditQuery,
  type AuditEvent,
  type AuditQuery,
} from '../records.js';
import type { AuditLog } from '../store.js';
import type { RedisContext } from './context.js';
import { runScript, scripts } from './scripts.js';

/** The `c` field: '' for no cluster, ':' + id otherwise (so an empty id is not read as none). */
const clusterField = (clusterId: string | null) => (clusterId === null ? '' : `:${clusterId}`);
const clusterOf = (field: string | undefined) => (field?.startsWith(':') ? field.slice(1) : null);

/** Entries fetched per XREVRANGE call. */
const PAGE = 500;

/** The id just before `id`, so the next page excludes it (works before Redis 6.2's '('). */
function before(id: string): string | null {
  const [ms, seq] = id.split('-').map(BigInt);
  if (ms === undefined || seq === undefined) return null;
  if (seq > 0n) return `${ms}-${seq - 1n}`;
  return ms > 0n ? `${ms - 1n}-18446744073709551615` : null;
}

/** Events appended in one script call at most (their arguments stay well under Redis limits). */
const MAX_BATCH = 128;

interface Pending {
  args: [string, string, string];
  done: () => void;
  fail: (err: unknown) => void;
}

export class RedisAudit implements AuditLog {
  /** Events emitted in the same turn of the event loop go to Redis in one script call. */
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly ctx: RedisContext) {}

  append(event: AuditEvent): Promise<void> {
    checkAuditEvent(event);
    const args: Pending['args'] = [
      event.event_type,
      clusterField(event.cluster_id),
      JSON.stringify(event),
    ];
    return new Promise((done, fail) => {
      this.pending.push({ args, done, fail });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) void this.write(this.pending.splice(0, MAX_BATCH));
  }

  private async write(batch: Pending[]): Promise<void> {
    const { keys, o } = this.ctx;
    try {
      await this.ctx.call((c) =>
        runScript(
          c,
          scripts.auditAppend,
          [keys.audit],
          [o.now(), o.auditMaxLength, ...batch.flatMap((p) => p.args)],
        ),
      );
      for (const p of batch) p.done();
    } catch (err) {
      for (const p of batch) p.fail(err);
    }
  }

  async query(query: AuditQuery): Promise<AuditEvent[]> {
    const { since, scan } = checkAuditQuery(query);
    // Time is the stream id, so `since` is applied by Redis; type and cluster are filtered here.
    const start = since === null ? '-' : `${since}-0`;
    const out: AuditEvent[] = [];
    let end: string | null = '+';
    let read = 0;
    while (end !== null && read < scan && out.length < query.limit) {
      const count = Math.min(PAGE, scan - read);
      const from: string = end;
      const page = await this.ctx.call((c) =>
        c.xrevrange(this.ctx.keys.audit, from, start, 'COUNT', count),
      );
      for (const [, fields] of page) {
        if (read >= scan || out.length >= query.limit) break;
        read += 1;
        const entry = new Map<string, string>();
        for (let i = 0; i + 1 < fields.length; i += 2)
          entry.set(fields[i] ?? '', fields[i + 1] ?? '');
        const clusterId = clusterOf(entry.get('c'));
        if (auditMatches(query, entry.get('t') ?? '', clusterId))
          out.push(JSON.parse(entry.get('e') ?? 'null') as AuditEvent);
      }
      const last = page[page.length - 1];
      end = page.length < count || !last ? null : before(last[0]);
    }
    return out;
  }
}
