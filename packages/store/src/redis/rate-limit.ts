// Rate limiting on Redis, shared by every replica: one atomic sliding-window-log step per event.
import { randomBytes } from 'node:crypto';
import { checkRateArgs, checkRateEvents, type RateDecision } from '../records.js';
import type { RateLimits } from '../store.js';
import type { RedisContext } from './context.js';
import { runScript, scripts } from './scripts.js';

export class RedisRateLimiter implements RateLimits {
  /** Makes event members unique across replicas without a round trip. */
  private readonly instance = randomBytes(6).toString('base64url');
  private sequence = 0;

  constructor(private readonly ctx: RedisContext) {}

  async consume(
    bucket: string,
    limit: number,
    windowMs: number,
    events = 1,
  ): Promise<RateDecision> {
    checkRateEvents(events);
    return this.step(bucket, limit, windowMs, events);
  }

  peek(bucket: string, limit: number, windowMs: number): Promise<RateDecision> {
    return this.step(bucket, limit, windowMs, 0);
  }

  /** `events`: how many to count, all or none; 0 only looks. */
  private async step(
    bucket: string,
    limit: number,
    windowMs: number,
    events: number,
  ): Promise<RateDecision> {
    checkRateArgs(bucket, limit, windowMs);
    const now = this.ctx.o.now();
    // Named before the call: the script runs later, when other calls have counted on.
    const member = `${now}:${this.instance}:${(this.sequence += 1)}`;
    const reply = await this.ctx.call((c) =>
      runScript(
        c,
        scripts.rateConsume,
        [this.ctx.keys.rate(bucket)],
        [now, limit, windowMs, member, now - windowMs, events],
      ),
    );
    if (!Array.isArray(reply) || reply.length !== 3)
      throw new Error('rate-consume script returned a malformed reply');
    const [allowed, remaining, retryAfterMs] = reply.map(Number);
    return {
      allowed: allowed === 1,
      remaining: remaining ?? 0,
      // Replicas' clocks (and calls racing on one) differ by a few ms: never ask for more than a window.
      retryAfterMs: Math.min(retryAfterMs ?? 0, windowMs),
    };
  }
}
