// The API in-process (app.request, no port) on the in-memory store: contract shapes and rules.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
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

const req = (method: string, path: string, token: string | null, body?: unknown) =>
  t.req(method, path, token, body);
const counter = (name: string, labels: Record<string, string>) => t.counter(name, labels);

describe('authentication', () => {
  it.each([
    ['missing', null, undefined, 'none'],
    ['malformed', null, 'Token abc', 'api_key'],
    ['malformed', null, 'Bearer two words', 'api_key'],
    ['unknown', 'nope-0123456789abcdef', undefined, 'api_key'],
    ['unknown', 'alpha-token-0123456789', undefined, 'api_key'],
  ])('%s credential → 401 and a counted failure', async (reason, token, header, credential) => {
    const before = await counter('porthole_auth_failures_total', { credential, reason });
    const res = header
      ? await t.app.request('/v1/clusters', { headers: { authorization: header } })
      : await req('GET', '/v1/clusters', token);
    expect(res.status).toBe(401);
    const body = await json(res);
    expect(body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    if (token) expect(JSON.stringify(body)).not.toContain(token);
    expect(await counter('porthole_auth_failures_total', { credential, reason })).toBe(before + 1);
  });

  it('agent routes refuse API keys and count agent_token failures', async () => {
    expect((await req('GET', '/v1/agent/commands', KEY)).status).toBe(401);
    expect(
      await counter('porthole_auth_failures_total', {
        credential: 'agent_token',
        reason: 'unknown',
      }),
    ).toBe(1);
  });

  it('admin keys can do what client keys do', async () => {
    expect((await req('GET', '/v1/clusters', ADMIN)).status).toBe(200);
  });
});

describe('commands', () => {
  it('an agent-less cluster is agent_unavailable, after the policy passed', async () => {
    const res = await req('POST', '/v1/clusters/alpha/exec', KEY, { command: 'get pods' });
    expect(res.status).toBe(503);
    expect((await json(res)).error.code).toBe('agent_unavailable');
    expect(
      await counter('porthole_commands_total', {
        cluster: 'alpha',
        verb: 'get',
        status: 'agent_unavailable',
      }),
    ).toBe(1);
  });

  it('a denied command is counted by rule under a bounded cluster label', async () => {
    const res = await req('POST', '/v1/clusters/alpha/exec', KEY, { command: 'delete pod x' });
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('command_denied');
    expect(
      await counter('porthole_unauthorized_commands_total', { cluster: 'alpha', rule: 'verb' }),
    ).toBe(1);
    expect(
      await counter('porthole_denied_commands_total', { cluster: 'alpha', rule: 'verb' }),
    ).toBe(1);
    expect(await t.store.commands.queueLength('alpha')).toBe(0);
  });

  it('an honest mistake is a denial but not an unauthorized attempt', async () => {
    const res = await req('POST', '/v1/clusters/alpha/exec', KEY, { command: 'get pods -w' });
    expect(res.status).toBe(403);
    expect((await json(res)).error).toMatchObject({ code: 'command_denied', rule: 'flag' });
    expect(
      await counter('porthole_denied_commands_total', { cluster: 'alpha', rule: 'flag' }),
    ).toBe(1);
    expect(
      await counter('porthole_unauthorized_commands_total', { cluster: 'alpha', rule: 'flag' }),
    ).toBe(0);
    const [event] = t.audits('unauthorized_command_attempt');
    expect(event?.details).toMatchObject({ rule: 'flag', unauthorized: false });
  });

  it('exec returns the result the agent posts, woken without polling', async () => {
    expect((await req('GET', '/v1/agent/commands?wait=0', ALPHA)).status).toBe(200);
    const pending = req('POST', '/v1/clusters/alpha/exec', KEY, {
      command: ['kubectl', 'get', 'pods'],
    });
    const poll = await req('GET', '/v1/agent/commands?wait=5', ALPHA);
    const { commands } = await json(poll);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({
      clusterId: 'alpha',
      argv: ['get', 'pods'],
      principal: 'sre',
      maxOutputBytes: 4096,
    });
    expect(
      (await req('POST', `/v1/agent/commands/${commands[0].id}/result`, ALPHA, agentResult()))
        .status,
    ).toBe(204);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      id: commands[0].id,
      clusterId: 'alpha',
      status: 'succeeded',
      output: 'ok\n',
      command: ['get', 'pods'],
    });
    expect(
      (await req('POST', `/v1/agent/commands/${commands[0].id}/result`, ALPHA, agentResult()))
        .status,
    ).toBe(409);
  });

  it('a result from another cluster is forbidden; malformed results are invalid', async () => {
    await req('GET', '/v1/agent/commands?wait=0', ALPHA);
    const queued = await json(
      await req('POST', '/v1/clusters/alpha/commands', KEY, { command: 'get pods' }),
    );
    const wrong = await req('POST', `/v1/agent/commands/${queued.id}/result`, BETA, agentResult());
    expect(wrong.status).toBe(403);
    expect(
      await counter('porthole_forbidden_total', {
        credential: 'agent_token',
        reason: 'wrong_cluster',
      }),
    ).toBe(1);
    const bad = await req('POST', `/v1/agent/commands/${queued.id}/result`, ALPHA, {
      ...agentResult(),
      exitCode: -1,
    });
    expect(bad.status).toBe(400);
    const state = await json(await req('GET', `/v1/commands/${queued.id}`, KEY));
    expect(state).toEqual({ id: queued.id, status: 'queued' });
  });

  it('wait parameters out of range are invalid_request', async () => {
    for (const q of ['wait=61', 'wait=-1', 'wait=abc', 'wait=1e3']) {
      const res = await req('GET', `/v1/commands/0123456789abcdef?${q}`, KEY);
      expect(res.status).toBe(400);
    }
    expect((await req('GET', '/v1/agent/commands?wait=31', ALPHA)).status).toBe(400);
  });

  it('a sessionId that does not exist is session_not_found', async () => {
    const res = await req('POST', '/v1/clusters/alpha/exec', KEY, {
      command: 'get pods',
      sessionId: 's-1',
    });
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('session_not_found');
  });
});

describe('http', () => {
  it('unknown routes are 404 in the error shape and counted as unmatched', async () => {
    const res = await req('GET', '/v1/nope/123', KEY);
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('not_found');
    expect(
      await counter('porthole_http_requests_total', { route: 'unmatched', status: '404' }),
    ).toBe(1);
  });

  it('routes are labelled by pattern, never by path', async () => {
    await req('GET', '/v1/commands/aaaaaaaaaaaa', KEY);
    await req('GET', '/v1/commands/bbbbbbbbbbbb', KEY);
    expect(
      await counter('porthole_http_requests_total', { route: '/v1/commands/:id', status: '404' }),
    ).toBe(2);
  });

  it('a body over 64 KiB is payload_too_large', async () => {
    const res = await req('POST', '/v1/clusters/alpha/exec', KEY, {
      command: 'get pods',
      pad: 'x'.repeat(70_000),
    });
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe('payload_too_large');
  });
});
