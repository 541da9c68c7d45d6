// Results up the command stream, against a fake API on a real port: sent as a numbered line when
// the hello offers it, answered from the stream; posted instead when the line is too long, when
// the hello does not offer it, and when the stream ends before its answer.
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentResultPost, AgentStreamResults } from '@porthole/protocol';
import { ApiError, createApiClient, type ApiClient } from '../api-client.js';
import { readStream } from './stream.js';

const servers: http.Server[] = [];
/** Switched connections: the server's closeAllConnections does not know them. */
const switched: Socket[] = [];
const hangUp = () => {
  for (const socket of switched.splice(0)) socket.destroy();
};
afterEach(async () => {
  hangUp();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

const RESULT: AgentResultPost = {
  status: 'succeeded',
  exitCode: 0,
  output: 'pods: 5 €\n',
  error: null,
  truncated: false,
  outputBytes: 11,
  redactions: 0,
  durationMs: 3,
  command: ['get', 'pods'],
};
const HELLO = { type: 'hello', clusterId: 'alpha', leaseMs: 15_000, pingMs: 5_000 };
const SWITCHED =
  'HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: porthole-stream\r\n\r\n';

/** What the fake API does with each results line that comes up: answers it (or not). */
type OnLine = (batch: AgentStreamResults, socket: Socket) => void;

/**
 * A fake API: the stream switched with `hello`, results lines handed to `onLine`, and result
 * posts (one, or a batch) answered `stored` for each result (their ids kept in `posted`).
 */
async function startApi(hello: object, onLine: OnLine) {
  const lines: AgentStreamResults[] = [];
  const posted: string[] = [];
  const server = http.createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const single = /\/commands\/([^/]+)\/result$/.exec(req.url ?? '');
      if (single) {
        posted.push(single[1]!);
        res.writeHead(204).end();
        return;
      }
      const { results } = JSON.parse(body) as { results: Array<{ id: string }> };
      posted.push(...results.map((r) => r.id));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ outcomes: results.map((r) => ({ id: r.id, outcome: 'stored' })) }));
    });
  });
  server.on('upgrade', (_req: IncomingMessage, socket: Socket) => {
    switched.push(socket);
    socket.write(`${SWITCHED}${JSON.stringify(hello)}\n`);
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        const batch = JSON.parse(pending.slice(0, end)) as AgentStreamResults;
        pending = pending.slice(end + 1);
        lines.push(batch);
        onLine(batch, socket);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const api = createApiClient({
    apiUrl: `http://127.0.0.1:${port}`,
    token: 'agent-token',
    agentVersion: '1.2.3',
    kubernetesVersion: () => null,
  });
  return { api, lines, posted };
}

/** Opens the stream as the agent does; resolves once the hello is read, and when it ends. */
async function openStream(api: ApiClient) {
  let greeted!: () => void;
  const hello = new Promise<void>((resolve) => (greeted = resolve));
  const res = await api.openStream(3, 'inst-1', new AbortController().signal, true);
  const ended = readStream(
    res,
    {
      hello: () => greeted(),
      command: () => undefined,
      alive: () => undefined,
      uplink: (uplink) => api.useUplink(uplink),
    },
    { helloTimeoutMs: 10_000, now: () => Date.now() },
  );
  await hello;
  return { ended };
}

const stored = (batch: AgentStreamResults, socket: Socket) =>
  socket.write(
    `${JSON.stringify({ type: 'stored', seq: batch.seq, outcomes: batch.results.map((r) => ({ id: r.id, outcome: 'stored' })) })}\n`,
  );

describe('results up the command stream', () => {
  it('go up as numbered lines when the hello offers it, and are answered from the stream', async () => {
    const { api, lines, posted } = await startApi({ ...HELLO, resultLineBytes: 4096 }, stored);
    const { ended } = await openStream(api);
    expect(await api.postResult('cmd-00000001', RESULT)).toBe('stored');
    // Two that finish together share a line.
    const both = await Promise.all([
      api.postResult('cmd-00000002', RESULT),
      api.postResult('cmd-00000003', RESULT),
    ]);
    expect(both).toEqual(['stored', 'stored']);
    expect(lines.map((l) => [l.seq, l.results.map((r) => r.id)])).toEqual([
      [0, ['cmd-00000001']],
      [1, ['cmd-00000002', 'cmd-00000003']],
    ]);
    expect(lines[0]).toMatchObject({ type: 'results', results: [{ ...RESULT }] });
    expect(posted).toEqual([]);
    hangUp();
    await ended;
  }, 5_000);

  it('are posted when the hello does not offer it (an older API, or the plain stream)', async () => {
    const { api, lines, posted } = await startApi(HELLO, stored);
    const { ended } = await openStream(api);
    await Promise.all([
      api.postResult('cmd-00000001', RESULT),
      api.postResult('cmd-00000002', RESULT),
    ]);
    expect(lines).toEqual([]);
    expect(posted).toEqual(['cmd-00000001', 'cmd-00000002']);
    hangUp();
    await ended;
  }, 5_000);

  it('are posted when their line would be longer than the hello allows', async () => {
    const { api, lines, posted } = await startApi({ ...HELLO, resultLineBytes: 300 }, stored);
    const { ended } = await openStream(api);
    expect(await api.postResult('cmd-00000001', { ...RESULT, output: 'x'.repeat(300) })).toBe(
      'stored',
    );
    expect(await api.postResult('cmd-00000002', RESULT)).toBe('stored');
    expect(lines.map((l) => l.results[0]!.id)).toEqual(['cmd-00000002']);
    expect(posted).toEqual(['cmd-00000001']);
    hangUp();
    await ended;
  }, 5_000);

  it('are posted when the stream ends before their answer: none is lost', async () => {
    // The API takes the line and the connection drops before it answers.
    const { api, lines, posted } = await startApi({ ...HELLO, resultLineBytes: 4096 }, (_b, s) =>
      s.destroy(),
    );
    const { ended } = await openStream(api);
    // How the stream ended is the API's to choose; this test is about the result.
    const over = ended.catch(() => undefined);
    expect(await api.postResult('cmd-00000001', RESULT)).toBe('stored');
    expect(lines.map((l) => l.results[0]!.id)).toEqual(['cmd-00000001']);
    expect(posted).toEqual(['cmd-00000001']);
    await over;
    // With the stream gone, the next goes by post at once.
    expect(await api.postResult('cmd-00000002', RESULT)).toBe('stored');
    expect(posted).toEqual(['cmd-00000001', 'cmd-00000002']);
  }, 5_000);

  it('fail as a 503 when the API could not store them, for the agent to send again', async () => {
    const { api } = await startApi({ ...HELLO, resultLineBytes: 4096 }, (batch, socket) =>
      socket.write(`${JSON.stringify({ type: 'unstored', seq: batch.seq })}\n`),
    );
    const { ended } = await openStream(api);
    const failed = await api.postResult('cmd-00000001', RESULT).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(ApiError);
    expect((failed as ApiError).status).toBe(503);
    hangUp();
    await ended;
  }, 5_000);

  it('an answer to a line never sent breaks the stream; what waits is posted', async () => {
    const { api, posted } = await startApi({ ...HELLO, resultLineBytes: 4096 }, (batch, socket) =>
      stored({ ...batch, seq: batch.seq + 7 }, socket),
    );
    const { ended } = await openStream(api);
    const failure = ended.then(
      () => null,
      (err: unknown) => err,
    );
    expect(await api.postResult('cmd-00000001', RESULT)).toBe('stored');
    expect(await failure).toMatchObject({
      message: 'the command stream answered a results line never sent',
    });
    expect(posted).toEqual(['cmd-00000001']);
  }, 5_000);
});
