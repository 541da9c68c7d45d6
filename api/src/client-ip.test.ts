// The client address behind proxies: the client never picks it, whatever it writes in X-Forwarded-For.
import type { AddressInfo } from 'node:net';
import { request, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@porthole/runtime';
import { canonicalIp, parseCidrList, type CidrSet } from './cidr.js';
import { pickClientIp, type ProxyTrust } from './client-ip.js';
import { loadConfig } from './config.js';
import { createHttpServer } from './http-server.js';
import { ADMIN, KEY, json, startTestApi, type TestApi } from './testing/harness.js';

const cidrs = (text: string): CidrSet => {
  const parsed = parseCidrList(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.set;
};

const PROXIES = cidrs('10.0.0.0/8, 192.168.1.7, 2001:db8:ffff::/48, ::ffff:172.16.0.0/108');
const LIST: ProxyTrust = { trustProxy: true, trustedProxies: PROXIES };
const ONE_HOP: ProxyTrust = { trustProxy: true, trustedProxies: null };
const OFF: ProxyTrust = { trustProxy: false, trustedProxies: null };

const PEER = '10.1.2.3'; // a trusted proxy

describe('canonical addresses', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['::FFFF:CB00:7109', '203.0.113.9'],
    ['0:0:0:0:0:ffff:203.0.113.9', '203.0.113.9'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['fe80::', 'fe80::'],
    ['::1.2.3.4', '::102:304'],
  ])('%s is %s', (text, canonical) => expect(canonicalIp(text)).toBe(canonical));

  it.each([
    '',
    ' 1.2.3.4',
    '1.2.3.4:80',
    '[::1]',
    '[::1]:443',
    '01.2.3.4',
    '1.2.3',
    '1.2.3.256',
    '0x7f.0.0.1',
    '2130706433',
    'fe80::1%eth0',
    'localhost',
    'unknown',
    '_hidden',
    '1.2.3.4/32',
    `${'1:'.repeat(40)}1`,
  ])('%j is not an address', (text) => expect(canonicalIp(text)).toBeNull());
});

