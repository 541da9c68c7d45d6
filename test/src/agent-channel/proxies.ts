// Misbehaving middleboxes for the agent channel: a buffering HTTP proxy, a TCP link that can be
// cut, and a proxy in front of kube-sim that answers one request slowly.
import { readFileSync, writeFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';

export interface Proxy {
  url: string;
  /** Every request that reached the proxy, as `METHOD path`, in order. */
  seen: string[];
  close(): Promise<void>;
}

async function listen(server: net.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function shut(server: net.Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Hop-by-hop headers a proxy must not forward (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade']);
const endToEnd = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));

/**
 * Forwards everything to `target`, but holds back the command stream's answer until the API
 * ends it (which it does not for minutes): with `hold: 'body'` the status and headers pass and
 * the body does not (nginx's proxy_buffering), with `hold: 'all'` not even the headers do.
 * A client that goes away takes its upstream request with it, as nginx does.
 */
export async function startBufferingProxy(
  target: string,
  hold: 'body' | 'all',
): Promise<Proxy & { streamsClosed(): Promise<void> }> {
  const seen: string[] = [];
  let streamsOpen = 0;
  const idle = new Set<() => void>();
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const buffered = req.url?.startsWith('/v1/agent/stream') ?? false;
    const up = http.request(
      `${target}${req.url}`,
      { method: req.method, headers: endToEnd(req.headers) },
      (upRes) => {
        if (!buffered) {
          res.writeHead(upRes.statusCode ?? 502, endToEnd(upRes.headers));
          upRes.pipe(res);
          return;
        }
        streamsOpen++;
        upRes.once('close', () => {
          if (--streamsOpen > 0) return;
          for (const resolve of idle) resolve();
          idle.clear();
        });
        if (hold === 'body') {
          res.writeHead(upRes.statusCode ?? 502, endToEnd(upRes.headers));
          res.flushHeaders();
        }
        const chunks: Buffer[] = [];
        upRes.on('data', (chunk: Buffer) => chunks.push(chunk));
        upRes.on('end', () => {
          if (!res.headersSent) res.writeHead(upRes.statusCode ?? 502, endToEnd(upRes.headers));
          res.end(Buffer.concat(chunks));
        });
      },
    );
    up.on('error', () => res.destroy());
    res.on('close', () => up.destroy());
    req.pipe(up);
  });
  const url = await listen(server);
  return {
    url,
    seen,
    /** Resolves when no command stream is open upstream through this proxy. */
    streamsClosed: () =>
      streamsOpen === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.add(resolve)),
    close: async () => {
      server.closeAllConnections();
      await shut(server);
    },
  };
}

export interface TcpLink {
  url: string;
  /** Destroys every connection and refuses new ones until `restore()`. */
  cut(): void;
  /**
   * Stops relaying, both ways, on every open connection that has carried a command stream
   * request, and keeps both sockets open: a peer that vanished without a FIN or a reset (a dead
   * node, a NAT that forgot the flow). The agent's other kept-alive connections and new ones
   * still pass.
   */
  freezeStreams(): void;
  restore(): void;
  close(): Promise<void>;
}

/** A TCP relay to `target` (host:port of an http URL) that a test can cut like a dead link. */
export async function startTcpLink(target: string): Promise<TcpLink> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const pairs = new Map<Socket, { upstream: Socket; stream: boolean }>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      // A reset on one side is the other side's end, nothing for the test to see.
      s.on('error', () => undefined);
    }
    const pair = { upstream, stream: false };
    pairs.set(client, pair);
    client.on('data', (chunk: Buffer) => {
      if (chunk.toString('latin1').includes('GET /v1/agent/stream')) pair.stream = true;
    });
    client.on('close', () => {
      pairs.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      pairs.delete(client);
      client.destroy();
    });
    client.pipe(upstream).pipe(client);
  });
  const url = await listen(server);
  return {
    url,
    cut() {
      down = true;
      for (const s of sockets) s.destroy();
    },
    restore() {
      down = false;
    },
    freezeStreams() {
      for (const [client, { upstream, stream }] of pairs) {
        if (!stream) continue;
        pairs.delete(client);
        client.unpipe(upstream);
        upstream.unpipe(client);
        // Neither side learns anything: no data, no FIN, no reset.
        client.removeAllListeners('close');
        upstream.removeAllListeners('close');
        client.removeAllListeners('data');
        client.pause();
        upstream.pause();
      }
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await shut(server);
    },
  };
}

