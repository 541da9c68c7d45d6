// Discovery for clients (CONTRACT §3b): whoami for every kind of key, the policy summary, and the
// policy check — a dry run that queues, signs and counts nothing but is audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES, DEFAULT_POLICY, evaluate, policySummary } from '@porthole/policy';
import { PolicyCheckResult, PolicySummaryBody, WhoAmI } from '@porthole/protocol';
import { ADMIN, ALPHA, KEY, json, startTestApi, type TestApi } from './testing/harness.js';

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
});
afterEach(() => t.close());

async function issueKey(body: object): Promise<string> {
  const res = await t.req('POST', '/v1/admin/api-keys', ADMIN, body);
  expect(res.status).toBe(201);
  return (await json(res)).key;
}

describe('GET /v1/whoami', () => {
  const whoami = async (token: string) => {
    const res = await t.req('GET', '/v1/whoami', token);
    expect(res.status).toBe(200);
    const text = await res.text();
    // The kind of credential, never the credential.
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.slice(0, 8));
    return WhoAmI.parse(JSON.parse(text));
  };

  it('a static client key', async () => {
    expect(await whoami(KEY)).toEqual({
      principal: 'sre',
      credential: 'static_key',
      scopes: { clusters: null, namespaces: null, admin: false },
    });
  });

  it('a static admin key', async () => {
    expect(await whoami(ADMIN)).toEqual({
      principal: 'root',
      credential: 'static_key',
      scopes: { clusters: null, namespaces: null, admin: true },
    });
  });

  it('an issued key with its scopes', async () => {
    const key = await issueKey({
      name: 'team',
      clusters: ['alpha'],
      namespaces: ['default', 'web'],
    });
    expect(await whoami(key)).toEqual({
      principal: 'team',
      credential: 'issued_key',
      scopes: { clusters: ['alpha'], namespaces: ['default', 'web'], admin: false },
    });
  });

  it('an issued admin key: scopes as enforced (an admin reaches everything)', async () => {
    const key = await issueKey({ name: 'ops', clusters: ['alpha'], admin: true });
    expect(await whoami(key)).toEqual({
      principal: 'ops',
      credential: 'issued_key',
      scopes: { clusters: null, namespaces: null, admin: true },
    });
  });

  it('without a credential: 401', async () => {
    expect((await t.req('GET', '/v1/whoami', null)).status).toBe(401);
  });
});

describe('GET /v1/policy', () => {
  it("is the policy's own summary of what it allows", async () => {
    const res = await t.req('GET', '/v1/policy', KEY);
    expect(res.status).toBe(200);
    const body = PolicySummaryBody.parse(await json(res));
    expect(body).toEqual(policySummary(DEFAULT_POLICY));
    expect(Object.keys(body.verbs)).toContain('get');
    expect(body.deniedResources).toContain('secrets');
  });

  it('needs a credential', async () => {
    expect((await t.req('GET', '/v1/policy', null)).status).toBe(401);
  });
});

