// The README's first command: `npm run demo` serves the product and its printed commands work.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startProcess, type Proc } from './harness/process.js';

let demo: Proc;
let url: string;
let key: string;

beforeAll(async () => {
  demo = startProcess(['test/dist/demo.js'], { PORTHOLE_PORT: '0' });
  url = /listening on (http:\/\/\S+)/.exec(await demo.waitFor(/listening on http/))![1]!;
  key = /API key: (\S+)/.exec(await demo.waitFor(/^API key: /))![1]!;
  await demo.waitFor(/Ctrl-C to stop/);
});
afterAll(async () => {
  expect(await demo.stop()).toBe(0);
});

const call = async (path: string, body?: unknown) => {
  const res = await fetch(url + path, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as any };
};

it('prints three ready-to-paste curl commands', () => {
  expect(demo.output().match(/^ {2}curl -s /gm)).toHaveLength(3);
});

it('lists the simulated cluster as connected', { timeout: 30_000 }, async () => {
  // The agent connects after the banner: wait for it, however slow the machine.
  await expect
    .poll(async () => (await call('/v1/clusters')).json.clusters[0]?.connected, {
      timeout: 25_000,
      interval: 50,
    })
    .toBe(true);
});

it(
  'prints an MCP client configuration that an MCP client can use as it is',
  { timeout: 30_000 },
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

it('answers a read and refuses a write', async () => {
  const read = await call('/v1/clusters/demo/exec', { command: 'get pods -A -o wide' });
  expect(read.status).toBe(200);
  expect(read.json.output).toMatch(/^NAMESPACE +NAME +READY +STATUS/);
  const write = await call('/v1/clusters/demo/exec', { command: 'delete pod web-1' });
  expect(write.status).toBe(403);
  expect(write.json.error.code).toBe('command_denied');
});
