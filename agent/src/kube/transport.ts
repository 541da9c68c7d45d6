// The agent's only way to the Kubernetes API: a transport that sends GET and nothing else.
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeGet, KubeResponse } from '@porthole/kubectl';

// The renderer defines the seam; the rest of the agent names it through its transport.
export type { KubeGet, KubeResponse };

export class ReadOnlyViolation extends Error {
  override readonly name = 'ReadOnlyViolation';
}

/** Responses larger than this are refused rather than buffered: output is capped later anyway. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const TIMEOUT_MS = 15_000;

/** A reused keep-alive socket that failed before any answer: the request never reached the server. */
class StaleSocket extends Error {}
const STALE_CODES = new Set(['ECONNRESET', 'EPIPE']);

export interface KubeTransport {
  get: KubeGet;
  /**
   * The general form, kept so the read-only guarantee is enforced in one place and can be
   * tested: any method but GET is refused before a connection is opened.
   */
  request(method: string, path: string, accept: string): Promise<KubeResponse>;
  server: string;
}

export function createKubeTransport(kc: KubeConfig): KubeTransport {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const server = new URL(cluster.server);
  const basePath = server.pathname.replace(/\/$/, '');
  // Reused connections: a TLS handshake per GET would cost more than the GET itself.
  const agent =
    server.protocol === 'https:'
      ? new https.Agent({ keepAlive: true, maxSockets: 16 })
      : new http.Agent({ keepAlive: true, maxSockets: 16 });

  async function request(method: string, path: string, accept: string): Promise<KubeResponse> {
    if (method !== 'GET') throw new ReadOnlyViolation(`refused ${method}: the agent only reads`);
    if (!path.startsWith('/')) throw new Error('kube path must start with /');
    try {
      return await send(path, accept);
    } catch (err) {
      // A kept-alive socket the server closed while idle fails the next request before any
      // answer; a GET is safe to send again once, on a fresh connection (Go's transport does so).
      if (!(err instanceof StaleSocket)) throw err;
      return send(path, accept);
    }
  }

  async function send(path: string, accept: string): Promise<KubeResponse> {
    const options: https.RequestOptions = {};
    // Applied per request: in-cluster tokens and exec plugins rotate credentials.
    await kc.applyToHTTPSOptions(options);
    const client = server.protocol === 'https:' ? https : http;
    return new Promise<KubeResponse>((resolve, reject) => {
      let answered = false;
      const req = client.request(
        {
          ...options,
          agent,
          method: 'GET',
          protocol: server.protocol,
          hostname: server.hostname.replace(/^\[|\]$/g, ''),
          port: server.port || (server.protocol === 'https:' ? 443 : 80),
          path: basePath + path,
          headers: { ...(options.headers ?? {}), accept, 'user-agent': 'porthole-agent' },
          timeout: TIMEOUT_MS,
        },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) {
              req.destroy(new Error('the Kubernetes API response is too large'));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            // rawHeaders, because Node joins repeated Warning headers into one value.
            const warnings = res.rawHeaders.filter(
              (_, i, all) => i % 2 === 1 && all[i - 1]?.toLowerCase() === 'warning',
            );
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              ...(warnings.length > 0 ? { warnings } : {}),
            });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out waiting for the Kubernetes API')));
      req.on('error', (err: NodeJS.ErrnoException) => {
        const stale = req.reusedSocket && !answered && STALE_CODES.has(err.code ?? '');
        reject(stale ? new StaleSocket(err.message) : err);
      });
      req.end();
    });
  }

  return { get: (path, accept) => request('GET', path, accept), request, server: server.origin };
}
