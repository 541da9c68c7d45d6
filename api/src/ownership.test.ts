// Ownership by principal id, not by name: attacks by a second credential that carries the same
// name (a duplicate, a successor of a revoked key, an issued key beside a static one), rate-limit
// buckets, scope narrowed after the fact, existence oracles, and store conflicts as 409s with
// their own codes.
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@porthole/runtime';
import {
  AlreadyExistsError,
  LimitExceededError,
  createMemoryStore,
  type ApiKeyRecord,
} from '@porthole/store';
import { generateSecret } from './auth/key-format.js';
import type { OidcResult, OidcVerifier } from './auth/oidc.js';
import type { Scope } from './auth/scope.js';
import { parseKeyList } from './auth/static-keys.js';
import { createErrorHandler } from './errors.js';
import { ADMIN, ALPHA, KEY, json, startTestApi, type TestApi } from './testing/harness.js';

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
});
afterEach(() => t.close());

async function issueKey(body: object): Promise<{ id: string; key: string }> {
  const res = await t.req('POST', '/v1/admin/api-keys', ADMIN, body);
  expect(res.status).toBe(201);
  return json(res);
}

const revoke = async (id: string) =>
  expect((await t.req('DELETE', `/v1/admin/api-keys/${id}`, ADMIN)).status).toBe(204);

/** An issued key written straight into the store, as an older API (or a config change) leaves. */
async function storedKey(name: string, api: TestApi = t): Promise<string> {
  const key = generateSecret('apiKey');
  const record: ApiKeyRecord = {
    id: `key_${createHash('sha256').update(key).digest('base64url').slice(0, 16)}`,
    name,
    hash: createHash('sha256').update(key).digest('hex'),
    prefix: key.slice(0, 8),
    clusters: null,
    namespaces: null,
    admin: false,
    createdAt: Date.now(),
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
  };
  await api.store.apiKeys.create(record);
  return key;
}

async function connect(api: TestApi = t) {
  expect((await api.req('GET', '/v1/agent/commands?wait=0', ALPHA)).status).toBe(200);
}

/** Queues a command as `token` and has the alpha agent answer it; returns the command id. */
async function runCommand(token: string, command = 'get pods -n shop', api: TestApi = t) {
  const queued = await api.req('POST', '/v1/clusters/alpha/commands', token, { command });
  expect(queued.status).toBe(202);
  const { id } = await json(queued);
  expect((await api.req('GET', '/v1/agent/commands', ALPHA)).status).toBe(200);
  const post = await api.req('POST', `/v1/agent/commands/${id}/result`, ALPHA, {
    status: 'succeeded',
    exitCode: 0,
    output: `PRIVATE-OUTPUT-OF-${id}\n`,
    error: null,
    truncated: false,
    outputBytes: 40,
    redactions: 0,
    durationMs: 1,
    command: command.split(' '),
  });
  expect(post.status).toBe(204);
  return id as string;
}

async function openSession(token: string, api: TestApi = t): Promise<string> {
  const res = await api.req('POST', '/v1/sessions', token, { clusterId: 'alpha' });
  expect(res.status).toBe(201);
  return (await json(res)).id;
}

/** Everything a stranger might try on another principal's command and session: all "not found". */
async function expectLockedOut(token: string, commandId: string, sessionId: string) {
  const read = await t.req('GET', `/v1/commands/${commandId}`, token);
  expect(read.status).toBe(404);
  const body = await json(read);
  expect(body.error.code).toBe('command_not_found');
  expect(JSON.stringify(body)).not.toContain('PRIVATE-OUTPUT');
  expect((await t.req('GET', `/v1/commands/${commandId}?wait=1`, token)).status).toBe(404);
  for (const method of ['GET', 'DELETE']) {
    const res = await t.req(method, `/v1/sessions/${sessionId}`, token);
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('session_not_found');
  }
  const exec = await t.req('POST', '/v1/clusters/alpha/commands', token, {
    command: 'get pods -n shop',
    sessionId,
  });
  expect(exec.status).toBe(404);
  expect((await json(exec)).error.code).toBe('session_not_found');
  expect(await t.store.sessions.get(sessionId)).not.toBeNull();
}

