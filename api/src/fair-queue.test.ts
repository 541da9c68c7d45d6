// One principal cannot crowd a cluster: past its share of the queue it is told to slow down
// (429 rate_limited, counted and audited), and what it has queued takes turns with the others.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '@porthole/store';
import { ADMIN, ALPHA, KEY, json, startTestApi, type TestApi } from './testing/harness.js';

let t: TestApi;
afterEach(() => t.close());

async function start(maxQueuedPerPrincipal: number): Promise<TestApi> {
  t = await startTestApi(
    {},
    { store: createMemoryStore({ resultTtlSeconds: 60, maxQueuedPerPrincipal }) },
  );
  // The agent is connected.
  expect((await t.req('GET', '/v1/agent/commands?wait=0', ALPHA)).status).toBe(200);
  return t;
}

const queue = (token: string, command: string) =>
  t.req('POST', '/v1/clusters/alpha/commands', token, { command });

describe('a principal at its queued-commands cap', () => {
  it('is refused with 429 rate_limited and Retry-After, counted and audited, queueing nothing', async () => {
    await start(2);
    for (const ns of ['a', 'b']) expect((await queue(KEY, `get pods -n ${ns}`)).status).toBe(202);
    const refused = await queue(KEY, 'get pods -n c');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    const body = await json(refused);
    expect(body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    expect(await t.store.commands.queueLength('alpha')).toBe(2);
    expect(await t.counter('porthole_rate_limited_total', { credential: 'api_key' })).toBe(1);
    expect(t.audits('rate_limit_exceeded')).toEqual([
      expect.objectContaining({
        principal: 'sre',
        cluster_id: 'alpha',
        command: ['get', 'pods', '-n', 'c'],
        outcome: 'denied',
        details: { limit: 'queued_per_cluster' },
      }),
    ]);
    // Nothing it queued was lost, and no command of the refusal exists.
    expect(t.audits('command_executed')).toHaveLength(0);
  });

  it('leaves room for every other principal, and gets in again once one of its own is taken', async () => {
    await start(2);
    for (const ns of ['a', 'b']) await queue(KEY, `get pods -n ${ns}`);
    expect((await queue(KEY, 'get pods -n c')).status).toBe(429);
    expect((await queue(ADMIN, 'get nodes')).status).toBe(202);
    const poll = await json(await t.req('GET', '/v1/agent/commands?wait=0', ALPHA));
    expect(poll.commands.length).toBeGreaterThan(0);
    expect((await queue(KEY, 'get pods -n c')).status).toBe(202);
  });
});

describe('turns across principals', () => {
  it('hands out one principal’s backlog in turn with another’s later command', async () => {
    await start(100);
    for (const ns of ['a', 'b', 'c']) await queue(KEY, `get pods -n ${ns}`);
    await queue(ADMIN, 'get nodes');
    const poll = await json(await t.req('GET', '/v1/agent/commands?wait=0', ALPHA));
    const argvs = (poll.commands as Array<{ argv: string[] }>).map((c) => c.argv.join(' '));
    expect(argvs.slice(0, 2)).toEqual(['get pods -n a', 'get nodes']);
  });
});
