// The read-only guarantee of the agent's Kubernetes transport, against a real HTTPS kube-sim.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { startKubeSim, type KubeSim } from '@porthole/kube-sim';
import { loadKubeConfigFile } from './load.js';
import { createKubeTransport, ReadOnlyViolation, type KubeTransport } from './transport.js';

/** A kubeconfig for a plain-HTTP test server. */
function plainKubeConfig(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

let sim: KubeSim;
let kube: KubeTransport;

beforeAll(async () => {
  sim = await startKubeSim({ port: 0 });
  const file = join(mkdtempSync(join(tmpdir(), 'porthole-transport-')), 'kubeconfig');
  sim.writeKubeconfig(file);
  kube = createKubeTransport(loadKubeConfigFile(file));
});
afterAll(() => sim.close());

describe('the kube transport', () => {
  it('reads over HTTPS with the kubeconfig CA and token', async () => {
    const res = await kube.get('/api/v1/namespaces/default/pods', 'application/json');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).kind).toBe('PodList');
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'get', 'CONNECT'])(
    'refuses %s before a byte leaves',
    async (method) => {
      const before = sim.requests.length;
      await expect(
        kube.request(method, '/api/v1/namespaces/default/pods/x', 'application/json'),
      ).rejects.toBeInstanceOf(ReadOnlyViolation);
      expect(sim.requests.length).toBe(before);
      expect(sim.nonGetRequests()).toEqual([]);
    },
  );

  it('refuses paths that do not start with /', async () => {
    await expect(kube.get('http://evil.example/api', 'application/json')).rejects.toThrow(
      /must start with/,
    );
  });
});

describe('credentials that change under a running agent', () => {
  // Read again within a second, not per request: each test waits for the change to be seen.
  let own: KubeSim;
  let other: KubeSim;
  beforeAll(async () => {
    [own, other] = await Promise.all([startKubeSim({ port: 0 }), startKubeSim({ port: 0 })]);
  });
  afterAll(() => Promise.all([own.close(), other.close()]));

  /** A kubeconfig for `own`, with the CA and token given. */
  const load = (kc: KubeConfig, caPem: string, token: string) =>
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: own.url, caData: Buffer.from(caPem).toString('base64') }],
      users: [{ name: 'u', token }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
  const pods = (kube: KubeTransport) => kube.get('/api/v1/pods', 'application/json');

  it('a rotated token is sent once the kubeconfig holds it', async () => {
    const kc = new KubeConfig();
    load(kc, own.caPem, own.token);
    const kube = createKubeTransport(kc);
    expect((await pods(kube)).status).toBe(200);
    load(kc, own.caPem, 'a-token-the-apiserver-refuses');
    await expect.poll(async () => (await pods(kube)).status, { timeout: 15_000 }).toBe(401);
  });

  it('a changed CA is never satisfied by a connection verified under the old one', async () => {
    const kc = new KubeConfig();
    load(kc, own.caPem, own.token);
    const kube = createKubeTransport(kc);
    // A kept-alive connection is now pooled, verified under own's CA.
    expect((await pods(kube)).status).toBe(200);
    load(kc, other.caPem, own.token);
    const outcome = () =>
      pods(kube).then(
        (res) => `HTTP ${res.status}`,
        (err: NodeJS.ErrnoException) => err.code ?? err.message,
      );
    await expect.poll(outcome, { timeout: 15_000 }).toMatch(/CERT|SIGNATURE|SELF_SIGNED|VERIFY/);
  });
});

describe('a kept-alive connection the server dropped', () => {
  // The server answers the first request of each connection and drops the connection on the
  // second, as a server closing an idle socket at the moment the client reuses it would.
  let server: Server;
  let url = '';
  let dropped = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const socket = req.socket as Socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      if (socket.served > 1) {
        dropped++;
        socket.destroy();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end('{"kind":"PodList","items":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is retried once on a fresh connection, so the GET still answers', async () => {
    const plain = createKubeTransport(plainKubeConfig(url));
    expect((await plain.get('/api/v1/pods', 'application/json')).status).toBe(200);
    expect((await plain.get('/api/v1/pods', 'application/json')).status).toBe(200);
    expect(dropped).toBe(1);
  });
});

describe('an apiserver that drips its answer', () => {
  // One byte every 100 ms: the idle timer never fires, so only the command's deadline ends it.
  let server: Server;
  let url = '';
  const open = new Set<NodeJS.Timeout>();
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 100);
      open.add(drip);
      res.on('close', () => {
        clearInterval(drip);
        open.delete(drip);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const transport = (limits?: { qps: number; burst: number }) =>
    createKubeTransport(plainKubeConfig(url), limits);

  it('ends the request when the command reaches its deadline, and closes the connection', async () => {
    const deadline = new AbortController();
    const pending = transport().get('/api/v1/pods', 'application/json', deadline.signal);
    // Aborted once the server has started dripping: the answer is under way, not refused.
    await expect.poll(() => open.size, { timeout: 10_000 }).toBe(1);
    deadline.abort(new Error('the command reached its deadline'));
    await expect(pending).rejects.toThrow('the command reached its deadline');
    await expect.poll(() => open.size, { timeout: 10_000 }).toBe(0);
  });

  it('a request whose deadline passed while it waited for the rate limit never leaves', async () => {
    const kube = transport({ qps: 0.001, burst: 1 });
    const first = new AbortController();
    const sent = kube.get('/api/v1/pods', 'application/json', first.signal);
    await expect.poll(() => open.size, { timeout: 10_000 }).toBe(1);
    const second = new AbortController();
    const waiting = kube.get('/api/v1/pods', 'application/json', second.signal);
    second.abort(new Error('deadline while waiting'));
    await expect(waiting).rejects.toThrow('deadline while waiting');
    expect(open.size).toBe(1);
    first.abort();
    await expect(sent).rejects.toThrow();
  });
});
