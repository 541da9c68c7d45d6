// How commands end, counted once where the store says the state changed: a client's wait that
// ends at the deadline, a result that comes late, an async command nobody waits for, two
// replicas sweeping one store; and agents connecting and going quiet, announced once.
import { createHash } from 'node:crypto';
import { createMemoryStore } from '@porthole/store';
import { afterEach, describe, expect, it } from 'vitest';
import { ALPHA, KEY, json, startTestApi, type TestApi, agentResult } from './testing/harness.js';

const opened: TestApi[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});

async function start(...args: Parameters<typeof startTestApi>): Promise<TestApi> {
  const t = await startTestApi(...args);
  opened.push(t);
  return t;
}

/** Two replicas on one store: each with its own metrics, audit writer and sweep. */
async function replicas(overrides: Parameters<typeof startTestApi>[0] = {}, now?: () => number) {
  const store = createMemoryStore({ resultTtlSeconds: 60, ...(now ? { now } : {}) });
  const options = { store, ...(now ? { now } : {}) };
  return [await start(overrides, options), await start(overrides, options)] as const;
}

const total = async (apis: readonly TestApi[], status: string, cluster = 'alpha') => {
  let sum = 0;
  for (const t of apis)
    sum += await t.counter('porthole_commands_total', { cluster, verb: 'get', status });
  return sum;
};

const executed = (apis: readonly TestApi[], commandId: string) =>
  apis.flatMap((t) => t.audits('command_executed')).filter((e) => e.command_id === commandId);

describe('command outcomes', () => {
  it('a wait that ends at the deadline answers 504 and counts one timeout; the late result is kept, not counted', async () => {
    const [a, b] = await replicas();
    await a.req('GET', '/v1/agent/commands?wait=0', ALPHA);
    const pending = b.req('POST', '/v1/clusters/alpha/exec', KEY, {
      command: 'get pods',
      timeoutSeconds: 1,
    });
    const { commands } = await json(await a.req('GET', '/v1/agent/commands?wait=5', ALPHA));
    const id = commands[0].id as string;
    const res = await pending;
    expect(res.status).toBe(504);
    expect(await json(res)).toMatchObject({ error: { code: 'timeout' }, commandId: id });

    const late = await a.req('POST', `/v1/agent/commands/${id}/result`, ALPHA, agentResult());
    expect(late.status).toBe(204);
    // A second late result is a duplicate, like any second result.
    expect(
      (await a.req('POST', `/v1/agent/commands/${id}/result`, ALPHA, agentResult())).status,
    ).toBe(409);

    expect(await total([a, b], 'timeout')).toBe(1);
    expect(await total([a, b], 'succeeded')).toBe(0);
    const events = executed([a, b], id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      outcome: 'failure',
      principal: 'sre',
      command: ['get', 'pods'],
      details: { status: 'timeout', reason: 'lease' },
    });
    // The commandId of the 504 is worth fetching: the late output is there.
    const fetched = await json(await b.req('GET', `/v1/commands/${id}`, KEY));
    expect(fetched).toMatchObject({ id, status: 'succeeded', output: 'ok\n' });
  });

  it('a result in time counts succeeded once, whichever replica took it', async () => {
    const [a, b] = await replicas();
    await a.req('GET', '/v1/agent/commands?wait=0', ALPHA);
    const pending = b.req('POST', '/v1/clusters/alpha/exec', KEY, { command: 'get pods' });
    const { commands } = await json(await a.req('GET', '/v1/agent/commands?wait=5', ALPHA));
    const id = commands[0].id as string;
    expect(
      (await a.req('POST', `/v1/agent/commands/${id}/result`, ALPHA, agentResult())).status,
    ).toBe(204);
    expect((await pending).status).toBe(200);
    expect(await total([a, b], 'succeeded')).toBe(1);
    expect(await total([a, b], 'timeout')).toBe(0);
    expect(executed([a, b], id)).toEqual([
      expect.objectContaining({
        outcome: 'success',
        details: expect.objectContaining({ status: 'succeeded' }),
      }),
    ]);
  });

  it('a client waiting on the replica that stores its result is answered before the agent, which hears back once the outcome is recorded', async () => {
    const t = await start();
    await t.req('GET', '/v1/agent/commands?wait=0', ALPHA);
    const answered: string[] = [];
    const pending = t.req('POST', '/v1/clusters/alpha/exec', KEY, { command: 'get pods' });
    void pending.then(() => answered.push('client'));
    const { commands } = await json(await t.req('GET', '/v1/agent/commands?wait=5', ALPHA));
    const id = commands[0].id as string;
    const posted = t.req('POST', `/v1/agent/commands/${id}/result`, ALPHA, agentResult());
    void posted.then(() => answered.push('agent'));
    expect((await pending).status).toBe(200);
    expect((await posted).status).toBe(204);
    expect(answered).toEqual(['client', 'agent']);
    expect(await total([t], 'succeeded')).toBe(1);
    expect(executed([t], id)).toHaveLength(1);
  });

  it('an async command nobody waits for is timed out by the sweep, once across two replicas', async () => {
    const [a, b] = await replicas();
    await a.req('GET', '/v1/agent/commands?wait=0', ALPHA);
    const queued = await json(
      await a.req('POST', '/v1/clusters/alpha/commands', KEY, {
        command: 'get pods',
        timeoutSeconds: 1,
      }),
    );
    a.startBackground({ sweepIntervalMs: 50 });
    b.startBackground({ sweepIntervalMs: 50 });
    // The sweeps run every 50 ms past a 1 s deadline: wait for the count, however busy the machine.
    await expect.poll(() => total([a, b], 'timeout'), { timeout: 20_000, interval: 50 }).toBe(1);
    expect(executed([a, b], queued.id)).toEqual([
      expect.objectContaining({
        outcome: 'failure',
        details: expect.objectContaining({ status: 'timeout', reason: 'unclaimed' }),
      }),
    ]);
    // Reading it now finds the timeout already written down: nothing more is counted.
    const state = await json(await b.req('GET', `/v1/commands/${queued.id}`, KEY));
    expect(state).toMatchObject({
      id: queued.id,
      status: 'failed',
      error: expect.stringMatching(/expired/),
    });
    expect(await total([a, b], 'timeout')).toBe(1);
  });

  it('reading a timed-out async command counts its timeout when no sweep did yet', async () => {
    const t = await start();
    await t.req('GET', '/v1/agent/commands?wait=0', ALPHA);
    const queued = await json(
      await t.req('POST', '/v1/clusters/alpha/commands', KEY, {
        command: 'get pods',
        timeoutSeconds: 1,
      }),
    );
    const read = await json(await t.req('GET', `/v1/commands/${queued.id}?wait=5`, KEY));
    expect(read).toMatchObject({ id: queued.id, status: 'failed' });
    expect(await total([t], 'timeout')).toBe(1);
    await t.req('GET', `/v1/commands/${queued.id}`, KEY);
    expect(await total([t], 'timeout')).toBe(1);
    expect(executed([t], queued.id)).toHaveLength(1);
  });

  it('agent_unavailable is counted and audited as a command that did not run', async () => {
    const t = await start();
    const res = await t.req('POST', '/v1/clusters/alpha/exec', KEY, { command: 'get pods -n web' });
    expect(res.status).toBe(503);
    expect(await total([t], 'agent_unavailable')).toBe(1);
    expect(t.audits('command_executed')).toEqual([
      expect.objectContaining({
        outcome: 'failure',
        principal: 'sre',
        cluster_id: 'alpha',
        command_id: null,
        command: ['get', 'pods', '-n', 'web'],
        details: { status: 'agent_unavailable' },
      }),
    ]);
  });
});

