// Hashing and constant-time comparison of presented secrets.
import { createHash, timingSafeEqual } from 'node:crypto';

/** Hash first, so comparisons are between equal-length digests whatever was presented. */
export function fingerprint(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/**
 * Find the entry whose hash matches, comparing against every entry so the time taken does not
 * depend on which one (if any) matched.
 */
export function findByHash<T extends { hash: Buffer }>(
  entries: readonly T[],
  presented: Buffer,
): T | undefined {
  let found: T | undefined;
  for (const entry of entries) {
    if (timingSafeEqual(entry.hash, presented) && found === undefined) found = entry;
  }
  return found;
}
