// /mcp in-process: the official SDK client over a fetch that calls app.fetch, an agent played by
// the test through the agent routes. The tools are the HTTP API seen through MCP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parseKeyList } from '../auth/static-keys.js';
import { ADMIN, ALPHA, KEY, json, startTestApi, type TestApi } from '../testing/harness.js';

let t: TestApi;
const open: Client[] = [];
beforeEach(async () => {
  t = await startTestApi();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await t.close();
});

const CLIENT = { name: 'test-client', version: '1.2.3' };

/** Requests the clients have sent and not had answered (the SDK opens its GET unawaited). */
const inflight = new Set<Promise<unknown>>();
const settled = () => Promise.allSettled([...inflight]);

async function connect(token: string, info: { name: string; version: string } = CLIENT) {
  const client = new Client(info);
  const transport = new StreamableHTTPClientTransport(new URL('http://porthole.test/mcp'), {
    fetch: (url, init) => {
      const answer = Promise.resolve(t.app.fetch(new Request(url, init)));
      inflight.add(answer);
      void answer.finally(() => inflight.delete(answer));
      return answer;
    },
    requestInit: {
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '198.51.100.7' },
    },
  });
  await client.connect(transport);
  open.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  // listTools first, as a model host does: the client then checks structuredContent against
  // each tool's output schema, errors included.
  await client.listTools();
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

const textOf = (result: CallToolResult) =>
  result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

/** Plays alpha's agent for one command: waits for it, answers with `output`. */
async function agentAnswers(output: string, extra: Record<string, unknown> = {}) {
  const poll = await t.req('GET', '/v1/agent/commands?wait=5', ALPHA);
  const { commands } = await json(poll);
  expect(commands).toHaveLength(1);
  const command = commands[0];
  const res = await t.req('POST', `/v1/agent/commands/${command.id}/result`, ALPHA, {
    status: 'succeeded',
    exitCode: 0,
    output,
    error: null,
    truncated: false,
    outputBytes: Buffer.byteLength(output),
    redactions: 0,
    durationMs: 3,
    command: command.argv,
    ...extra,
  });
  expect(res.status).toBe(204);
  return command as { id: string; argv: string[] };
}

const alphaOnline = async () =>
  expect((await t.req('GET', '/v1/agent/commands?wait=0', ALPHA)).status).toBe(200);

const TOOLS = [
  'check_command',
  'describe_access',
  'kubectl',
  'kubectl_fleet',
  'list_clusters',
  'read_output',
];

describe('tools/list', () => {
  it('lists the six tools, read-only, each with input and output schemas', async () => {
    const client = await connect(KEY);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
      });
      expect(tool.description?.length).toBeGreaterThan(20);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
    }
    const kubectl = tools.find((tool) => tool.name === 'kubectl')!;
    expect(kubectl.inputSchema.required?.sort()).toEqual(['cluster', 'command']);
    expect(Object.keys(kubectl.inputSchema.properties ?? {}).sort()).toEqual([
      'cluster',
      'command',
      'maxOutputBytes',
      'timeoutSeconds',
    ]);
    for (const field of [
      'status',
      'exitCode',
      'command',
      'truncated',
      'redactions',
      'commandId',
      'nextCursor',
    ])
      expect(kubectl.outputSchema?.properties).toHaveProperty(field);
    // The descriptions name what the policy allows and warn that output is data.
    expect(kubectl.description).toContain('get, describe, logs');
    expect(kubectl.description).toContain('not instructions');
    expect(kubectl.description).toContain('grep');
  });
});

describe('authentication', () => {
  it('no credential: 401 with WWW-Authenticate and the API error body, before any MCP', async () => {
    const init = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: CLIENT },
    };
    const presented: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer not-a-key-0123456789' },
    ];
    for (const headers of presented) {
      const res = await t.app.request('/mcp', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body: JSON.stringify(init),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await json(res)).toEqual({
        error: { code: 'unauthenticated', message: expect.any(String) },
      });
    }
    expect(t.audits('authentication_failure')).toHaveLength(2);
  });

  it('the SDK client fails to connect without a valid key', async () => {
    await expect(connect('not-a-key-0123456789')).rejects.toMatchObject({ code: 401 });
  });

  it('GET and DELETE are 405 for a valid key (stateless: no stream, no session)', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await t.req(method, '/mcp', KEY, undefined, { accept: 'text/event-stream' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    }
  });

  it('a body over 64 KiB is 413 like on every other route', async () => {
    const res = await t.req('POST', '/mcp', KEY, 'x'.repeat(70 * 1024), {
      accept: 'application/json, text/event-stream',
    });
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe('payload_too_large');
  });
});

