// Rate limiting in the memory store: the sliding-window log of the Redis script, per process.
import { checkRateArgs, checkRateEvents, type RateDecision } from '../records.js';
import type { RateLimits } from '../store.js';
import type { MemoryContext } from './context.js';

interface Bucket {
  /** Epoch ms of each counted event, oldest first. */
  events: number[];
  windowMs: number;
}

export class MemoryRateLimiter implements RateLimits {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly ctx: MemoryContext) {}

  consume(name: string, limit: number, windowMs: number, events = 1): Promise<RateDecision> {
    return this.ctx.run(() => {
      checkRateEvents(events);
      return this.step(name, limit, windowMs, events);
    });
  }

  peek(name: string, limit: number, windowMs: number): Promise<RateDecision> {
    return this.ctx.run(() => this.step(name, limit, windowMs, 0));
  }

  /** `count`: how many events to count, all or none; 0 only looks (answering as for one). */
  private step(name: string, limit: number, windowMs: number, count: number): RateDecision {
    checkRateArgs(name, limit, windowMs);
    const now = this.ctx.o.now();
    let bucket = this.buckets.get(name);
    if (!bucket) this.buckets.set(name, (bucket = { events: [], windowMs }));
    bucket.windowMs = windowMs;
    const { events } = bucket;
    // An event counts while now < its time + window.
    const gone = events.findIndex((at) => at > now - windowMs);
    events.splice(0, gone === -1 ? events.length : gone);
    const need = Math.max(count, 1);
    if (events.length + need <= limit && count === 0)
      return { allowed: true, remaining: limit - events.length, retryAfterMs: 0 };
    if (events.length + need <= limit) {
      // Kept in time order even when the clock steps back.
      let at = events.length;
      while (at > 0 && (events[at - 1] ?? 0) > now) at -= 1;
      events.splice(at, 0, ...Array.from({ length: count }, () => now));
      return { allowed: true, remaining: limit - events.length, retryAfterMs: 0 };
    }
    // More than a whole window holds: never, so say one window.
    if (need > limit) return { allowed: false, remaining: 0, retryAfterMs: windowMs };
    // `need` slots free when the event that would leave `limit - need` others leaves the window.
    const freeing = events[events.length - limit + need - 1] ?? now;
    return { allowed: false, remaining: 0, retryAfterMs: Math.max(1, freeing + windowMs - now) };
  }

  sweep(now: number): void {
    for (const [name, bucket] of this.buckets) {
      const last = bucket.events[bucket.events.length - 1];
      if (last === undefined || last <= now - bucket.windowMs) this.buckets.delete(name);
    }
  }
}
