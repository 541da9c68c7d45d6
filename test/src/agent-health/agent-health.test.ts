// Agent identity and health end to end, with real processes (redis-server, kube-sim, the API and
// agents): a kube-apiserver that goes away under a live agent shows in GET /v1/clusters and in
// porthole_agent_* and recovers; a PORTHOLE_CLUSTER_ID that disagrees with the token stops the
// agent before it starts or counts as connected; without one the agent serves its token's cluster.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../harness/stack.js';
import { startProcess, type Proc } from '../harness/process.js';

/** Cross-process waits: an agent reports every 10 s; a busy machine may take several turns. */
const WAIT = { timeout: 90_000, interval: 250 };

let stack: Stack;
let forwarder: Forwarder;
let forwardedKubeconfig: string;
const extra: Proc[] = [];

beforeAll(async () => {
  stack = await startStack({ clusters: ['alpha', 'beta', 'gamma'] });
  const line = stack.kubeSim.output().match(/kube-sim listening on (https:\/\/[^\s]+)/)?.[1];
  if (!line) throw new Error(`no kube-sim URL in:\n${stack.kubeSim.output()}`);
  const upstream = new URL(line);
  forwarder = new Forwarder(upstream.hostname, Number(upstream.port));
  await forwarder.start();
  // The same kube-sim (its CA, its token), reached through a port this test can close: kube-sim
  // makes a new CA and token whenever it starts, which the running agent could not trust.
  forwardedKubeconfig = join(stack.kubeconfig + '-forwarded');
  writeFileSync(
    forwardedKubeconfig,
    readFileSync(stack.kubeconfig, 'utf8').replaceAll(
      upstream.origin,
      `https://${upstream.hostname}:${forwarder.port}`,
    ),
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(extra.map((p) => p.stop()));
  await forwarder?.stop();
  await stack?.close();
});

interface ClusterView {
  id: string;
  connected: boolean;
  health: null | {
    kubeReachable: boolean;
    kubeErrors: number;
    lastKubeError: { message: string; at: string } | null;
    commands: number;
    version: string;
  };
}

async function clusterView(id: string): Promise<ClusterView> {
  const { status, json } = await stack.call('GET', '/v1/clusters');
  expect(status).toBe(200);
  return (json.clusters as ClusterView[]).find((c) => c.id === id) as ClusterView;
}

/** The value of a series of the API's /metrics, or null when it is absent. */
async function series(name: string, cluster: string): Promise<number | null> {
  const text = await stack.replica.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{cluster="${cluster}"}`));
  return line === undefined ? null : Number(line.split(' ').at(-1));
}

describe('a kube-apiserver that goes away under a live agent', () => {
  it('shows as unreachable with its error in GET /v1/clusters and /metrics, then recovers', async () => {
    await stack.startAgent('alpha', { KUBECONFIG: forwardedKubeconfig });
    await expect
      .poll(async () => (await clusterView('alpha')).health?.kubeReachable, WAIT)
      .toBe(true);
    const healthy = await clusterView('alpha');
    expect(healthy.health?.lastKubeError).toBeNull();
    expect(healthy.health?.version).toMatch(/^\d+\.\d+\.\d+/);
    await expect.poll(() => series('porthole_agent_kube_reachable', 'alpha'), WAIT).toBe(1);
    const { status, json } = await stack.call('POST', '/v1/clusters/alpha/exec', {
      command: 'get pods -n default',
    });
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json.status).toBe('succeeded');
    await expect
      .poll(() => series('porthole_agent_commands_total', 'alpha'), WAIT)
      .toBeGreaterThanOrEqual(1);

    await forwarder.stop();
    await expect
      .poll(async () => (await clusterView('alpha')).health?.kubeReachable, WAIT)
      .toBe(false);
    const down = await clusterView('alpha');
    // Still connected: the agent is there, its apiserver is not. Only the health says so.
    expect(down.connected).toBe(true);
    expect(down.health?.kubeErrors).toBeGreaterThanOrEqual(1);
    expect(down.health?.lastKubeError?.message).toContain('ECONNREFUSED');
    expect(Date.parse(down.health?.lastKubeError?.at ?? '')).not.toBeNaN();
    await expect.poll(() => series('porthole_agent_kube_reachable', 'alpha'), WAIT).toBe(0);
    expect(
      await series('porthole_agent_kube_last_error_age_seconds', 'alpha'),
    ).toBeGreaterThanOrEqual(0);
    expect(await series('porthole_agent_kube_errors_total', 'alpha')).toBeGreaterThanOrEqual(1);
    expect(await series('porthole_agent_connected', 'alpha')).toBe(1);
    const agent = stack.agents.get('alpha')!;
    expect(agent.output()).toMatch(
      /"kubeError":"[^"]*ECONNREFUSED[^"]*".*"msg":"the Kubernetes API does not answer"/,
    );

    await forwarder.start();
    await expect
      .poll(async () => (await clusterView('alpha')).health?.kubeReachable, WAIT)
      .toBe(true);
    await expect.poll(() => series('porthole_agent_kube_reachable', 'alpha'), WAIT).toBe(1);
    expect(agent.output()).toContain('"msg":"the Kubernetes API answers again"');
    const again = await stack.call('POST', '/v1/clusters/alpha/exec', {
      command: 'get pods -n default',
    });
    expect(again.json.status, JSON.stringify(again.json)).toBe('succeeded');
  }, 300_000);
});

describe('an agent whose PORTHOLE_CLUSTER_ID disagrees with its token', () => {
  it('exits non-zero with one line before it says started, and never counts as connected', async () => {
    const agent = startProcess(['agent/dist/main.js'], {
      PORTHOLE_API_URL: stack.apiUrl,
      PORTHOLE_CLUSTER_ID: 'beta',
      PORTHOLE_AGENT_TOKEN: stack.agentTokens.gamma,
      PORTHOLE_API_PUBLIC_KEY: stack.publicKeyPem,
      KUBECONFIG: stack.kubeconfig,
    });
    extra.push(agent);
    let stderr = '';
    agent.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    expect(await agent.exited, agent.output()).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([
      'porthole-agent: the agent token is for cluster gamma, not beta (PORTHOLE_CLUSTER_ID)',
    ]);
    expect(agent.output()).not.toContain('porthole-agent started');
    expect(agent.output()).not.toContain(stack.agentTokens.gamma);
    // It asked who its token is for, nothing more: no poll, no stream, no health.
    expect(await clusterView('gamma')).toMatchObject({ connected: false, health: null });
    expect(await series('porthole_agent_connected', 'gamma')).toBe(0);
    const audit = await stack.call(
      'GET',
      '/v1/audit?type=agent_connected&clusterId=gamma',
      undefined,
      stack.adminKey,
    );
    expect(audit.status).toBe(200);
    expect(audit.json.events).toEqual([]);
  }, 120_000);
});

describe('an agent whose token the API refuses', () => {
  it('says so in one JSON line before it starts, and waits minutes rather than exiting or looping', async () => {
    const token = `pha_unknown_${'x'.repeat(32)}`;
    const heartbeatFile = `${stack.kubeconfig}-heartbeat`;
    const agent = startProcess(['agent/dist/main.js'], {
      PORTHOLE_API_URL: stack.apiUrl,
      PORTHOLE_AGENT_TOKEN: token,
      PORTHOLE_HEARTBEAT_PATH: heartbeatFile,
      PORTHOLE_API_PUBLIC_KEY: stack.publicKeyPem,
      KUBECONFIG: stack.kubeconfig,
    });
    extra.push(agent);
    const line = JSON.parse(await agent.waitFor(/refused the agent token/, 90_000)) as Record<
      string,
      unknown
    >;
    expect(line).toMatchObject({ level: 'error', reason: 'unknown' });
    expect(line.msg).toMatch(/^the API refused the agent token \(unknown or invalid\): /);
    expect(agent.child.exitCode).toBeNull();
    expect(agent.output()).not.toContain('porthole-agent started');
    expect(agent.output()).not.toContain(token);
    // Waiting for a valid token on purpose: the liveness file says the agent is alive.
    await expect.poll(() => existsSync(heartbeatFile), WAIT).toBe(true);
    await agent.stop();
    expect(agent.output().match(/refused the agent token/g)).toHaveLength(1);
  }, 120_000);
});

describe('an agent without PORTHOLE_CLUSTER_ID', () => {
  it('learns its cluster from its token, connects and runs commands', async () => {
    const agent = startProcess(['agent/dist/main.js'], {
      PORTHOLE_API_URL: stack.apiUrl,
      PORTHOLE_AGENT_TOKEN: stack.agentTokens.beta,
      PORTHOLE_API_PUBLIC_KEY: stack.publicKeyPem,
      KUBECONFIG: stack.kubeconfig,
    });
    extra.push(agent);
    const started = await agent.waitFor(/porthole-agent started/, 90_000);
    expect(JSON.parse(started)).toMatchObject({ clusterId: 'beta' });
    await expect.poll(async () => (await clusterView('beta')).connected, WAIT).toBe(true);
    const { status, json } = await stack.call('POST', '/v1/clusters/beta/exec', {
      command: 'get pods -n default',
    });
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json.status).toBe('succeeded');
    await expect
      .poll(async () => (await clusterView('beta')).health?.commands ?? 0, WAIT)
      .toBeGreaterThanOrEqual(1);
    // Logs people and machines can read: every line of the agent and the API is one JSON object,
    // and an error in it is {type, message}, never pino's "type":"Object".
    for (const proc of [agent, stack.api, stack.agents.get('alpha')!]) {
      const lines = proc
        .output()
        .split('\n')
        .filter((l) => l.length > 0);
      expect(
        lines.filter((l) => !isJsonObject(l)),
        proc.child.spawnargs.join(' '),
      ).toEqual([]);
      expect(proc.output()).not.toContain('"type":"Object"');
    }
  }, 180_000);
});

function isJsonObject(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** A TCP port in front of kube-sim that can be closed (connections refused) and opened again. */
class Forwarder {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly host: string,
    private readonly upstreamPort: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.upstreamPort, this.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // The same port each time: the agent's kubeconfig names it.
      server.listen(this.port, this.host, () => resolve());
    });
    const address = server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}
