// Envelope verification: only what the API signed, for this cluster, once, before it expires.
import { generateKeyPairSync, createPublicKey, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { exportJWK } from 'jose';
import { keyId, signCompact, type AgentCommand, type EnvelopeClaims } from '@porthole/protocol';
import { createEnvelopeVerifier, keysFromJwks, keysFromPem } from './envelope.js';

const NOW = 1_800_000_000_000;
const apiKey = generateKeyPairSync('ed25519').privateKey;
const otherKey = generateKeyPairSync('ed25519').privateKey;
const pem = (k: KeyObject) => createPublicKey(k).export({ type: 'spki', format: 'pem' }).toString();

const claims = (over: Partial<EnvelopeClaims> = {}): EnvelopeClaims => ({
  jti: 'cmd-00000001',
  cluster: 'alpha',
  argv: ['get', 'pods'],
  sub: 'sre',
  iat: NOW / 1000,
  exp: NOW / 1000 + 30,
  nonce: 'n'.repeat(16) + Math.random().toString(36).slice(2),
  max_output_bytes: 1024,
  namespaces: null,
  ...over,
});

async function sign(
  c: unknown,
  key: KeyObject = apiKey,
  kid = keyId(createPublicKey(key)),
  extra: Record<string, unknown> = {},
) {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(c)))
    .setProtectedHeader({ alg: 'EdDSA', kid, ...extra })
    .sign(key);
}

/** A JWS with any header at all (jose refuses to write some of them). */
const rawJws = (header: unknown, payload: unknown) =>
  [header, payload].map((x) => Buffer.from(JSON.stringify(x)).toString('base64url')).join('.') +
  '.' +
  Buffer.alloc(64).toString('base64url');

const envelope = (jws: string, id = 'cmd-00000001'): AgentCommand => ({ id, jws });

const verifier = () =>
  createEnvelopeVerifier({ keys: keysFromPem(pem(apiKey)), clusterId: 'alpha', now: () => NOW });

describe('envelope verification', () => {
  it('accepts a fresh envelope signed by the API and returns the signed claims', async () => {
    const c = claims({ argv: ['get', 'nodes'] });
    const result = verifier().verify(envelope(await sign(c)));
    expect(result).toEqual({ ok: true, claims: c });
  });

  it.each([
    ['bad signature', async () => (await sign(claims())).replace(/.{4}$/, 'AAAA')],
    ['unknown signing key', async () => sign(claims(), otherKey)],
    ['bad signature', async () => sign(claims(), otherKey, keyId(createPublicKey(apiKey)))],
    ['malformed signature', async () => 'not.a.jws'],
    ['malformed signature', async () => ''],
    ['malformed signature', async () => 'a.b.c.d'],
    ['malformed signature', async () => 'a+b.c.d'],
    // Only alg, kid and typ are understood, so nothing else in a header is trusted.
    [
      'malformed signature',
      async () =>
        rawJws(
          { alg: 'EdDSA', kid: keyId(createPublicKey(apiKey)), crit: ['exp'], exp: 1 },
          claims(),
        ),
    ],
    ['malformed signature', async () => sign(claims(), apiKey, undefined, { jku: 'https://x' })],
    [
      'malformed signature',
      async () => rawJws({ alg: 'none', kid: keyId(createPublicKey(apiKey)) }, claims()),
    ],
    [
      'malformed signature',
      async () => rawJws({ alg: 'HS256', kid: keyId(createPublicKey(apiKey)) }, claims()),
    ],
    ['malformed signature', async () => rawJws('EdDSA', claims())],
    ['unknown signing key', async () => rawJws({ alg: 'EdDSA' }, claims())],
    ['issued for another cluster', async () => sign(claims({ cluster: 'beta' }))],
    ['expired', async () => sign(claims({ exp: NOW / 1000 - 1 }))],
    ['claims name another command', async () => sign(claims({ jti: 'cmd-99999999' }))],
    ['malformed claims', async () => sign({ ...claims(), extra: true })],
    ['malformed claims', async () => sign({ jti: 'cmd-00000001' })],
    // No namespaces claim is not "unrestricted": an envelope must say which namespaces it covers.
    ['malformed claims', async () => sign({ ...claims(), namespaces: undefined })],
  ])('refuses: %s', async (reason, make) => {
    const result = verifier().verify(envelope(await make()));
    expect(result).toEqual({ ok: false, reason });
  });

  it('accepts what the API signs on node:crypto (signCompact), and jose reads it too', async () => {
    const c = claims();
    const jws = signCompact(JSON.stringify(c), apiKey, {
      kid: keyId(createPublicKey(apiKey)),
      typ: 'porthole-command+jws',
    });
    expect(verifier().verify(envelope(jws))).toEqual({ ok: true, claims: c });
    const { compactVerify } = await import('jose');
    const { payload } = await compactVerify(jws, createPublicKey(apiKey));
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(c);
  });

  it('takes JWKS keys only under their own thumbprint', async () => {
    const jwk = { ...(await exportJWK(createPublicKey(apiKey))), alg: 'EdDSA' };
    const keys = keysFromJwks({
      keys: [
        { ...jwk, kid: keyId(createPublicKey(apiKey)) },
        { ...(await exportJWK(createPublicKey(otherKey))), kid: keyId(createPublicKey(apiKey)) },
        { ...jwk, kid: 'renamed' },
      ],
    });
    expect([...keys.keys()]).toEqual([keyId(createPublicKey(apiKey))]);
    expect(() => keysFromJwks({ keys: [{ ...jwk, kid: 'renamed' }] })).toThrow(/no Ed25519/);
  });

  it('refuses a replayed envelope', async () => {
    const v = verifier();
    const signature = await sign(claims());
    expect(v.verify(envelope(signature)).ok).toBe(true);
    expect(v.verify(envelope(signature))).toEqual({ ok: false, reason: 'replayed' });
  });

  it('accepts either key during a rotation', async () => {
    const v = createEnvelopeVerifier({
      keys: keysFromPem(pem(apiKey) + pem(otherKey)),
      clusterId: 'alpha',
      now: () => NOW,
    });
    expect(v.verify(envelope(await sign(claims(), apiKey))).ok).toBe(true);
    expect(v.verify(envelope(await sign(claims(), otherKey))).ok).toBe(true);
  });

  it('refuses PEM text that is not an Ed25519 public key', () => {
    expect(() => keysFromPem('nothing here')).toThrow(/no PEM public key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(() => keysFromPem(rsa)).toThrow(/Ed25519/);
  });
});
