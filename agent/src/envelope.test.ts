// Envelope verification: only what the API signed, for this cluster, once, before it expires.
import { generateKeyPairSync, createPublicKey, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { keyId, type CommandEnvelope, type EnvelopeClaims } from '@porthole/protocol';
import { createEnvelopeVerifier, keysFromPem } from './envelope.js';

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
  alg = 'EdDSA',
) {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(c)))
    .setProtectedHeader({ alg, kid })
    .sign(key);
}

const envelope = (signature: string, id = 'cmd-00000001'): CommandEnvelope => ({
  id,
  clusterId: 'alpha',
  argv: ['get', 'pods'],
  principal: 'sre',
  createdAt: NOW,
  deadline: NOW + 30_000,
  maxOutputBytes: 1024,
  signature,
});

const verifier = () =>
  createEnvelopeVerifier({ keys: keysFromPem(pem(apiKey)), clusterId: 'alpha', now: () => NOW });

describe('envelope verification', () => {
  it('accepts a fresh envelope signed by the API and returns the signed claims', async () => {
    const c = claims({ argv: ['get', 'nodes'] });
    const result = await verifier().verify(envelope(await sign(c)));
    expect(result).toEqual({ ok: true, claims: c });
  });

  it.each([
    ['bad signature', async () => (await sign(claims())).replace(/.{4}$/, 'AAAA')],
    ['unknown signing key', async () => sign(claims(), otherKey)],
    ['bad signature', async () => sign(claims(), otherKey, keyId(createPublicKey(apiKey)))],
    ['malformed signature', async () => 'not.a.jws'],
    ['malformed signature', async () => ''],
    ['issued for another cluster', async () => sign(claims({ cluster: 'beta' }))],
    ['expired', async () => sign(claims({ exp: NOW / 1000 - 1 }))],
    ['claims name another command', async () => sign(claims({ jti: 'cmd-99999999' }))],
    ['malformed claims', async () => sign({ ...claims(), extra: true })],
    ['malformed claims', async () => sign({ jti: 'cmd-00000001' })],
    // No namespaces claim is not "unrestricted": an envelope must say which namespaces it covers.
    ['malformed claims', async () => sign({ ...claims(), namespaces: undefined })],
  ])('refuses: %s', async (reason, make) => {
    const result = await verifier().verify(envelope(await make()));
    expect(result).toEqual({ ok: false, reason });
  });

  it('refuses a replayed envelope', async () => {
    const v = verifier();
    const signature = await sign(claims());
    expect((await v.verify(envelope(signature))).ok).toBe(true);
    expect(await v.verify(envelope(signature))).toEqual({ ok: false, reason: 'replayed' });
  });

  it('accepts either key during a rotation', async () => {
    const v = createEnvelopeVerifier({
      keys: keysFromPem(pem(apiKey) + pem(otherKey)),
      clusterId: 'alpha',
      now: () => NOW,
    });
    expect((await v.verify(envelope(await sign(claims(), apiKey)))).ok).toBe(true);
    expect((await v.verify(envelope(await sign(claims(), otherKey)))).ok).toBe(true);
  });

  it('refuses PEM text that is not an Ed25519 public key', () => {
    expect(() => keysFromPem('nothing here')).toThrow(/no PEM public key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(() => keysFromPem(rsa)).toThrow(/Ed25519/);
  });
});