describe('POST /v1/policy/check', () => {
  const check = async (body: unknown, token = KEY) => {
    const res = await t.req('POST', '/v1/policy/check', token, body);
    return { status: res.status, body: await json(res) };
  };

  it('an allowed command: its canonical argv', async () => {
    const { status, body } = await check({ command: 'kubectl get po -n default' });
    expect(status).toBe(200);
    expect(PolicyCheckResult.parse(body)).toEqual({
      allowed: true,
      argv: ['get', 'pods', '-n', 'default'],
    });
  });

  it.each(['delete pod x', 'get pods --kubeconfig=/x', 'get secrets', 'get pods --namespcae x'])(
    '%s: refused with the rule, message and suggestion exec would give',
    async (command) => {
      const decision = evaluate(command);
      if (decision.allowed) throw new Error('the case must be denied');
      const { status, body } = await check({ command });
      expect(status).toBe(200);
      expect(PolicyCheckResult.parse(body)).toEqual({
        allowed: false,
        argv: null,
        rule: decision.rule,
        message: expect.any(String),
        ...(decision.suggestion ? { suggestion: expect.any(String) } : {}),
      });
      // The same words as a refused exec.
      await t.req('GET', '/v1/agent/commands?wait=0', ALPHA);
      const exec = await json(await t.req('POST', '/v1/clusters/alpha/exec', KEY, { command }));
      expect(exec.error).toMatchObject({ rule: body.rule, message: body.message });
      if (body.suggestion) expect(exec.error.suggestion).toBe(body.suggestion);
    },
  );

  it('is a dry run: nothing queued, nothing counted as unauthorized, audited as dry_run', async () => {
    await t.req('GET', '/v1/agent/commands?wait=0', ALPHA);
    for (const command of ['delete pod x', 'get pods'])
      expect((await check({ command, clusterId: 'alpha' })).status).toBe(200);
    expect(await t.store.commands.queueLength('alpha')).toBe(0);
    for (const rule of ['verb', 'flag', 'resource'])
      expect(
        await t.counter('porthole_unauthorized_commands_total', { cluster: 'alpha', rule }),
      ).toBe(0);
    for (const rule of ['verb', 'flag', 'resource'])
      expect(await t.counter('porthole_denied_commands_total', { cluster: 'alpha', rule })).toBe(0);
    expect(t.audits('unauthorized_command_attempt')).toHaveLength(0);
    const events = t.audits('command_executed');
    expect(events.map((e) => [e.outcome, e.cluster_id, e.command])).toEqual([
      ['denied', 'alpha', ['delete', 'pod', 'x']],
      ['success', 'alpha', ['get', 'pods']],
    ]);
    for (const e of events) expect(e.details).toMatchObject({ status: 'dry_run' });
    expect(
      await t.counter('porthole_commands_total', {
        cluster: 'alpha',
        verb: 'get',
        status: 'succeeded',
      }),
    ).toBe(0);
  });

  it("with a clusterId, names resolve with that cluster's discovery", async () => {
    const widgets = {
      name: 'widgets',
      singularName: 'widget',
      shortNames: ['wd'],
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
    const put = await t.req('PUT', '/v1/agent/discovery', ALPHA, {
      resources: [...builtin, widgets],
    });
    expect(put.status).toBe(204);
    const without = await check({ command: 'get wd -n platform' });
    expect(without.body).toMatchObject({ allowed: false, rule: 'resource' });
    const withCluster = await check({ command: 'get wd -n platform', clusterId: 'alpha' });
    expect(withCluster.body).toEqual({
      allowed: true,
      argv: ['get', 'widgets.example.com', '-n', 'platform'],
    });
    // beta reported nothing: the built-in table decides.
    expect((await check({ command: 'get wd -n platform', clusterId: 'beta' })).body).toMatchObject({
      allowed: false,
    });
  });

  it("applies the caller's namespace scope", async () => {
    const scoped = await issueKey({ name: 'team', namespaces: ['default'] });
    expect((await check({ command: 'get pods -n default' }, scoped)).body).toMatchObject({
      allowed: true,
    });
    expect((await check({ command: 'get pods -n kube-system' }, scoped)).body).toEqual({
      allowed: false,
      argv: null,
      rule: 'namespace',
      message: expect.any(String),
    });
    expect(
      await t.counter('porthole_forbidden_total', {
        credential: 'api_key',
        reason: 'namespace_scope',
      }),
    ).toBe(0);
  });

  it('answers for a cluster as exec would: forbidden outside the scope, else cluster_not_found', async () => {
    const scoped = await issueKey({ name: 'team', clusters: ['alpha'] });
    expect(await check({ command: 'get pods', clusterId: 'beta' }, scoped)).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
    expect(await check({ command: 'get pods', clusterId: 'nope' }, scoped)).toMatchObject({
      status: 403,
    });
    expect(await check({ command: 'get pods', clusterId: 'nope' })).toMatchObject({
      status: 404,
      body: { error: { code: 'cluster_not_found' } },
    });
  });

  it.each([
    ['no command', {}],
    ['an empty command', { command: '' }],
    ['a bad clusterId', { command: 'get pods', clusterId: 'Not_A_Label' }],
    ['an unknown field', { command: 'get pods', dryRun: true }],
    ['not JSON', 'get pods'],
  ])('%s is 400 invalid_request', async (_label, body) => {
    const { status, body: answer } = await check(body);
    expect(status).toBe(400);
    expect(answer.error.code).toBe('invalid_request');
  });

  it("never echoes the caller's own key", async () => {
    const { body } = await check({ command: `get pods --token ${KEY}` });
    expect(body.allowed).toBe(false);
    expect(JSON.stringify(body)).not.toContain(KEY);
    expect(JSON.stringify(t.audits('command_executed'))).not.toContain(KEY);
  });
});
