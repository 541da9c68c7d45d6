// MCP across real processes: the official SDK client over Streamable HTTP against the API process,
// with agents, Redis and kube-sim running; the real kubectl v1.35 is the reference for output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { kubectl } from '../harness/kubectl.js';
import { startStack, type Stack } from '../harness/stack.js';

let stack: Stack;
const clients: Client[] = [];

beforeAll(async () => {
  // gamma is registered but no agent ever polls for it: the offline cluster of the fleet.
  stack = await startStack({ clusters: ['alpha', 'beta', 'gamma'] });
  await Promise.all([stack.startAgent('alpha'), stack.startAgent('beta')]);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack?.close();
});

const CLIENT_INFO = { name: 'porthole-e2e', version: '4.5.6' };

async function connect(token = stack.apiKey): Promise<Client> {
  const client = new Client(CLIENT_INFO);
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${stack.apiUrl}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(client);
  // As a host does: the client then validates every structuredContent against the tool's schema.
  await client.listTools();
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The first content block: kubectl's output, exactly. */
const outputOf = (result: CallToolResult) => {
  const first = result.content[0];
  if (first?.type !== 'text') throw new Error('no text content');
  return first.text;
};
const textOf = (result: CallToolResult) =>
  result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

it('tools/list shows the six read-only tools', { timeout: 15_000 }, async () => {
  const client = await connect();
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual([
    'check_command',
    'describe_access',
    'kubectl',
    'kubectl_fleet',
    'list_clusters',
    'read_output',
  ]);
  for (const tool of tools) {
    expect(tool.annotations?.readOnlyHint).toBe(true);
    expect(tool.annotations?.destructiveHint).toBe(false);
    expect(tool.outputSchema?.type).toBe('object');
  }
});

it('401 without a key, with WWW-Authenticate, before any MCP', { timeout: 10_000 }, async () => {
  const res = await fetch(`${stack.apiUrl}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toBe('Bearer');
  expect(await res.json()).toEqual({
    error: { code: 'unauthenticated', message: expect.any(String) },
  });
});

describe('kubectl', () => {
  it('get pods -n default is what kubectl prints', { timeout: 20_000 }, async () => {
    const client = await connect();
    const [result, reference] = await Promise.all([
      call(client, 'kubectl', { cluster: 'alpha', command: 'get pods -n default' }),
      kubectl(stack.kubeconfig, ['get', 'pods', '-n', 'default']),
    ]);
    expect(result.isError).toBeFalsy();
    expect(outputOf(result)).toBe(reference.stdout);
    expect(result.structuredContent).toMatchObject({
      status: 'succeeded',
      exitCode: 0,
      command: ['get', 'pods', '-n', 'default'],
      truncated: false,
      nextCursor: null,
      commandId: expect.any(String),
    });
    // The command ran, and its end is audited as an MCP call, long after the request is gone.
    const { commandId } = result.structuredContent as { commandId: string };
    await expect
      .poll(
        async () =>
          (
            await stack.call(
              'GET',
              '/v1/audit?type=command_executed&clusterId=alpha',
              undefined,
              stack.adminKey,
            )
          ).json.events,
        { timeout: 10_000, interval: 50 },
      )
      .toContainEqual(
        expect.objectContaining({
          command_id: commandId,
          outcome: 'success',
          details: expect.objectContaining({ via: 'mcp', client_name: CLIENT_INFO.name }),
        }),
      );
  });

  it(
    'a denial is isError with the rule, message and suggestion, audited via mcp',
    { timeout: 20_000 },
    async () => {
      const client = await connect();
      const result = await call(client, 'kubectl', { cluster: 'alpha', command: 'get pods -w' });
      expect(result.isError).toBe(true);
      expect(result.structuredContent).toMatchObject({
        status: 'denied',
        error: {
          code: 'command_denied',
          rule: 'flag',
          suggestion: 'run it without -w; Porthole returns one snapshot: get pods',
        },
      });
      expect(textOf(result)).toContain(
        'suggestion: run it without -w; Porthole returns one snapshot: get pods',
      );
      // The audit store is written after the answer: wait for the event to land.
      await expect
        .poll(
          async () =>
            (
              await stack.call(
                'GET',
                '/v1/audit?type=unauthorized_command_attempt&clusterId=alpha',
                undefined,
                stack.adminKey,
              )
            ).json.events,
          { timeout: 10_000, interval: 50 },
        )
        .toContainEqual(
          expect.objectContaining({
            details: expect.objectContaining({
              via: 'mcp',
              client_name: CLIENT_INFO.name,
              client_version: CLIENT_INFO.version,
            }),
          }),
        );
    },
  );

  it(
    'an output over 500 KB comes back whole, page by page, through read_output',
    { timeout: 45_000 },
    async () => {
      const client = await connect();
      const command = 'get pods,events -A -o json';
      // The reference: the same command over HTTP, without a budget (the whole output).
      const whole = await stack.call('POST', '/v1/clusters/alpha/exec', { command });
      expect(whole.status).toBe(200);
      expect(whole.json.truncated).toBe(false);
      expect(Buffer.byteLength(whole.json.output)).toBeGreaterThan(500_000);

      const first = await call(client, 'kubectl', { cluster: 'alpha', command });
      expect(first.isError).toBeFalsy();
      const { commandId } = first.structuredContent as { commandId: string };
      let cursor = (first.structuredContent as { nextCursor: string | null }).nextCursor;
      const pages = [outputOf(first)];
      expect(cursor).not.toBeNull();
      // The note tells a model how to go on.
      expect(textOf(first)).toContain('call read_output with');
      while (cursor !== null) {
        const next = await call(client, 'read_output', { commandId, cursor, maxBytes: 200_000 });
        expect(next.isError).toBeFalsy();
        pages.push(outputOf(next));
        cursor = (next.structuredContent as { nextCursor: string | null }).nextCursor;
      }
      expect(pages.length).toBeGreaterThan(3);
      expect(pages.join('')).toBe(whole.json.output);
    },
  );
});

it('check_command: the verdict without running anything', { timeout: 10_000 }, async () => {
  const client = await connect();
  const allowed = await call(client, 'check_command', { command: 'get deploy -n default' });
  expect(allowed.structuredContent).toEqual({
    allowed: true,
    argv: ['get', 'deployments.apps', '-n', 'default'],
  });
  const denied = await call(client, 'check_command', { command: 'delete pod x', cluster: 'alpha' });
  expect(denied.structuredContent).toMatchObject({ allowed: false, rule: 'verb' });
  expect(denied.content[0]).toMatchObject({
    text: expect.stringMatching(/^denied \(rule: verb\): /),
  });
});

it(
  'kubectl_fleet: one section per cluster, the offline one with its error',
  { timeout: 20_000 },
  async () => {
    const client = await connect();
    const result = await call(client, 'kubectl_fleet', {
      clusters: ['alpha', 'beta', 'gamma'],
      command: 'get ns',
    });
    expect(result.isError).toBeFalsy();
    const reference = await kubectl(stack.kubeconfig, ['get', 'ns']);
    const text = outputOf(result);
    for (const id of ['alpha', 'beta']) expect(text).toContain(`== ${id} ==\n${reference.stdout}`);
    expect(text).toMatch(/== gamma ==\nagent_unavailable: /);
    const { results } = result.structuredContent as {
      results: Array<{ clusterId: string; status: string; error: { code: string } | null }>;
    };
    expect(results.map((r) => [r.clusterId, r.status, r.error?.code ?? null]).sort()).toEqual([
      ['alpha', 'succeeded', null],
      ['beta', 'succeeded', null],
      ['gamma', 'error', 'agent_unavailable'],
    ]);
  },
);

it(
  'a namespace-scoped key cannot read outside its namespace through MCP',
  { timeout: 20_000 },
  async () => {
    const created = await stack.call(
      'POST',
      '/v1/admin/api-keys',
      { name: 'mcp-default-reader', namespaces: ['default'] },
      stack.adminKey,
    );
    expect(created.status).toBe(201);
    const client = await connect(created.json.key as string);
    for (const command of ['get pods -n kube-system', 'get pods -A']) {
      const result = await call(client, 'kubectl', { cluster: 'alpha', command });
      expect(result.isError).toBe(true);
      expect(result.structuredContent).toMatchObject({
        status: 'error',
        error: { code: 'forbidden' },
      });
    }
    const inside = await call(client, 'kubectl', {
      cluster: 'alpha',
      command: 'get pods -n default',
    });
    expect(inside.isError).toBeFalsy();
    const access = await call(client, 'describe_access', {});
    expect(access.structuredContent).toMatchObject({
      principal: 'mcp-default-reader',
      scopes: { namespaces: ['default'], admin: false },
    });
  },
);
