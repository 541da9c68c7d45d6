// Coalesces rate_limit_exceeded audit events, so that a flood of refusals cannot push older
// evidence out of the capped audit stream: per limited bucket (a credential, or an address
// failing to authenticate) the first refusal of a window is emitted at once, the later ones are
// only counted, and one event carrying that count follows when the window closes (on the next
// flush, or on the next refusal after it). Per replica: N replicas emit at most N events per
// bucket and window. Memory stays bounded: past `maxTracked` buckets the oldest window is
// closed early, its count emitted.
import type { Audit, AuditFields } from './audit.js';

export interface RateLimitAudit {
  /** One refusal of `bucket` (a rate bucket name: it identifies what was limited). */
  refused(bucket: string, fields: AuditFields): void;
  /** Emits the count of every window closed by now (`all`: of every window, e.g. at shutdown). */
  flush(all?: boolean): void;
  /** Buckets with an open window (for tests). */
  readonly size: number;
}

interface Window {
  startedAt: number;
  /** Refusals after the first, not emitted yet. */
  suppressed: number;
  /** Who was refused last: the count is reported under the latest refusal's fields. */
  fields: AuditFields;
}

export const RATE_LIMIT_AUDIT_WINDOW_MS = 60_000;
export const RATE_LIMIT_AUDIT_MAX_TRACKED = 10_000;

export function createRateLimitAudit(options: {
  audit: Audit;
  now: () => number;
  windowMs?: number;
  maxTracked?: number;
}): RateLimitAudit {
  const windowMs = options.windowMs ?? RATE_LIMIT_AUDIT_WINDOW_MS;
  const maxTracked = options.maxTracked ?? RATE_LIMIT_AUDIT_MAX_TRACKED;
  if (!(windowMs > 0)) throw new TypeError('windowMs must be positive');
  if (!Number.isInteger(maxTracked) || maxTracked < 1)
    throw new TypeError('maxTracked must be a positive integer');
  // Insertion order is window order: a bucket is re-inserted when its next window starts.
  const windows = new Map<string, Window>();

  const close = (bucket: string, window: Window) => {
    windows.delete(bucket);
    if (window.suppressed === 0) return;
    const { details, ...fields } = window.fields;
    options.audit.emit('rate_limit_exceeded', {
      ...fields,
      details: {
        ...details,
        count: window.suppressed,
        window_seconds: windowMs / 1000,
        window_started_at: new Date(window.startedAt).toISOString(),
      },
    });
  };

  return {
    refused(bucket, fields) {
      const now = options.now();
      const open = windows.get(bucket);
      if (open && now - open.startedAt < windowMs) {
        open.suppressed += 1;
        open.fields = fields;
        return;
      }
      if (open) close(bucket, open);
      else if (windows.size >= maxTracked) {
        const [oldest] = windows;
        if (oldest) close(...oldest);
      }
      options.audit.emit('rate_limit_exceeded', fields);
      windows.set(bucket, { startedAt: now, suppressed: 0, fields });
    },
    flush(all = false) {
      const now = options.now();
      for (const [bucket, window] of windows) {
        // Oldest first: the first window still open ends the pass.
        if (!all && now - window.startedAt < windowMs) break;
        close(bucket, window);
      }
    },
    get size() {
      return windows.size;
    },
  };
}
