// The separate, unauthenticated listener that serves /metrics to Prometheus.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { describeError, type Logger } from '@porthole/runtime';
import { answerClientErrors, limitUrl, sendError } from './http-server.js';

export function serveMetrics(
  registry: Registry,
  host: string,
  port: number,
  logger: Logger,
): Promise<Server> {
  const server = createServer(
    limitUrl((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        sendError(res, 404, 'not_found', 'no such route');
        return;
      }
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (err: unknown) => {
          logger.error({ err: describeError(err) }, 'metrics collection failed');
          sendError(res, 500, 'internal', 'metrics collection failed');
        },
      );
    }),
  );
  answerClientErrors(server, logger);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      logger
        .child({}, { level: 'info' })
        .info({ port: bound }, `metrics served at http://${host}:${bound}/metrics`);
      resolve(server);
    });
  });
}