describe('agent presence', () => {
  it('one agent_connected per connection and one agent_disconnected per silence, across replicas', async () => {
    // A clock that moves only when the test moves it: polls a moment apart stay inside the 2 s
    // window however slowly the machine runs them.
    const start = Date.now();
    let offset = 0;
    const now = () => start + offset;
    const [a, b] = await replicas({ agentOfflineAfterSeconds: 2 }, now);
    const poll = (t: TestApi) => t.req('GET', '/v1/agent/commands?wait=0', ALPHA);
    const count = (type: string) =>
      [a, b].flatMap((t) => t.audits(type)).filter((e) => e.cluster_id === 'alpha').length;

    await Promise.all([poll(a), poll(b), poll(a), poll(b)]);
    expect(count('agent_connected')).toBe(1);
    await Promise.all([poll(a), poll(b)]);
    expect(count('agent_connected')).toBe(1);

    offset += 2001;
    const marked = await Promise.all([a, b, a].map((t) => t.tasks.checkPresence()));
    expect(marked.flat()).toEqual(['alpha']);
    expect(count('agent_disconnected')).toBe(1);

    await Promise.all([poll(a), poll(b)]);
    expect(count('agent_connected')).toBe(2);

    // Gone and back between two checks: the poll tells of the silence, once.
    offset += 2001;
    await Promise.all([poll(b), poll(a)]);
    expect(count('agent_disconnected')).toBe(2);
    expect(count('agent_connected')).toBe(3);
    expect((await Promise.all([a, b].map((t) => t.tasks.checkPresence()))).flat()).toEqual([]);
  });
  it('a check marks every silent cluster of many, and never reads one whose stream it holds', async () => {
    const t0 = Date.now();
    let offset = 0;
    const now = () => t0 + offset;
    const store = createMemoryStore({ resultTtlSeconds: 60, now });
    const checked: string[] = [];
    const markDisconnected = store.agents.markDisconnected.bind(store.agents);
    store.agents.markDisconnected = (id, ...rest) => {
      checked.push(id);
      return markDisconnected(id, ...rest);
    };
    const t = await start({ agentOfflineAfterSeconds: 2 }, { store, now });
    const ids = Array.from({ length: 150 }, (_, i) => `many-${String(i).padStart(3, '0')}`);
    for (const id of ids) {
      await store.clusters.register(id, createHash('sha256').update(id).digest('hex'), now());
      await store.agents.recordSeen(
        { clusterId: id, lastSeenAt: now(), agentVersion: null, kubernetesVersion: null },
        2000,
      );
    }
    // alpha's agent holds a stream on this replica.
    const stream = await t.req('GET', '/v1/agent/stream?slots=1&instance=presence-1', ALPHA);
    expect(stream.status).toBe(200);

    offset += 2001;
    expect(await t.tasks.checkPresence()).toEqual(ids);
    expect(t.audits('agent_disconnected').map((e) => e.cluster_id)).toEqual(
      expect.arrayContaining(ids),
    );
    expect(t.audits('agent_disconnected')).toHaveLength(ids.length);
    expect(checked).toContain('beta');
    expect(checked).not.toContain('alpha');
    await stream.body?.cancel();
  });
});
