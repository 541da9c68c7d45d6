// Identity: the authentication matrix, scopes, admin API, sessions, rate limits, audit, and
// bounded metric labels — each checked by status, error code, metric delta and audit event.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSecret } from './auth/key-format.js';
import { ADMIN, ALPHA, BETA, KEY, json, startTestApi, type TestApi } from './testing/harness.js';

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
});
afterEach(() => t.close());

async function issueKey(body: object): Promise<{ id: string; key: string }> {
  const res = await t.req('POST', '/v1/admin/api-keys', ADMIN, body);
  expect(res.status).toBe(201);
  return json(res);
}

async function connect(token: string) {
  expect((await t.req('GET', '/v1/agent/commands?wait=0', token)).status).toBe(200);
}

describe('authentication matrix', () => {
  const cases: Array<[string, string, () => Promise<string | null>, string | undefined]> = [
    ['api_key', 'missing', async () => null, undefined],
    ['api_key', 'malformed', async () => null, 'Basic abc'],
    ['api_key', 'malformed', async () => 'phk_notAValidChecksumXXXXXXXXXXXXXXXXXXXXXX', undefined],
    ['api_key', 'unknown', async () => 'nope-0123456789abcdef', undefined],
    ['api_key', 'unknown', async () => generateSecret('apiKey'), undefined],
    [
      'api_key',
      'expired',
      async () => {
        // An already-expired key cannot be issued through the API, so it is written to the store.
        const key = generateSecret('apiKey');
        await t.store.apiKeys.create({
          id: 'key_expired000000000',
          name: 'old',
          hash: createHash('sha256').update(key).digest('hex'),
          prefix: key.slice(0, 8),
          clusters: null,
          namespaces: null,
          admin: false,
          createdAt: Date.now() - 2000,
          expiresAt: Date.now() - 1000,
          lastUsedAt: null,
          revokedAt: null,
        });
        return key;
      },
      undefined,
    ],
    [
      'api_key',
      'revoked',
      async () => {
        const { id, key } = await issueKey({ name: 'gone' });
        expect((await t.req('DELETE', `/v1/admin/api-keys/${id}`, ADMIN)).status).toBe(204);
        return key;
      },
      undefined,
    ],
    ['agent_token', 'malformed', async () => 'pha_tooShort', undefined],
    ['agent_token', 'unknown', async () => generateSecret('agentToken'), undefined],
    ['agent_token', 'unknown', async () => KEY, undefined],
  ];

  it.each(cases)('%s / %s → 401, counted and audited', async (credential, reason, make, header) => {
    const token = await make();
    const path = credential === 'agent_token' ? '/v1/agent/commands' : '/v1/clusters';
    const label = reason === 'missing' ? 'none' : credential;
    const before = await t.counter('porthole_auth_failures_total', { credential: label, reason });
    const auditsBefore = t.audits('authentication_failure').length;
    const res = header
      ? await t.req('GET', path, null, undefined, { authorization: header })
      : await t.req('GET', path, token);
    expect(res.status).toBe(401);
    const body = await json(res);
    expect(body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    if (token) expect(JSON.stringify(body)).not.toContain(token);
    expect(await t.counter('porthole_auth_failures_total', { credential: label, reason })).toBe(
      before + 1,
    );
    const events = t.audits('authentication_failure');
    expect(events.length).toBe(auditsBefore + 1);
    expect(events.at(-1)).toMatchObject({
      outcome: 'failure',
      source_ip: '198.51.100.7',
      details: { reason },
    });
    expect(JSON.stringify(t.logs)).not.toContain(token ?? '\u0000');
  });
});

describe('issued API keys', () => {
  it('are shown once, stored as hashes, recognisable and listed without material', async () => {
    const { id, key } = await issueKey({ name: 'ci', clusters: ['alpha'] });
    expect(key).toMatch(/^phk_[0-9A-Za-z]{42}$/);
    const list = await json(await t.req('GET', '/v1/admin/api-keys', ADMIN));
    expect(list.apiKeys).toHaveLength(1);
    expect(list.apiKeys[0]).toMatchObject({
      id,
      name: 'ci',
      clusters: ['alpha'],
      prefix: key.slice(0, 8),
      revokedAt: null,
    });
    expect(JSON.stringify(list)).not.toContain(key.slice(8));
    expect(JSON.stringify(await t.store.apiKeys.list())).not.toContain(key);
    expect(JSON.stringify(t.logs)).not.toContain(key);
    expect(t.audits('api_key_created').at(-1)).toMatchObject({
      principal: 'root',
      outcome: 'success',
    });
  });

  it('record their last use', async () => {
    const { id, key } = await issueKey({ name: 'ci' });
    expect((await t.req('GET', '/v1/clusters', key)).status).toBe(200);
    expect((await t.store.apiKeys.get(id))!.lastUsedAt).toEqual(expect.any(Number));
  });

  it('only admin keys reach admin routes and the audit', async () => {
    const { key } = await issueKey({ name: 'plain' });
    for (const [method, path] of [
      ['GET', '/v1/admin/api-keys'],
      ['POST', '/v1/admin/clusters'],
      ['GET', '/v1/audit'],
    ] as const) {
      for (const token of [KEY, key]) {
        const res = await t.req(method, path, token, method === 'POST' ? { id: 'x' } : undefined);
        expect(res.status).toBe(403);
        expect((await json(res)).error.code).toBe('forbidden');
      }
    }
    expect(
      await t.counter('porthole_forbidden_total', { credential: 'api_key', reason: 'admin_scope' }),
    ).toBe(6);
    const { key: adminKey } = await issueKey({ name: 'ops', admin: true });
    expect((await t.req('GET', '/v1/audit', adminKey)).status).toBe(200);
  });

  it('refuse bad bodies', async () => {
    for (const body of [
      {},
      { name: 'has space' },
      { name: 'x', clusters: ['Bad_Id'] },
      { name: 'x', expiresAt: '2001-01-01T00:00:00Z' },
      { name: 'x', extra: 1 },
    ]) {
      const res = await t.req('POST', '/v1/admin/api-keys', ADMIN, body);
      expect(res.status).toBe(400);
    }
  });
});

describe('scopes', () => {
  it('a cluster-scoped key lists and uses only its clusters', async () => {
    const { key } = await issueKey({ name: 'alpha-only', clusters: ['alpha'] });
    await connect(ALPHA);
    await connect(BETA);
    const list = await json(await t.req('GET', '/v1/clusters', key));
    expect(list.clusters.map((c: { id: string }) => c.id)).toEqual(['alpha']);
    const res = await t.req('POST', '/v1/clusters/beta/exec', key, {
      command: 'get pods -n default',
    });
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('forbidden');
    // Unknown clusters answer the same, so a scoped key cannot map which exist.
    expect(
      (await t.req('POST', '/v1/clusters/nowhere/exec', key, { command: 'get pods' })).status,
    ).toBe(403);
    expect(
      await t.counter('porthole_forbidden_total', {
        credential: 'api_key',
        reason: 'cluster_scope',
      }),
    ).toBe(2);
    expect(t.audits('authorization_failure').at(-1)).toMatchObject({
      cluster_id: 'nowhere',
      details: { reason: 'cluster_scope' },
    });
  });

  it.each([
    ['get pods -A', 'cannot use -A'],
    ['get nodes', 'cluster-scoped'],
    ['get ns', 'cluster-scoped'],
    ['get pods', 'name one with -n'],
    ['get pods -n kube-system', 'may not read namespace kube-system'],
  ])('a namespace-scoped key is refused %j', async (command, message) => {
    const { key } = await issueKey({ name: 'team', namespaces: ['shop'] });
    await connect(ALPHA);
    const res = await t.req('POST', '/v1/clusters/alpha/commands', key, { command });
    expect(res.status).toBe(403);
    const body = await json(res);
    expect(body.error).toMatchObject({ code: 'forbidden' });
    expect(body.error.message).toContain(message);
    expect(await t.store.commands.queueLength('alpha')).toBe(0);
    expect(
      await t.counter('porthole_forbidden_total', {
        credential: 'api_key',
        reason: 'namespace_scope',
      }),
    ).toBe(1);
  });

  it('a namespace-scoped key may read its namespace, and commands that read no object', async () => {
    const { key } = await issueKey({ name: 'team', namespaces: ['shop'] });
    await connect(ALPHA);
    for (const command of [
      'get pods -n shop',
      'describe deploy web -n shop',
      'logs web-1 -n shop',
      'version',
      'api-resources',
    ]) {
      expect((await t.req('POST', '/v1/clusters/alpha/commands', key, { command })).status).toBe(
        202,
      );
    }
  });

  it('a command is visible only to its principal and admins', async () => {
    await connect(ALPHA);
    const { id } = await json(
      await t.req('POST', '/v1/clusters/alpha/commands', KEY, { command: 'get pods' }),
    );
    const { key } = await issueKey({ name: 'other' });
    expect((await t.req('GET', `/v1/commands/${id}`, key)).status).toBe(404);
    expect((await t.req('GET', `/v1/commands/${id}`, KEY)).status).toBe(200);
    expect((await t.req('GET', `/v1/commands/${id}`, ADMIN)).status).toBe(200);
  });

  it('an agent token serves its own cluster only', async () => {
    await connect(ALPHA);
    const { id } = await json(
      await t.req('POST', '/v1/clusters/alpha/commands', KEY, { command: 'get pods' }),
    );
    expect((await json(await t.req('GET', '/v1/agent/commands', BETA))).commands).toEqual([]);
    const post = await t.req('POST', `/v1/agent/commands/${id}/result`, BETA, {
      status: 'succeeded',
      exitCode: 0,
      output: '',
      error: null,
      truncated: false,
      outputBytes: 0,
      redactions: 0,
      durationMs: 1,
      command: ['get', 'pods'],
    });
    expect(post.status).toBe(403);
    expect(
      await t.counter('porthole_forbidden_total', {
        credential: 'agent_token',
        reason: 'wrong_cluster',
      }),
    ).toBe(1);
  });
});

describe('clusters', () => {
  it('register, serve, rotate with grace, delete', async () => {
    const reg = await t.req('POST', '/v1/admin/clusters', ADMIN, { id: 'gamma' });
    expect(reg.status).toBe(201);
    const { agentToken: first } = await json(reg);
    expect(first).toMatch(/^pha_/);
    expect((await t.req('POST', '/v1/admin/clusters', ADMIN, { id: 'gamma' })).status).toBe(409);
    expect((await t.req('POST', '/v1/admin/clusters', ADMIN, { id: 'alpha' })).status).toBe(409);
    await connect(first);
    expect(
      (await json(await t.req('GET', '/v1/clusters', KEY))).clusters.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual(['alpha', 'beta', 'gamma']);

    const rotated = await t.req('POST', '/v1/admin/clusters/gamma/rotate-token', ADMIN, {
      graceSeconds: 60,
    });
    expect(rotated.status).toBe(200);
    const { agentToken: second } = await json(rotated);
    await connect(second);
    await connect(first); // still inside its grace period

    const immediate = await json(
      await t.req('POST', '/v1/admin/clusters/gamma/rotate-token', ADMIN, { graceSeconds: 0 }),
    );
    await connect(immediate.agentToken);
    expect((await t.req('GET', '/v1/agent/commands', second)).status).toBe(401);
    expect(t.audits('agent_token_rotated')).toHaveLength(2);

    expect((await t.req('DELETE', '/v1/admin/clusters/gamma', ADMIN)).status).toBe(204);
    expect((await t.req('GET', '/v1/agent/commands', immediate.agentToken)).status).toBe(401);
    expect((await t.req('DELETE', '/v1/admin/clusters/gamma', ADMIN)).status).toBe(404);
    expect(t.audits('cluster_registered')).toHaveLength(1);
  });
});

describe('sessions', () => {
  it('create, use, slide, delete — and audit both ends', async () => {
    await connect(ALPHA);
    const created = await t.req('POST', '/v1/sessions', KEY, { clusterId: 'alpha' });
    expect(created.status).toBe(201);
    const session = await json(created);
    expect(Object.keys(session).sort()).toEqual(['clusterId', 'expiresAt', 'id']);
    expect(t.audits('session_creation').at(-1)).toMatchObject({
      session_id: session.id,
      cluster_id: 'alpha',
    });

    const used = await t.req('POST', '/v1/clusters/alpha/commands', KEY, {
      command: 'get pods',
      sessionId: session.id,
    });
    expect(used.status).toBe(202);
    const other = await t.req('POST', '/v1/clusters/beta/commands', KEY, {
      command: 'get pods',
      sessionId: session.id,
    });
    expect(other.status).toBe(400);

    const { key } = await issueKey({ name: 'stranger' });
    expect((await t.req('GET', `/v1/sessions/${session.id}`, key)).status).toBe(404);
    expect((await t.req('GET', `/v1/sessions/${session.id}`, KEY)).status).toBe(200);
    expect((await t.req('DELETE', `/v1/sessions/${session.id}`, KEY)).status).toBe(204);
    expect((await t.req('GET', `/v1/sessions/${session.id}`, KEY)).status).toBe(404);
    expect(t.audits('session_termination').at(-1)).toMatchObject({ session_id: session.id });
  });

  it('refuse unknown clusters and bad ids', async () => {
    expect((await t.req('POST', '/v1/sessions', KEY, { clusterId: 'nowhere' })).status).toBe(404);
    expect((await t.req('GET', '/v1/sessions/..%2f..', KEY)).status).toBe(404);
  });
});

describe('command audit', () => {
  it('a result is audited as command_executed with who, where, which session and what ran — never the output', async () => {
    await connect(ALPHA);
    const session = await json(await t.req('POST', '/v1/sessions', KEY, { clusterId: 'alpha' }));
    const { id } = await json(
      await t.req('POST', '/v1/clusters/alpha/commands', KEY, {
        command: 'get pods -n shop',
        sessionId: session.id,
      }),
    );
    await json(await t.req('GET', '/v1/agent/commands', ALPHA));
    const post = await t.req('POST', `/v1/agent/commands/${id}/result`, ALPHA, {
      status: 'succeeded',
      exitCode: 0,
      output: 'TOP-SECRET-OUTPUT\n',
      error: null,
      truncated: false,
      outputBytes: 18,
      redactions: 2,
      redactionKinds: { token: 1, surprise: 1 },
      durationMs: 4,
      command: ['get', 'pods', '-n', 'shop'],
    });
    expect(post.status).toBe(204);
    expect(t.audits('command_executed').at(-1)).toMatchObject({
      principal: 'sre',
      api_key_prefix: KEY.slice(0, 8),
      cluster_id: 'alpha',
      session_id: session.id,
      command_id: id,
      command: ['get', 'pods', '-n', 'shop'],
      outcome: 'success',
      details: { exit_code: 0, redactions: 2 },
    });
    expect(JSON.stringify(t.logs)).not.toContain('TOP-SECRET-OUTPUT');
    expect(await t.counter('porthole_redactions_total', { cluster: 'alpha', kind: 'token' })).toBe(
      1,
    );
    expect(await t.counter('porthole_redactions_total', { cluster: 'alpha', kind: 'other' })).toBe(
      1,
    );
  });
});

describe('audit reading', () => {
  it('filters by type, cluster and time, newest first', async () => {
    await t.req('GET', '/v1/clusters', 'wrong-key-0123456789');
    await connect(ALPHA);
    await t.req('POST', '/v1/clusters/alpha/exec', KEY, { command: 'delete pod x' });
    // The audit is stored in the background: read until the three events are there.
    await expect
      .poll(
        async () => {
          const all = await json(await t.req('GET', '/v1/audit?limit=50', ADMIN));
          return all.events.map((e: { event_type: string }) => e.event_type);
        },
        { timeout: 10_000 },
      )
      .toEqual(
        expect.arrayContaining([
          'authentication_failure',
          'agent_connected',
          'unauthorized_command_attempt',
        ]),
      );
    const denied = await json(
      await t.req('GET', '/v1/audit?type=unauthorized_command_attempt&clusterId=alpha', ADMIN),
    );
    expect(denied.events).toHaveLength(1);
    expect(denied.events[0]).toMatchObject({
      principal: 'sre',
      cluster_id: 'alpha',
      api_key_prefix: KEY.slice(0, 8),
      details: { rule: 'verb' },
    });
    const future = await json(
      await t.req('GET', `/v1/audit?since=${new Date(Date.now() + 60_000).toISOString()}`, ADMIN),
    );
    expect(future.events).toEqual([]);
    for (const q of ['limit=0', 'limit=1001', 'type=nope', 'clusterId=Bad_Id', 'since=yesterday']) {
      expect((await t.req('GET', `/v1/audit?${q}`, ADMIN)).status).toBe(400);
    }
  });
});

describe('rate limits', () => {
  it('429 with Retry-After per credential, counted and audited', async () => {
    const limited = await startTestApi({ rateLimitPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++)
        expect((await limited.req('GET', '/v1/clusters', KEY)).status).toBe(200);
      const res = await limited.req('GET', '/v1/clusters', KEY);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await json(res)).error.code).toBe('rate_limited');
      expect((await limited.req('GET', '/v1/clusters', ADMIN)).status).toBe(200);
      expect(await limited.counter('porthole_rate_limited_total', { credential: 'api_key' })).toBe(
        1,
      );
      expect(limited.audits('rate_limit_exceeded')).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });

  it('an address that keeps failing gets 429 even with a right key, and failures still count', async () => {
    const limited = await startTestApi({ authFailuresPerMinute: 2 });
    try {
      expect((await limited.req('GET', '/v1/clusters', 'wrong-key-0000000001')).status).toBe(401);
      expect((await limited.req('GET', '/v1/clusters', 'wrong-key-0000000002')).status).toBe(401);
      expect((await limited.req('GET', '/v1/clusters', 'wrong-key-0000000003')).status).toBe(429);
      expect((await limited.req('GET', '/v1/clusters', KEY)).status).toBe(429);
      expect(
        (
          await limited.req('GET', '/v1/clusters', KEY, undefined, {
            'x-forwarded-for': '203.0.113.9',
          })
        ).status,
      ).toBe(200);
      expect(
        await limited.counter('porthole_auth_failures_total', {
          credential: 'api_key',
          reason: 'unknown',
        }),
      ).toBe(3);
    } finally {
      await limited.close();
    }
  });
});

describe('metric labels stay bounded', () => {
  it('10,000 requests naming random clusters leave the series count unchanged', async () => {
    await t.close();
    t = await startTestApi({ rateLimitPerMinute: 1_000_000 });
    // Node's own process metrics (GC kinds, heap spaces) grow on their own; the contract's do not.
    const series = async () =>
      (await t.metrics.registry.getMetricsAsJSON())
        .filter((m) => !/^porthole_(process|nodejs)_/.test(m.name))
        .reduce((n, m) => n + m.values.length, 0);
    // Warm every label combination the loop can produce once.
    await t.req('POST', '/v1/clusters/warm-up/exec', KEY, { command: 'delete pod x' });
    await t.req('POST', '/v1/clusters/alpha/exec', KEY, { command: 'delete pod x' });
    await series(); // the first scrape starts each known cluster's series at zero
    const before = await series();
    for (let i = 0; i < 10_000; i++) {
      const cluster = `c${Math.random().toString(36).slice(2, 10)}`;
      await t.req('POST', `/v1/clusters/${cluster}/exec`, KEY, { command: 'delete pod x' });
    }
    expect(await series()).toBe(before);
    const text = await t.metrics.registry.metrics();
    expect(text).not.toMatch(/cluster="c[a-z0-9]{8}"/);
  }, 120_000);
});
