// Bodies and the client-gone signal read off Node's request (body.ts), on a real HTTP server:
// the same text, caps and aborts as hono's standard path, which requests not Node's own still take.
import { connect } from 'node:net';
import { getEventListeners } from 'node:events';
import type { Server } from 'node:http';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortholeError } from '@porthole/protocol';
import { clientGone, limitBody, readText, waitSignal } from './body.js';
import { listenApp, rawExchange } from './testing/raw-http.js';

const CAP = 1000;

function testApp(shutdown: AbortSignal, events: { gone: string[]; waited: string[] }) {
  const app = new Hono();
  app.use('/capped/*', limitBody(CAP));
  app.onError((err, c) =>
    err instanceof PortholeError
      ? c.json({ error: { code: err.code } }, err.status as 413)
      : c.json({ error: { code: 'other', message: err.message } }, 500),
  );
  app.post('/capped/echo', async (c) => c.text(JSON.stringify([await readText(c)])));
  app.post('/capped/twice', async (c) => {
    const first = await readText(c);
    return c.text(JSON.stringify([first, await readText(c)]));
  });
  // An inner request answered by the same app with the outer request's env, as MCP's tools are.
  app.post('/capped/inner', async (c) => {
    const outer = await readText(c);
    const inner = await app.fetch(
      new Request('http://in/capped/echo', { method: 'POST', body: 'inner body' }),
      c.env,
    );
    return c.text(JSON.stringify([outer, ...(JSON.parse(await inner.text()) as string[])]));
  });
  app.get('/hang', async (c) => {
    const signal = clientGone(c);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    events.gone.push(String(signal.reason));
    return c.text('never read');
  });
  app.get('/wait', async (c) => {
    const signal = waitSignal({ shutdown }, c);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    events.waited.push(String(signal.reason));
    return c.text('woken');
  });
  return app;
}

/** The status and body of the answer to `parts`, each sent in a write of its own. */
async function raw(port: number, parts: Array<string | Buffer>) {
  const { status, body } = await rawExchange(port, parts);
  return { status, body };
}

const post = (path: string, body: Buffer | string, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${extra}` +
  `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;

/** A chunked body sent one chunk per write, so it reaches the server in pieces. */
function chunked(path: string, pieces: Buffer[]): Array<string | Buffer> {
  const out: Array<string | Buffer> = [
    `POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n`,
  ];
  for (const piece of pieces) {
    out.push(
      Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]),
    );
  }
  out.push('0\r\n\r\n');
  return out;
}

const decoded = async (bytes: Buffer) => new Response(bytes).text();

