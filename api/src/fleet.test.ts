// POST /v1/fleet/exec (CONTRACT §3b): ids and globs within the caller's scope, the cap, one
// entry per cluster whatever happens on it, the policy per cluster, counting, audit and rate.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '@porthole/policy';
import { FleetExecResponse } from '@porthole/protocol';
import { ADMIN, KEY, json, startTestApi, type TestApi } from './testing/harness.js';

let t: TestApi;
/** Agent tokens of the clusters registered for each test. */
let tokens: Record<string, string>;

const PROD = ['prod-a', 'prod-b', 'prod-c'];

async function setup(overrides: Parameters<typeof startTestApi>[0] = {}): Promise<void> {
  t = await startTestApi(overrides);
  tokens = {};
  for (const id of [...PROD, 'staging-a']) {
    const res = await t.req('POST', '/v1/admin/clusters', ADMIN, { id });
    expect(res.status).toBe(201);
    tokens[id] = (await json(res)).agentToken;
  }
  // prod-c never polls: its agent is offline.
  for (const id of ['prod-a', 'prod-b', 'staging-a'])
    expect((await t.req('GET', '/v1/agent/commands?wait=0', tokens[id]!)).status).toBe(200);
}
afterEach(() => t.close());

const agentResult = (clusterId: string, argv: string[]) => ({
  status: 'succeeded',
  exitCode: 0,
  output: `${clusterId}\n`.repeat(20),
  error: null,
  truncated: false,
  outputBytes: Buffer.byteLength(`${clusterId}\n`.repeat(20)),
  redactions: 0,
  durationMs: 3,
  command: argv,
});

/** Each named cluster's agent takes what is queued for it (waiting for it) and answers it. */
async function serve(...clusters: string[]): Promise<void> {
  await Promise.all(
    clusters.map(async (id) => {
      const { commands } = await json(await t.req('GET', '/v1/agent/commands?wait=5', tokens[id]!));
      for (const c of commands)
        await t.req(
          'POST',
          `/v1/agent/commands/${c.id}/result`,
          tokens[id]!,
          agentResult(id, c.argv),
        );
    }),
  );
}

/** A fleet call answered by the agents of `answering`. */
async function fleet(body: unknown, answering: string[], token = KEY) {
  const pending = t.req('POST', '/v1/fleet/exec', token, body);
  await serve(...answering);
  return pending;
}

async function issueKey(body: object): Promise<string> {
  const res = await t.req('POST', '/v1/admin/api-keys', ADMIN, body);
  expect(res.status).toBe(201);
  return (await json(res)).key;
}

