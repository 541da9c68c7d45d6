// Store errors reach clients through the protocol's one error table, mapped in the app's error
// handler: caps and clashes are 409s, a full queue or an unreachable store a 503, never a 500,
// and no body repeats what the caller sent.
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@porthole/runtime';
import {
  AlreadyExistsError,
  LimitExceededError,
  QueueFullError,
  StoreUnavailableError,
  createMemoryStore,
  type StoreOptions,
} from '@porthole/store';
import { createErrorHandler } from './errors.js';
import { ADMIN, ALPHA, KEY, json, startTestApi, type TestApi } from './testing/harness.js';

const started: TestApi[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((api) => api.close()));
});

async function api(options: StoreOptions = {}): Promise<TestApi> {
  const t = await startTestApi(
    {},
    { store: createMemoryStore({ resultTtlSeconds: 60, ...options }) },
  );
  started.push(t);
  return t;
}

/** The error body, checked to be the contract's shape and to carry none of `inputs`. */
async function errorOf(
  res: Response,
  inputs: string[],
): Promise<{ code: string; message: string }> {
  const text = await res.text();
  for (const input of inputs) expect(text).not.toContain(input);
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  return body.error;
}

describe('caps on stored records', () => {
  it('registering a cluster past the cap answers 409 limit_exceeded, not 500', async () => {
    const t = await api({ maxClusters: 1 });
    expect((await t.req('POST', '/v1/admin/clusters', ADMIN, { id: 'first-one' })).status).toBe(
      201,
    );
    const res = await t.req('POST', '/v1/admin/clusters', ADMIN, { id: 'past-the-cap' });
    expect(res.status).toBe(409);
    expect((await errorOf(res, ['past-the-cap'])).code).toBe('limit_exceeded');
    // Operators hear of it: the cap is theirs to raise.
    expect(t.logs.some((l) => l.level === 'warn' && l.msg === 'store refused a call')).toBe(true);
    const listed = await json(await t.req('GET', '/v1/clusters', ADMIN));
    expect(listed.clusters.map((c: { id: string }) => c.id)).not.toContain('past-the-cap');
  });

  it('issuing an API key past the cap answers 409 limit_exceeded', async () => {
    const t = await api({ maxApiKeys: 1 });
    expect((await t.req('POST', '/v1/admin/api-keys', ADMIN, { name: 'only' })).status).toBe(201);
    const res = await t.req('POST', '/v1/admin/api-keys', ADMIN, { name: 'one-too-many' });
    expect(res.status).toBe(409);
    expect((await errorOf(res, ['one-too-many'])).code).toBe('limit_exceeded');
  });
});

describe('duplicates', () => {
  it('creating a duplicate API key name answers 409 already_exists, alike for issued and static names', async () => {
    const t = await api();
    expect((await t.req('POST', '/v1/admin/api-keys', ADMIN, { name: 'dup-name' })).status).toBe(
      201,
    );
    const issued = await t.req('POST', '/v1/admin/api-keys', ADMIN, { name: 'dup-name' });
    const configured = await t.req('POST', '/v1/admin/api-keys', ADMIN, { name: 'sre' });
    expect([issued.status, configured.status]).toEqual([409, 409]);
    const a = await errorOf(issued, ['dup-name']);
    const b = await errorOf(configured, ['"sre"']);
    expect(a.code).toBe('already_exists');
    // One answer for both, so the response does not say which names are configured.
    expect(b).toEqual(a);
  });

  it('registering a cluster id twice answers 409 already_exists, configured ids alike', async () => {
    const t = await api();
    expect((await t.req('POST', '/v1/admin/clusters', ADMIN, { id: 'gamma' })).status).toBe(201);
    const again = await t.req('POST', '/v1/admin/clusters', ADMIN, { id: 'gamma' });
    const configured = await t.req('POST', '/v1/admin/clusters', ADMIN, { id: 'alpha' });
    expect([again.status, configured.status]).toEqual([409, 409]);
    const a = await errorOf(again, ['gamma']);
    expect(a.code).toBe('already_exists');
    expect(await errorOf(configured, ['alpha'])).toEqual(a);
  });
});

describe('a full command queue', () => {
  it.each([['commands'], ['exec']])(
    'POST /v1/clusters/{id}/%s answers 503 queue_full and queues nothing',
    async (route) => {
      const t = await api({ maxQueueLength: 1 });
      // The agent is connected but not keeping up.
      expect((await t.req('GET', '/v1/agent/commands?wait=0&max=1', ALPHA)).status).toBe(200);
      const first = await t.req('POST', '/v1/clusters/alpha/commands', KEY, {
        command: 'get pods -n shop',
      });
      expect(first.status).toBe(202);
      const res = await t.req('POST', `/v1/clusters/alpha/${route}`, KEY, {
        command: 'get pods -n queue-full-probe',
      });
      expect(res.status).toBe(503);
      expect((await errorOf(res, ['alpha', 'queue-full-probe'])).code).toBe('queue_full');
      expect(await t.store.commands.queueLength('alpha')).toBe(1);
    },
  );
});

describe('an unreachable store', () => {
  it('answers 503 store_unavailable on /readyz and on any route that reads it', async () => {
    const t = await api();
    expect((await t.req('GET', '/readyz', null)).status).toBe(200);
    await t.store.close();
    const ready = await t.req('GET', '/readyz', null);
    expect(ready.status).toBe(503);
    expect((await errorOf(ready, [])).code).toBe('store_unavailable');
    const clusters = await t.req('GET', '/v1/clusters', KEY);
    expect(clusters.status).toBe(503);
    expect((await errorOf(clusters, [])).code).toBe('store_unavailable');
  });
});

describe('the one error handler', () => {
  it.each([
    [
      'an outage',
      new StoreUnavailableError('Redis is unavailable: connect ECONNREFUSED 10.9.8.7:6390'),
      503,
      'store_unavailable',
      ['10.9.8.7', '6390'],
    ],
    [
      'a full queue',
      new QueueFullError('cluster-with-a-secret-name', 25),
      503,
      'queue_full',
      ['cluster-with-a-secret-name', '25'],
    ],
    ['the cluster cap', new LimitExceededError('clusters', 4242), 409, 'limit_exceeded', ['4242']],
    ['the key cap', new LimitExceededError('api_keys', 4242), 409, 'limit_exceeded', ['4242']],
    ['a key name', new AlreadyExistsError('API key', 'name'), 409, 'already_exists', []],
    ['a token hash', new AlreadyExistsError('cluster token', 'hash'), 409, 'already_exists', []],
    ['a session id', new AlreadyExistsError('session', 'id'), 409, 'already_exists', []],
  ] as const)(
    'maps %s to %i %s with a fixed message',
    async (_label, err, status, code, hidden) => {
      const app = new Hono()
        .get('/', () => {
          throw err;
        })
        .onError(createErrorHandler(createLogger('test', 'silent')));
      const res = await app.request('/');
      expect(res.status).toBe(status);
      const body = await errorOf(res, [...hidden, err.message]);
      expect(body).toEqual({ code, message: err.publicMessage });
    },
  );

  it('still answers an opaque 500 internal for anything else', async () => {
    const app = new Hono()
      .get('/', () => {
        throw new TypeError('a store check failed for input hunter2');
      })
      .onError(createErrorHandler(createLogger('test', 'silent')));
    const res = await app.request('/');
    expect(res.status).toBe(500);
    expect(await errorOf(res, ['hunter2'])).toEqual({
      code: 'internal',
      message: 'internal error',
    });
  });
});