describe('request bodies read off Node', () => {
  const shutdown = new AbortController();
  const events = { gone: [] as string[], waited: [] as string[] };
  const app = testApp(shutdown.signal, events);
  let server: Server;
  let port: number;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ server, port, close } = await listenApp(app.fetch));
  });
  afterAll(() => close());

  // Each case: bytes sent, and the pieces they are split into on the wire.
  const SAMPLES: Array<[string, Buffer]> = [
    ['ASCII JSON', Buffer.from('{"a":1}')],
    ['a byte order mark first', Buffer.from('\ufeff{"a":1}')],
    ['multi-byte characters', Buffer.from('ünïcødé ✓ 😀 日本')],
    ['invalid UTF-8', Buffer.from([0x61, 0xff, 0xc3, 0x28, 0xe2, 0x82, 0x62, 0xf0, 0x9f, 0x98])],
    ['a lone surrogate encoded', Buffer.from([0xed, 0xa0, 0x80, 0x41])],
    ['empty', Buffer.alloc(0)],
  ];

  it.each(SAMPLES)(
    '%s: the same text as Request.text(), in one piece or byte by byte',
    async (_n, bytes) => {
      const want = JSON.stringify([await decoded(bytes)]);
      const whole = await raw(port, [post('/capped/echo', bytes), bytes]);
      expect(whole).toEqual({ status: 200, body: want });
      const pieces = [...bytes].map((b) => Buffer.from([b]));
      const split = await raw(port, chunked('/capped/echo', pieces));
      expect(split).toEqual({ status: 200, body: want });
    },
  );

  it('only one byte order mark is dropped, as the Encoding standard says', async () => {
    // Request.text() in Node 20's undici drops two (its own strip, then TextDecoder's).
    const bytes = Buffer.from('\ufeff\ufeffx');
    const answer = await raw(port, [post('/capped/echo', bytes), bytes]);
    expect(answer).toEqual({ status: 200, body: JSON.stringify(['\ufeffx']) });
  });

  it('a declared length over the cap is 413 before the route reads anything', async () => {
    const answer = await raw(port, [post('/capped/echo', 'x'.repeat(CAP + 1))]);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'payload_too_large' } });
  });

  it('a chunked body is 413 once it passes the cap, and the server goes on serving', async () => {
    const pieces = Array.from({ length: 12 }, () => Buffer.from('y'.repeat(100)));
    const answer = await raw(port, chunked('/capped/echo', pieces));
    expect(answer.status).toBe(413);
    const atCap = Array.from({ length: 10 }, () => Buffer.from('z'.repeat(100)));
    expect(await raw(port, chunked('/capped/echo', atCap))).toEqual({
      status: 200,
      body: JSON.stringify(['z'.repeat(CAP)]),
    });
  });

  it('a second read returns the same text', async () => {
    const answer = await raw(port, [post('/capped/twice', 'same'), 'same']);
    expect(answer).toEqual({ status: 200, body: JSON.stringify(['same', 'same']) });
  });

  it("an inner request given the outer env reads its own body, not the outer request's", async () => {
    const answer = await raw(port, [post('/capped/inner', 'outer body'), 'outer body']);
    expect(answer).toEqual({ status: 200, body: JSON.stringify(['outer body', 'inner body']) });
  });

  it('a client that goes away mid-body fails the read; the server goes on serving', async () => {
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST /capped/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\nhalf`);
    socket.destroy();
    await new Promise((resolve) => socket.once('close', resolve));
    expect(await raw(port, [post('/capped/echo', 'next'), 'next'])).toEqual({
      status: 200,
      body: JSON.stringify(['next']),
    });
  });

  it('the client-gone signal aborts when the client hangs up before its answer', async () => {
    const before = events.gone.length;
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /hang HTTP/1.1\r\nHost: x\r\n\r\n');
    // The route is waiting once the server holds the connection; hang up then.
    await new Promise<void>((resolve) => {
      const poll = () => server.getConnections((_e, n) => (n > 0 ? resolve() : setImmediate(poll)));
      poll();
    });
    socket.destroy();
    await expect.poll(() => events.gone.length, { timeout: 10_000 }).toBe(before + 1);
    // node-server's own reason: the request failed (a GET's is 'aborted') or the socket closed.
    expect(events.gone.at(-1)).toMatch(/^(Error: aborted|Client connection prematurely closed\.)$/);
  });

  it('a wait ends when its client goes, leaving no listener on the shutdown signal', async () => {
    const listeners = () => getEventListeners(shutdown.signal, 'abort').length;
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /wait HTTP/1.1\r\nHost: x\r\n\r\n');
    await expect.poll(listeners, { timeout: 10_000 }).toBe(1);
    socket.destroy();
    await expect.poll(() => events.waited.length, { timeout: 10_000 }).toBe(1);
    expect(events.waited[0]).toMatch(/^(Error: aborted|Client connection prematurely closed\.)$/);
    await expect.poll(listeners, { timeout: 10_000 }).toBe(0);
  });

  it('a wait ends at shutdown', async () => {
    const pending = raw(port, ['GET /wait HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    const listeners = () => getEventListeners(shutdown.signal, 'abort').length;
    await expect.poll(listeners, { timeout: 10_000 }).toBe(1);
    shutdown.abort(new Error('shutting down'));
    expect(await pending).toEqual({ status: 200, body: 'woken' });
    expect(events.waited.at(-1)).toBe('Error: shutting down');
  });
});

describe('requests that are not Node’s own take hono’s standard path', () => {
  const app = testApp(new AbortController().signal, { gone: [], waited: [] });

  it('the body is read and capped as before', async () => {
    const ok = await app.request('/capped/twice', { method: 'POST', body: '\ufeffhé' });
    expect(await ok.text()).toBe(JSON.stringify(['hé', 'hé']));
    const over = await app.request('/capped/echo', { method: 'POST', body: 'x'.repeat(CAP + 1) });
    expect(over.status).toBe(413);
  });
});