describe('kubectl', () => {
  it('runs the command and returns kubectl output as text, the outcome as structured content', async () => {
    await alphaOnline();
    const client = await connect(KEY);
    const pending = call(client, 'kubectl', { cluster: 'alpha', command: 'get pods -n default' });
    const command = await agentAnswers('NAME    READY\nweb-1   1/1\n');
    const result = await pending;
    expect(result.isError).toBeFalsy();
    expect(result.content).toEqual([{ type: 'text', text: 'NAME    READY\nweb-1   1/1\n' }]);
    expect(result.structuredContent).toEqual({
      status: 'succeeded',
      exitCode: 0,
      command: ['get', 'pods', '-n', 'default'],
      truncated: false,
      redactions: 0,
      commandId: command.id,
      nextCursor: null,
      outputBytes: 26,
      error: null,
    });
  });

  it('a kubectl failure is the output and kubectl’s error, not a tool error', async () => {
    await alphaOnline();
    const client = await connect(KEY);
    const pending = call(client, 'kubectl', { cluster: 'alpha', command: 'get pod nope' });
    const error = 'Error from server (NotFound): pods "nope" not found';
    await agentAnswers('', { status: 'failed', exitCode: 1, error });
    const result = await pending;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe(`${error}\n`);
    expect(result.structuredContent).toMatchObject({ status: 'failed', exitCode: 1 });
  });

  it('a denial is isError with the message and suggestion, and fits the output schema', async () => {
    const client = await connect(KEY);
    const result = await call(client, 'kubectl', { cluster: 'alpha', command: 'get pods -w' });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({
      status: 'denied',
      exitCode: null,
      commandId: null,
      error: {
        code: 'command_denied',
        message: expect.any(String),
        rule: 'flag',
        suggestion: 'run it without -w; Porthole returns one snapshot: get pods',
      },
    });
    expect(textOf(result)).toMatch(/^command_denied: .+/);
    expect(textOf(result)).toContain(
      'suggestion: run it without -w; Porthole returns one snapshot: get pods',
    );
    expect(await t.store.commands.queueLength('alpha')).toBe(0);
  });

  it('shell syntax is a denial too (invalid_request)', async () => {
    const client = await connect(KEY);
    const result = await call(client, 'kubectl', {
      cluster: 'alpha',
      command: 'get pods; rm -rf /',
    });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({
      status: 'denied',
      error: { code: 'invalid_request' },
    });
  });

  it('a timeout is isError with the commandId to read it by later', async () => {
    await alphaOnline();
    const client = await connect(KEY);
    const result = await call(client, 'kubectl', {
      cluster: 'alpha',
      command: 'get pods',
      timeoutSeconds: 1,
    });
    expect(result.isError).toBe(true);
    const { commandId } = result.structuredContent as { commandId: string };
    expect(commandId).toEqual(expect.any(String));
    expect(result.structuredContent).toMatchObject({ status: 'error', error: { code: 'timeout' } });
    expect(textOf(result)).toContain(`commandId: ${commandId}`);
  });

  it.each([
    ['beta', 'get pods', 'agent_unavailable'],
    ['nowhere', 'get pods', 'cluster_not_found'],
  ])('%s: %s → isError %s', async (cluster, command, code) => {
    const client = await connect(KEY);
    const result = await call(client, 'kubectl', { cluster, command });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ status: 'error', error: { code } });
    expect(textOf(result)).toMatch(new RegExp(`^${code}: `));
  });
});

