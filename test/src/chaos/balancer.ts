// A round-robin HTTP load balancer in front of API replicas, retrying like Envoy's
// `retry_on: connect-failure,reset`: a request whose upstream refused the connection or died
// before any response byte goes to the next replica (its body was kept). Porthole's commands are
// read-only, so the retry is safe; it can run one twice, which the chaos table counts.
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  /** Requests sent again to another replica after their first one failed. */
  retries(): number;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade']);
const endToEnd = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));

export async function startBalancer(upstreams: string[]): Promise<Balancer> {
  const agent = new http.Agent({ keepAlive: true });
  let turn = 0;
  let retried = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const first = turn++ % upstreams.length;
      const attempt = (n: number) => {
        const target = upstreams[(first + n) % upstreams.length]!;
        let answered = false;
        const up = http.request(
          `${target}${req.url}`,
          { method: req.method, headers: endToEnd(req.headers), agent },
          (upRes) => {
            answered = true;
            res.writeHead(upRes.statusCode ?? 502, endToEnd(upRes.headers));
            // Streams (the agents' command stream) pass through as they come.
            res.flushHeaders();
            upRes.pipe(res);
            upRes.on('error', () => res.destroy());
            upRes.on('aborted', () => res.destroy());
          },
        );
        up.on('error', () => {
          if (answered || res.destroyed) {
            res.destroy();
            return;
          }
          if (n + 1 < upstreams.length) {
            retried++;
            attempt(n + 1);
            return;
          }
          // Every replica failed: what a real balancer says, and not Porthole's contract.
          res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway\n');
        });
        res.on('close', () => {
          if (!res.writableFinished) up.destroy();
        });
        up.end(body);
      };
      attempt(0);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    retries: () => retried,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
