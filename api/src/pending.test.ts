import { describe, expect, it } from 'vitest';
import { joinWhilePending } from './pending.js';

describe('joinWhilePending', () => {
  it('shares a pending read, reads again once it settled, and does not keep a failure', async () => {
    let reads = 0;
    let fail = false;
    const read = joinWhilePending(async () => {
      reads++;
      await new Promise((resolve) => setImmediate(resolve));
      if (fail) throw new Error('store away');
      return reads;
    });
    const [a, b] = await Promise.all([read(), read()]);
    expect([a, b, reads]).toEqual([1, 1, 1]);
    expect(await read()).toBe(2);
    fail = true;
    const failing = [read(), read()];
    await expect(failing[0]).rejects.toThrow('store away');
    await expect(failing[1]).rejects.toThrow('store away');
    expect(reads).toBe(3);
    fail = false;
    expect(await read()).toBe(4);
  });
});
