// The command stream as a raw client reads it: hello first, signed commands, credit, refusals.
import { compactVerify, importSPKI } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../harness/stack.js';
import {
  isCommand,
  isPing,
  isStream,
  mustOpen,
  openStream,
  resultFor,
  type CommandLine,
  type RawStream,
} from './stream-client.js';

let stack: Stack;
const streams: RawStream[] = [];

beforeAll(async () => {
  // No agent process: every cluster here is served by the test's own streams.
  stack = await startStack({ clusters: ['alpha', 'burst', 'credit', 'idle', 'pair'] });
});
afterAll(async () => {
  for (const s of streams) s.close();
  await stack?.close();
});

const open = async (cluster: string, query = '') => {
  const s = await mustOpen(stack.apiUrl, stack.agentTokens[cluster]!, query);
  streams.push(s);
  return s;
};

/** Queues `argv` on `cluster` without waiting for its result. */
async function queue(cluster: string, argv: string[]): Promise<string> {
  const res = await stack.call('POST', `/v1/clusters/${cluster}/commands`, {
    command: argv,
    timeoutSeconds: 120,
  });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  return res.json.id as string;
}

describe('GET /v1/agent/stream', () => {
  it('says hello first, with the cluster of the token, the lease and the ping interval', async () => {
    const s = await open('idle', '?slots=1');
    expect(await s.next(10_000)).toEqual({
      type: 'hello',
      clusterId: 'idle',
      leaseMs: 15_000,
      pingMs: 10_000,
    });
  });

  it('pushes a queued command as {id, jws}; the JWS verifies with the API key and names it', async () => {
    const s = await open('alpha', '?slots=1');
    expect(await s.next(10_000)).toMatchObject({ type: 'hello', clusterId: 'alpha' });
    const argv = ['get', 'pods', '-n', 'default'];
    const id = await queue('alpha', argv);
    const [line] = (await s.readUntil(isCommand, 15_000)).filter(isCommand);
    expect(line).toEqual({ type: 'command', id, jws: expect.any(String) });
    // Nothing but id and jws travels: the agent acts on the verified claims alone.
    expect(Object.keys(line!).sort()).toEqual(['id', 'jws', 'type']);

    const key = await importSPKI(stack.publicKeyPem, 'EdDSA');
    const { payload, protectedHeader } = await compactVerify(line!.jws, key);
    expect(protectedHeader.alg).toBe('EdDSA');
    const claims = JSON.parse(new TextDecoder().decode(payload));
    expect(claims).toMatchObject({ jti: id, cluster: 'alpha', argv });
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
    // One changed signature character must not verify: the check above is a real one.
    const [head, body, sig] = line!.jws.split('.') as [string, string, string];
    const tampered = `${head}.${body}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    await expect(compactVerify(tampered, key)).rejects.toThrow();
  });

  it('holds at most `slots` unanswered commands; a stored result gives exactly one slot back', async () => {
    const s = await open('credit', '?slots=2');
    expect(await s.next(10_000)).toMatchObject({ type: 'hello', clusterId: 'credit' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await queue('credit', ['get', 'pods', '-n', `ns-${i}`]));

    // An idle stream pings only after PING_MS without a write: every command the API was
    // going to push with this credit comes before that ping.
    const first = (await s.readUntil(isPing, 30_000)).filter(isCommand);
    expect(first.map((c) => c.id)).toEqual(ids.slice(0, 2));
    const states = await Promise.all(
      ids.map(async (id) => (await stack.call('GET', `/v1/commands/${id}?wait=0`)).json.status),
    );
    expect(states).toEqual(['running', 'running', 'queued', 'queued', 'queued']);

    const answered = first[0]!;
    const posted = await stack.call(
      'POST',
      `/v1/agent/commands/${answered.id}/result`,
      resultFor(['get', 'pods', '-n', 'ns-0']),
      stack.agentTokens.credit,
    );
    expect(posted.status).toBe(204);
    const second: CommandLine[] = (await s.readUntil(isPing, 30_000)).filter(isCommand);
    expect(second.map((c) => c.id)).toEqual([ids[2]]);
    const after = await Promise.all(
      ids.map(async (id) => (await stack.call('GET', `/v1/commands/${id}?wait=0`)).json.status),
    );
    expect(after).toEqual(['succeeded', 'running', 'running', 'queued', 'queued']);
  }, 90_000);

  it('holds at most `slots` when submissions arrive together and their claims overlap', async () => {
    const s = await open('burst', '?slots=2');
    expect(await s.next(10_000)).toMatchObject({ type: 'hello', clusterId: 'burst' });
    const ids = await Promise.all(
      Array.from({ length: 6 }, (_, i) => queue('burst', ['get', 'pods', '-n', `ns-${i}`])),
    );
    const pushed = (await s.readUntil(isPing, 30_000)).filter(isCommand);
    expect(pushed).toHaveLength(2);
    expect(new Set(pushed.map((c) => c.id)).size).toBe(2);
    const states = await Promise.all(
      ids.map(async (id) => (await stack.call('GET', `/v1/commands/${id}?wait=0`)).json.status),
    );
    expect(states.filter((state) => state === 'running')).toHaveLength(2);
    expect(states.filter((state) => state === 'queued')).toHaveLength(4);
  }, 90_000);

  it('hands new commands straight to the streams with room, one slot each, and queues the rest', async () => {
    const [a, b] = [await open('pair', '?slots=1'), await open('pair', '?slots=1')];
    for (const s of [a, b]) expect(await s.next(10_000)).toMatchObject({ type: 'hello' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await queue('pair', ['get', 'pods', '-n', `ns-${i}`]));
    // Each stream pings after PING_MS without a write: all it was given comes before that.
    const [toA, toB] = await Promise.all(
      [a, b].map(async (s) => (await s.readUntil(isPing, 30_000)).filter(isCommand)),
    );
    expect([...toA!, ...toB!].map((c) => c.id).sort()).toEqual(ids.slice(0, 2).sort());
    expect([toA!.length, toB!.length]).toEqual([1, 1]);
    const states = await Promise.all(
      ids.map(async (id) => (await stack.call('GET', `/v1/commands/${id}?wait=0`)).json.status),
    );
    expect(states).toEqual(['running', 'running', 'queued']);
  }, 90_000);

  it('refuses a request without an agent token (401), or with a client key', async () => {
    const none = await openStream(stack.apiUrl, null, '?slots=1');
    expect(isStream(none)).toBe(false);
    expect(none).toMatchObject({ status: 401, json: { error: { code: 'unauthenticated' } } });
    const client = await openStream(stack.apiUrl, stack.apiKey, '?slots=1');
    expect(isStream(client)).toBe(false);
    expect(client).toMatchObject({ status: 401, json: { error: { code: 'unauthenticated' } } });
  });

  it.each(['0', '999', 'abc', '-1', '1.5', '65'])('refuses slots=%s with 400', async (slots) => {
    const refused = await openStream(stack.apiUrl, stack.agentTokens.idle!, `?slots=${slots}`);
    expect(isStream(refused)).toBe(false);
    expect(refused).toMatchObject({ status: 400, json: { error: { code: 'invalid_request' } } });
    expect((refused as { json: any }).json.error.message).toMatch(/slots/);
  });
});
