// The nonce every signed envelope carries, so no two envelopes are alike even with equal claims.
import { randomFillSync } from 'node:crypto';

/** Bytes of randomness in an envelope's nonce. */
const NONCE_BYTES = 18;
/** Drawn from the CSPRNG 256 nonces at a time (as randomUUID buffers), each byte used once. */
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let nonceAt = noncePool.length;

export function nonce(): string {
  if (nonceAt === noncePool.length) {
    randomFillSync(noncePool);
    nonceAt = 0;
  }
  const text = noncePool.toString('base64url', nonceAt, nonceAt + NONCE_BYTES);
  nonceAt += NONCE_BYTES;
  return text;
}
