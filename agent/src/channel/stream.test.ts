// The command stream over a real HTTP connection: lines whose bytes arrive split anywhere (inside
// a character too), answers that are not a stream, and every failure closing the connection.
import { EventEmitter, once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Duplex, Readable, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AGENT_STREAM_CONTENT_TYPE,
  AGENT_VERSION_HEADER,
  type AgentCommand,
} from '@porthole/protocol';
import { createLogger } from '@porthole/runtime';
import { channelOnlyAgent } from '../testing/channel-agent.js';
import { ApiError, createApiClient, TokenRefused, type ApiClient } from '../api-client.js';
import { readStream, StreamUnusable } from './stream.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/**
 * A fake API on a real port, answering each request with `answer`, and each request that asks
 * for an upgrade with `upgrade` (without it, Node answers those as plain requests).
 */
async function startApi(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
  upgrade?: (req: IncomingMessage, socket: Duplex) => void,
) {
  const requests: IncomingMessage[] = [];
  /** Per request: resolves when its connection has closed. */
  const closed: Array<Promise<void>> = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    closed.push(new Promise((resolve) => req.socket.once('close', () => resolve())));
    answer(req, res);
  });
  if (upgrade) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
      requests.push(req);
      // As the API does: a switched connection the agent closes is closed.
      socket.once('end', () => socket.end());
      closed.push(new Promise((resolve) => socket.once('close', () => resolve())));
      upgrade(req, socket);
    });
  }
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const api = createApiClient({
    // Under a base path, as behind an ingress that routes by prefix.
    apiUrl: `http://127.0.0.1:${port}/porthole`,
    token: 'agent-token',
    agentVersion: '1.2.3',
    kubernetesVersion: () => null,
  });
  return { api, requests, closed };
}

/** Opens the stream and reads it, the way the agent does; `lines` hears each hello and command. */
async function read(
  api: ApiClient,
  { helloTimeoutMs = 10_000, lines = new EventEmitter(), upgrade = false } = {},
) {
  const commands: AgentCommand[] = [];
  const res = await api.openStream(3, 'inst-1', new AbortController().signal, upgrade);
  await readStream(
    res,
    {
      hello: () => lines.emit('hello'),
      command: (command) => {
        commands.push(command);
        lines.emit('command');
      },
      alive: () => undefined,
    },
    { helloTimeoutMs, now: () => Date.now() },
  );
  return commands;
}

const ndjson = (...lines: object[]) =>
  Buffer.from(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
const HELLO = { type: 'hello', clusterId: 'alpha', leaseMs: 15_000, pingMs: 5_000 };
const SPLIT_BODY = ndjson(
  HELLO,
  { type: 'command', id: 'cmd-00000001', jws: 'costs 5 €' },
  { type: 'ping' },
  { type: 'command', id: 'cmd-00000002', jws: 'clef 𝄞 sign' },
);
const SPLIT_COMMANDS = [
  { id: 'cmd-00000001', jws: 'costs 5 €' },
  { id: 'cmd-00000002', jws: 'clef 𝄞 sign' },
];

/** Answers the stream with a status and the start of a body that never ends. */
const endless =
  (status: number, start: string | Buffer = '') =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': AGENT_STREAM_CONTENT_TYPE });
    res.write(start);
  };

