// Rate limiting in the memory store: the sliding-window log of the Redis script, per process.
import { checkRateArgs, type RateDecision } from '../records.js';
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

  consume(name: string, limit: number, windowMs: number): Promise<RateDecision> {
    return this.ctx.run(() => this.step(name, limit, windowMs, true));
  }

  peek(name: string, limit: number, windowMs: number): Promise<RateDecision> {
    return this.ctx.run(() => this.step(name, limit, windowMs, false));
  }

  private step(name: string, limit: number, windowMs: number, count: boolean): RateDecision {
    checkRateArgs(name, limit, windowMs);
    const now = this.ctx.o.now();
    let bucket = this.buckets.get(name);
    if (!bucket) this.buckets.set(name, (bucket = { events: [], windowMs }));
    bucket.windowMs = windowMs;
    const { events } = bucket;
    // An event counts while now < its time + window.
    const gone = events.findIndex((at) => at > now - windowMs);
    events.splice(0, gone === -1 ? events.length : gone);
    if (events.length < limit && !count)
      return { allowed: true, remaining: limit - events.length, retryAfterMs: 0 };
    if (events.length < limit) {
      // Kept in time order even when the clock steps back.
      let at = events.length;
      while (at > 0 && (events[at - 1] ?? 0) > now) at -= 1;
      events.splice(at, 0, now);
      return { allowed: true, remaining: limit - events.length, retryAfterMs: 0 };
    }
    // A slot frees when the event that would leave `limit - 1` others leaves the window.
    const freeing = events[events.length - limit] ?? now;
    return { allowed: false, remaining: 0, retryAfterMs: Math.max(1, freeing + windowMs - now) };
  }

  sweep(now: number): void {
    for (const [name, bucket] of this.buckets) {
      const last = bucket.events[bucket.events.length - 1];
      if (last === undefined || last <= now - bucket.windowMs) this.buckets.delete(name);
    }
  }
}
