// Verifying signed command envelopes: signature, cluster, expiry and single use. The agent
// trusts neither Redis nor the API's transport, only the API's signing keys.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { EnvelopeClaims, keyId, verifyCompact, type AgentCommand } from '@porthole/protocol';

export type Verification = { ok: true; claims: EnvelopeClaims } | { ok: false; reason: string };

export interface EnvelopeVerifier {
  /** Synchronous: node:crypto verifies Ed25519 without a promise per command. */
  verify(command: AgentCommand): Verification;
}

/** Seen nonces are kept until their envelope expires; past this many the oldest go first. */
const MAX_TRACKED_NONCES = 100_000;

export function createEnvelopeVerifier(options: {
  keys: ReadonlyMap<string, KeyObject>;
  clusterId: string;
  now: () => number;
}): EnvelopeVerifier {
  const seen = new Map<string, number>(); // nonce → exp (ms), in insertion order

  function forgetExpired(now: number): void {
    for (const [nonce, exp] of seen) {
      if (exp > now && seen.size <= MAX_TRACKED_NONCES) break;
      seen.delete(nonce);
    }
  }

  return {
    verify(command) {
      const verified = verifyCompact(command.jws, options.keys);
      if (!verified.ok) return verified;
      let json: unknown;
      try {
        json = JSON.parse(verified.payload);
      } catch {
        return { ok: false, reason: 'malformed claims' };
      }
      const parsed = EnvelopeClaims.safeParse(json);
      if (!parsed.success) return { ok: false, reason: 'malformed claims' };
      const claims = parsed.data;
      const now = options.now();
      if (claims.jti !== command.id) return { ok: false, reason: 'claims name another command' };
      if (claims.cluster !== options.clusterId)
        return { ok: false, reason: 'issued for another cluster' };
      if (claims.exp * 1000 <= now) return { ok: false, reason: 'expired' };
      forgetExpired(now);
      if (seen.has(claims.nonce)) return { ok: false, reason: 'replayed' };
      seen.set(claims.nonce, claims.exp * 1000);
      return { ok: true, claims };
    },
  };
}

/** Keys from PORTHOLE_API_PUBLIC_KEY: one or more SPKI PEM blocks (two during a rotation). */
export function keysFromPem(text: string): Map<string, KeyObject> {
  const blocks = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  if (blocks.length === 0) throw new Error('PORTHOLE_API_PUBLIC_KEY: no PEM public key found');
  const keys = new Map<string, KeyObject>();
  for (const pem of blocks) {
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch {
      throw new Error('PORTHOLE_API_PUBLIC_KEY: not a readable public key');
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new Error('PORTHOLE_API_PUBLIC_KEY: must be Ed25519');
    keys.set(keyId(key), key);
  }
  return keys;
}

/** Keys from the API's /.well-known/jwks.json (trusted on first use; the agent warns). */
export function keysFromJwks(jwks: { keys?: unknown }): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const jwk of Array.isArray(jwks.keys) ? (jwks.keys as Array<Record<string, unknown>>) : []) {
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.kid !== 'string') continue;
    if (typeof jwk.x !== 'string' || 'd' in jwk) continue;
    let key: KeyObject;
    try {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
    } catch {
      continue;
    }
    // The API names each key by its own thumbprint; a key under another name is not its key.
    if (keyId(key) !== jwk.kid) continue;
    keys.set(jwk.kid, key);
  }
  if (keys.size === 0) throw new Error('the API published no Ed25519 signing key');
  return keys;
}
