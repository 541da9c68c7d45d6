// Compact JWS with Ed25519 (alg EdDSA) on node:crypto KeyObjects made once: the standard format
// (any JOSE library verifies it), without WebCrypto's per-call promise and key import cost on
// the path every command takes.
import { sign, verify, type KeyObject } from 'node:crypto';

export type JwsFailure = 'malformed signature' | 'unknown signing key' | 'bad signature';

const HEADER_KEYS = new Set(['alg', 'kid', 'typ']);

/** Signs `payload` (JSON text) under the protected header `{alg:"EdDSA", kid, typ}`. */
export function signCompact(
  payload: string,
  key: KeyObject,
  header: { kid: string; typ: string },
): string {
  const input = `${b64(JSON.stringify({ alg: 'EdDSA', kid: header.kid, typ: header.typ }))}.${b64(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
}

/**
 * The payload of a compact JWS signed with EdDSA by one of `keys` (by `kid`), or why not.
 * Anything beyond alg, kid and typ in the header (`crit`, `b64`, `jku`, …) is refused: only
 * what this function understands is trusted.
 */
export function verifyCompact(
  jws: string,
  keys: ReadonlyMap<string, KeyObject>,
): { ok: true; payload: string } | { ok: false; reason: JwsFailure } {
  const parts = jws.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)))
    return { ok: false, reason: 'malformed signature' };
  const [head, body, signature] = parts as [string, string, string];
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed signature' };
  }
  if (
    typeof header !== 'object' ||
    header === null ||
    Object.keys(header).some((k) => !HEADER_KEYS.has(k)) ||
    (header as { alg?: unknown }).alg !== 'EdDSA'
  )
    return { ok: false, reason: 'malformed signature' };
  const kid = (header as { kid?: unknown }).kid;
  const key = typeof kid === 'string' ? keys.get(kid) : undefined;
  if (!key) return { ok: false, reason: 'unknown signing key' };
  const valid = verify(
    null,
    Buffer.from(`${head}.${body}`),
    key,
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) return { ok: false, reason: 'bad signature' };
  return { ok: true, payload: Buffer.from(body, 'base64url').toString('utf8') };
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