describe('the command stream', () => {
  it('reads hello and commands whose bytes arrive split inside a character', async () => {
    const lines = new EventEmitter();
    // Each part is written once the agent has read the lines before it, so no read joins two:
    // the first ends inside '€' (3 bytes), the second inside '𝄞' (4 bytes).
    const cutEuro = SPLIT_BODY.indexOf('€') + 1;
    const cutClef = SPLIT_BODY.indexOf('𝄞') + 2;
    const { api, requests } = await startApi((_req, res) => {
      void (async () => {
        const greeted = once(lines, 'hello');
        res.writeHead(200, { 'content-type': AGENT_STREAM_CONTENT_TYPE });
        res.write(SPLIT_BODY.subarray(0, cutEuro));
        await greeted;
        const commanded = once(lines, 'command');
        res.write(SPLIT_BODY.subarray(cutEuro, cutClef));
        await commanded;
        res.end(SPLIT_BODY.subarray(cutClef));
      })();
    });
    const commands = await read(api, { lines });
    expect(commands).toEqual(SPLIT_COMMANDS);
    expect(requests[0]?.url).toBe('/porthole/v1/agent/stream?slots=3&instance=inst-1');
    expect(requests[0]?.headers).toMatchObject({
      accept: AGENT_STREAM_CONTENT_TYPE,
      authorization: 'Bearer agent-token',
      [AGENT_VERSION_HEADER]: '1.2.3',
      // Its own connection, not one of a kept-alive pool.
      connection: 'close',
    });
  }, 5_000);

  it('decodes the same wherever the bytes are cut', async () => {
    const cuts = Array.from({ length: SPLIT_BODY.length - 1 }, (_, i) => [
      SPLIT_BODY.subarray(0, i + 1),
      SPLIT_BODY.subarray(i + 1),
    ]);
    const bytes = Array.from(SPLIT_BODY, (byte) => Buffer.of(byte));
    for (const chunks of [...cuts, bytes]) {
      const commands: AgentCommand[] = [];
      await readStream(
        { status: 200, body: Readable.from(chunks) },
        { hello: () => undefined, command: (c) => commands.push(c), alive: () => undefined },
        { helloTimeoutMs: 10_000, now: () => Date.now() },
      );
      expect(commands).toEqual(SPLIT_COMMANDS);
    }
  }, 5_000);

  it.each([404, 405])(
    'is unsupported on %i, without waiting for the body',
    async (status) => {
      const { api, closed } = await startApi(endless(status, 'not found'));
      await expect(read(api)).rejects.toEqual(new StreamUnusable('unsupported'));
      await closed[0];
    },
    5_000,
  );

  it('fails with the status on another error, without waiting for the body', async () => {
    const { api, closed } = await startApi(endless(502, 'bad gateway'));
    const failure = await read(api).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      status: 502,
      message: 'opening the command stream failed with HTTP 502',
    });
    await closed[0];
  }, 5_000);

  it('names the refusal a 401 body gives', async () => {
    const { api } = await startApi((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'credential expired' } }));
    });
    await expect(read(api)).rejects.toEqual(new TokenRefused('expired'));
  }, 5_000);

  it('reads a 401 body only so far, and closes its connection', async () => {
    const refusal = JSON.stringify({ error: { message: 'credential revoked' } });
    const { api, closed } = await startApi(endless(401, refusal.padEnd(200_000, ' ')));
    await expect(read(api)).rejects.toEqual(new TokenRefused('revoked'));
    await closed[0];
  }, 5_000);

  it('refuses an overlong line and closes the connection', async () => {
    const { api, closed } = await startApi(
      endless(200, Buffer.concat([ndjson(HELLO), Buffer.alloc(70_000, 'x')])),
    );
    await expect(read(api)).rejects.toThrow('the command stream sent an overlong line');
    await closed[0];
  }, 5_000);

  it.each([
    ['a line that is not JSON', Buffer.from('hello?\n'), 'is not the agent wire format'],
    ['a line of another schema', ndjson({ type: 'hello' }), 'is not the agent wire format'],
    ['a ping before hello', ndjson({ type: 'ping' }), 'did not start with hello'],
    ['hello twice', ndjson(HELLO, HELLO), 'said hello twice'],
    // A plain response has no way up: an answer to results on it answers nothing sent.
    [
      'an answer to results on a plain stream',
      ndjson(HELLO, { type: 'stored', seq: 1, outcomes: [] }),
      'answered results it was never sent',
    ],
    [
      'an answer to results on a plain stream whose hello offers the way up',
      ndjson({ ...HELLO, resultLineBytes: 1024 }, { type: 'unstored', seq: 1 }),
      'answered results it was never sent',
    ],
  ])(
    'refuses %s and closes the connection',
    async (_name, body, error) => {
      const { api, closed } = await startApi(endless(200, body));
      await expect(read(api)).rejects.toThrow(error);
      await closed[0];
    },
    5_000,
  );

  it('ends with the reason of an abort, and closes the connection', async () => {
    const { api, closed } = await startApi(endless(200, ndjson(HELLO)));
    const attempt = new AbortController();
    const lines = new EventEmitter();
    const greeted = once(lines, 'hello');
    const res = await api.openStream(3, 'inst-1', attempt.signal, false);
    const reading = readStream(
      res,
      { hello: () => lines.emit('hello'), command: () => undefined, alive: () => undefined },
      { helloTimeoutMs: 10_000, now: () => Date.now() },
    );
    await greeted;
    const reason = new Error('stopping');
    attempt.abort(reason);
    await expect(reading).rejects.toMatchObject({ name: 'AbortError', cause: reason });
    await closed[0];
  }, 5_000);

  it('is held back when the headers come but no hello, and closes the connection', async () => {
    const { api, closed } = await startApi(endless(200));
    await expect(read(api, { helloTimeoutMs: 20 })).rejects.toEqual(new StreamUnusable('buffered'));
    await closed[0];
  }, 5_000);

  it('fails when the pings stop, and closes the connection', async () => {
    const { api, closed } = await startApi(endless(200, ndjson({ ...HELLO, pingMs: 10 })));
    await expect(read(api, { helloTimeoutMs: 20 })).rejects.toThrow(
      'the command stream went silent',
    );
    await closed[0];
  }, 5_000);
});

