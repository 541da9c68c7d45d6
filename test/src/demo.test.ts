// The README's first command: `npm run demo` serves the product, its printed commands work, and Ctrl-C is quiet.
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startProcess, type Proc } from './harness/process.js';

const run = promisify(execFile);

let demo: Proc;
let stderr = '';
let url: string;
let key: string;
let adminKey: string;
let metricsUrl: string;
let kubeUrl: string;

beforeAll(async () => {
  demo = startProcess(['test/dist/demo.js'], {
    PORTHOLE_PORT: '0',
    PORTHOLE_METRICS_PORT: '0',
    LOG_LEVEL: undefined,
  });
  demo.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const banner = await demo.waitFor(/listening on http/);
  url = /listening on (http:\/\/\S+)/.exec(banner)![1]!;
  kubeUrl = /kube-sim at (https:\/\/[^\s)]+)/.exec(banner)![1]!;
  key = /^API key: (\S+)$/.exec(await demo.waitFor(/^API key: /))![1]!;
  adminKey = /^Admin key: (\S+)$/.exec(await demo.waitFor(/^Admin key: /))![1]!;
  metricsUrl = /^Metrics: (\S+)$/.exec(await demo.waitFor(/^Metrics: /))![1]!;
  await demo.waitFor(/Ctrl-C to stop/);
}, 120_000);
afterAll(async () => {
  await demo.stop();
});

const call = async (path: string, body?: unknown, bearer = key) => {
  const res = await fetch(url + path, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as any };
};

/** The banner's lines under "Try", as a user pastes them into a shell. */
const tryLines = () => {
  const lines = demo.output().split('\n');
  const start = lines.findIndex((line) => line.startsWith('Try'));
  return lines.slice(start + 1, lines.indexOf('', start)).map((line) => line.trim());
};

it('prints the keys, the metrics URL and what the agent discovered', () => {
  expect(key).toMatch(/^demo_/);
  expect(adminKey).not.toBe(key);
  expect(demo.output()).toMatch(
    /^Discovery: \d+ resource types reported by the agent, custom: widgets\.example\.com$/m,
  );
});

it('lists the simulated cluster as connected', { timeout: 90_000 }, async () => {
  // The agent connects after the banner: wait for it, however slow the machine.
  await expect
    .poll(async () => (await call('/v1/clusters')).json.clusters[0]?.connected, {
      timeout: 80_000,
      interval: 100,
    })
    .toBe(true);
});

it('shows the agent’s health: the simulated cluster answers', { timeout: 90_000 }, async () => {
  await expect
    .poll(async () => (await call('/v1/clusters')).json.clusters[0]?.health?.kubeReachable, {
      timeout: 80_000,
      interval: 100,
    })
    .toBe(true);
});

it('each printed command works as printed, in a shell', { timeout: 120_000 }, async () => {
  const [exportLine, ...curls] = tryLines();
  expect(exportLine).toBe(`export KEY=${key} ADMIN_KEY=${adminKey}`);
  expect(curls).toHaveLength(6);
  const shell = async (line: string) =>
    (await run('sh', ['-c', `${exportLine}\n${line}`], { timeout: 90_000 })).stdout;
  const [clusters, pods, widgets, write, audit, metrics] = curls as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  expect(JSON.parse(await shell(clusters)).clusters[0].id).toBe('demo');
  expect(JSON.parse(await shell(pods)).output).toMatch(/^NAMESPACE +NAME +READY +STATUS/);
  // A custom resource, resolved through the discovery the agent reported.
  const got = JSON.parse(await shell(widgets));
  expect(got).toMatchObject({ status: 'succeeded', command: ['get', 'widgets.example.com', '-A'] });
  expect(got.output).toMatch(/^NAMESPACE +NAME +SIZE/);
  expect(JSON.parse(await shell(write)).error.code).toBe('command_denied');
  // The admin key reads the audit trail, which holds the refused write.
  const events = JSON.parse(await shell(audit)).events as { event_type: string }[];
  expect(events.map((e) => e.event_type)).toContain('unauthorized_command_attempt');
  expect(await shell(metrics)).toMatch(/^porthole_commands_total\{/m);
});

it('the API key is not an admin key', async () => {
  expect((await call('/v1/audit?limit=1')).status).toBe(403);
  expect((await call('/v1/audit?limit=1', undefined, adminKey)).status).toBe(200);
});

it(
  'prints an MCP client configuration that an MCP client can use as it is',
  { timeout: 60_000 },
  async () => {
    const lines = demo.output().split('\n');
    const start = lines.findIndex((line) => line.startsWith('MCP client configuration'));
    const end = lines.indexOf('', start);
    const config = JSON.parse(lines.slice(start + 1, end).join('\n')) as {
      mcpServers: { porthole: { type: string; url: string; headers: Record<string, string> } };
    };
    const server = config.mcpServers.porthole;
    expect(server).toEqual({
      type: 'http',
      url: `${url}/mcp`,
      headers: { Authorization: `Bearer ${key}` },
    });
    const client = new Client({ name: 'demo-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: server.headers },
      }),
    );
    try {
      const result = await client.callTool({ name: 'list_clusters', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ clusters: [{ id: 'demo' }] });
    } finally {
      await client.close();
    }
    expect(demo.output()).toContain(`claude mcp add --transport http porthole ${url}/mcp`);
  },
);

/** Whether anything still accepts connections at the URL's port. */
const listening = (address: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(address);
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

// Last: it ends the demo.
it(
  'Ctrl-C stops it quietly: exit 0, nothing on stderr, every listener closed',
  { timeout: 90_000 },
  async () => {
    for (const address of [url, metricsUrl, kubeUrl]) expect(await listening(address)).toBe(true);
    const before = demo.output().length;
    const stderrBefore = stderr.length;
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    expect(stderr.slice(stderrBefore)).toBe('');
    const after = demo.output().slice(before);
    expect(after).not.toMatch(/Error|at .+:\d+:\d+/);
    // Anything printed at shutdown is a JSON log line, never plain text.
    for (const line of after.split('\n').filter((l) => l.length > 0))
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    for (const address of [url, metricsUrl, kubeUrl]) expect(await listening(address)).toBe(false);
  },
);
