// The agent's only way to the Kubernetes API: a transport that sends GET and nothing else.
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeGet, KubeResponse } from '@porthole/kubectl';
import { createKubeRateLimiter } from './rate.js';

// The renderer defines the seam; the rest of the agent names it through its transport.
export type { KubeGet, KubeResponse };

export class ReadOnlyViolation extends Error {
  override readonly name = 'ReadOnlyViolation';
}

/** Responses larger than this are refused rather than buffered: output is capped later anyway. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/**
 * Limits of a request made outside any command (discovery, the version): silence on the socket
 * this long ends it, and whatever the apiserver does (a response dripped a byte at a time resets
 * the idle timer) it ends after the total. A command's request is bounded by its deadline alone:
 * the client chose how long the apiserver may take.
 */
const IDLE_TIMEOUT_MS = 15_000;
const TOTAL_TIMEOUT_MS = 60_000;

/** The apiserver's limits for this agent (PORTHOLE_KUBE_QPS, PORTHOLE_KUBE_BURST). */
export interface KubeLimits {
  qps: number;
  burst: number;
}

/** A GET that ends when `signal` aborts (the command's deadline), as well as on its own limits. */
export type BoundedKubeGet = (
  path: string,
  accept: string,
  signal?: AbortSignal,
) => Promise<KubeResponse>;

/** A reused keep-alive socket that failed before any answer: the request never reached the server. */
class StaleSocket extends Error {}
const STALE_CODES = new Set(['ECONNRESET', 'EPIPE']);

export interface KubeTransport {
  get: BoundedKubeGet;
  /**
   * The general form, kept so the read-only guarantee is enforced in one place and can be
   * tested: any method but GET is refused before a connection is opened.
   */
  request(
    method: string,
    path: string,
    accept: string,
    signal?: AbortSignal,
  ): Promise<KubeResponse>;
  server: string;
}

export function createKubeTransport(
  kc: KubeConfig,
  limits: KubeLimits = { qps: 1000, burst: 2000 },
): KubeTransport {
  const limiter = createKubeRateLimiter(limits.qps, limits.burst);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const server = new URL(cluster.server);
  const basePath = server.pathname.replace(/\/$/, '');
  // Reused connections: a TLS handshake per GET would cost more than the GET itself.
  const agent =
    server.protocol === 'https:'
      ? new https.Agent({ keepAlive: true, maxSockets: 16 })
      : new http.Agent({ keepAlive: true, maxSockets: 16 });
  const credentials = kubeCredentials(kc, agent);

  async function request(
    method: string,
    path: string,
    accept: string,
    signal?: AbortSignal,
  ): Promise<KubeResponse> {
    if (method !== 'GET') throw new ReadOnlyViolation(`refused ${method}: the agent only reads`);
    if (!path.startsWith('/')) throw new Error('kube path must start with /');
    await limiter.take(signal);
    try {
      return await send(path, accept, signal);
    } catch (err) {
      // A kept-alive socket the server closed while idle fails the next request before any
      // answer; a GET is safe to send again once, on a fresh connection (Go's transport does so).
      // Not through the pool: after a pause longer than the server's idle timeout (a stopped or
      // starved process) every pooled socket is stale, and the pool would hand out another.
      if (!(err instanceof StaleSocket)) throw err;
      return send(path, accept, signal, false);
    }
  }

  async function send(
    path: string,
    accept: string,
    signal?: AbortSignal,
    pool: http.Agent | false = agent,
  ): Promise<KubeResponse> {
    signal?.throwIfAborted();
    const options = await credentials();
    const client = server.protocol === 'https:' ? https : http;
    return new Promise<KubeResponse>((resolve, reject) => {
      let answered = false;
      const req = client.request(
        {
          ...options,
          agent: pool,
          method: 'GET',
          protocol: server.protocol,
          hostname: server.hostname.replace(/^\[|\]$/g, ''),
          port: server.port || (server.protocol === 'https:' ? 443 : 80),
          path: basePath + path,
          headers: { ...(options.headers ?? {}), accept, 'user-agent': 'porthole-agent' },
          ...(signal ? {} : { timeout: IDLE_TIMEOUT_MS }),
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
      const total = signal
        ? undefined
        : setTimeout(
            () => req.destroy(new Error('the Kubernetes API took too long to answer')),
            TOTAL_TIMEOUT_MS,
          );
      const onAbort = () =>
        req.destroy(
          signal?.reason instanceof Error
            ? signal.reason
            : new Error('the command reached its deadline'),
        );
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('close', () => {
        clearTimeout(total);
        signal?.removeEventListener('abort', onAbort);
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        const stale = req.reusedSocket && !answered && STALE_CODES.has(err.code ?? '');
        reject(stale ? new StaleSocket(err.message) : err);
      });
      req.end();
    });
  }

  return {
    get: (path, accept, signal) => request('GET', path, accept, signal),
    request,
    server: server.origin,
  };
}

/** How long one reading of the kubeconfig's credentials serves the requests that follow. */
const CREDENTIALS_MS = 1000;

/** Where a request's options carry the name of the pool its connection belongs to. */
const POOL = Symbol('pool');
type PooledOptions = https.RequestOptions & { [POOL]?: string };

/**
 * The kubeconfig's TLS material and auth headers, read again every CREDENTIALS_MS: in-cluster
 * tokens and exec plugins rotate them, and client-node builds a whole HTTPS agent each time
 * they are read, too much to do per request. Connections are pooled by a digest of the TLS
 * material they were verified with, carried in the request's options, not by Node's key, which
 * spells out the CA and certificate on every request. Once the material changes, no connection
 * made with the old one is used again: idle ones are closed, busy ones when they free.
 */
function kubeCredentials(kc: KubeConfig, pool: http.Agent): () => Promise<PooledOptions> {
  let current: { options: PooledOptions; readAt: number } | null = null;
  let reading: Promise<PooledOptions> | null = null;
  pool.getName = (options?: PooledOptions) => options?.[POOL] ?? '';
  pool.on('free', (socket: Socket, options: PooledOptions) => {
    if (options[POOL] !== current?.options[POOL]) socket.destroy();
  });

  const read = async () => {
    const options: PooledOptions = {};
    await kc.applyToHTTPSOptions(options);
    // client-node's own agent, made on every call: requests go through the pool.
    delete options.agent;
    const name = (options[POOL] = tlsDigest(options));
    for (const [old, sockets] of Object.entries(pool.freeSockets))
      if (old !== name) for (const socket of sockets ?? []) socket.destroy();
    current = { options, readAt: performance.now() };
    return options;
  };

  return () => {
    if (current && performance.now() - current.readAt < CREDENTIALS_MS)
      return Promise.resolve(current.options);
    // One reading for the requests that find the last one stale together; a failed one is
    // not kept, so the next request reads again.
    reading ??= read().finally(() => (reading = null));
    return reading;
  };
}

const TLS_FIELDS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'servername', 'rejectUnauthorized'];

function tlsDigest(options: https.RequestOptions): string {
  const hash = createHash('sha256');
  for (const field of TLS_FIELDS) {
    const value = (options as Record<string, unknown>)[field];
    const parts = Array.isArray(value) ? value : [value];
    hash.update(`${field}:${parts.length}`);
    for (const part of parts) {
      const bytes = Buffer.isBuffer(part) ? part : Buffer.from(String(part ?? ''));
      hash.update(`:${bytes.length}:`).update(bytes);
    }
  }
  return hash.digest('hex');
}
