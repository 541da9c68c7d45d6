// The kube rate limiter: a burst at once, then the rate, in order, and aborts let go.
import { describe, expect, it } from 'vitest';
import { createKubeRateLimiter } from './rate.js';

describe('kube rate limiter', () => {
  it('lets a burst through at once, then one request per 1/qps, in arrival order', async () => {
    let t = 0;
    const limiter = createKubeRateLimiter(1000, 3, () => t);
    const order: number[] = [];
    const all = [0, 1, 2, 3, 4].map((i) => limiter.take().then(() => order.push(i)));
    await Promise.resolve();
    await Promise.resolve();
    expect(order).toEqual([0, 1, 2]);
    // The clock is the limiter's own: move it and let the timer serve the rest.
    t += 2;
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('an aborted wait rejects with the reason and gives its place up', async () => {
    let t = 0;
    const limiter = createKubeRateLimiter(1, 1, () => t);
    await limiter.take();
    const abort = new AbortController();
    const waiting = limiter.take(abort.signal);
    abort.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    t += 1000;
    await expect(limiter.take()).resolves.toBeUndefined();
  });
});