describe('paging, fleet, policy and access', () => {
  it('read_output pages join into the whole output, byte for byte', async () => {
    await alphaOnline();
    const client = await connect(KEY);
    const lines = Array.from(
      { length: 120 },
      (_, i) => `pod-${i}   1/1   Running   ✓ ${'x'.repeat(i % 17)}\n`,
    );
    const whole = lines.join('');
    const pending = call(client, 'kubectl', {
      cluster: 'alpha',
      command: 'get pods -A',
      maxOutputBytes: 700,
    });
    const { id } = await agentAnswers(whole);
    const first = await pending;
    expect(first.structuredContent).toMatchObject({
      commandId: id,
      outputBytes: Buffer.byteLength(whole),
      nextCursor: expect.any(String),
    });
    expect(first.content[1]).toEqual({
      type: 'text',
      text: expect.stringContaining('call read_output with {"commandId":'),
    });
    const pages = [first.content[0]!.type === 'text' ? first.content[0]!.text : ''];
    let cursor = (first.structuredContent as { nextCursor: string | null }).nextCursor;
    while (cursor !== null) {
      const next = await call(client, 'read_output', { commandId: id, cursor, maxBytes: 500 });
      expect(next.isError).toBeFalsy();
      pages.push(next.content[0]!.type === 'text' ? next.content[0]!.text : '');
      cursor = (next.structuredContent as { nextCursor: string | null }).nextCursor;
    }
    expect(pages.length).toBeGreaterThan(4);
    expect(pages.join('')).toBe(whole);
  });

  it('read_output of a command that is not there is isError command_not_found', async () => {
    const client = await connect(KEY);
    const result = await call(client, 'read_output', {
      commandId: '0123456789abcdef',
      cursor: 'nope',
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^(command_not_found|invalid_request): /);
  });

  it('kubectl_fleet: a section per cluster, an offline one with its error', async () => {
    await alphaOnline();
    const client = await connect(KEY);
    const pending = call(client, 'kubectl_fleet', {
      clusters: ['alpha', 'beta'],
      command: 'get ns',
    });
    const { id } = await agentAnswers('NAME      STATUS\ndefault   Active\n');
    const result = await pending;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe(
      '== alpha ==\nNAME      STATUS\ndefault   Active\n\n' +
        '== beta ==\nagent_unavailable: no agent for cluster beta is connected\n',
    );
    expect(result.structuredContent).toEqual({
      results: [
        expect.objectContaining({ clusterId: 'alpha', status: 'succeeded', commandId: id }),
        expect.objectContaining({
          clusterId: 'beta',
          status: 'error',
          commandId: null,
          error: { code: 'agent_unavailable', message: expect.any(String) },
        }),
      ],
    });
  });

  it('kubectl_fleet: a denial is an error in each cluster’s section, with the suggestion', async () => {
    const client = await connect(KEY);
    const result = await call(client, 'kubectl_fleet', {
      clusters: ['alpha', 'beta'],
      command: 'logs web-1 -f',
    });
    const text = textOf(result);
    for (const id of ['alpha', 'beta'])
      expect(text).toMatch(
        new RegExp(`== ${id} ==\\ncommand_denied: .+\\nrule: flag\\nsuggestion: use --tail=N`),
      );
    expect(await t.store.commands.queueLength('alpha')).toBe(0);
  });

  it('check_command gives the verdict, argv, rule and suggestion, queues nothing', async () => {
    const client = await connect(KEY);
    const allowed = await call(client, 'check_command', { command: 'get deploy -n shop' });
    expect(allowed.isError).toBeFalsy();
    expect(allowed.structuredContent).toEqual({
      allowed: true,
      argv: ['get', 'deployments.apps', '-n', 'shop'],
    });
    expect(textOf(allowed)).toBe('allowed: kubectl get deployments.apps -n shop');
    const denied = await call(client, 'check_command', {
      command: 'get pods -w',
      cluster: 'alpha',
    });
    expect(denied.isError).toBeFalsy();
    expect(denied.structuredContent).toMatchObject({
      allowed: false,
      argv: null,
      rule: 'flag',
      suggestion: 'run it without -w; Porthole returns one snapshot: get pods',
    });
    expect(textOf(denied)).toMatch(/^denied \(rule: flag\): .+\nsuggestion: run it without -w/);
    expect(await t.store.commands.queueLength('alpha')).toBe(0);
    expect(
      await t.counter('porthole_unauthorized_commands_total', { cluster: 'alpha', rule: 'flag' }),
    ).toBe(0);
  });

  it('describe_access: principal, scopes and what the policy allows', async () => {
    const client = await connect(KEY);
    const result = await call(client, 'describe_access');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      principal: 'sre',
      credential: 'static_key',
      scopes: { clusters: null, namespaces: null, admin: false },
      pipeStages: expect.arrayContaining(['grep']),
      deniedResources: ['secrets'],
    });
    expect(Object.keys((result.structuredContent as { verbs: object }).verbs)).toContain('get');
    expect(textOf(result)).toMatch(/^principal: sre \(static_key\)\nclusters: all\n/);
  });
});

