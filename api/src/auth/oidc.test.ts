// OIDC against a local issuer this test starts: discovery, JWKS, key rotation, groups → scopes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { ADMIN, json, startTestApi, type TestApi } from '../testing/harness.js';
import { createOidcVerifier } from './oidc.js';

let server: Server;
let issuer: string;
const jwks: JWK[] = [];
let jwksFetches = 0;
let key1: CryptoKey;
let key2: CryptoKey;
let api: TestApi;

async function addKey(kid: string): Promise<CryptoKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  jwks.push({ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' });
  return privateKey;
}

function token(
  key: CryptoKey,
  kid: string,
  claims: Record<string, unknown> = {},
  expiresIn = '5m',
  audience = 'porthole',
) {
  return new SignJWT({ groups: ['sre'], ...claims })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject('alice@example.com')
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === '/jwks') {
      jwksFetches++;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: jwks }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  key1 = await addKey('k1');
  const oidc = createOidcVerifier(
    {
      issuer,
      audience: 'porthole',
      groupsClaim: 'groups',
      groupScopes: new Map([
        ['sre', { clusters: ['alpha'], namespaces: null, admin: false }],
        ['platform', { clusters: null, namespaces: null, admin: true }],
      ]),
    },
    { cooldownMs: 0 },
  );
  api = await startTestApi({}, { oidc });
});
afterAll(async () => {
  await api.close();
  server.close();
});

describe('OIDC', () => {
  it('admits a valid token with the scope of its groups', async () => {
    const res = await api.req('GET', '/v1/clusters', await token(key1, 'k1'));
    expect(res.status).toBe(200);
    expect((await json(res)).clusters.map((c: { id: string }) => c.id)).toEqual(['alpha']);
    expect((await api.req('GET', '/v1/audit', await token(key1, 'k1'))).status).toBe(403);
    expect(
      (await api.req('GET', '/v1/audit', await token(key1, 'k1', { groups: ['sre', 'platform'] })))
        .status,
    ).toBe(200);
  });

  it('a user in no mapped group reaches nothing', async () => {
    const res = await api.req(
      'GET',
      '/v1/clusters',
      await token(key1, 'k1', { groups: ['interns'] }),
    );
    expect((await json(res)).clusters).toEqual([]);
  });

  it('fetches the JWKS again when a token names a new key (rotation at the issuer)', async () => {
    const before = jwksFetches;
    key2 = await addKey('k2');
    expect((await api.req('GET', '/v1/clusters', await token(key2, 'k2'))).status).toBe(200);
    expect(jwksFetches).toBeGreaterThan(before);
    // …and caches it afterwards.
    const cached = jwksFetches;
    expect((await api.req('GET', '/v1/clusters', await token(key2, 'k2'))).status).toBe(200);
    expect(jwksFetches).toBe(cached);
  });

  it.each([
    ['expired', async () => token(key1, 'k1', {}, '-1m')],
    ['unknown', async () => token(key1, 'k1', {}, '5m', 'someone-else')],
    [
      'unknown',
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
          .setIssuer('https://evil.example')
          .setAudience('porthole')
          .setExpirationTime('5m')
          .sign(key1),
    ],
    [
      'unknown',
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        return token(privateKey, 'k1');
      },
    ],
    ['unknown', async () => 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln'], // alg "none"
    ['malformed', async () => 'abc.def.ghi'],
    [
      // No subject, no owner: such users would all share one identity (and its results).
      'malformed',
      async () =>
        new SignJWT({ groups: ['sre'] })
          .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
          .setIssuer(issuer)
          .setAudience('porthole')
          .setExpirationTime('5m')
          .sign(key1),
    ],
  ])('refuses %s tokens, counted under credential oidc', async (reason, make) => {
    const tok = await make();
    const before = await api.counter('porthole_auth_failures_total', {
      credential: 'oidc',
      reason,
    });
    const res = await api.req('GET', '/v1/clusters', tok);
    expect(res.status).toBe(401);
    expect(await api.counter('porthole_auth_failures_total', { credential: 'oidc', reason })).toBe(
      before + 1,
    );
    expect(JSON.stringify(await json(res))).not.toContain(tok.slice(0, 20));
  });

  it('static and issued keys keep working beside OIDC', async () => {
    expect((await api.req('GET', '/v1/clusters', ADMIN)).status).toBe(200);
  });
});
