// Agent identity and health on the API: GET /v1/agent/whoami, PUT /v1/agent/health (bounded,
// scrubbed, throttled), the `health` field of GET /v1/clusters and the porthole_agent_* series.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '@porthole/store';
import { ALPHA, BETA, KEY, json, startTestApi, type TestApi } from './testing/harness.js';

const T0 = 1_800_000_000_000;
let clock = T0;
let t: TestApi;
afterEach(() => t.close());

async function start(): Promise<TestApi> {
  clock = T0;
  const now = () => clock;
  t = await startTestApi({}, { now, store: createMemoryStore({ resultTtlSeconds: 60, now }) });
  return t;
}

const healthy = {
  version: '1.4.0',
  kubeReachable: true,
  kubeErrors: 0,
  lastKubeError: null,
  commands: 12,
  inFlight: 1,
  redactions: 3,
  queueAgeSeconds: 0,
};
const broken = {
  ...healthy,
  kubeReachable: false,
  kubeErrors: 4,
  lastKubeError: { message: 'connect ECONNREFUSED 10.0.0.1:6443', ageSeconds: 2 },
};

async function cluster(id: string) {
  const body = await json(await t.req('GET', '/v1/clusters', KEY));
  return (body.clusters as Array<{ id: string }>).find((c) => c.id === id) as Record<
    string,
    unknown
  >;
}

async function scrape(): Promise<string> {
  return t.metrics.registry.metrics();
}

describe('GET /v1/agent/whoami', () => {
  it("names the token's cluster, and does not make the cluster connected", async () => {
    await start();
    const res = await t.req('GET', '/v1/agent/whoami', BETA);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ clusterId: 'beta' });
    expect(await cluster('beta')).toMatchObject({ connected: false, lastSeenAt: null });
    expect(await scrape()).toContain('porthole_agent_connected{cluster="beta"} 0');
  });

  it('refuses a missing or unknown token with 401', async () => {
    await start();
    expect((await t.req('GET', '/v1/agent/whoami', null)).status).toBe(401);
    expect((await t.req('GET', '/v1/agent/whoami', 'not-a-token-0123456789')).status).toBe(401);
  });
});