describe('scopes hold through MCP', () => {
  async function namespacedKey(): Promise<string> {
    const res = await t.req('POST', '/v1/admin/api-keys', ADMIN, {
      name: 'shop-reader',
      clusters: ['alpha'],
      namespaces: ['default'],
    });
    expect(res.status).toBe(201);
    return (await json(res)).key as string;
  }

  it('a namespace-scoped key cannot read outside its namespace', async () => {
    const key = await namespacedKey();
    await alphaOnline();
    const client = await connect(key);
    for (const command of ['get pods -n kube-system', 'get pods -A']) {
      const result = await call(client, 'kubectl', { cluster: 'alpha', command });
      expect(result.isError).toBe(true);
      expect(result.structuredContent).toMatchObject({ error: { code: 'forbidden' } });
    }
    const other = await call(client, 'kubectl', { cluster: 'beta', command: 'get pods' });
    expect(other.structuredContent).toMatchObject({ error: { code: 'forbidden' } });
    expect(await t.store.commands.queueLength('alpha')).toBe(0);
    // Inside its namespace it runs.
    const pending = call(client, 'kubectl', { cluster: 'alpha', command: 'get pods -n default' });
    await agentAnswers('No resources found in default namespace.\n');
    expect((await pending).isError).toBeFalsy();
  });

  it('list_clusters shows only the clusters the key may use', async () => {
    const client = await connect(await namespacedKey());
    const result = await call(client, 'list_clusters');
    expect(result.structuredContent).toEqual({
      clusters: [expect.objectContaining({ id: 'alpha' })],
    });
    expect(textOf(result)).toMatch(/^CLUSTER\s+CONNECTED/);
  });
});

describe('audit', () => {
  const kubectlDenied = async (client: Client) =>
    call(client, 'kubectl', { cluster: 'alpha', command: 'delete pod x' });

  it('events of an MCP call carry via "mcp" and the client name and version', async () => {
    const client = await connect(KEY);
    await kubectlDenied(client);
    const result = await call(client, 'kubectl', { cluster: 'beta', command: 'get pods' });
    expect(result.isError).toBe(true);
    const denied = t.audits('unauthorized_command_attempt');
    const unavailable = t.audits('command_executed');
    expect(denied).toHaveLength(1);
    expect(unavailable).toHaveLength(1);
    for (const event of [...denied, ...unavailable]) {
      expect(event).toMatchObject({
        principal: 'sre',
        source_ip: '198.51.100.7',
        details: { via: 'mcp', client_name: 'test-client', client_version: '1.2.3' },
      });
    }
  });

  it('the client name is bounded and scrubbed before it is recorded', async () => {
    const client = await connect(KEY, {
      name: `ghp_${'A1b2'.repeat(10)} ${'x'.repeat(300)}`,
      version: '9',
    });
    await kubectlDenied(client);
    const [event] = t.audits('unauthorized_command_attempt');
    const name = (event!.details as Record<string, string>).client_name!;
    expect(name.length).toBeLessThanOrEqual(65);
    expect(name).not.toContain('A1b2A1b2');
  });

  it('a forged via marker in headers is not honoured', async () => {
    const forged = {
      via: 'mcp',
      'x-porthole-via': 'mcp',
      porthole_via: '{"via":"mcp","client_name":"forged"}',
      'mcp-session-id': 'ph1.eyJuIjoiZm9yZ2VkIiwidiI6IjEifQ.x',
    };
    const res = await t.req(
      'POST',
      '/v1/clusters/alpha/exec',
      KEY,
      { command: 'delete pod x' },
      forged,
    );
    expect(res.status).toBe(403);
    const [event] = t.audits('unauthorized_command_attempt');
    expect(event!.details).not.toHaveProperty('via');
    expect(event!.details).not.toHaveProperty('client_name');
  });

  it('HTTP calls are not marked', async () => {
    await t.req('POST', '/v1/clusters/alpha/exec', KEY, { command: 'delete pod x' });
    const [event] = t.audits('unauthorized_command_attempt');
    expect(event!.details).not.toHaveProperty('via');
  });
});

describe('rate limits', () => {
  const bucket = `client:${parseKeyList(`sre:${KEY}`, 'K', false)[0]!.id}`;
  const remaining = async () => (await t.store.rates.peek(bucket, 1000, 60_000)).remaining;

  it('a tool call takes only the tokens of the API calls it makes', async () => {
    const client = await connect(KEY);
    await client.listTools();
    await settled();
    const before = await remaining();
    await client.callTool({ name: 'list_clusters', arguments: {} });
    expect(await remaining()).toBe(before - 1);
    // Protocol messages are not free: each takes one.
    await client.listTools();
    expect(await remaining()).toBe(before - 2);
  });

  it('a refusal for rate is a tool error, not a failed request', async () => {
    const client = await connect(KEY);
    await settled();
    await t.store.rates.consume(bucket, 1000, 60_000, await remaining());
    // Spent elsewhere (another replica) while this one last heard the key was far from its limit:
    // one more message goes ahead, counted in the background (auth/rate-views.ts); that count is
    // refused, and from then on every message waits for its count.
    await client.listTools();
    const result = (await client.callTool({
      name: 'list_clusters',
      arguments: {},
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^rate_limited: too many requests/);
    // Any other message is refused at the door, as an HTTP request would be.
    await expect(client.listTools()).rejects.toMatchObject({ code: 429 });
  });
});
