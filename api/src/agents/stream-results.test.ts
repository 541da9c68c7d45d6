// Results up the agent stream on the bare connection, on a real HTTP server: offered in the
// hello, stored exactly as the batched post stores them, answered on the stream; and every line
// that breaks the wire format closes the stream with nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore, StoreUnavailableError } from '@porthole/store';
import {
  listenTestApi,
  openConnection,
  streamHead,
  type RawConnection,
} from '../testing/raw-http.js';
import { agentResult, ALPHA, BETA, json, KEY, type TestApi } from '../testing/harness.js';
import { agentBodyBytes } from '../body.js';

/** The JSON lines received after the 101's head. */
function linesOf(conn: RawConnection): Array<Record<string, unknown>> {
  const body = conn.text().slice(conn.text().indexOf('\r\n\r\n') + 4);
  return body
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const resultsLine = (seq: number, results: Array<{ id: string; output?: string }>) =>
  `${JSON.stringify({
    type: 'results',
    seq,
    results: results.map(({ id, output }) => ({ id, ...agentResult(output) })),
  })}\n`;

describe('results up the agent stream', () => {
  let api: TestApi;
  let port: number;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ api, port, close } = await listenTestApi());
  });
  afterAll(() => close());

  /** A stream on the bare connection, its hello read. */
  async function stream(): Promise<RawConnection> {
    const conn = await openConnection(port, streamHead(ALPHA));
    await conn.until(/"type":"hello"[^\n]*\n/);
    return conn;
  }

  /** A command queued for alpha and pushed down `conn`: its id. */
  async function pushed(conn: RawConnection): Promise<string> {
    const before = linesOf(conn).filter((l) => l.type === 'command').length;
    const res = await api.req('POST', '/v1/clusters/alpha/commands', KEY, { command: 'get pods' });
    const { id } = (await json(res)) as { id: string };
    await conn.until(new RegExp(`"type":"command","id":"${id}"`));
    expect(linesOf(conn).filter((l) => l.type === 'command')).toHaveLength(before + 1);
    return id;
  }

  it('offers them in the hello of the bare connection, not of the plain stream', async () => {
    const conn = await stream();
    expect(linesOf(conn)[0]).toEqual({
      type: 'hello',
      clusterId: 'alpha',
      leaseMs: expect.any(Number),
      pingMs: expect.any(Number),
      resultLineBytes: agentBodyBytes(4096),
    });
    conn.socket.destroy();
    await conn.closed;

    const plain = await openConnection(port, streamHead(ALPHA, ''));
    await plain.until(/"type":"hello"[^\n]*\n/);
    const hello = plain
      .text()
      .split('\n')
      .find((l) => l.includes('"type":"hello"'))!;
    expect(JSON.parse(hello)).not.toHaveProperty('resultLineBytes');
    plain.socket.destroy();
    await plain.closed;
  });

  it('stores them as the batched post does and answers on the stream, however the bytes are cut', async () => {
    const conn = await stream();
    const id = await pushed(conn);
    // Seven bytes at a time: the € is cut between writes.
    const bytes = Buffer.from(resultsLine(5, [{ id, output: 'pods: 5 €\n' }]));
    for (let at = 0; at < bytes.length; at += 7) conn.socket.write(bytes.subarray(at, at + 7));
    await conn.until(/"type":"stored","seq":5/);
    expect(linesOf(conn).find((l) => l.type === 'stored')).toEqual({
      type: 'stored',
      seq: 5,
      outcomes: [{ id, outcome: 'stored' }],
    });
    expect(await json(await api.req('GET', `/v1/commands/${id}`, KEY))).toMatchObject({
      status: 'succeeded',
      output: 'pods: 5 €\n',
    });

    // The first answer wins; an unknown id and another cluster's command are refused.
    await api.req('GET', '/v1/agent/commands?wait=0', BETA);
    const theirs = (await json(
      await api.req('POST', '/v1/clusters/beta/commands', KEY, { command: 'get pods' }),
    )) as { id: string };
    expect(
      (await json(await api.req('GET', '/v1/agent/commands?max=1', BETA))).commands,
    ).toHaveLength(1);
    conn.socket.write(
      resultsLine(6, [{ id, output: 'again\n' }, { id: 'unknown-00000001' }, { id: theirs.id }]),
    );
    await conn.until(/"type":"stored","seq":6/);
    expect(linesOf(conn).find((l) => l.seq === 6)).toEqual({
      type: 'stored',
      seq: 6,
      outcomes: [
        { id, outcome: 'duplicate' },
        { id: 'unknown-00000001', outcome: 'not_found' },
        { id: theirs.id, outcome: 'forbidden' },
      ],
    });
    expect(await json(await api.req('GET', `/v1/commands/${id}`, KEY))).toMatchObject({
      output: 'pods: 5 €\n',
    });
    // Beta's command is untouched: its own agent still answers it.
    const own = await api.req(
      'POST',
      `/v1/agent/commands/${theirs.id}/result`,
      BETA,
      agentResult(),
    );
    expect(own.status).toBe(204);
    conn.socket.destroy();
    await conn.closed;
  });

  it.each([
    ['not JSON', () => 'results, please\n'],
    [
      'another type',
      (id: string) =>
        `${JSON.stringify({ type: 'hello', seq: 1, results: [{ id, ...agentResult() }] })}\n`,
    ],
    [
      'no number',
      (id: string) =>
        `${JSON.stringify({ type: 'results', results: [{ id, ...agentResult() }] })}\n`,
    ],
    ['a negative number', (id: string) => resultsLine(-1, [{ id }])],
    [
      'a result that is not one',
      (id: string) =>
        `${JSON.stringify({ type: 'results', seq: 1, results: [{ id, status: 'fine' }] })}\n`,
    ],
    ['no results', () => `${JSON.stringify({ type: 'results', seq: 1, results: [] })}\n`],
    ['an overlong line', () => 'x'.repeat(agentBodyBytes(4096) + 1)],
  ])('a line with %s closes the stream; nothing is stored', async (_name, line) => {
    const conn = await stream();
    const id = await pushed(conn);
    const warned = api.logs.length;
    conn.socket.write(line(id));
    // A valid line behind it is not read either.
    conn.socket.write(resultsLine(2, [{ id }]));
    await conn.closed;
    expect(linesOf(conn).filter((l) => l.type === 'stored')).toEqual([]);
    const warning = api.logs
      .slice(warned)
      .find((l) => l.msg === 'the agent broke the stream wire format; stream closed');
    expect(warning).toMatchObject({ clusterId: 'alpha' });
    // The warning names the fault, never the line.
    expect(JSON.stringify(warning)).not.toContain(id);
    const read = (await json(await api.req('GET', `/v1/commands/${id}`, KEY))) as {
      status: string;
    };
    expect(['queued', 'running']).toContain(read.status);
    // The agent's post still answers it.
    const posted = await api.req('POST', `/v1/agent/commands/${id}/result`, ALPHA, agentResult());
    expect(posted.status).toBe(204);
  });

  it('answers unstored while the store fails; the same line sent again then stores', async () => {
    const store = createMemoryStore({ resultTtlSeconds: 60 });
    const complete = store.commands.complete.bind(store.commands);
    let failing = true;
    store.commands.complete = (result) =>
      failing
        ? Promise.reject(new StoreUnavailableError('Redis is unavailable: connect ECONNREFUSED'))
        : complete(result);
    const other = await listenTestApi({}, { store });
    try {
      const conn = await openConnection(other.port, streamHead(ALPHA));
      await conn.until(/"type":"hello"[^\n]*\n/);
      const res = await other.api.req('POST', '/v1/clusters/alpha/commands', KEY, {
        command: 'get pods',
      });
      const { id } = (await json(res)) as { id: string };
      await conn.until(new RegExp(`"type":"command","id":"${id}"`));
      conn.socket.write(resultsLine(1, [{ id }]));
      await conn.until(/"type":"unstored","seq":1/);
      expect(linesOf(conn).find((l) => l.seq === 1)).toEqual({ type: 'unstored', seq: 1 });
      failing = false;
      conn.socket.write(resultsLine(2, [{ id }]));
      await conn.until(/"type":"stored","seq":2/);
      expect(linesOf(conn).find((l) => l.seq === 2)).toEqual({
        type: 'stored',
        seq: 2,
        outcomes: [{ id, outcome: 'stored' }],
      });
      conn.socket.destroy();
      await conn.closed;
    } finally {
      await other.close();
    }
  });
});
