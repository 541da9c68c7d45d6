// Headers read off Node's request must read exactly as web Headers.get reads them, hostile
// spellings included: authentication and the audit's addresses depend on it.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestHeader } from './headers.js';
import { KEY } from './testing/harness.js';
import { listenApp, listenTestApi, rawExchange } from './testing/raw-http.js';

const once = (port: number, head: string) =>
  rawExchange(port, [`${head}Connection: close\r\n\r\n`], { halfClose: true });

/** [case, header lines, the name asked for] */
const CASES: Array<[string, string, string]> = [
  ['absent', 'X-Other: 1\r\n', 'x-a'],
  ['one', 'X-A: one\r\n', 'x-a'],
  ['mixed case on the wire', 'x-A: one\r\n', 'x-a'],
  ['mixed case asked', 'X-A: one\r\n', 'X-a'],
  ['repeated', 'X-A: one\r\nX-B: b\r\nx-a: two\r\n', 'x-a'],
  ['empty value', 'X-A:\r\n', 'x-a'],
  ['empty and not', 'X-A:\r\nX-A: two\r\n', 'x-a'],
  ['inner spaces and a tab kept', 'X-A: a  b\tc\r\n', 'x-a'],
  ['outer whitespace trimmed', 'X-A: \t padded \t\r\n', 'x-a'],
  ['a longer name with the same start', 'X-AB: no\r\nX-A: yes\r\n', 'x-a'],
  ['a shorter name', 'X: no\r\n', 'x-a'],
  ['bytes over 0x7f', 'X-A: caf\u00e9\u00ff\r\n', 'x-a'],
  [
    'two Authorization lines',
    'Authorization: Bearer a\r\nAuthorization: Bearer b\r\n',
    'authorization',
  ],
  [
    'X-Forwarded-For over two lines',
    'X-Forwarded-For: 198.51.100.1\r\nX-Forwarded-For: 203.0.113.9\r\n',
    'x-forwarded-for',
  ],
];

describe('requestHeader behind the real listener', () => {
  let port: number;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const app = new Hono();
    // The fast read first: hono's own read builds the web Headers it is compared with.
    app.get('/h/:name', (c) => {
      const name = c.req.param('name');
      const fast = requestHeader(c, name) ?? null;
      return c.json({ fast, web: c.req.header(name) ?? null });
    });
    ({ port, close } = await listenApp(app.fetch));
  });
  afterAll(() => close());

  it.each(CASES)('%s: as web Headers reads it', async (_case, lines, name) => {
    const answer = await once(port, `GET /h/${name} HTTP/1.1\r\nHost: x\r\n${lines}`);
    expect(answer.status, answer.raw.slice(0, 300)).toBe(200);
    const { fast, web } = JSON.parse(answer.body) as { fast: string | null; web: string | null };
    expect(fast).toBe(web);
  });
});

describe('the API reads credentials off Node request headers', () => {
  let port: number;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ port, close } = await listenTestApi());
  });
  afterAll(() => close());

  const clusters = (auth: string) => once(port, `GET /v1/clusters HTTP/1.1\r\nHost: x\r\n${auth}`);

  it('takes a key under any spelling of the header name', async () => {
    expect((await clusters(`aUtHoRiZaTiOn: Bearer ${KEY}\r\n`)).status).toBe(200);
  });

  it('refuses a repeated Authorization, even when both copies are the valid key', async () => {
    const twice = `Authorization: Bearer ${KEY}\r\nAuthorization: Bearer ${KEY}\r\n`;
    const answer = await clusters(twice);
    expect(answer.status).toBe(401);
    expect(answer.raw).not.toContain(KEY);
  });
});
