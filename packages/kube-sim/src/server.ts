// startKubeSim: an HTTPS, read-only kube-apiserver stand-in that records every request it gets.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { isIPv6 } from 'node:net';
import { handleResource, parseResourcePath, type ApiContext } from './api.js';
import {
  KUBERNETES_VERSION,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from './discovery.js';
import { defaultCluster } from './fixtures/default.js';
import { loadFixtureDir } from './fixtures/load.js';
import type { ClusterFixture } from './fixtures/types.js';
import { sendJson, sendRawJson, sendStatus, sendText } from './http.js';
import { renderKubeconfig } from './kubeconfig.js';
import { buildOpenApi } from './openapi/document.js';
import { failure, methodNotAllowed, pathNotFound, unauthorized } from './status.js';
import { ClusterStore } from './store.js';
import { generateTls } from './tls.js';

export interface KubeSimOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** A fixtures directory (see README) or a cluster object; default: the built-in cluster. */
  fixtures?: string | ClusterFixture;
  /**
   * Clock for fixture times and AGE columns (a Date freezes it); fixture times are resolved once,
   * at start. TLS certificates always follow the real clock.
   */
  now?: Date | (() => Date);
  /**
   * Serve metrics.k8s.io (kubectl top)? Default: the fixture decides (the built-in cluster has a
   * metrics server); false simulates a cluster without one.
   */
  metrics?: boolean;
  /** Bearer token clients must present; default: random. */
  token?: string;
  /** Called for every request as it is recorded (the CLI's --request-log). */
  onRequest?: (request: RecordedRequest) => void;
}

export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  /** Query parameters; for a repeated key the last value wins. */
  query: Record<string, string>;
  /** The Accept header, "" when absent. */
  accept: string;
}

export interface KubeSim {
  url: string;
  port: number;
  /** PEM of the CA that signed the server certificate. */
  caPem: string;
  token: string;
  /** A kubeconfig (YAML) with this server, its CA and the bearer token. */
  kubeconfig(): string;
  writeKubeconfig(path: string): void;
  /** Every request received, in order (live array). */
  requests: RecordedRequest[];
  nonGetRequests(): RecordedRequest[];
  close(): Promise<void>;
}

/** Anonymous users may read these on a real apiserver too (system:public-info-viewer). */
const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return isIPv6(host) ? `[${host}]` : host;
}

interface Routing {
  ctx: ApiContext;
  token: string;
  serverAddress: () => string;
  requests: RecordedRequest[];
  onRequest?: (request: RecordedRequest) => void;
}

function route(req: IncomingMessage, res: ServerResponse, routing: Routing): void {
  const url = new URL(req.url ?? '/', 'https://kube-sim.invalid');
  const method = req.method ?? 'GET';
  const recorded: RecordedRequest = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    accept: req.headers.accept ?? '',
  };
  routing.requests.push(recorded);
  routing.onRequest?.(recorded);

  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (!PUBLIC_PATHS.has(path) && req.headers.authorization !== `Bearer ${routing.token}`) {
    return sendStatus(res, unauthorized());
  }
  if (method !== 'GET') return sendStatus(res, methodNotAllowed(method));

  if (path === '/healthz' || path === '/livez' || path === '/readyz')
    return sendText(res, 200, 'ok');
  if (path === '/version') return sendJson(res, 200, KUBERNETES_VERSION);
  if (path === '/api') return sendJson(res, 200, apiVersions(routing.serverAddress()));
  const registry = routing.ctx.store.registry;
  if (path === '/apis') return sendJson(res, 200, apiGroupList(registry));
  // OpenAPI v3 for kubectl explain; v2 stays 404, so nothing falls back to it.
  if (path === '/openapi/v3') return sendJson(res, 200, routing.ctx.openapi.index);
  if (path.startsWith('/openapi/v3/')) {
    const document = routing.ctx.openapi.documents.get(path.slice('/openapi/v3/'.length));
    return document === undefined ? sendStatus(res, pathNotFound()) : sendRawJson(res, document);
  }

  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  if (segments[0] === 'apis' && segments.length === 2) {
    const group = apiGroupDocument(registry, segments[1] ?? '');
    return group ? sendJson(res, 200, group) : sendStatus(res, pathNotFound());
  }
  const isGroupVersion =
    (segments[0] === 'api' && segments.length === 2) ||
    (segments[0] === 'apis' && segments.length === 3);
  if (isGroupVersion) {
    const list =
      segments[0] === 'api'
        ? apiResourceList(registry, '', segments[1] ?? '')
        : apiResourceList(registry, segments[1] ?? '', segments[2] ?? '');
    return list ? sendJson(res, 200, list) : sendStatus(res, pathNotFound());
  }
  const resourcePath = parseResourcePath(segments);
  if (!resourcePath) return sendStatus(res, pathNotFound());
  return handleResource(req, res, resourcePath, url.searchParams, routing.ctx);
}

export async function startKubeSim(options: KubeSimOptions = {}): Promise<KubeSim> {
  const clock = options.now;
  const now = clock === undefined ? () => new Date() : clock instanceof Date ? () => clock : clock;
  const fixture =
    typeof options.fixtures === 'string'
      ? loadFixtureDir(options.fixtures)
      : (options.fixtures ?? defaultCluster());
  const store = new ClusterStore(
    fixture,
    now(),
    options.metrics !== undefined ? { metrics: options.metrics } : {},
  );
  // Certificates follow the real clock, not the injected one: clients check them against theirs.
  const tls = generateTls(options.host ? { extraNames: [options.host] } : {});
  const token = options.token ?? `kube-sim-${randomBytes(16).toString('hex')}`;
  const host = options.host ?? '127.0.0.1';
  const requests: RecordedRequest[] = [];
  const ctx: ApiContext = {
    store,
    now,
    watches: new Set(),
    openapi: buildOpenApi(store.registry, store.crds),
  };
  let port = 0;

  const routing: Routing = {
    ctx,
    token,
    requests,
    serverAddress: () => `${urlHost(host)}:${port}`,
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  };
  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    try {
      route(req, res, routing);
    } catch (error) {
      // A bug in the simulator: answer like the apiserver's panic handler and say why on stderr.
      process.stderr.write(
        `kube-sim: ${req.method ?? ''} ${req.url ?? ''} failed: ${(error as Error).stack ?? String(error)}\n`,
      );
      if (!res.headersSent)
        sendStatus(
          res,
          failure(
            500,
            'InternalError',
            'an error on the server has prevented the request from succeeding',
          ),
        );
      else res.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `https://${urlHost(host)}:${port}`;
  const kubeconfig = () => renderKubeconfig({ server: url, caPem: tls.caPem, token });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    caPem: tls.caPem,
    token,
    kubeconfig,
    writeKubeconfig: (path) => writeFileSync(path, kubeconfig(), { mode: 0o600 }),
    requests,
    nonGetRequests: () => requests.filter((r) => r.method !== 'GET'),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const res of ctx.watches) res.end();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
