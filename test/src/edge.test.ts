// The API process at its edge: the client address behind a proxy, JSON for what Node's parser
// refuses, and no credential echoed on stdout — through `node api/dist/main.js` as deployed.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess, type Proc } from './harness/process.js';

const apiKey = randomBytes(24).toString('base64url');
const adminKey = randomBytes(24).toString('base64url');

/** Sends raw bytes on a fresh connection; resolves with everything read until the server closes. */
function raw(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer')));
    socket.end(bytes);
  });
}

describe('configuration', () => {
  it('an invalid PORTHOLE_TRUSTED_PROXIES stops the API with a one-line reason', async () => {
    const proc = startProcess(['api/dist/main.js'], {
      PORTHOLE_PORT: '0',
      PORTHOLE_METRICS_PORT: '0',
      PORTHOLE_TRUST_PROXY: 'true',
      PORTHOLE_TRUSTED_PROXIES: '10.0.0.0/8, 10.0.0.0/33',
    });
    expect(await proc.exited).toBe(1);
    expect(proc.output().trim()).toBe(
      'porthole-api: PORTHOLE_TRUSTED_PROXIES: entry 2 ("10.0.0.0/33") is not an IPv4 or IPv6 CIDR',
    );
  });
});

describe('behind a trusted proxy', () => {
  let api: Proc;
  let url: string;
  let metricsUrl: string;
  beforeAll(async () => {
    api = startProcess(['api/dist/main.js'], {
      PORTHOLE_HOST: '127.0.0.1',
      PORTHOLE_PORT: '0',
      PORTHOLE_METRICS_PORT: '0',
      PORTHOLE_API_KEYS: `sre:${apiKey}`,
      PORTHOLE_ADMIN_KEYS: `root:${adminKey}`,
      PORTHOLE_AGENT_TOKENS: JSON.stringify({ alpha: randomBytes(24).toString('base64url') }),
      PORTHOLE_TRUST_PROXY: 'true',
      // The test's own connections come from 127.0.0.1: they play the proxy.
      PORTHOLE_TRUSTED_PROXIES: '127.0.0.1/32, ::1',
      PORTHOLE_AUTH_FAILURES_PER_MINUTE: '3',
    });
    metricsUrl = /metrics served at (http:\/\/\S+?)\/metrics/.exec(
      await api.waitFor(/metrics served at/),
    )![1]!;
    url = /listening on (http:\/\/[^\s"]+)/.exec(await api.waitFor(/listening on http/))![1]!;
  });
  afterAll(() => api?.stop());

  /** The API's stdout lines holding `marker`, once `count` of them arrived (pipes lag answers). */
  const stdoutLines = async (marker: string, count: number): Promise<string[]> => {
    const lines = () =>
      api
        .output()
        .split('\n')
        .filter((l) => l.includes(marker));
    await expect
      .poll(() => lines().length, { timeout: 30_000, interval: 50 })
      .toBeGreaterThanOrEqual(count);
    return lines();
  };

  const get = (path: string, token: string, forwardedFor: string) =>
    fetch(url + path, {
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': forwardedFor },
    });

  it('a client rotating spoofed first hops is locked out, and audited by its real address', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await get('/v1/clusters', `wrong-${i}-${apiKey}`, `198.18.0.${i}, 203.0.113.9`);
      expect(res.status).toBe(401);
    }
    for (const spoof of ['198.18.9.9', '127.0.0.1', 'garbage', '']) {
      expect((await get('/v1/clusters', apiKey, `${spoof}, 203.0.113.9`)).status).toBe(429);
    }
    const audit = await get('/v1/audit?type=authentication_failure', adminKey, '198.51.100.1');
    const events = ((await audit.json()) as { events: Array<{ source_ip: string }> }).events;
    expect(events.map((e) => e.source_ip)).toEqual(Array(3).fill('203.0.113.9'));
    const stdout = await stdoutLines('"event_type":"authentication_failure"', 3);
    expect(stdout).toHaveLength(3);
    for (const line of stdout) expect(line).toContain('"source_ip":"203.0.113.9"');
  });

  it('malformed HTTP on either port is answered with the JSON error body', async () => {
    for (const base of [url, metricsUrl]) {
      for (const [bytes, status] of [
        ['GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n', 400],
        ['GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n folded\r\n\r\n', 400],
        [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(70 * 1024)}\r\n\r\n`, 431],
        [`GET /${'u'.repeat(120 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414],
        [`GET /${'u'.repeat(9 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414],
        ['garbage\r\n\r\n', 400],
      ] as const) {
        const answer = await raw(base, bytes);
        expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
        expect(answer).toMatch(/\r\ncontent-type: application\/json\r\n/i);
        const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
          error: { code: string };
        };
        expect(body.error.code).toBe('invalid_request');
        expect(answer.length).toBeLessThan(600);
      }
    }
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${metricsUrl}/metrics`)).status).toBe(200);
  });

  it('a pasted key is neither answered back nor written to stdout', async () => {
    const pasted = `phk_${randomBytes(32).toString('hex').slice(0, 42)}`;
    for (const command of [`${pasted} get pods`, `get pods --${pasted}`, `get ${pasted}`]) {
      const res = await fetch(`${url}/v1/clusters/alpha/exec`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${apiKey}`,
          'content-type': 'application/json',
          'x-forwarded-for': '203.0.113.20',
        },
        body: JSON.stringify({ command }),
      });
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain(pasted.slice(4, 20));
    }
    const attempts = await stdoutLines('"event_type":"unauthorized_command_attempt"', 3);
    expect(attempts).toHaveLength(3);
    expect(api.output()).not.toContain(pasted.slice(4, 20));
  });
});
