// Signing command envelopes (Ed25519 JWS) and publishing the public keys as a JWKS.
import { createPublicKey, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';
import { keyId, signCompact, type EnvelopeClaims } from '@porthole/protocol';

export interface Signer {
  /** A compact JWS (EdDSA) of the claims, signed on node:crypto (jose verifies it as any JWS). */
  sign(claims: EnvelopeClaims): string;
  /** The current key first, then the previous one during a rotation. */
  jwks(): { keys: JWK[] };
  /**
   * A 32-byte secret for one purpose (`info`), derived with HKDF-SHA256 from the current signing
   * key: every replica holds that key, so every replica derives the same secret, and nothing
   * more has to be configured or shared. Rotating the signing key changes it.
   */
  deriveKey(info: string): Buffer;
}

/** The JWS `typ` of a signed command. */
const COMMAND_JWS_TYPE = 'porthole-command+jws';

/** HKDF salt: fixed, so the derivation is the same on every replica (the key is the secret). */
const DERIVE_SALT = 'porthole:signing-key-derivation:v1';

export async function createSigner(current: KeyObject, previous?: KeyObject): Promise<Signer> {
  if (current.type !== 'private' || current.asymmetricKeyType !== 'ed25519') {
    throw new Error('the signing key must be an Ed25519 private key');
  }
  const currentPublic = createPublicKey(current);
  const publics = [currentPublic, ...(previous ? [createPublicKey(previous)] : [])];
  for (const key of publics) {
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('signing keys must be Ed25519');
  }
  const keys = await Promise.all(
    publics.map(async (key) => ({
      ...(await exportJWK(key)),
      kid: keyId(key),
      alg: 'EdDSA',
      use: 'sig',
    })),
  );
  const kid = keyId(currentPublic);
  return {
    sign: (claims) => signCompact(JSON.stringify(claims), current, { kid, typ: COMMAND_JWS_TYPE }),
    jwks: () => ({ keys }),
    deriveKey: (info) =>
      Buffer.from(
        hkdfSync('sha256', current.export({ type: 'pkcs8', format: 'der' }), DERIVE_SALT, info, 32),
      ),
  };
}

/** A throwaway key for development: replicas would each make their own, so production sets one. */
export function generateSigningKey(): KeyObject {
  return generateKeyPairSync('ed25519').privateKey;
}
