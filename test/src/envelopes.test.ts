// Signed envelopes across processes: an agent runs only what the API signed, for its cluster, once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, type Store } from '@porthole/store';
import type { CommandEnvelope } from '@porthole/protocol';
import { startProcess, type Proc } from './harness/process.js';
import { startStack, type Stack } from './harness/stack.js';

let stack: Stack;
let store: Store;

beforeAll(async () => {
  stack = await startStack({ clusters: ['alpha', 'beta', 'gamma'] });
  store = createRedisStore({ ...stack.redisTarget, keyPrefix: stack.redisPrefix });
  await stack.startAgent('alpha');
});
afterAll(async () => {
  await store?.close();
  await stack?.close();
});

const podReads = () => stack.kubeRequests().filter((r) => r.path.includes('/pods')).length;

/** A real, API-signed envelope for `cluster`, taken off its queue by polling with its token. */
async function signedEnvelope(cluster: string, command: string): Promise<CommandEnvelope> {
  await stack.call('GET', '/v1/agent/commands?wait=0', undefined, stack.agentTokens[cluster]);
  const queued = await stack.call('POST', `/v1/clusters/${cluster}/commands`, {
    command,
    timeoutSeconds: 60,
  });
  expect(queued.status).toBe(202);
  const poll = await stack.call(
    'GET',
    '/v1/agent/commands?wait=0',
    undefined,
    stack.agentTokens[cluster],
  );
  const envelope = poll.json.commands.find((c: CommandEnvelope) => c.id === queued.json.id);
  expect(envelope).toBeDefined();
  return envelope as CommandEnvelope;
}

describe('through Redis', () => {
  it('a command written straight into Redis without a valid signature is never executed', async () => {
    const before = podReads();
    const now = Date.now();
    const forged: CommandEnvelope = {
      id: 'forged-00000001',
      clusterId: 'alpha',
      argv: ['get', 'pods', '-n', 'default'],
      principal: 'mallory',
      createdAt: now,
      deadline: now + 20_000,
      maxOutputBytes: 1024,
      signature: 'eyJhbGciOiJFZERTQSJ9.e30.AAAA',
    };
    await store.commands.enqueue(forged);
    // The agent answers by the command's deadline, or the wait ends there with null.
    const result = await store.commands.waitForResult(forged.id, forged.deadline - Date.now());
    expect(result).toMatchObject({ status: 'failed', output: '' });
    expect(result!.error).toMatch(/refused the command envelope/);
    expect(podReads()).toBe(before);
    expect(stack.agents.get('alpha')!.output()).toMatch(/envelope_refused/);
  });
});

describe('against a rogue API that serves envelopes to a real agent', () => {
  let rogue: Server;
  let agent: Proc;
  const served: CommandEnvelope[][] = [];
  const results = new Map<string, { status: string; error: string | null; output: string }>();
  const arrived = new Map<string, () => void>();

  beforeAll(async () => {
    rogue = createServer((req, res) => {
      if (req.method === 'GET' && req.url?.startsWith('/v1/agent/commands')) {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ commands: served.shift() ?? [] }));
        return;
      }
      const match = /^\/v1\/agent\/commands\/([^/]+)\/result$/.exec(req.url ?? '');
      if (req.method === 'POST' && match) {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          const id = decodeURIComponent(match[1]!);
          // A replay carries the same id: keep every answer, in order.
          const key = results.has(id) ? `${id}#2` : id;
          results.set(key, JSON.parse(body));
          arrived.get(key)?.();
          res.writeHead(204).end();
        });
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => rogue.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(rogue.address() as AddressInfo).port}`;
    agent = startProcess(['agent/dist/main.js'], {
      PORTHOLE_API_URL: url,
      PORTHOLE_CLUSTER_ID: 'gamma',
      PORTHOLE_AGENT_TOKEN: stack.agentTokens.gamma,
      PORTHOLE_API_PUBLIC_KEY: stack.publicKeyPem,
      KUBECONFIG: stack.kubeconfig,
    });
    await agent.waitFor(/porthole-agent started/);
  });
  afterAll(async () => {
    await agent?.stop();
    rogue?.close();
  });

  /** The agent's answer for `key`, when it posts one (the test's timeout bounds the wait). */
  const answer = async (key: string) => {
    if (!results.has(key)) await new Promise<void>((resolve) => arrived.set(key, resolve));
    return results.get(key);
  };

  it('falls back to long polls against an API without the command stream', async () => {
    expect(await agent.waitFor(/falling back to long polls/)).toMatch(/older version/);
  });

  it('runs a genuine envelope once; a second delivery of it is dropped, never answered', async () => {
    const envelope = await signedEnvelope('gamma', 'get ns');
    served.push([envelope]);
    expect(await answer(envelope.id)).toMatchObject({ status: 'succeeded' });
    // Delivered again (a lapsed lease), then a marker: polls are served in order, so once the
    // marker is answered the copy has been seen.
    const marker = await signedEnvelope('gamma', 'get ns');
    served.push([envelope], [marker]);
    expect(await answer(marker.id)).toMatchObject({ status: 'succeeded' });
    expect(results.has(`${envelope.id}#2`)).toBe(false);
    expect(agent.output()).toMatch(/dropped a redelivered copy/);
  });

  it('refuses the same signed claims under another id', async () => {
    const envelope = await signedEnvelope('gamma', 'get ns');
    served.push([{ ...envelope, id: 'replayed-000001' }]);
    const result = await answer('replayed-000001');
    expect(result).toMatchObject({ status: 'failed' });
    expect(result!.error).toContain('claims name another command');
  });

  it('refuses an envelope the API signed for another cluster', async () => {
    const envelope = await signedEnvelope('beta', 'get ns');
    served.push([{ ...envelope, clusterId: 'gamma' }]);
    const result = await answer(envelope.id);
    expect(result).toMatchObject({ status: 'failed' });
    expect(result!.error).toContain('issued for another cluster');
  });

  it('runs the signed argv, never the unsigned one beside it', async () => {
    const envelope = await signedEnvelope('gamma', 'get ns');
    const tampered = { ...envelope, id: envelope.id, argv: ['get', 'secrets', '-A'] };
    served.push([tampered]);
    const result = await answer(envelope.id);
    expect(result).toMatchObject({ status: 'succeeded' });
    expect(result!.output).toMatch(/^NAME +STATUS +AGE/);
  });

  it('refuses an unsigned envelope', async () => {
    const envelope = await signedEnvelope('gamma', 'get ns');
    served.push([{ ...envelope, id: 'unsigned-0000001', signature: '' }]);
    const result = await answer('unsigned-0000001');
    expect(result).toMatchObject({ status: 'failed' });
  });
});
