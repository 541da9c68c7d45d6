// The agent stream on the bare connection (Upgrade: porthole-stream), on a real HTTP server: the
// same auth, lines and commands as the plain stream, and every other upgrade request still answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenTestApi, openConnection, streamHead } from '../testing/raw-http.js';
import { agentResult, ALPHA, KEY, type TestApi } from '../testing/harness.js';

describe('the agent stream on an upgraded connection', () => {
  let api: TestApi;
  let port: number;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ api, port, close } = await listenTestApi());
  });
  afterAll(() => close());

  it('switches protocols, then carries hello and commands as bare NDJSON lines', async () => {
    const conn = await openConnection(port, streamHead(ALPHA));
    const hello = await conn.until(/\r\n\r\n\{"type":"hello"[^\n]*\n/);
    const [head = '', body = ''] = hello.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 101 Switching Protocols');
    expect(head.toLowerCase()).toContain('upgrade: porthole-stream');
    expect(head.toLowerCase()).toContain('content-type: application/x-ndjson');
    // No chunked framing: the first byte of the body is the first line's.
    expect(JSON.parse(body.split('\n')[0]!)).toMatchObject({ type: 'hello', clusterId: 'alpha' });

    // A client's command comes down this connection; the agent answers it as usual.
    const exec = api.req('POST', '/v1/clusters/alpha/exec', KEY, {
      command: ['get', 'pods', '-n', 'default'],
    });
    const withCommand = await conn.until(/\{"type":"command"[^\n]*\n/);
    const line = withCommand.split('\n').find((l) => l.startsWith('{"type":"command"'))!;
    const { id } = JSON.parse(line) as { id: string };
    const posted = await api.req('POST', `/v1/agent/commands/${id}/result`, ALPHA, agentResult());
    expect(posted.status).toBe(204);
    const answer = await exec;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ status: 'succeeded', output: 'ok\n' });
    conn.socket.destroy();
    await conn.closed;
  });

  it('an agent that half-closes its connection is let go: the API closes its side too', async () => {
    const conn = await openConnection(port, streamHead(ALPHA));
    await conn.until(/"type":"hello"/);
    conn.socket.end();
    await conn.closed;
  });

  it('a refused token is the usual JSON 401 on that connection, which then closes', async () => {
    const conn = await openConnection(port, streamHead('not-a-token-0123456789'));
    await conn.closed;
    const [head = '', body = ''] = conn.text().split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized');
    expect(head.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('without the Upgrade header the stream is the plain chunked one', async () => {
    const conn = await openConnection(port, streamHead(ALPHA, ''));
    const text = await conn.until(/"type":"hello"/);
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(text.toLowerCase()).toContain('transfer-encoding: chunked');
    conn.socket.destroy();
    await conn.closed;
  });

  it('any other route asked to upgrade (h2c, websocket) answers as usual and closes', async () => {
    for (const upgrade of ['h2c', 'websocket', 'porthole-stream']) {
      const conn = await openConnection(
        port,
        `GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: upgrade\r\nUpgrade: ${upgrade}\r\n\r\n`,
      );
      await conn.closed;
      const [head = '', body = ''] = conn.text().split('\r\n\r\n');
      expect(head.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
      expect(head.toLowerCase()).toContain('connection: close');
      expect(body.length).toBeGreaterThan(0);
    }
  });

  it('bytes after an upgrade request are never read as another request (no smuggling)', async () => {
    const executed = api.audits('command_executed').length;
    const smuggled = JSON.stringify({ command: ['get', 'pods'] });
    for (const [path, token] of [
      ['/healthz', null],
      ['/v1/agent/stream?slots=1&instance=upgrade-test-2', ALPHA],
    ] as const) {
      const conn = await openConnection(
        port,
        `GET ${path} HTTP/1.1\r\nHost: x\r\n` +
          (token ? `Authorization: Bearer ${token}\r\n` : '') +
          'Connection: upgrade\r\nUpgrade: porthole-stream\r\n\r\n' +
          `POST /v1/clusters/alpha/exec HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}`,
      );
      if (token) {
        await conn.until(/"type":"hello"/);
        conn.socket.destroy();
      }
      await conn.closed;
      // One answer on the connection: the first request's.
      expect(conn.text().match(/HTTP\/1\.1 \d{3}/g)).toHaveLength(1);
    }
    expect(api.audits('command_executed')).toHaveLength(executed);
    expect(api.logs.filter((l) => l.event_type === 'unauthorized_command_attempt')).toHaveLength(0);
  });

  it('a request with a body cannot ask for an upgrade: JSON 400, nothing run', async () => {
    const body = JSON.stringify({ command: ['get', 'pods'] });
    const executed = api.audits('command_executed').length;
    const conn = await openConnection(
      port,
      `POST /v1/clusters/alpha/exec HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\n` +
        `Connection: upgrade\r\nUpgrade: websocket\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body}`,
    );
    await conn.closed;
    const [head = '', answer = ''] = conn.text().split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(answer)).toEqual({
      error: {
        code: 'invalid_request',
        message: 'a request with a body cannot ask for an upgrade',
      },
    });
    expect(api.audits('command_executed')).toHaveLength(executed);
  });
});