const SWITCHED = (protocol = 'porthole-stream') =>
  `HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: ${protocol}\r\n\r\n`;

describe('the command stream on the bare connection', () => {
  it('reads the same lines after a 101, the first of them sent with it', async () => {
    const { api, requests, closed } = await startApi(
      () => undefined,
      (_req, socket) => {
        const cut = SPLIT_BODY.indexOf('€') + 1;
        socket.write(Buffer.concat([Buffer.from(SWITCHED()), SPLIT_BODY.subarray(0, cut)]));
        setImmediate(() => socket.end(SPLIT_BODY.subarray(cut)));
      },
    );
    expect(await read(api, { upgrade: true })).toEqual(SPLIT_COMMANDS);
    expect(requests[0]?.headers).toMatchObject({
      connection: 'upgrade',
      upgrade: 'porthole-stream',
      authorization: 'Bearer agent-token',
    });
    await closed[0];
  }, 5_000);

  it('reads the plain stream from an API that does not switch', async () => {
    const { api, requests } = await startApi((_req, res) => {
      res.writeHead(200, { 'content-type': AGENT_STREAM_CONTENT_TYPE });
      res.end(SPLIT_BODY);
    });
    expect(await read(api, { upgrade: true })).toEqual(SPLIT_COMMANDS);
    expect(requests[0]?.headers.upgrade).toBe('porthole-stream');
  }, 5_000);

  it('refuses a switch to a protocol it did not ask for, closing the connection', async () => {
    const { api, closed } = await startApi(
      () => undefined,
      (_req, socket) => socket.write(SWITCHED('websocket') + JSON.stringify(HELLO) + '\n'),
    );
    await expect(read(api, { upgrade: true })).rejects.toThrow(
      'the API switched the stream to a protocol it was not asked for',
    );
    await closed[0];
  }, 5_000);
});

describe('the agent on the command stream', () => {
  function agentOn(api: ApiClient) {
    const log = new EventEmitter();
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n'))
          if (line) log.emit('line', JSON.parse(line));
        done();
      },
    });
    const agent = channelOnlyAgent(api, createLogger('agent-test', 'debug', sink), {
      helloTimeoutMs: 50,
    });
    /** Resolves with the first log line that says `msg`. */
    const said = (msg: string) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const heard = (line: Record<string, unknown>) => {
          if (line.msg !== msg) return;
          log.off('line', heard);
          resolve(line);
        };
        log.on('line', heard);
      });
    return { agent, said };
  }

  it('falls back to polls when not even the headers come in time, closing the stream', async () => {
    let stop = () => {};
    const { api, closed, requests } = await startApi((req, res) => {
      if (req.url?.includes('/v1/agent/stream')) return;
      stop();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ commands: [] }));
    });
    const { agent, said } = agentOn(api);
    stop = () => agent.stop();
    const fellBack = said('falling back to long polls');
    await agent.run();
    expect(await fellBack).toMatchObject({ reason: new StreamUnusable('buffered').message });
    expect(agent.channel()).toBe('poll');
    // Asked for on the bare connection, then plain, then long polls.
    expect(requests[0]?.headers.upgrade).toBe('porthole-stream');
    expect(requests[1]?.url).toMatch(/^\/porthole\/v1\/agent\/stream\?/);
    expect(requests[1]?.headers.upgrade).toBeUndefined();
    expect(requests[2]?.url).toMatch(/^\/porthole\/v1\/agent\/commands\?/);
    await closed[0];
  }, 5_000);

  it('takes the plain stream when something on the way refuses the upgrade', async () => {
    const { api, requests } = await startApi(endless(200, ndjson(HELLO)), (_req, socket) =>
      socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'),
    );
    const { agent, said } = agentOn(api);
    const refused = said('the stream on the bare connection failed; using the plain stream');
    const open = said('command stream open');
    const running = agent.run();
    expect(await refused).toMatchObject({ reason: 'HTTP 400' });
    await open;
    expect(agent.channel()).toBe('stream');
    expect(requests.map((r) => r.headers.upgrade ?? null)).toEqual(['porthole-stream', null]);
    agent.stop();
    await running;
  }, 5_000);

  it('closes the stream when it stops', async () => {
    const { api, closed } = await startApi(endless(200, ndjson(HELLO)));
    const { agent, said } = agentOn(api);
    const open = said('command stream open');
    const running = agent.run();
    await open;
    agent.stop();
    await running;
    await closed[0];
  }, 5_000);
});
