// createApp: the hono application with every route, built from injected dependencies.
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { describeError } from '@porthole/runtime';
import { PortholeError } from '@porthole/protocol';
import type { AppDeps, HonoEnv, Services } from './context.js';
import { createErrorHandler, errorResponse } from './errors.js';
import { agentBodyBytes, limitBody, MAX_BODY_BYTES } from './body.js';
import { createMetrics, httpMetrics } from './metrics.js';
import { createAudit } from './audit.js';
import { startBackground } from './background.js';
import { createAgentStreams } from './agents/streams.js';
import { healthSample } from './agents/health.js';
import { sweepExpired } from './commands/outcomes.js';
import { checkPresence } from './presence-watch.js';
import { agentOnline, allClusterIds } from './clusters.js';
import { DiscoveryCache } from './discovery.js';
import { KnownClusters } from './known-clusters.js';
import { adminRoutes } from './routes/admin.js';
import { agentRoutes } from './routes/agent.js';
import { auditRoutes } from './routes/audit.js';
import { sessionRoutes } from './routes/sessions.js';
import { createRateLimitAudit } from './rate-limit-audit.js';
import { RateViews } from './auth/rate-views.js';
import { clientRoutes } from './routes/client.js';
import { accessRoutes } from './routes/access.js';
import { fleetRoutes } from './routes/fleet.js';
import { openApiRoutes } from './routes/openapi.js';
import { createCursors, CURSOR_KEY_INFO } from './commands/cursor.js';
import { healthRoutes } from './routes/health.js';
import { mcpRoutes } from './mcp/route.js';

export { MAX_BODY_BYTES } from './body.js';

/** The app and the metrics it records, for main to serve on the metrics port. */
export function createApi(deps: AppDeps) {
  const now = deps.now ?? (() => Date.now());
  const knownClusters = new KnownClusters(deps.config.agentTokens.keys());
  const audit = createAudit({
    logger: deps.logger,
    store: deps.store,
    now,
    isKnownCluster: (id) => knownClusters.has(id),
  });
  const services: Services = {
    now,
    newId: () => randomUUID(),
    shutdown: new AbortController().signal,
    metrics:
      deps.metrics ??
      createMetrics({
        clusters: () => allClusterIds(services),
        isKnown: (id) => knownClusters.has(id),
        connected: (id) => agentOnline(services, id),
        agentHealth: (id) => healthSample(services, id),
        onCollectError: (err) =>
          deps.logger.warn(
            { err: describeError(err) },
            'agent gauge not collected: store unavailable',
          ),
      }),
    ...deps,
    audit,
    rateLimitAudit: createRateLimitAudit({ audit, now }),
    knownClusters,
    discovery: new DiscoveryCache(deps.store, now),
    cursors: createCursors(deps.signer.deriveKey(CURSOR_KEY_INFO)),
    quietAddresses: new Map(),
    rateViews: new RateViews(),
    streams: createAgentStreams(() => services),
  };

  const app = new Hono<HonoEnv>();
  app.use('*', httpMetrics(services.metrics));
  app.use('/v1/agent/*', limitBody(agentBodyBytes(services.config.maxOutputBytes)));
  // Every route that reads a client body lives under these prefixes.
  for (const prefix of [
    '/v1/clusters/*',
    '/v1/sessions/*',
    '/v1/admin/*',
    '/v1/policy/*',
    '/v1/fleet/*',
    '/mcp',
  ]) {
    app.use(prefix, limitBody(MAX_BODY_BYTES));
  }
  app.route('/', healthRoutes(services));
  // Describes every route of this app, so it reads app.routes once they are all mounted.
  app.route(
    '/',
    openApiRoutes(services, () => app.routes),
  );
  app.route('/v1/agent', agentRoutes(services));
  app.route('/v1', clientRoutes(services));
  app.route('/v1', accessRoutes(services));
  app.route('/v1/fleet', fleetRoutes(services));
  app.route('/v1/sessions', sessionRoutes(services));
  app.route('/v1/admin', adminRoutes(services));
  app.route('/v1/audit', auditRoutes(services));
  // MCP tool calls are answered by this same app, in-process (mcp/inner.ts).
  app.route(
    '/mcp',
    mcpRoutes(services, (request, env) => app.fetch(request, env)),
  );
  app.notFound((c) => errorResponse(c, new PortholeError('not_found', 'no such route')));
  app.onError(createErrorHandler(services.logger));
  return {
    app,
    metrics: services.metrics,
    /** Starts this replica's periodic work (command expiry, presence, audit windows). */
    startBackground: (options?: { sweepIntervalMs?: number }) => startBackground(services, options),
    /** One run of each periodic task, as startBackground runs them (for tests and tools). */
    tasks: {
      sweepExpired: () => sweepExpired(services),
      checkPresence: () => checkPresence(services),
      closeAuditWindows: () => services.rateLimitAudit.flush(),
    },
  };
}

export function createApp(deps: AppDeps) {
  return createApi(deps).app;
}