describe('POST /v1/fleet/exec', () => {
  beforeEach(() => setup());

  it('a glob reaches its clusters; an offline one is its own entry, the call still 200', async () => {
    const res = await fleet({ clusters: ['prod-*'], command: 'get pods' }, ['prod-a', 'prod-b']);
    expect(res.status).toBe(200);
    const { results } = FleetExecResponse.parse(await json(res));
    expect(results.map((r) => r.clusterId)).toEqual(PROD);
    for (const id of ['prod-a', 'prod-b']) {
      expect(results.find((r) => r.clusterId === id)).toMatchObject({
        status: 'succeeded',
        command: ['get', 'pods'],
        output: `${id}\n`.repeat(20),
        nextCursor: null,
      });
    }
    expect(results[2]).toEqual({
      clusterId: 'prod-c',
      error: { code: 'agent_unavailable', message: expect.any(String) },
    });
  });

  it('each cluster is counted and audited as a single exec is', async () => {
    await fleet({ clusters: ['prod-*', 'prod-a'], command: 'get pods' }, ['prod-a', 'prod-b']);
    for (const [cluster, status] of [
      ['prod-a', 'succeeded'],
      ['prod-b', 'succeeded'],
      ['prod-c', 'agent_unavailable'],
    ] as const) {
      expect(await t.counter('porthole_commands_total', { cluster, verb: 'get', status })).toBe(1);
      expect(t.audits('command_executed').filter((e) => e.cluster_id === cluster)).toHaveLength(1);
    }
  });

  it('?, explicit ids and repeats: each cluster once, in the order first named', async () => {
    const res = await fleet({ clusters: ['staging-a', 'prod-?', 'prod-b'], command: 'get ns' }, [
      'prod-a',
      'prod-b',
      'staging-a',
    ]);
    const { results } = await json(res);
    expect(results.map((r: { clusterId: string }) => r.clusterId)).toEqual(['staging-a', ...PROD]);
  });

  it('a glob that matches nothing reaches nothing', async () => {
    const res = await t.req('POST', '/v1/fleet/exec', KEY, {
      clusters: ['dev-*'],
      command: 'get ns',
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ results: [] });
  });

  it('an unknown id is cluster_not_found for its entry only', async () => {
    const res = await fleet({ clusters: ['prod-a', 'nope'], command: 'get pods' }, ['prod-a']);
    const { results } = await json(res);
    expect(results[0]).toMatchObject({ clusterId: 'prod-a', status: 'succeeded' });
    expect(results[1]).toMatchObject({ clusterId: 'nope', error: { code: 'cluster_not_found' } });
  });

  it("the policy is decided per cluster, with each cluster's discovery", async () => {
    const widgets = {
      name: 'widgets',
      singularName: 'widget',
      shortNames: [],
      kind: 'Widget',
      group: 'example.com',
      version: 'v1',
      namespaced: true,
      categories: [],
    };
    const builtin = BUILTIN_RESOURCES.map((r) => ({
      ...r,
      shortNames: [...r.shortNames],
      categories: [...r.categories],
    }));
    const put = await t.req('PUT', '/v1/agent/discovery', tokens['prod-a']!, {
      resources: [...builtin, widgets],
    });
    expect(put.status).toBe(204);
    const res = await fleet({ clusters: ['prod-a', 'prod-b'], command: 'get widgets -n x' }, [
      'prod-a',
    ]);
    const { results } = await json(res);
    expect(results[0]).toMatchObject({ clusterId: 'prod-a', status: 'succeeded' });
    expect(results[1]).toMatchObject({
      clusterId: 'prod-b',
      error: { code: 'command_denied', rule: 'resource' },
    });
  });

  it('a command the policy refuses is refused on every cluster, nothing queued', async () => {
    const res = await t.req('POST', '/v1/fleet/exec', KEY, {
      clusters: ['prod-a', 'prod-b'],
      command: 'delete pod x',
    });
    expect(res.status).toBe(200);
    const { results } = await json(res);
    for (const r of results)
      expect(r.error).toMatchObject({ code: 'command_denied', rule: 'verb' });
    for (const id of PROD) expect(await t.store.commands.queueLength(id)).toBe(0);
  });

  it('maxOutputBytes pages each cluster, and each cursor reads the rest', async () => {
    const res = await fleet(
      { clusters: ['prod-a', 'prod-b'], command: 'get pods', maxOutputBytes: 16 },
      ['prod-a', 'prod-b'],
    );
    const { results } = await json(res);
    for (const r of results) {
      expect(Buffer.byteLength(r.output)).toBeLessThanOrEqual(16);
      expect(r.outputBytes).toBe(Buffer.byteLength(`${r.clusterId}\n`.repeat(20)));
      let text = r.output;
      let cursor = r.nextCursor;
      while (cursor !== null) {
        const page = await json(
          await t.req('GET', `/v1/commands/${r.id}/output?cursor=${cursor}`, KEY),
        );
        text += page.output;
        cursor = page.nextCursor;
      }
      expect(text).toBe(`${r.clusterId}\n`.repeat(20));
    }
  });

  it('a cluster that does not answer in time is a timeout entry with its commandId', async () => {
    const res = await fleet(
      { clusters: ['prod-a', 'prod-b'], command: 'get pods', timeoutSeconds: 1 },
      ['prod-a'],
    );
    const { results } = await json(res);
    expect(results[0]).toMatchObject({ clusterId: 'prod-a', status: 'succeeded' });
    expect(results[1]).toEqual({
      clusterId: 'prod-b',
      error: { code: 'timeout', message: expect.any(String) },
      commandId: expect.any(String),
    });
  });

  it.each([
    ['no clusters', { clusters: [], command: 'get ns' }, /^clusters/],
    ['no command', { clusters: ['prod-a'] }, /^command/],
    ['a bad selector', { clusters: ['Prod-*'], command: 'get ns' }, /^clusters\.0/],
    ['a bracket glob', { clusters: ['prod-[ab]'], command: 'get ns' }, /^clusters\.0/],
    [
      'maxOutputBytes 0',
      { clusters: ['prod-a'], command: 'get ns', maxOutputBytes: 0 },
      /^maxOutputBytes/,
    ],
    [
      'maxOutputBytes over the cap',
      { clusters: ['prod-a'], command: 'get ns', maxOutputBytes: 4097 },
      /^maxOutputBytes/,
    ],
    ['a sessionId', { clusters: ['prod-a'], command: 'get ns', sessionId: 's' }, /sessionId/],
  ])('%s is 400 invalid_request', async (_label, body, message) => {
    const res = await t.req('POST', '/v1/fleet/exec', KEY, body);
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(message);
  });
});

