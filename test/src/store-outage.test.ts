// Redis going away: readiness and commands say store_unavailable, liveness and metrics keep answering.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, type Stack } from './harness/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ clusters: ['alpha'] });
  await stack.startAgent('alpha');
  expect((await stack.call('POST', '/v1/clusters/alpha/exec', { command: 'get ns' })).status).toBe(
    200,
  );
  await stack.stopRedis();
});
afterAll(() => stack?.close());

it('readyz answers 503 store_unavailable; healthz stays 200', async () => {
  const ready = await stack.call('GET', '/readyz', undefined, null);
  expect(ready.status).toBe(503);
  expect(ready.json).toEqual({ error: { code: 'store_unavailable', message: expect.any(String) } });
  expect((await stack.call('GET', '/healthz', undefined, null)).status).toBe(200);
});

it('a command gets 503 store_unavailable, never a stack trace or the Redis address', async () => {
  const res = await stack.call('POST', '/v1/clusters/alpha/exec', { command: 'get pods' });
  expect(res.status).toBe(503);
  expect(res.json.error.code).toBe('store_unavailable');
  expect(JSON.stringify(res.json)).not.toContain(new URL(stack.redisUrl).port);
});

it('the metrics endpoint still serves, so alerts on the outage can fire', async () => {
  const text = await stack.replica.metrics();
  expect(text).toContain('porthole_http_requests_total');
  expect(text).toMatch(
    /porthole_http_requests_total\{method="GET",route="\/readyz",status="503"\} [1-9]/,
  );
});
