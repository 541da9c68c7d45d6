// End to end across real processes: redis-server, kube-sim, the API and an agent, driven over HTTP,
// with the real kubectl v1.35 against the same kube-sim as the reference for every byte of output.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '@porthole/policy';
import { createRedisStore, type Store } from '@porthole/store';
import { kubectl } from './harness/kubectl.js';
import { REPO_ROOT } from './harness/process.js';
import { startStack, type Stack } from './harness/stack.js';

/** Short, so the availability tests can outlast it. */
const OFFLINE_AFTER_SECONDS = 2;

let stack: Stack;
let store: Store;
let webPod: string;
const heartbeat = join(mkdtempSync(join(tmpdir(), 'porthole-heartbeat-')), 'heartbeat');

beforeAll(async () => {
  stack = await startStack({
    clusters: ['alpha', 'beta'],
    offlineAfterSeconds: OFFLINE_AFTER_SECONDS,
  });
  store = createRedisStore({ ...stack.redisTarget, keyPrefix: stack.redisPrefix });
  await stack.startAgent('alpha', { PORTHOLE_HEARTBEAT_PATH: heartbeat });
  const names = await kubectl(stack.kubeconfig, [
    'get',
    'pods',
    '-n',
    'default',
    '-l',
    'app=web',
    '-o',
    'name',
  ]);
  webPod = names.stdout.split('\n')[0]!.replace(/^pod\//, '');
  expect(webPod).toMatch(/^web-/);
});

afterAll(async () => {
  await store?.close();
  await stack?.close();
});

const exec = (
  clusterId: string,
  command: string | string[],
  extra: object = {},
  token?: string | null,
) => stack.call('POST', `/v1/clusters/${clusterId}/exec`, { command, ...extra }, token);

describe('output is byte-identical to kubectl v1.35', () => {
  const cases: Array<[string, () => string[]]> = [
    ['get pods -n default', () => ['get', 'pods', '-n', 'default']],
    ['get pods -A -o wide', () => ['get', 'pods', '-A', '-o', 'wide']],
    ['get deploy,svc -n default', () => ['get', 'deploy,svc', '-n', 'default']],
    ['get pod <web> -o yaml', () => ['get', 'pod', webPod, '-o', 'yaml']],
    ['get pod <web> -o json', () => ['get', 'pod', webPod, '-o', 'json']],
    ['get nodes --show-labels', () => ['get', 'nodes', '--show-labels']],
    ['get pods -l app=web -o name', () => ['get', 'pods', '-l', 'app=web', '-o', 'name']],
    ['get ns', () => ['get', 'ns']],
    ['get pods -n nowhere (no resources)', () => ['get', 'pods', '-n', 'nowhere']],
    // The server's deprecation warning (a Warning header) reaches the answer as kubectl prints it.
    ['describe endpoints -n default', () => ['describe', 'endpoints', 'web', '-n', 'default']],
  ];

  it.each(cases)('%s', async (_title, argv) => {
    const args = argv();
    const [{ status, json }, reference] = await Promise.all([
      exec('alpha', ['kubectl', ...args]),
      kubectl(stack.kubeconfig, args),
    ]);
    expect(status).toBe(200);
    expect(reference.exitCode).toBe(0);
    expect(json.status).toBe('succeeded');
    expect(json.exitCode).toBe(0);
    // The agent reports the canonical argv it ran (e.g. deploy → deployments.apps).
    const decision = evaluate(args);
    expect(decision.allowed && decision.argv).toEqual(json.command);
    // A terminal shows kubectl's stdout and its notices on stderr ("No resources found …").
    expect(json.output).toBe(reference.stdout + reference.stderr);
    expect(json.error).toBeNull();
    expect(json.outputBytes).toBe(Buffer.byteLength(json.output));
  });

  it('a string command is split with shell quoting and gives the same output', async () => {
    const [{ json }, reference] = await Promise.all([
      exec('alpha', `kubectl get pods -n 'default' -l "app=web"`),
      kubectl(stack.kubeconfig, ['get', 'pods', '-n', 'default', '-l', 'app=web']),
    ]);
    expect(json.output).toBe(reference.stdout);
  });

  it('a missing pod fails as kubectl words it, with HTTP 200', async () => {
    const [{ status, json }, reference] = await Promise.all([
      exec('alpha', 'get pod missing-pod'),
      kubectl(stack.kubeconfig, ['get', 'pod', 'missing-pod']),
    ]);
    expect(status).toBe(200);
    expect(reference.exitCode).toBe(1);
    expect(json).toMatchObject({ status: 'failed', exitCode: 1, output: reference.stdout });
    expect(json.error).toBe('Error from server (NotFound): pods "missing-pod" not found');
    expect(json.error).toBe(reference.stderr.trimEnd());
  });
});

describe('names resolve with the discovery the agent reported', () => {
  it('a custom resource the built-in table does not know is allowed and matches kubectl', async () => {
    expect(evaluate(['get', 'widgets', '-n', 'platform']).allowed).toBe(false);
    const [{ status, json }, reference] = await Promise.all([
      exec('alpha', 'get widgets -n platform'),
      kubectl(stack.kubeconfig, ['get', 'widgets', '-n', 'platform']),
    ]);
    expect(status).toBe(200);
    expect(reference.exitCode).toBe(0);
    expect(json.output).toBe(reference.stdout + reference.stderr);
  });
});

describe('the policy refuses before anything is queued', () => {
  const denied: Array<[string | string[], number, string]> = [
    ['delete pod x', 403, 'command_denied'],
    ['exec web-1 -- sh', 403, 'command_denied'],
    [['exec', 'web-1', '--', 'sh'], 403, 'command_denied'],
    ['get secrets', 403, 'command_denied'],
    ['get secret/db-password -o yaml', 403, 'command_denied'],
    ['get pods --kubeconfig=/x', 403, 'command_denied'],
    ['get pods --token abcdef', 403, 'command_denied'],
    ["get pods -o 'go-template={{.}}'", 403, 'command_denied'],
    ['get pods -o go-template={{.}}', 400, 'invalid_request'],
    ['get pods; rm -rf /', 400, 'invalid_request'],
    ['get pods | sh', 400, 'invalid_request'],
    ['get pods $(id)', 400, 'invalid_request'],
  ];

  it.each(denied)('%j → %i %s', async (command, status, code) => {
    // beta has no agent: a command that got past the policy would be queued there (or 503).
    const before = await store.commands.queueLength('beta');
    const res = await exec('beta', command);
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
    expect(res.json.error.message.length).toBeGreaterThan(0);
    expect(await store.commands.queueLength('beta')).toBe(before);
  });

  it('invalid bodies get invalid_request and an exact error shape', async () => {
    for (const body of [
      'not json',
      '{"command":""}',
      '{"command":[]}',
      '{"command":"get pods","extra":1}',
      '{"command":"get pods","timeoutSeconds":301}',
    ]) {
      const res = await stack.call('POST', '/v1/clusters/alpha/exec', body);
      expect(res.status).toBe(400);
      expect(Object.keys(res.json)).toEqual(['error']);
      expect(res.json.error.code).toBe('invalid_request');
    }
  });

  it('bodies over 64 KiB get payload_too_large', async () => {
    const res = await stack.call('POST', '/v1/clusters/alpha/exec', {
      command: 'get pods',
      pad: 'x'.repeat(70_000),
    });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('payload_too_large');
  });

  it('an unknown cluster is cluster_not_found', async () => {
    const res = await exec('gamma', 'get pods');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('cluster_not_found');
  });
});

describe('credentials', () => {
  it('a missing, malformed or wrong key is 401 and the token is never echoed', async () => {
    const wrong = 'wrong-key-0123456789abcdef';
    for (const token of [null, wrong, stack.agentTokens.alpha!]) {
      const res = await stack.call('GET', '/v1/clusters', undefined, token);
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('unauthenticated');
      expect(JSON.stringify(res.json)).not.toContain(wrong);
    }
    const res = await fetch(`${stack.apiUrl}/v1/clusters`, {
      headers: { authorization: 'Basic abc' },
    });
    expect(res.status).toBe(401);
  });

  it('an API key cannot poll as an agent', async () => {
    const res = await stack.call('GET', '/v1/agent/commands', undefined, stack.apiKey);
    expect(res.status).toBe(401);
  });

  it("cluster A's agent cannot post a result for cluster B's command; the first result wins", async () => {
    // Make beta look connected by polling once with its token, then queue a command for it.
    const poll = await stack.call(
      'GET',
      '/v1/agent/commands?wait=0',
      undefined,
      stack.agentTokens.beta,
    );
    expect(poll.status).toBe(200);
    const queued = await stack.call('POST', '/v1/clusters/beta/commands', {
      command: 'get pods',
      timeoutSeconds: 20,
    });
    expect(queued.status).toBe(202);
    expect(queued.json.status).toBe('queued');
    const id: string = queued.json.id;

    const result = {
      status: 'succeeded',
      exitCode: 0,
      output: 'forged\n',
      error: null,
      truncated: false,
      outputBytes: 7,
      redactions: 0,
      durationMs: 1,
      command: ['get', 'pods'],
    };
    const forged = await stack.call(
      'POST',
      `/v1/agent/commands/${id}/result`,
      result,
      stack.agentTokens.alpha,
    );
    expect(forged.status).toBe(403);
    expect(forged.json.error.code).toBe('forbidden');
    expect((await stack.call('GET', `/v1/commands/${id}`)).json.status).toBe('queued');

    const claimed = await stack.call(
      'GET',
      '/v1/agent/commands?wait=0',
      undefined,
      stack.agentTokens.beta,
    );
    expect(claimed.json.commands.map((c: { id: string }) => c.id)).toContain(id);
    const first = await stack.call(
      'POST',
      `/v1/agent/commands/${id}/result`,
      { ...result, output: 'real\n', outputBytes: 5 },
      stack.agentTokens.beta,
    );
    expect(first.status).toBe(204);
    const second = await stack.call(
      'POST',
      `/v1/agent/commands/${id}/result`,
      result,
      stack.agentTokens.beta,
    );
    expect(second.status).toBe(409);
    const read = await stack.call('GET', `/v1/commands/${id}`);
    expect(read.json).toMatchObject({
      id,
      clusterId: 'beta',
      status: 'succeeded',
      output: 'real\n',
    });
  });
});

describe('availability', () => {
  it('no result in time is 504 timeout carrying commandId, and the command can be read later', async () => {
    await stack.call('GET', '/v1/agent/commands?wait=0', undefined, stack.agentTokens.beta);
    const res = await exec('beta', 'get pods', { timeoutSeconds: 1 });
    expect(res.status).toBe(504);
    expect(res.json.error.code).toBe('timeout');
    expect(res.json.commandId).toEqual(expect.any(String));
    const later = await stack.call('GET', `/v1/commands/${res.json.commandId}`);
    expect(later.status).toBe(200);
    expect(later.json.id).toBe(res.json.commandId);
  });

  it('an unknown command id is 404 command_not_found', async () => {
    const res = await stack.call('GET', '/v1/commands/0123456789abcdef');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('command_not_found');
  });

  it('the health and readiness probes answer', async () => {
    expect((await stack.call('GET', '/healthz', undefined, null)).json).toEqual({ status: 'ok' });
    expect((await stack.call('GET', '/readyz', undefined, null)).status).toBe(200);
  });

  it("the agent chart's liveness probe passes on the live agent's heartbeat and fails on a stale one", () => {
    const chart = readFileSync(
      join(REPO_ROOT, 'deploy/helm/porthole-agent/templates/deployment.yaml'),
      'utf8',
    );
    const script = JSON.parse(/- -e\n\s+- ("process\.exit[^\n]+")/.exec(chart)![1]!) as string;
    const probe = (file: string) => {
      try {
        execFileSync(process.execPath, ['-e', script, file], { stdio: 'ignore' });
        return 0;
      } catch (err) {
        return (err as { status: number }).status;
      }
    };
    expect(probe(heartbeat)).toBe(0);
    const stale = `${heartbeat}.stale`;
    execFileSync('cp', [heartbeat, stale]);
    utimesSync(stale, new Date(Date.now() - 180_000), new Date(Date.now() - 180_000));
    expect(probe(stale)).toBe(1);
    expect(probe(`${heartbeat}.missing`)).toBe(1);
  });

  it('kube-sim received nothing but GET', () => {
    const requests = stack.kubeRequests();
    // The agent's reads (and the reference kubectl's) are all there…
    expect(requests.length).toBeGreaterThan(20);
    expect(requests.some((r) => r.path === '/api/v1/namespaces/default/pods')).toBe(true);
    // …and not one of them is anything but a GET.
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  const connected = async (id: string): Promise<boolean> =>
    (await stack.call('GET', '/v1/clusters')).json.clusters.find((c: { id: string }) => c.id === id)
      .connected;

  it('an agent holding a long poll stays connected past the offline window', async () => {
    // What is tested is time passing: a window and a half with no command, so only the held
    // connection can keep the agent connected.
    await new Promise((r) => setTimeout(r, 1.5 * OFFLINE_AFTER_SECONDS * 1000));
    expect(await connected('alpha')).toBe(true);
  });

  it('a stopped agent makes the cluster agent_unavailable once the offline window has passed', async () => {
    const agent = stack.agents.get('alpha')!;
    expect(await agent.stop()).toBe(0);
    // Disconnected once the window has passed since its last sign of life: wait for that.
    await expect.poll(() => connected('alpha'), { timeout: 30_000, interval: 100 }).toBe(false);
    const res = await exec('alpha', 'get pods');
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('agent_unavailable');
  });
});
