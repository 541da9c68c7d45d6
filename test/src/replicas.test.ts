// Two API replicas on one Redis: keys, sessions, rate limits, results and gauges agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type ApiReplica, type Stack } from './harness/stack.js';

let stack: Stack;
let a: ApiReplica;
let b: ApiReplica;

beforeAll(async () => {
  stack = await startStack({
    clusters: ['alpha', 'beta'],
    apiEnv: { PORTHOLE_RATE_LIMIT_PER_MINUTE: '40' },
  });
  a = stack.replica;
  b = await stack.startReplica();
  await stack.startAgent('alpha'); // polls replica a only
});
afterAll(() => stack?.close());

describe('two replicas', () => {
  it('a key issued on one works on the other, and a revocation on the other ends it', async () => {
    const issued = await a.call('POST', '/v1/admin/api-keys', { name: 'shared' }, stack.adminKey);
    expect(issued.status).toBe(201);
    expect((await b.call('GET', '/v1/clusters', undefined, issued.json.key)).status).toBe(200);
    expect(
      (await b.call('DELETE', `/v1/admin/api-keys/${issued.json.id}`, undefined, stack.adminKey))
        .status,
    ).toBe(204);
    const after = await a.call('GET', '/v1/clusters', undefined, issued.json.key);
    expect(after.status).toBe(401);
    expect(after.json.error.message).toBe('credential revoked');
  });

  it('a session created on one is used and ended on the other', async () => {
    const created = await a.call('POST', '/v1/sessions', { clusterId: 'alpha' });
    expect(created.status).toBe(201);
    const exec = await b.call('POST', '/v1/clusters/alpha/exec', {
      command: 'get ns',
      sessionId: created.json.id,
    });
    expect(exec.status).toBe(200);
    expect(exec.json.status).toBe('succeeded');
    expect((await b.call('DELETE', `/v1/sessions/${created.json.id}`)).status).toBe(204);
    expect((await a.call('GET', `/v1/sessions/${created.json.id}`)).status).toBe(404);
  });

  it('a command submitted on one is answered through the other (the agent polls only one)', async () => {
    const res = await b.call('POST', '/v1/clusters/alpha/exec', {
      command: 'get pods -n default -o name',
    });
    expect(res.status).toBe(200);
    expect(res.json.output).toMatch(/^pod\/web-/m);
  });

  it('both report the same agent gauge, read from the store', async () => {
    const gauge = (text: string, cluster: string) =>
      new RegExp(`^porthole_agent_connected\\{cluster="${cluster}"\\} (\\d)`, 'm').exec(text)?.[1];
    const [ta, tb] = [await a.metrics(), await b.metrics()];
    expect([gauge(ta, 'alpha'), gauge(tb, 'alpha')]).toEqual(['1', '1']);
    expect([gauge(ta, 'beta'), gauge(tb, 'beta')]).toEqual(['0', '0']);
  });

  it('the rate limit is shared: 40 a minute across both, then 429 on either', async () => {
    const limited = await a.call('POST', '/v1/admin/api-keys', { name: 'limited' }, stack.adminKey);
    const key = limited.json.key as string;
    const statuses: number[] = [];
    for (let i = 0; i < 42; i++)
      statuses.push((await (i % 2 ? a : b).call('GET', '/v1/clusters', undefined, key)).status);
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(40)).toEqual([429, 429]);
  });
});
