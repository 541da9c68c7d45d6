// Two API replicas on one Redis: each command's end is counted once and each agent connection
// and silence is announced once, whichever replica waited, swept, or saw the poll. The test plays
// the agent of some clusters itself (its token over HTTP), so it decides when a result comes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type ApiReplica, type Stack } from './harness/stack.js';

/** Both replicas run their sweep every second and their presence check every second (window 2 s). */
const OFFLINE_AFTER_SECONDS = 2;
/** Longer than a sweep and a presence check on either replica: what a second count would need. */
const BOTH_REPLICAS_LOOKED_MS = 2500;
/**
 * How long a count or an audit event may take to show: a sweep or presence check (every second)
 * then a scrape or a read; seconds at most on a busy machine. Waits end as soon as it shows.
 */
const SHOWS_WITHIN_MS = 30_000;

let stack: Stack;
let a: ApiReplica;
let b: ApiReplica;

beforeAll(async () => {
  stack = await startStack({
    clusters: ['late', 'async', 'presence', 'real'],
    offlineAfterSeconds: OFFLINE_AFTER_SECONDS,
  });
  a = stack.replica;
  b = await stack.startReplica();
});
afterAll(() => stack?.close());

/** The sum over both replicas' /metrics of one series. */
async function total(labels: Record<string, string>, name = 'porthole_commands_total') {
  let sum = 0;
  for (const replica of [a, b]) {
    for (const line of (await replica.metrics()).split('\n')) {
      const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
      if (!match || match[1] !== name) continue;
      const found = Object.fromEntries(
        [...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
      );
      if (Object.entries(labels).every(([k, v]) => found[k] === v)) sum += Number(match[3]);
    }
  }
  return sum;
}

/** Audit events of a type and cluster, as both replicas wrote them to stdout. */
function printed(type: string, clusterId: string): Array<Record<string, any>> {
  return [a, b].flatMap((replica) =>
    replica.proc
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, any>)
      .filter((e) => e.audit === true && e.event_type === type && e.cluster_id === clusterId),
  );
}

/** The same events in the store's stream, read through GET /v1/audit. */
async function stored(type: string, clusterId: string): Promise<Array<Record<string, any>>> {
  const res = await a.call(
    'GET',
    `/v1/audit?type=${type}&clusterId=${clusterId}&limit=1000`,
    undefined,
    stack.adminKey,
  );
  expect(res.status).toBe(200);
  return res.json.events;
}

/** Polls as the agent of `clusterId` would, on one replica. */
const poll = (replica: ApiReplica, clusterId: string, wait = 0) =>
  replica.call('GET', `/v1/agent/commands?wait=${wait}`, undefined, stack.agentTokens[clusterId]);

/**
 * Absence takes watching: `check` must hold for `ms` (each replica's sweep and presence check
 * ran meanwhile), re-checked every 200 ms, failing the moment it does not.
 */
async function holdsFor(ms: number, check: () => Promise<void> | void): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    await check();
    if (Date.now() >= until) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const agentResult = {
  status: 'succeeded',
  exitCode: 0,
  output: 'NAME   READY\nweb    1/1\n',
  error: null,
  truncated: false,
  outputBytes: 24,
  redactions: 0,
  durationMs: 1500,
  command: ['get', 'pods'],
};

