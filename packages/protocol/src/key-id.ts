// The key id of an Ed25519 signing key, derived from the public key so API replicas and agents
// agree on it without configuration.
import { createHash, type KeyObject } from 'node:crypto';

export function keyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url').slice(0, 16);
}
