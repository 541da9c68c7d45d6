// A client that stops waiting for `exec` does not leave work behind for the agent: a command no
// agent took yet is withdrawn (never run), one already running runs to its end, and commands
// queued with POST /commands run whoever waits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_GONE_MESSAGE } from './commands/run.js';
import { ALPHA, KEY, agentResult, json, startTestApi, type TestApi } from './testing/harness.js';

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi({ commandTimeoutSeconds: 60 });
  expect((await t.req('GET', '/v1/agent/commands?wait=0', ALPHA)).status).toBe(200);
});
afterEach(() => t.close());

/** Starts an exec the test can walk away from. */
function execUntilAborted(command: string) {
  const client = new AbortController();
  const response = Promise.resolve(
    t.app.request('/v1/clusters/alpha/exec', {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command }),
      signal: client.signal,
    }),
  ).then(
    (res) => res.status,
    () => 'aborted',
  );
  return { leave: () => client.abort(), response };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  await expect.poll(check, { timeout: 30_000, interval: 10 }).toBe(true);
}

describe('a client that goes away while exec waits', () => {
  it('withdraws a command no agent took: it is never handed out, and reads as not run', async () => {
    const before = await t.counter('porthole_commands_total', {
      cluster: 'alpha',
      verb: 'get',
      status: 'failed',
    });
    const exec = execUntilAborted('get pods');
    await until(async () => (await t.store.commands.queueLength('alpha')) === 1);
    exec.leave();
    await exec.response;
    await until(async () => (await t.store.commands.queueLength('alpha')) === 0);

    const poll = await json(await t.req('GET', '/v1/agent/commands?wait=0', ALPHA));
    expect(poll.commands).toEqual([]);
    const [event] = t.audits('command_executed');
    expect(event).toMatchObject({ outcome: 'failure', details: { status: 'failed' } });
    const state = await t.store.commands.get(String(event?.command_id));
    expect(state).toMatchObject({ status: 'failed', result: { error: CLIENT_GONE_MESSAGE } });
    expect(
      await t.counter('porthole_commands_total', {
        cluster: 'alpha',
        verb: 'get',
        status: 'failed',
      }),
    ).toBe(before + 1);
  });

  it('lets a command an agent already took run to its end, readable by id', async () => {
    const exec = execUntilAborted('get pods');
    await until(async () => (await t.store.commands.queueLength('alpha')) === 1);
    const poll = await json(await t.req('GET', '/v1/agent/commands?wait=0', ALPHA));
    const [taken] = poll.commands as Array<{ id: string }>;
    if (!taken) throw new Error('the agent took nothing');
    exec.leave();
    await exec.response;
    const answer = await t.req(
      'POST',
      `/v1/agent/commands/${taken.id}/result`,
      ALPHA,
      agentResult(),
    );
    expect(answer.status).toBe(204);
    expect(await t.store.commands.get(taken.id)).toMatchObject({ status: 'succeeded' });
  });
});

describe('a command queued with POST /commands', () => {
  it('is handed out though nobody waits for it', async () => {
    const queued = await json(
      await t.req('POST', '/v1/clusters/alpha/commands', KEY, { command: 'get pods' }),
    );
    const poll = await json(await t.req('GET', '/v1/agent/commands?wait=0', ALPHA));
    expect((poll.commands as Array<{ id: string }>).map((c) => c.id)).toEqual([queued.id]);
  });
});
