// Entry point of the central API: read config, wire the store, listen, shut down cleanly.
import type { AddressInfo } from 'node:net';
import {
  createLogger,
  describeError,
  exitWithReason,
  onShutdown,
  type Logger,
} from '@porthole/runtime';
import { createMemoryStore, createRedisStore, type Store } from '@porthole/store';
import { createApi } from './app.js';
import { createAuthenticator } from './auth/credentials.js';
import { createOidcVerifier } from './auth/oidc.js';
import { loadConfig, type Config } from './config.js';
import { createHttpServer } from './http-server.js';
import { serveMetrics } from './metrics-server.js';
import { createSigner, generateSigningKey } from './signing.js';

function openStore(config: Config, logger: Logger): Store {
  const warn = (msg: string) => logger.warn(msg);
  const options = {
    resultTtlSeconds: config.resultTtlSeconds,
    maxQueuedPerPrincipal: config.maxQueuedPerPrincipal,
    keyPrefix: config.redisPrefix,
    // A JSON line like every other (the store's default is a plain stderr line).
    onBackgroundError: (err: Error) =>
      logger.warn({ err: describeError(err) }, 'store connection error'),
  };
  if (config.redis === null) {
    warn('REDIS_URL is not set: using the in-memory store (single process, development only)');
    return createMemoryStore(options);
  }
  return 'url' in config.redis
    ? createRedisStore({ url: config.redis.url, ...options })
    : createRedisStore({
        clusterNodes: config.redis.clusterNodes,
        ...(config.redis.password === null ? {} : { password: config.redis.password }),
        tls: config.redis.tls,
        ...options,
      });
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    exitWithReason('porthole-api', err);
  }
  const logger = createLogger('porthole-api', config.logLevel);
  if (config.apiKeys.length === 0)
    logger.warn('no API keys are configured: no client can call the API');
  if (config.agentTokens.size === 0)
    logger.warn('no agent tokens are configured: no cluster is registered');
  if (config.trustedProxies !== null && !config.trustProxy)
    logger.warn(
      'PORTHOLE_TRUSTED_PROXIES is set but PORTHOLE_TRUST_PROXY is not: X-Forwarded-For is ignored',
    );

  const store = openStore(config, logger);
  const shutdown = new AbortController();
  const auth = createAuthenticator({
    apiKeys: config.apiKeys,
    agentTokens: config.agentTokens,
    store,
    oidc: config.oidc ? createOidcVerifier(config.oidc) : null,
  });

  if (!config.signingKey) {
    logger.warn(
      'PORTHOLE_SIGNING_KEY is not set: using a generated key (one replica only; agents must fetch it)',
    );
  }
  const signer = await createSigner(
    config.signingKey ?? generateSigningKey(),
    config.previousSigningKey ?? undefined,
  );
  const { app, metrics, startBackground } = createApi({
    config,
    store,
    logger,
    auth,
    signer,
    shutdown: shutdown.signal,
  });
  const background = startBackground();
  const metricsServer = await serveMetrics(
    metrics.registry,
    config.host,
    config.metricsPort,
    logger,
  );
  const server = createHttpServer(app.fetch, logger, config.host);
  server.on('error', (err) => exitWithReason('porthole-api', err));
  server.listen(config.port, config.host, () => {
    const info = server.address() as AddressInfo;
    const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
    // Always printed, whatever LOG_LEVEL: operators and scripts wait for this line.
    logger
      .child({}, { level: 'info' })
      .info(
        { url: `http://${host}:${info.port}` },
        `porthole-api listening on http://${host}:${info.port}`,
      );
  });

  onShutdown(logger, async () => {
    // Stop accepting, end every long wait (clients get their commandId, agents an empty poll),
    // let in-flight responses finish, then close the store.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    shutdown.abort();
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    await closed;
    // After the last request: a wait that ended at shutdown may still have timed a command out.
    await background.stop();
    metricsServer.close();
    await store.close();
  });
}

await main();
