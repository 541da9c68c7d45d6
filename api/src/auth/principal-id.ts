// Stable ids of client principals. Names are for people and the audit trail and may repeat
// across kinds or over time; these ids decide who owns a command, a result, a session and a
// rate-limit bucket, so no two credentials ever share one. Each kind has its own prefix; issued
// keys use the unique id the admin API minted for them (`key_…`).
import { createHash, scryptSync } from 'node:crypto';

/**
 * A static key's id is a slow hash of the key: the same on every replica and restart, and
 * costly to test guesses against (the id reaches Redis, the agent and admins' audit reads).
 * Static keys may be weak, so a plain hash would not do.
 */
const STATIC_SALT = 'porthole:static-key-principal-id:v1';
/** Derived once per key and process (tests build many apps from the same keys). */
const staticIds = new Map<string, string>();

/** `fingerprint` is the key's SHA-256 (already kept to authenticate it); it keys the cache only. */
export function staticKeyId(key: string, fingerprint: Buffer): string {
  const cacheKey = fingerprint.toString('hex');
  let id = staticIds.get(cacheKey);
  if (id === undefined) {
    const derived = scryptSync(key, STATIC_SALT, 16, { N: 1 << 14, r: 8, p: 1 });
    id = `static_${derived.toString('base64url')}`;
    staticIds.set(cacheKey, id);
  }
  return id;
}

/** An OIDC user is its issuer and subject (not the subject alone: two issuers may reuse one). */
export function oidcPrincipalId(issuer: string, subject: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([issuer, subject]))
    .digest();
  return `oidc_${digest.subarray(0, 16).toString('base64url')}`;
}