export interface SlowKube extends Proxy {
  /** The kubeconfig that points at this proxy (same credentials as kube-sim's own). */
  kubeconfig: string;
  /** Resolves when the slow request has been answered in full. */
  slowAnswered: Promise<void>;
}

/**
 * Plain HTTP in front of kube-sim (HTTPS, its CA read from `kubeconfig`). The first request
 * whose path matches `slow` gets kube-sim's answer late. `drip`: the status and headers at
 * once, then one byte every `dripMs` for `slowMs`, then the rest, so bytes keep flowing and
 * only the whole answer is slow (a big list). `silent`: nothing at all for `slowMs`, then the
 * whole answer (an apiserver stuck on etcd).
 */
export async function startSlowKube(options: {
  kubeconfig: string;
  kubeconfigOut: string;
  slow: RegExp;
  slowMs: number;
  mode: 'drip' | 'silent';
  dripMs?: number;
}): Promise<SlowKube> {
  const text = readFileSync(options.kubeconfig, 'utf8');
  const server = /server: "([^"]+)"/.exec(text)?.[1];
  const caData = /certificate-authority-data: "([^"]+)"/.exec(text)?.[1];
  if (!server || !caData) throw new Error('cannot read kube-sim server and CA from the kubeconfig');
  const ca = Buffer.from(caData, 'base64').toString('utf8');
  const seen: string[] = [];
  let slowDone = false;
  let answered: () => void = () => {};
  const slowAnswered = new Promise<void>((resolve) => (answered = resolve));
  const timers = new Set<NodeJS.Timeout>();

  const proxy = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const isSlow = !slowDone && options.slow.test(req.url ?? '');
    if (isSlow) slowDone = true;
    const up = https.request(
      `${server}${req.url}`,
      { method: req.method, headers: { ...endToEnd(req.headers), host: new URL(server).host }, ca },
      (upRes) => {
        const chunks: Buffer[] = [];
        upRes.on('data', (chunk: Buffer) => chunks.push(chunk));
        upRes.on('end', () => {
          const body = Buffer.concat(chunks);
          const headers = endToEnd(upRes.headers);
          if (!isSlow) {
            res.writeHead(upRes.statusCode ?? 502, headers).end(body);
            return;
          }
          const later = (fn: () => void, ms: number) => {
            const timer = setTimeout(() => {
              timers.delete(timer);
              fn();
            }, ms);
            timers.add(timer);
          };
          if (options.mode === 'silent') {
            later(() => {
              if (res.destroyed) return;
              res.writeHead(upRes.statusCode ?? 502, headers).end(body, () => answered());
            }, options.slowMs);
            return;
          }
          res.writeHead(upRes.statusCode ?? 502, headers);
          res.flushHeaders();
          const until = Date.now() + options.slowMs;
          let sent = 0;
          const drip = () => {
            if (res.destroyed) return;
            if (Date.now() >= until || sent >= body.length - 1) {
              res.end(body.subarray(sent), () => answered());
              return;
            }
            res.write(body.subarray(sent, sent + 1));
            sent++;
            later(drip, options.dripMs ?? 1000);
          };
          drip();
        });
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  const url = await listen(proxy);
  // Plain HTTP on loopback: client-node wants skip-verify said out loud for an http:// server.
  const pointed = text
    .replace(`server: "${server}"`, `server: "${url}"`)
    .replace(/certificate-authority-data: "[^"]+"/, 'insecure-skip-tls-verify: true');
  writeFileSync(options.kubeconfigOut, pointed);
  return {
    url,
    seen,
    kubeconfig: options.kubeconfigOut,
    slowAnswered,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      proxy.closeAllConnections();
      await shut(proxy);
    },
  };
}