describe('PUT /v1/agent/health', () => {
  it('shows in GET /v1/clusters and as porthole_agent_* series of that cluster only', async () => {
    await start();
    expect((await cluster('alpha')).health).toBeNull();
    expect((await t.req('PUT', '/v1/agent/health', ALPHA, broken)).status).toBe(204);
    const alpha = await cluster('alpha');
    expect(alpha.health).toEqual({
      reportedAt: new Date(T0).toISOString(),
      version: '1.4.0',
      kubeReachable: false,
      kubeErrors: 4,
      lastKubeError: {
        message: 'connect ECONNREFUSED 10.0.0.1:6443',
        at: new Date(T0 - 2000).toISOString(),
      },
      commands: 12,
      inFlight: 1,
      redactions: 3,
      queueAgeSeconds: 0,
    });
    // A health report is not presence: only the command channel makes a cluster connected.
    expect(alpha.connected).toBe(false);
    expect((await cluster('beta')).health).toBeNull();

    clock += 3000;
    const text = await scrape();
    expect(text).toContain('porthole_agent_kube_reachable{cluster="alpha"} 0');
    expect(text).toContain('porthole_agent_kube_errors_total{cluster="alpha"} 4');
    expect(text).toContain('porthole_agent_kube_last_error_age_seconds{cluster="alpha"} 5');
    expect(text).toContain('porthole_agent_commands_total{cluster="alpha"} 12');
    expect(text).toContain('porthole_agent_redactions_total{cluster="alpha"} 3');
    expect(text).toContain('porthole_agent_in_flight{cluster="alpha"} 1');
    expect(text).toContain('porthole_agent_queue_age_seconds{cluster="alpha"} 0');
    expect(text).toContain('porthole_agent_health_report_age_seconds{cluster="alpha"} 3');
    expect(text).toContain('porthole_agent_info{cluster="alpha",version="1.4.0"} 1');
    expect(text).not.toMatch(/porthole_agent_kube_reachable\{cluster="beta"\}/);

    // Recovered: the next report replaces the last; no error since start means no age series.
    expect((await t.req('PUT', '/v1/agent/health', ALPHA, healthy)).status).toBe(204);
    const after = await scrape();
    expect(after).toContain('porthole_agent_kube_reachable{cluster="alpha"} 1');
    expect(after).not.toMatch(/porthole_agent_kube_last_error_age_seconds\{cluster="alpha"\}/);
    expect((await cluster('alpha')).health).toMatchObject({ kubeReachable: true });
  });

  it('is forgotten once older than the offline window (the agent went away)', async () => {
    await start();
    await t.req('PUT', '/v1/agent/health', ALPHA, healthy);
    clock += 60_001;
    expect((await cluster('alpha')).health).toBeNull();
    expect(await scrape()).not.toContain('porthole_agent_kube_reachable{cluster="alpha"}');
  });

  it('writes a cluster at most once every 2 s, whatever its agent sends', async () => {
    await start();
    await t.req('PUT', '/v1/agent/health', ALPHA, healthy);
    clock += 500;
    expect((await t.req('PUT', '/v1/agent/health', ALPHA, broken)).status).toBe(204);
    expect((await cluster('alpha')).health).toMatchObject({ kubeReachable: true });
    clock += 1500;
    await t.req('PUT', '/v1/agent/health', ALPHA, broken);
    expect((await cluster('alpha')).health).toMatchObject({ kubeReachable: false });
  });

  it('scrubs the kube error: no credential and no URL userinfo reach the store or a response', async () => {
    await start();
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    const res = await t.req('PUT', '/v1/agent/health', ALPHA, {
      ...broken,
      lastKubeError: {
        message: `GET https://admin:hunter2secret@10.0.0.1:6443/api failed; token ${jwt}`,
        ageSeconds: 1,
      },
    });
    expect(res.status).toBe(204);
    const stored = await t.store.agents.health('alpha');
    const message = stored?.health.lastKubeError?.message ?? '';
    expect(message).toContain('https://10.0.0.1:6443/api failed');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain(jwt);
    expect(JSON.stringify(await cluster('alpha'))).not.toContain('hunter2');
  });

  it.each([
    ['a negative count', { ...healthy, commands: -1 }],
    ['a fractional count', { ...healthy, kubeErrors: 1.5 }],
    ['an unsafe integer', { ...healthy, redactions: 2 ** 60 }],
    ['an age of a century', { ...healthy, queueAgeSeconds: 100 * 365 * 86_400 }],
    ['too many in flight', { ...healthy, inFlight: 5000 }],
    ['a long version', { ...healthy, version: 'v'.repeat(65) }],
    ['a version with a new line', { ...healthy, version: '1.0\nX-Evil: 1' }],
    ['a version with a quote (a label value)', { ...healthy, version: '1.0",cluster="x' }],
    ['an empty version', { ...healthy, version: '' }],
    [
      'an error with a control character',
      { ...broken, lastKubeError: { message: 'boom\u001b[31m', ageSeconds: 1 } },
    ],
    ['a long error', { ...broken, lastKubeError: { message: 'x'.repeat(201), ageSeconds: 1 } }],
    ['an unknown field', { ...healthy, extra: true }],
    ['a missing field', { ...healthy, kubeReachable: undefined }],
    ['not an object', [healthy]],
  ])('refuses %s with 400 invalid_request, and keeps nothing', async (_name, body) => {
    await start();
    const res = await t.req('PUT', '/v1/agent/health', ALPHA, body);
    expect(res.status).toBe(400);
    const error = (await json(res)).error;
    expect(error.code).toBe('invalid_request');
    expect(error.message).not.toContain('X-Evil');
    expect(await t.store.agents.health('alpha')).toBeNull();
  });

  it('refuses a non-number written as Infinity in JSON text', async () => {
    await start();
    const res = await t.req(
      'PUT',
      '/v1/agent/health',
      ALPHA,
      JSON.stringify(healthy).replace('"commands":12', '"commands":1e400'),
    );
    expect(res.status).toBe(400);
  });

  it('refuses a caller without an agent token', async () => {
    await start();
    expect((await t.req('PUT', '/v1/agent/health', KEY, healthy)).status).toBe(401);
    expect((await t.req('PUT', '/v1/agent/health', null, healthy)).status).toBe(401);
  });
});