describe('API key names', () => {
  it('a second live key with the same name is refused 409 already_exists, echoing nothing', async () => {
    const first = await issueKey({ name: 'deploy-bot' });
    const res = await t.req('POST', '/v1/admin/api-keys', ADMIN, { name: 'deploy-bot' });
    expect(res.status).toBe(409);
    const body = await json(res);
    expect(body).toEqual({ error: { code: 'already_exists', message: expect.any(String) } });
    expect(body.error.message).not.toContain('deploy-bot');
    const names = (await json(await t.req('GET', '/v1/admin/api-keys', ADMIN))).apiKeys;
    expect(names.map((k: { id: string }) => k.id)).toEqual([first.id]);
    expect(t.audits('api_key_created')).toHaveLength(1);
  });

  it.each([
    ['a static client key', 'sre'],
    ['a static admin key', 'root'],
  ])('the name of %s cannot be issued', async (_label, name) => {
    const res = await t.req('POST', '/v1/admin/api-keys', ADMIN, { name });
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe('already_exists');
    expect(await t.store.apiKeys.list()).toEqual([]);
  });

  it('the name of a revoked or expired key may be issued again', async () => {
    const { id } = await issueKey({ name: 'ci' });
    await revoke(id);
    await issueKey({ name: 'ci' });
    expect(
      (await t.req('POST', '/v1/admin/api-keys', ADMIN, { name: 'ci', admin: true })).status,
    ).toBe(409);
  });
});

describe('a key re-created under a revoked key’s name', () => {
  it('reads none of the revoked key’s results or sessions', async () => {
    await connect();
    const first = await issueKey({ name: 'ci' });
    const commandId = await runCommand(first.key);
    const sessionId = await openSession(first.key);
    expect((await t.req('GET', `/v1/commands/${commandId}`, first.key)).status).toBe(200);
    await revoke(first.id);

    const second = await issueKey({ name: 'ci' });
    await expectLockedOut(second.key, commandId, sessionId);
    // Its own work is its own, and the audit still names it by name.
    const own = await runCommand(second.key);
    expect((await t.req('GET', `/v1/commands/${own}`, second.key)).status).toBe(200);
    expect(t.audits('command_executed').at(-1)).toMatchObject({ principal: 'ci' });
    // Admins still see everything.
    expect((await t.req('GET', `/v1/commands/${commandId}`, ADMIN)).status).toBe(200);
  });
});

describe('a static key and an issued key sharing a name', () => {
  it('stay two principals: neither reads the other’s results or sessions', async () => {
    await connect();
    const staticCommand = await runCommand(KEY);
    const staticSession = await openSession(KEY);
    // The admin API refuses the name; a record that holds it anyway (a static key configured
    // after the issued one existed) must still not lend it the static key's work.
    const issued = await storedKey('sre');
    expect((await t.req('GET', '/v1/clusters', issued)).status).toBe(200);
    await expectLockedOut(issued, staticCommand, staticSession);

    const issuedCommand = await runCommand(issued);
    const issuedSession = await openSession(issued);
    await expectLockedOut(KEY, issuedCommand, issuedSession);
    // Both are "sre" in the audit trail, told apart by principal id.
    const created = t.audits('session_creation');
    expect(created.map((e) => e.principal)).toEqual(['sre', 'sre']);
    const ids = created.map((e) => (e.details as { principal_id: string }).principal_id);
    expect(new Set(ids).size).toBe(2);
  });

  it('the static key’s id is stable and reveals nothing of the key', () => {
    const secret = 'static-secret-0123456789';
    const [a] = parseKeyList(`ops:${secret}`, 'K', false);
    const [b] = parseKeyList(`renamed:${secret}`, 'K', true);
    const [c] = parseKeyList(`ops:${secret}x`, 'K', false);
    expect(a?.id).toMatch(/^static_[A-Za-z0-9_-]{22}$/);
    expect(b?.id).toBe(a?.id);
    expect(c?.id).not.toBe(a?.id);
    const sha = createHash('sha256').update(secret).digest();
    for (const form of [secret.slice(0, 8), sha.toString('hex'), sha.toString('base64url')])
      expect(a?.id).not.toContain(form.slice(0, 12));
  });
});

