// A plain-HTTP stand-in for the agent's kube-apiserver: passes requests to kube-sim, counts each
// label selector it saw and answered in full, and on demand drip-feeds every answer.
import { readFileSync, writeFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface KubeProxy {
  /** A kubeconfig pointing at this proxy, with kube-sim's credentials. */
  kubeconfig: string;
  /** Requests seen per `labelSelector` value. */
  seen: Map<string, number>;
  /** Answers written in full per `labelSelector` value. */
  answered: Map<string, number>;
  /**
   * `drip`: from now on, each answer's status and headers go out at once, then its body one
   * byte every `dripMs` (an apiserver that is up but starved). Answers already dripping go on.
   */
  setMode(mode: 'pass' | 'drip'): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade']);
const endToEnd = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

export async function startKubeProxy(options: {
  kubeconfig: string;
  kubeconfigOut: string;
  dripMs?: number;
  keepAliveMs?: number;
}): Promise<KubeProxy> {
  const text = readFileSync(options.kubeconfig, 'utf8');
  const server = /server: "([^"]+)"/.exec(text)?.[1];
  const caData = /certificate-authority-data: "([^"]+)"/.exec(text)?.[1];
  if (!server || !caData) throw new Error('cannot read kube-sim server and CA from the kubeconfig');
  const ca = Buffer.from(caData, 'base64').toString('utf8');
  const agent = new https.Agent({ keepAlive: true, ca });
  const dripMs = options.dripMs ?? 2_000;
  const seen = new Map<string, number>();
  const answered = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let mode: 'pass' | 'drip' = 'pass';

  const proxy = http.createServer((req, res) => {
    const selector = new URL(req.url ?? '/', 'http://x').searchParams.get('labelSelector');
    if (selector) bump(seen, selector);
    const drip = mode === 'drip';
    const up = https.request(
      `${server}${req.url}`,
      {
        method: req.method,
        headers: { ...endToEnd(req.headers), host: new URL(server).host },
        agent,
      },
      (upRes) => {
        const chunks: Buffer[] = [];
        upRes.on('data', (chunk: Buffer) => chunks.push(chunk));
        upRes.on('end', () => {
          const body = Buffer.concat(chunks);
          const done = () => {
            if (selector) bump(answered, selector);
          };
          res.writeHead(upRes.statusCode ?? 502, endToEnd(upRes.headers));
          if (!drip) {
            res.end(body, done);
            return;
          }
          res.flushHeaders();
          let sent = 0;
          const next = () => {
            if (res.destroyed) return;
            if (sent >= body.length) {
              res.end(done);
              return;
            }
            res.write(body.subarray(sent, sent + 1));
            sent++;
            const timer = setTimeout(() => {
              timers.delete(timer);
              next();
            }, dripMs);
            timers.add(timer);
          };
          next();
        });
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  // How long an idle kept-alive connection stays open: Node's default, as kube-sim's own; a real
  // kube-apiserver keeps them longer (Go's IdleTimeout).
  proxy.keepAliveTimeout = options.keepAliveMs ?? 5_000;
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  // Plain HTTP on loopback: client-node wants skip-verify said out loud for an http:// server.
  writeFileSync(
    options.kubeconfigOut,
    text
      .replace(`server: "${server}"`, `server: "${url}"`)
      .replace(/certificate-authority-data: "[^"]+"/, 'insecure-skip-tls-verify: true'),
  );
  return {
    kubeconfig: options.kubeconfigOut,
    seen,
    answered,
    setMode: (next) => (mode = next),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      agent.destroy();
    },
  };
}