describe('command outcomes across two replicas', () => {
  it('a command that times out while a client waits, then answered late, counts timeout=1 and succeeded=0', async () => {
    const series = (status: string) => total({ cluster: 'late', verb: 'get', status });
    expect((await poll(a, 'late')).status).toBe(200);
    // The client waits on replica b; the agent polls replica a. It must claim the command
    // before the deadline (one hop through Redis): a few seconds leave room on a busy machine.
    const exec = b.call('POST', '/v1/clusters/late/exec', {
      command: 'get pods',
      timeoutSeconds: 3,
    });
    const polled = await poll(a, 'late', 10);
    expect(polled.json.commands).toHaveLength(1);
    const id = polled.json.commands[0].id as string;
    const res = await exec;
    expect(res.status).toBe(504);
    expect(res.json).toMatchObject({ error: { code: 'timeout' }, commandId: id });

    // The agent answers after the deadline, to the replica that did not wait.
    const late = await a.call(
      'POST',
      `/v1/agent/commands/${id}/result`,
      agentResult,
      stack.agentTokens.late,
    );
    expect(late.status).toBe(204);
    await expect.poll(() => series('timeout'), { timeout: SHOWS_WITHIN_MS, interval: 100 }).toBe(1);
    await holdsFor(BOTH_REPLICAS_LOOKED_MS, async () => {
      expect(await series('timeout')).toBe(1);
      expect(await series('succeeded')).toBe(0);
    });
    const events = printed('command_executed', 'late').filter((e) => e.command_id === id);
    expect(events).toEqual([
      expect.objectContaining({
        outcome: 'failure',
        command: ['get', 'pods'],
        details: expect.objectContaining({ status: 'timeout', reason: 'lease' }),
      }),
    ]);
    expect(
      (await stored('command_executed', 'late')).filter((e) => e.command_id === id),
    ).toHaveLength(1);
    // The late output is kept for reading: the 504's commandId is worth fetching.
    const fetched = await a.call('GET', `/v1/commands/${id}`);
    expect(fetched.json).toMatchObject({ id, status: 'succeeded', output: agentResult.output });
  }, 60_000);

  it('an async submission nobody waits for expires and its timeout is counted once', async () => {
    const series = (status: string) => total({ cluster: 'async', verb: 'get', status });
    expect((await poll(b, 'async')).status).toBe(200);
    const queued = await a.call('POST', '/v1/clusters/async/commands', {
      command: 'get pods',
      timeoutSeconds: 1,
    });
    expect(queued.status).toBe(202);
    // Nobody claims it and nobody reads it: only a replica's sweep can count it.
    await expect.poll(() => series('timeout'), { timeout: SHOWS_WITHIN_MS, interval: 200 }).toBe(1);
    await holdsFor(BOTH_REPLICAS_LOOKED_MS, async () => {
      expect(await series('timeout')).toBe(1);
    });
    expect(
      printed('command_executed', 'async').filter((e) => e.command_id === queued.json.id),
    ).toEqual([
      expect.objectContaining({
        outcome: 'failure',
        details: expect.objectContaining({ status: 'timeout', reason: 'unclaimed' }),
      }),
    ]);
  }, 60_000);
});

describe('agent presence across two replicas', () => {
  it('an agent whose polls reach both replicas at once is announced connected once, and disconnected once when it stops', async () => {
    const polls = await Promise.all([a, b, a, b, a, b].map((replica) => poll(replica, 'presence')));
    expect(polls.map((p) => p.status)).toEqual([200, 200, 200, 200, 200, 200]);
    await expect
      .poll(async () => (await stored('agent_connected', 'presence')).length, {
        timeout: SHOWS_WITHIN_MS,
      })
      .toBe(1);
    expect(printed('agent_connected', 'presence')).toHaveLength(1);

    // The agent stops polling: both replicas' presence checks notice; one announces it.
    await expect
      .poll(async () => (await stored('agent_disconnected', 'presence')).length, {
        timeout: SHOWS_WITHIN_MS,
        interval: 200,
      })
      .toBe(1);
    await holdsFor(BOTH_REPLICAS_LOOKED_MS, async () => {
      expect(await stored('agent_disconnected', 'presence')).toHaveLength(1);
    });
    expect(printed('agent_disconnected', 'presence')).toHaveLength(1);
    expect(printed('agent_connected', 'presence')).toHaveLength(1);
  }, 90_000);

  it('a real agent started and stopped: one agent_connected, one agent_disconnected', async () => {
    // The agent talks to replica b; replica a only sees the store.
    const agent = await stack.startAgent('real', { PORTHOLE_API_URL: b.url });
    await expect
      .poll(() => printed('agent_connected', 'real').length, { timeout: SHOWS_WITHIN_MS })
      .toBe(1);
    expect(await stored('agent_connected', 'real')).toHaveLength(1);
    await agent.stop();
    await expect
      .poll(() => printed('agent_disconnected', 'real').length, {
        timeout: SHOWS_WITHIN_MS,
        interval: 200,
      })
      .toBe(1);
    await holdsFor(BOTH_REPLICAS_LOOKED_MS, () => {
      expect(printed('agent_disconnected', 'real')).toHaveLength(1);
    });
    expect(await stored('agent_disconnected', 'real')).toHaveLength(1);
    expect(printed('agent_connected', 'real')).toHaveLength(1);
  }, 120_000);
});
