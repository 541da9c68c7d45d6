import { describe, expect, it } from 'vitest';
import { nonce } from './nonce.js';

describe('envelope nonces', () => {
  it('are 18 random bytes each, never repeated, across refills of the pool', () => {
    const seen = new Set<string>();
    // 256 nonces per refill: this crosses three refills.
    for (let i = 0; i < 800; i++) {
      const n = nonce();
      expect(n).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(Buffer.from(n, 'base64url')).toHaveLength(18);
      seen.add(n);
    }
    expect(seen.size).toBe(800);
  });
});