describe('scope', () => {
  beforeEach(() => setup());

  it('a glob never reveals a cluster outside the scope; an explicit one is forbidden', async () => {
    const scoped = await issueKey({ name: 'team', clusters: ['prod-a', 'staging-a'] });
    const res = await fleet(
      { clusters: ['prod-*', '*-a'], command: 'get pods' },
      ['prod-a', 'staging-a'],
      scoped,
    );
    const { results } = await json(res);
    expect(results.map((r: { clusterId: string }) => r.clusterId)).toEqual(['prod-a', 'staging-a']);

    const forbiddenBefore = await t.counter('porthole_forbidden_total', {
      credential: 'api_key',
      reason: 'cluster_scope',
    });
    const explicit = await fleet(
      { clusters: ['prod-a', 'prod-b', 'nope'], command: 'get pods' },
      ['prod-a'],
      scoped,
    );
    const entries = (await json(explicit)).results;
    expect(entries[0]).toMatchObject({ clusterId: 'prod-a', status: 'succeeded' });
    // As single exec answers: scope before existence, so "nope" is forbidden too.
    expect(entries[1]).toMatchObject({ clusterId: 'prod-b', error: { code: 'forbidden' } });
    expect(entries[2]).toMatchObject({ clusterId: 'nope', error: { code: 'forbidden' } });
    expect(
      await t.counter('porthole_forbidden_total', {
        credential: 'api_key',
        reason: 'cluster_scope',
      }),
    ).toBe(forbiddenBefore + 2);
    expect(await t.store.commands.queueLength('prod-b')).toBe(0);
  });

  it('a namespace scope applies on every cluster', async () => {
    const scoped = await issueKey({ name: 'ns-team', namespaces: ['default'] });
    const res = await t.req('POST', '/v1/fleet/exec', scoped, {
      clusters: ['prod-a'],
      command: 'get pods -n kube-system',
    });
    expect((await json(res)).results[0]).toMatchObject({
      clusterId: 'prod-a',
      error: { code: 'forbidden' },
    });
  });
});

describe('limits', () => {
  it('more clusters than PORTHOLE_FLEET_MAX_CLUSTERS is 400, saying how many and the cap', async () => {
    await setup({ fleetMaxClusters: 2 });
    const res = await t.req('POST', '/v1/fleet/exec', KEY, {
      clusters: ['prod-*'],
      command: 'get ns',
    });
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('3 clusters matched');
    expect(error.message).toContain('at most 2');
    for (const id of PROD) expect(await t.store.commands.queueLength(id)).toBe(0);
  });

  it('a call takes one rate token per cluster, all or none', async () => {
    await setup({ rateLimitPerMinute: 5 });
    // 3 tokens: prod-a, prod-b, staging-a.
    const first = await fleet({ clusters: ['prod-a', 'prod-b', 'staging-a'], command: 'get ns' }, [
      'prod-a',
      'prod-b',
      'staging-a',
    ]);
    expect(first.status).toBe(200);
    // 3 more do not fit in the 2 left: refused whole, nothing queued.
    const second = await t.req('POST', '/v1/fleet/exec', KEY, {
      clusters: ['prod-a', 'prod-b', 'staging-a'],
      command: 'get ns',
    });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await json(second)).error.code).toBe('rate_limited');
    for (const id of PROD) expect(await t.store.commands.queueLength(id)).toBe(0);
    // What the refusal did not spend is still there: the request's own token was spent.
    expect((await t.req('GET', '/v1/clusters', KEY)).status).toBe(200);
    expect((await t.req('GET', '/v1/clusters', KEY)).status).toBe(429);
  });
});