describe('PORTHOLE_TRUSTED_PROXIES', () => {
  it.each([
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['10.0.0.1/8', '10.9.9.9', true], // host bits are ignored, as most proxies' configs do
    ['192.168.1.7', '192.168.1.7', true],
    ['192.168.1.7', '192.168.1.8', false],
    ['0.0.0.0/0', '203.0.113.9', true],
    ['0.0.0.0/0', '2001:db8::1', false],
    ['2001:db8::/32', '2001:db8:1234::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['::/0', '2001:db8::1', true],
    ['::/0', '1.2.3.4', false],
    ['::ffff:10.0.0.0/104', '10.3.4.5', true],
    ['::ffff:10.0.0.0/104', '::ffff:10.3.4.5', true],
    ['10.0.0.0/8', '::ffff:10.3.4.5', true],
    ['172.16.0.0/12', '172.31.255.255', true],
    ['172.16.0.0/12', '172.32.0.0', false],
    ['fe80::/10', 'febf::1', true],
    ['fe80::/10', 'fec0::1', false],
  ])('%s holds %s: %s', (list, ip, held) => {
    const parsed = parseCidrList(list);
    expect(
      'set' in parsed &&
        pickClientIp(ip, '198.51.100.1', { trustProxy: true, trustedProxies: parsed.set }),
    ).toBe(held ? '198.51.100.1' : canonicalIp(ip));
  });

  it.each([
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0.0/-1',
    '10.0.0.0/08',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '10.0.0/8',
    'ten.0.0.0/8',
    '10.0.0.0 /8',
    '[::1]/128',
    'fe80::1%eth0/64',
    '10.0.0.0/8; 10.1.0.0/16',
    ',',
    ' , ',
  ])('%j stops the API with a one-line reason', (value) => {
    expect(() => loadConfig({ PORTHOLE_TRUSTED_PROXIES: value })).toThrow(
      /^PORTHOLE_TRUSTED_PROXIES: (entry \d+ \(".*"\) is not an IPv4 or IPv6 CIDR|lists no CIDR range)$/,
    );
  });

  it('reads a valid list, IPv4, IPv6 and mapped; unset means one hop', () => {
    const config = loadConfig({
      PORTHOLE_TRUST_PROXY: 'true',
      PORTHOLE_TRUSTED_PROXIES: ' 10.0.0.0/8 ,2001:db8::/32,::ffff:192.0.2.0/120, 198.51.100.1 ',
    });
    expect(config.trustedProxies?.size).toBe(4);
    expect(pickClientIp('::ffff:192.0.2.9', '203.0.113.1, 2001:db8::5, 10.9.9.9', config)).toBe(
      '203.0.113.1',
    );
    expect(loadConfig({ PORTHOLE_TRUST_PROXY: 'true' }).trustedProxies).toBeNull();
  });
});

describe('pickClientIp', () => {
  const real = '203.0.113.9';
  const rows: Array<[string, string | undefined, string | null, ProxyTrust, string]> = [
    // trust off: the peer, whatever the header says
    ['trust off', '198.51.100.2', `${real}`, OFF, '198.51.100.2'],
    ['trust off, mapped peer', '::ffff:198.51.100.2', real, OFF, '198.51.100.2'],
    ['trust off, no peer', undefined, real, OFF, 'unknown'],
    // one hop: the right-most entry, never the client-written first one
    ['one hop', PEER, real, ONE_HOP, real],
    ['one hop, spoofed first hop', PEER, `1.1.1.1, ${real}`, ONE_HOP, real],
    ['one hop, many hops', PEER, `1.1.1.1, 2.2.2.2, 3.3.3.3, ${real}`, ONE_HOP, real],
    ['one hop, no spaces', PEER, `1.1.1.1,${real}`, ONE_HOP, real],
    ['one hop, tabs and spaces', PEER, `1.1.1.1 ,\t ${real} \t`, ONE_HOP, real],
    ['one hop, IPv6', PEER, `1.1.1.1, 2001:DB8::0:1`, ONE_HOP, '2001:db8::1'],
    ['one hop, mapped', PEER, `1.1.1.1, ::ffff:${real}`, ONE_HOP, real],
    ['one hop, empty entries left', PEER, `,, ,${real}`, ONE_HOP, real],
    ['one hop, empty right-most', PEER, `${real},`, ONE_HOP, PEER],
    ['one hop, blank right-most', PEER, `${real}, `, ONE_HOP, PEER],
    ['one hop, empty header', PEER, '', ONE_HOP, PEER],
    ['one hop, no header', PEER, null, ONE_HOP, PEER],
    ['one hop, right-most with port', PEER, `1.1.1.1, ${real}:4711`, ONE_HOP, PEER],
    ['one hop, right-most bracketed', PEER, `1.1.1.1, [2001:db8::1]`, ONE_HOP, PEER],
    ['one hop, right-most bracketed with port', PEER, `[2001:db8::1]:80`, ONE_HOP, PEER],
    ['one hop, right-most garbage', PEER, `${real}, evil`, ONE_HOP, PEER],
    ['one hop, right-most "unknown"', PEER, `${real}, unknown`, ONE_HOP, PEER],
    ['one hop, right-most quoted', PEER, `"${real}"`, ONE_HOP, PEER],
    ['one hop, right-most zoned', PEER, `fe80::1%eth0`, ONE_HOP, PEER],
    ['one hop, right-most octal', PEER, `1.1.1.1, 010.1.1.1`, ONE_HOP, PEER],
    ['one hop, Forwarded syntax', PEER, `for=${real}`, ONE_HOP, PEER],
    ['one hop, no peer and garbage', undefined, 'evil', ONE_HOP, 'unknown'],
    ['one hop, any peer', '198.51.100.2', real, ONE_HOP, real],
    // a list: right-most entry not in it, only when the peer is in it
    ['list, peer trusted', PEER, real, LIST, real],
    ['list, peer untrusted: header ignored', '198.51.100.2', real, LIST, '198.51.100.2'],
    ['list, no peer: header ignored', undefined, real, LIST, 'unknown'],
    ['list, spoofed first hop', PEER, `1.1.1.1, ${real}`, LIST, real],
    ['list, proxies skipped', PEER, `1.1.1.1, ${real}, 10.0.0.5, 192.168.1.7`, LIST, real],
    ['list, spoof that is a trusted address', PEER, `10.9.9.9, ${real}, 10.0.0.5`, LIST, real],
    ['list, IPv6 proxy', PEER, `1.1.1.1, ${real}, 2001:db8:ffff:1::2`, LIST, real],
    ['list, IPv6 client', PEER, `1.1.1.1, 2001:db8:1::7, 10.0.0.5`, LIST, '2001:db8:1::7'],
    ['list, mapped proxy', PEER, `1.1.1.1, ${real}, ::ffff:10.0.0.5`, LIST, real],
    ['list, mapped proxy range', PEER, `${real}, 172.16.3.4`, LIST, real],
    ['list, mapped peer', `::ffff:${PEER}`, `1.1.1.1, ${real}`, LIST, real],
    ['list, IPv6 peer', '2001:db8:ffff::9', `1.1.1.1, ${real}`, LIST, real],
    ['list, untrusted IPv6 peer', '2001:db8:1::9', `1.1.1.1, ${real}`, LIST, '2001:db8:1::9'],
    ['list, every hop trusted', PEER, `10.0.0.7, 10.0.0.5`, LIST, '10.0.0.7'],
    ['list, garbage left of the client', PEER, `evil, :80, [x], ${real}, 10.0.0.5`, LIST, real],
    ['list, garbage where the client is', PEER, `1.1.1.1, evil, 10.0.0.5`, LIST, PEER],
    ['list, port where the client is', PEER, `${real}:1, 10.0.0.5`, LIST, PEER],
    ['list, empty where the client is', PEER, `${real}, , 10.0.0.5`, LIST, PEER],
    ['list, no header', PEER, null, LIST, PEER],
  ];
  it.each(rows)('%s', (_name, peer, header, trust, expected) =>
    expect(pickClientIp(peer, header, trust)).toBe(expected),
  );

  it('100 entries: still the right-most untrusted one, and a long trusted chain falls back to the peer', () => {
    const spoofs = Array.from({ length: 100 }, (_, i) => `198.18.${i}.1`).join(', ');
    expect(pickClientIp(PEER, `${spoofs}, ${real}`, ONE_HOP)).toBe(real);
    expect(pickClientIp(PEER, `${spoofs}, ${real}, 10.0.0.1`, LIST)).toBe(real);
    const proxies = Array.from({ length: 100 }, (_, i) => `10.0.${i}.1`).join(', ');
    expect(pickClientIp(PEER, `${spoofs}, ${real}, ${proxies}`, LIST)).toBe(PEER);
  });

  it('an overlong header cannot choose the address', () => {
    const huge = `${'9.9.9.9,'.repeat(10_000)}${'x'.repeat(50_000)}`;
    expect(pickClientIp(PEER, huge, ONE_HOP)).toBe(PEER);
    expect(pickClientIp(PEER, `${huge}, ${real}`, ONE_HOP)).toBe(real);
    expect(pickClientIp(PEER, `${real}${'0'.repeat(60_000)}`, ONE_HOP)).toBe(PEER);
  });
});

/** Audit lines from the API's log stream. */
const audits = (api: TestApi, type: string) => api.audits(type).map((e) => e.source_ip);

describe('the auth-failure lockout behind a proxy', () => {
  it('one hop: rotating spoofed first hops does not escape the budget', async () => {
    const api = await startTestApi({ authFailuresPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await api.req('GET', '/v1/clusters', `wrong-key-000000000${i}`, undefined, {
          'x-forwarded-for': `198.18.0.${i}, 203.0.113.9`,
        });
        expect(res.status).toBe(401);
      }
      const locked = await api.req('GET', '/v1/clusters', KEY, undefined, {
        'x-forwarded-for': '198.18.7.7, 203.0.113.9',
      });
      expect(locked.status).toBe(429);
      expect(audits(api, 'authentication_failure')).toEqual(Array(3).fill('203.0.113.9'));
      // Another client behind the same proxy is not locked out.
      const other = await api.req('GET', '/v1/clusters', KEY, undefined, {
        'x-forwarded-for': '203.0.113.9, 203.0.113.10',
      });
      expect(other.status).toBe(200);
    } finally {
      await api.close();
    }
  });

  describe('through a listening server, with PORTHOLE_TRUSTED_PROXIES', () => {
    let api: TestApi;
    let server: Server;
    let base: string;
    beforeAll(async () => {
      // The test's socket peer is 127.0.0.1: it plays the proxy.
      api = await startTestApi({
        authFailuresPerMinute: 3,
        trustedProxies: cidrs('127.0.0.0/8, ::1'),
      });
      const silent = new Writable({ write: (_c, _e, done) => done() });
      server = createHttpServer(api.app.fetch, createLogger('test', 'silent', silent));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      await api.close();
    });

    /** Status of GET /v1/clusters; an array of X-Forwarded-For values goes as separate header lines. */
    const call = (token: string, forwardedFor: string | string[]) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${base}/v1/clusters`, {
          headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': forwardedFor },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });

    it('locks out the real client however it spoofs, and audits its real address', async () => {
      const spoofs = ['1.1.1.1', '10.0.0.1, 9.9.9.9', 'garbage', '', '::1', '127.0.0.1'];
      for (const [i, spoof] of spoofs.slice(0, 3).entries()) {
        const res = await call(`wrong-key-00000000${i}0`, `${spoof}, 203.0.113.9`);
        expect(res).toBe(401);
      }
      for (const spoof of spoofs) {
        expect(await call(KEY, `${spoof}, 203.0.113.9`)).toBe(429);
      }
      // Two header lines are one list, joined in order: the right-most entry still wins.
      expect(await call(KEY, ['1.1.1.1', '203.0.113.9'])).toBe(429);
      expect(await call(KEY, ['203.0.113.9', '1.1.1.1'])).toBe(200);

      const stored = await json(
        await fetch(`${base}/v1/audit?type=authentication_failure`, {
          headers: { authorization: `Bearer ${ADMIN}`, 'x-forwarded-for': '198.51.100.50' },
        }),
      );
      const ips = (stored.events as Array<{ source_ip: string }>).map((e) => e.source_ip);
      expect(ips).toEqual(Array(3).fill('203.0.113.9'));
      expect(audits(api, 'authentication_failure')).toEqual(Array(3).fill('203.0.113.9'));
      expect(audits(api, 'rate_limit_exceeded').every((ip) => ip === '203.0.113.9')).toBe(true);
    });
  });

  it('a peer outside PORTHOLE_TRUSTED_PROXIES is the client, whatever it forwards', async () => {
    const api = await startTestApi({ trustedProxies: cidrs('10.0.0.0/8') });
    try {
      const res = await api.app.request(
        '/v1/clusters',
        {
          headers: {
            authorization: 'Bearer wrong-key-0000000001',
            'x-forwarded-for': '203.0.113.9',
          },
        },
        { incoming: { socket: { remoteAddress: '::ffff:198.51.100.77' } } },
      );
      expect(res.status).toBe(401);
      expect(audits(api, 'authentication_failure')).toEqual(['198.51.100.77']);
    } finally {
      await api.close();
    }
  });
});
