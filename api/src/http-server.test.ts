// Every answer of both listeners is the contract's JSON error, whatever bytes arrive on the socket.
import { connect, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_URL_CHARS } from './http-server.js';
import { serveMetrics } from './metrics-server.js';
import { listenTestApi, rawExchange, silentLogger, type RawAnswer } from './testing/raw-http.js';

/** Text planted in each request: no answer may carry it back. */
const MARK = 'PLANTEDxMARKERx7f3a';

/** Sends raw bytes on a fresh connection, half-closes, and reads until the server closes it. */
const rawRequest = (port: number, bytes: string | Buffer) =>
  rawExchange(port, [bytes], { halfClose: true });

const big = (n: number) => MARK + 'a'.repeat(n);

/** [name, request bytes, status] — each must be answered with a JSON error and that status. */
const MALFORMED: Array<[string, string, number]> = [
  ['NUL in a header value', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ${MARK}\0b\r\n\r\n`, 400],
  ['obs-fold', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  ${MARK}\r\n\r\n`, 400],
  ['a 70 KB header', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${big(70 * 1024)}\r\n\r\n`, 431],
  [
    'many headers over the limit',
    `GET /healthz HTTP/1.1\r\nHost: x\r\n${`X-${MARK}: 1234567890\r\n`.repeat(2000)}\r\n`,
    431,
  ],
  ['a 120 KB URL', `GET /${big(120 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414],
  ['an invalid method token', `G(T /${MARK} HTTP/1.1\r\nHost: x\r\n\r\n`, 400],
  ['an unknown method', `${MARK} / HTTP/1.1\r\nHost: x\r\n\r\n`, 400],
  ['a bad HTTP version', `GET /${MARK} HTTP/9.9\r\nHost: x\r\n\r\n`, 400],
  ['a garbage version token', `GET /${MARK} HTXP/1.1\r\nHost: x\r\n\r\n`, 400],
  ['a request line of garbage', `\u0016\u0003\u0001${MARK}\u0000\u00ff garbage\r\n\r\n`, 400],
  ['a space before the colon', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-${MARK} : b\r\n\r\n`, 400],
  ['a bare LF in a header', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ${MARK}\rb\r\n\r\n`, 400],
  ['a control character in the URL', `GET /${MARK}\u0001 HTTP/1.1\r\nHost: x\r\n\r\n`, 400],
  [
    'conflicting Content-Length headers',
    `POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n${MARK}`,
    400,
  ],
];

/** Malformed after a well-formed head: the parser fails while the app already has the request. */
const BAD_BODY = `POST /v1/sessions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ${MARK}\r\n`;

function expectJsonError(answer: RawAnswer, status: number): void {
  expect(answer.status, answer.raw.slice(0, 300)).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.code).toBe(
    status === 404 ? 'not_found' : status === 413 ? 'payload_too_large' : 'invalid_request',
  );
  expect(answer.raw).not.toContain(MARK);
  expect(answer.raw.length).toBeLessThan(1000);
}

async function healthy(port: number, path: string): Promise<void> {
  const ok = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  expect(ok.status).toBe(200);
}

describe('the API listener', () => {
  let port: number;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ port, close } = await listenTestApi());
  });
  afterAll(() => close());

  it.each(MALFORMED)(
    '%s: JSON error, nothing echoed, still serving',
    async (_name, bytes, status) => {
      expectJsonError(await rawRequest(port, bytes), status);
      await healthy(port, '/healthz');
    },
  );

  it('a bad chunk size is a JSON 400 although the app already has the request', async () => {
    expectJsonError(await rawRequest(port, BAD_BODY), 400);
    await healthy(port, '/healthz');
  });

  it('a URL just over the limit is 414 before routing; one at the limit is routed', async () => {
    const over = `/healthz?${MARK}${'a'.repeat(MAX_URL_CHARS)}`;
    expectJsonError(await rawRequest(port, `GET ${over} HTTP/1.1\r\nHost: x\r\n\r\n`), 414);
    const at = `/healthz?${'a'.repeat(MAX_URL_CHARS - '/healthz?'.length)}`;
    await healthy(port, at);
  });

  it('what node-server cannot make a Request of is a JSON 400 too', async () => {
    for (const bytes of [
      `GET /a\\${MARK} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET /healthz HTTP/1.1\r\nHost: ${MARK}/x\r\n\r\n`,
      `GET /healthz HTTP/1.1\r\nHost: ${MARK} x\r\n\r\n`,
    ]) {
      expectJsonError(await rawRequest(port, bytes), 400);
    }
    await healthy(port, '/healthz');
  });

  it('an unknown route is the app JSON 404', async () => {
    expectJsonError(
      await rawRequest(port, `GET /${MARK} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
      404,
    );
  });

  it('a parse error after an answered request on a kept-alive connection gets its JSON answer', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (d: Buffer) => {
        const first = text === '';
        text += d.toString('latin1');
        if (first) socket.end(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ${MARK}\0\r\n\r\n`);
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(text));
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(raw).toMatch(/HTTP\/1\.1 400 Bad Request\r\ncontent-type: application\/json\r\n/);
    expect(raw).not.toContain(MARK);
  });
});

describe('the metrics listener', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = await serveMetrics(new Registry(), '127.0.0.1', 0, silentLogger());
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it.each(MALFORMED)(
    '%s: JSON error, nothing echoed, still serving',
    async (_name, bytes, status) => {
      expectJsonError(await rawRequest(port, bytes.replace('/healthz', '/metrics')), status);
      await healthy(port, '/metrics');
    },
  );

  it('a URL over the limit is 414, an unknown path a JSON 404', async () => {
    const over = `/metrics?${MARK}${'a'.repeat(MAX_URL_CHARS)}`;
    expectJsonError(await rawRequest(port, `GET ${over} HTTP/1.1\r\nHost: x\r\n\r\n`), 414);
    expectJsonError(
      await rawRequest(port, `GET /${MARK} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
      404,
    );
  });
});