describe('rate limits', () => {
  it('keep one bucket per credential, whatever the names', async () => {
    const limited = await startTestApi({ rateLimitPerMinute: 2 });
    try {
      const twin = await storedKey('sre', limited);
      for (let i = 0; i < 2; i++)
        expect((await limited.req('GET', '/v1/clusters', KEY)).status).toBe(200);
      expect((await limited.req('GET', '/v1/clusters', KEY)).status).toBe(429);
      // Same name, another credential: its own, untouched bucket.
      expect((await limited.req('GET', '/v1/clusters', twin)).status).toBe(200);
      expect((await limited.req('GET', '/v1/clusters', twin)).status).toBe(200);
      expect((await limited.req('GET', '/v1/clusters', twin)).status).toBe(429);

      // A successor of a revoked key starts with a full bucket too.
      const first = await storedKey('ci', limited);
      for (let i = 0; i < 2; i++) await limited.req('GET', '/v1/clusters', first);
      expect((await limited.req('GET', '/v1/clusters', first)).status).toBe(429);
      const record = (await limited.store.apiKeys.list()).find((k) => k.name === 'ci');
      expect(await limited.store.apiKeys.revoke(record?.id ?? '', Date.now())).toBe(true);
      const second = await storedKey('ci', limited);
      expect((await limited.req('GET', '/v1/clusters', second)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

/** An OIDC verifier whose users (token → issuer, subject, scope) a test can change at will. */
function fakeOidc() {
  const users = new Map<string, Extract<OidcResult, { ok: true }>>();
  const verifier: OidcVerifier = {
    verify: (token) => Promise.resolve(users.get(token) ?? { ok: false, reason: 'unknown' }),
  };
  const user = (token: string, subject: string, scope: Scope, issuer = 'https://idp.example') =>
    users.set(token, { ok: true, issuer, subject, scope });
  return { verifier, user };
}

describe('reading a result re-checks scope', () => {
  const ALICE = 'alice.token.one';
  const everything: Scope = { clusters: null, namespaces: null, admin: false };

  it('hides a result once its cluster or namespace leaves the scope, with the unknown-id answer', async () => {
    const oidc = fakeOidc();
    const api = await startTestApi({}, { oidc: oidc.verifier });
    try {
      await connect(api);
      oidc.user(ALICE, 'alice', { clusters: ['alpha'], namespaces: ['shop'], admin: false });
      const id = await runCommand(ALICE, 'get pods -n shop', api);
      const read = (token = ALICE) => api.req('GET', `/v1/commands/${id}`, token);
      expect((await read()).status).toBe(200);
      const unknown = await json(await api.req('GET', `/v1/commands/${'0'.repeat(36)}`, ALICE));

      oidc.user(ALICE, 'alice', { clusters: ['alpha'], namespaces: ['web'], admin: false });
      const narrowed = await read();
      expect(narrowed.status).toBe(404);
      expect(await json(narrowed)).toEqual(unknown);

      oidc.user(ALICE, 'alice', { clusters: ['beta'], namespaces: null, admin: false });
      expect((await read()).status).toBe(404);

      oidc.user(ALICE, 'alice', everything);
      expect((await read()).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('hides a cluster-wide result from a scope narrowed to namespaces, and a session from a narrowed cluster', async () => {
    const oidc = fakeOidc();
    const api = await startTestApi({}, { oidc: oidc.verifier });
    try {
      await connect(api);
      oidc.user(ALICE, 'alice', everything);
      const nodes = await runCommand(ALICE, 'get nodes', api);
      const allPods = await runCommand(ALICE, 'get pods -A', api);
      const session = await openSession(ALICE, api);
      oidc.user(ALICE, 'alice', { clusters: null, namespaces: ['shop'], admin: false });
      for (const id of [nodes, allPods])
        expect((await api.req('GET', `/v1/commands/${id}`, ALICE)).status).toBe(404);
      expect((await api.req('GET', `/v1/sessions/${session}`, ALICE)).status).toBe(200);
      oidc.user(ALICE, 'alice', { clusters: ['beta'], namespaces: null, admin: false });
      expect((await api.req('GET', `/v1/sessions/${session}`, ALICE)).status).toBe(404);
    } finally {
      await api.close();
    }
  });

  it('OIDC users are issuer and subject: the same subject at another issuer is someone else', async () => {
    const oidc = fakeOidc();
    const api = await startTestApi({}, { oidc: oidc.verifier });
    try {
      await connect(api);
      oidc.user(ALICE, 'alice', everything);
      oidc.user('mallory.token.one', 'alice', everything, 'https://evil.example');
      const id = await runCommand(ALICE, 'get pods -n shop', api);
      expect((await api.req('GET', `/v1/commands/${id}`, 'mallory.token.one')).status).toBe(404);
      expect((await api.req('GET', `/v1/commands/${id}`, ALICE)).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});

describe('no existence oracle on POST /v1/sessions', () => {
  it('an out-of-scope cluster answers 403 alike whether it exists or not', async () => {
    const { key } = await issueKey({ name: 'alpha-only', clusters: ['alpha'] });
    const existing = await t.req('POST', '/v1/sessions', key, { clusterId: 'beta' });
    const missing = await t.req('POST', '/v1/sessions', key, { clusterId: 'nowhere' });
    expect(existing.status).toBe(403);
    expect(missing.status).toBe(403);
    const body = await json(existing);
    expect(body.error.code).toBe('forbidden');
    expect(await json(missing)).toEqual(body);
    expect(t.audits('authorization_failure').map((e) => e.cluster_id)).toEqual(['beta', 'nowhere']);
    // In scope, a missing cluster is simply not found.
    const { key: wide } = await issueKey({ name: 'wide', clusters: ['alpha', 'ghost'] });
    const ghost = await t.req('POST', '/v1/sessions', wide, { clusterId: 'ghost' });
    expect(ghost.status).toBe(404);
    expect((await json(ghost)).error.code).toBe('cluster_not_found');
  });
});

describe('store conflicts are 409 with their own codes, never 500', () => {
  it('the live-key cap', async () => {
    const capped = await startTestApi({}, { store: createMemoryStore({ maxApiKeys: 1 }) });
    try {
      expect((await capped.req('POST', '/v1/admin/api-keys', ADMIN, { name: 'a' })).status).toBe(
        201,
      );
      const res = await capped.req('POST', '/v1/admin/api-keys', ADMIN, { name: 'b-unique' });
      expect(res.status).toBe(409);
      const body = await json(res);
      expect(body.error.code).toBe('limit_exceeded');
      expect(body.error.message).not.toContain('b-unique');
    } finally {
      await capped.close();
    }
  });

  it('the registered-cluster cap', async () => {
    const capped = await startTestApi({}, { store: createMemoryStore({ maxClusters: 1 }) });
    try {
      expect((await capped.req('POST', '/v1/admin/clusters', ADMIN, { id: 'one' })).status).toBe(
        201,
      );
      const res = await capped.req('POST', '/v1/admin/clusters', ADMIN, { id: 'two' });
      expect(res.status).toBe(409);
      expect((await json(res)).error.code).toBe('limit_exceeded');
    } finally {
      await capped.close();
    }
  });

  it.each([
    ['an API key name', new AlreadyExistsError('API key', 'name'), 'already_exists'],
    ['an API key hash', new AlreadyExistsError('API key', 'hash'), 'already_exists'],
    ['a session id', new AlreadyExistsError('session', 'id'), 'already_exists'],
    ['a cluster token', new AlreadyExistsError('cluster token', 'hash'), 'already_exists'],
    ['the API key cap', new LimitExceededError('api_keys', 7), 'limit_exceeded'],
    ['the cluster cap', new LimitExceededError('clusters', 7), 'limit_exceeded'],
  ])('%s, mapped in the one error handler', async (_label, err, code) => {
    const app = new Hono()
      .get('/', () => {
        throw err;
      })
      .onError(createErrorHandler(createLogger('test', 'silent')));
    const res = await app.request('/');
    expect(res.status).toBe(409);
    const body = await json(res);
    expect(body).toEqual({ error: { code, message: expect.any(String) } });
    expect(body.error.message).not.toContain(err.message);
  });
});
