// The agent's side of the API beyond the long poll: batched results and lease renewals, each
// answering per command what its single form would.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ALPHA,
  BETA,
  KEY,
  json,
  startTestApi,
  type TestApi,
  agentResult,
} from './testing/harness.js';

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
});
afterEach(() => t.close());

/** Queues `n` commands on a cluster and claims them as its agent. */
async function claimed(cluster: 'alpha' | 'beta', token: string, n: number): Promise<string[]> {
  await t.req('GET', '/v1/agent/commands?wait=0', token);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await t.req('POST', `/v1/clusters/${cluster}/commands`, KEY, {
      command: 'get pods',
    });
    ids.push((await json(res)).id as string);
  }
  const poll = await json(await t.req('GET', `/v1/agent/commands?max=${n}`, token));
  expect(poll.commands).toHaveLength(n);
  return ids;
}

describe('POST /v1/agent/results', () => {
  it('stores each result and answers its outcome: stored, duplicate, not_found, forbidden', async () => {
    const [first, second] = await claimed('alpha', ALPHA, 2);
    const [theirs] = await claimed('beta', BETA, 1);
    const stored = await t.req('POST', `/v1/agent/commands/${second}/result`, ALPHA, agentResult());
    expect(stored.status).toBe(204);
    const res = await t.req('POST', '/v1/agent/results', ALPHA, {
      results: [
        { id: first, ...agentResult('one\n') },
        { id: second, ...agentResult('again\n') },
        { id: 'unknown-00000001', ...agentResult() },
        { id: theirs, ...agentResult() },
      ],
    });
    expect(res.status).toBe(200);
    expect((await json(res)).outcomes).toEqual([
      { id: first, outcome: 'stored' },
      { id: second, outcome: 'duplicate' },
      { id: 'unknown-00000001', outcome: 'not_found' },
      { id: theirs, outcome: 'forbidden' },
    ]);
    const read = await json(await t.req('GET', `/v1/commands/${first}`, KEY));
    expect(read).toMatchObject({ status: 'succeeded', output: 'one\n' });
    // Another cluster's command is untouched, and its own agent still answers it.
    expect(
      (await t.req('POST', `/v1/agent/commands/${theirs}/result`, BETA, agentResult())).status,
    ).toBe(204);
  });

  it.each([
    ['no results', { results: [] }],
    [
      '65 results',
      {
        results: Array.from({ length: 65 }, (_, i) => ({
          id: `cmd-${String(i).padStart(8, '0')}`,
          ...agentResult(),
        })),
      },
    ],
    ['a malformed id', { results: [{ id: '../x', ...agentResult() }] }],
    ['an unknown field', { results: [{ id: 'cmd-00000001', ...agentResult(), extra: 1 }] }],
    ['not an object', []],
  ])('refuses %s with 400 invalid_request', async (_name, body) => {
    const res = await t.req('POST', '/v1/agent/results', ALPHA, body);
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('invalid_request');
  });

  it('needs an agent token', async () => {
    const res = await t.req('POST', '/v1/agent/results', KEY, { results: [] });
    expect(res.status).toBe(401);
  });
});

describe('POST /v1/agent/leases', () => {
  it('renews what is still running for this cluster only', async () => {
    const [running, done] = await claimed('alpha', ALPHA, 2);
    const [theirs] = await claimed('beta', BETA, 1);
    await t.req('POST', `/v1/agent/commands/${done}/result`, ALPHA, agentResult());
    const res = await t.req('POST', '/v1/agent/leases', ALPHA, {
      ids: [running, done, theirs, 'unknown-00000001'],
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ renewed: [running] });
  });

  it.each([
    ['no ids', { ids: [] }],
    [
      '257 ids',
      { ids: Array.from({ length: 257 }, (_, i) => `cmd-${String(i).padStart(8, '0')}`) },
    ],
    ['a malformed id', { ids: ['a b'] }],
  ])('refuses %s with 400 invalid_request', async (_name, body) => {
    const res = await t.req('POST', '/v1/agent/leases', ALPHA, body);
    expect(res.status).toBe(400);
  });
});

describe('GET /v1/agent/stream', () => {
  it.each(['short', 'has space-0123', 'x'.repeat(65), 'semi;colon-01', '%00nul-0123'])(
    'refuses the instance %j with 400 invalid_request',
    async (instance) => {
      const res = await t.req(
        'GET',
        `/v1/agent/stream?slots=1&instance=${encodeURIComponent(instance)}`,
        ALPHA,
      );
      expect(res.status).toBe(400);
      expect((await json(res)).error.code).toBe('invalid_request');
    },
  );
});
