// `npm run demo`: the whole product in one process on embedded defaults, for a first look.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  createApi,
  createAuthenticator,
  createSigner,
  generateSigningKey,
  loadConfig,
} from '@porthole/api';
import {
  createAgent,
  createHealthTracker,
  createApiClient,
  createEnvelopeVerifier,
  createKubeTransport,
  defaultNamespace,
  discoverResources,
  keysFromJwks,
  loadKubeConfigFile,
} from '@porthole/agent';
import { startKubeSim } from '@porthole/kube-sim';
import { BUILTIN_GROUPS } from '@porthole/policy';
import { createLogger, exitWithReason, onShutdown } from '@porthole/runtime';
import { createMemoryStore, createRedisStore } from '@porthole/store';

const CLUSTER = 'demo';

/** The unauthenticated Prometheus listener, as the API's own metrics port serves it. */
function serveMetrics(
  registry: { metrics(): Promise<string>; contentType: string },
  host: string,
  port: number,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"not_found","message":"no such route"}}');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function main(): Promise<void> {
  const apiKey = `demo_${randomBytes(18).toString('base64url')}`;
  const adminKey = `demo_admin_${randomBytes(18).toString('base64url')}`;
  const agentToken = randomBytes(24).toString('base64url');
  const config = loadConfig({
    ...process.env,
    PORTHOLE_HOST: process.env.PORTHOLE_HOST ?? '127.0.0.1',
    PORTHOLE_API_KEYS: `demo:${apiKey}`,
    PORTHOLE_ADMIN_KEYS: `demo-admin:${adminKey}`,
    PORTHOLE_AGENT_TOKENS: JSON.stringify({ [CLUSTER]: agentToken }),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const logger = createLogger('porthole-demo', config.logLevel);

  const sim = await startKubeSim({ port: 0 });
  const tmp = mkdtempSync(join(tmpdir(), 'porthole-demo-'));
  const kubeconfig = join(tmp, 'kubeconfig');
  sim.writeKubeconfig(kubeconfig);

  const store =
    config.redis && 'url' in config.redis
      ? createRedisStore({ url: config.redis.url, keyPrefix: config.redisPrefix })
      : createMemoryStore({});
  const signer = await createSigner(config.signingKey ?? generateSigningKey());
  const auth = createAuthenticator({
    apiKeys: config.apiKeys,
    agentTokens: config.agentTokens,
    store,
  });
  const shutdown = new AbortController();
  const { app, metrics, startBackground } = createApi({
    config,
    store,
    logger,
    auth,
    signer,
    shutdown: shutdown.signal,
  });
  const background = startBackground();
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  const metricsServer = await serveMetrics(metrics.registry, config.host, config.metricsPort);
  const metricsUrl = `http://${config.host}:${(metricsServer.address() as AddressInfo).port}/metrics`;

  const kc = loadKubeConfigFile(kubeconfig);
  const kube = createKubeTransport(kc);
  // Health as the agent process reports it (GET /v1/clusters shows it; porthole_agent_* series).
  const health = createHealthTracker({ version: 'demo', now: () => Date.now() });
  const kubeGet = health.observe(kube.get);
  const verifier = createEnvelopeVerifier({
    keys: keysFromJwks(signer.jwks()),
    clusterId: CLUSTER,
    now: () => Date.now(),
  });
  const api = createApiClient({
    apiUrl: url,
    token: agentToken,
    agentVersion: 'demo',
    kubernetesVersion: () => 'v1.35.0',
  });
  // As the agent process does: the cluster's resources, custom ones included, go to the API
  // (so `get widgets` resolves there) and to the agent's own policy check.
  const resources = await discoverResources(kubeGet);
  await api.reportDiscovery(resources);
  const custom = [
    ...new Set(
      resources.filter((r) => !BUILTIN_GROUPS.has(r.group)).map((r) => `${r.name}.${r.group}`),
    ),
  ];
  const agent = createAgent({
    verifier,
    api,
    clusterId: CLUSTER,
    resources: () => resources,
    serverUrl: kube.server,
    kube: kubeGet,
    health,
    defaultNamespace: defaultNamespace(kc),
    now: () => Date.now(),
    logger,
    concurrency: 4,
  });
  const running = agent.run();

  const bearer = (variable: string) => `-H "Authorization: Bearer $${variable}"`;
  const json = `-H 'content-type: application/json'`;
  const exec = (command: string) =>
    `curl -s ${bearer('KEY')} ${json} -d '{"command":"${command}"}' ${url}/v1/clusters/${CLUSTER}/exec`;
  // The shape MCP clients that take a URL and headers share (Claude Code's .mcp.json, Cursor, …).
  const mcpConfig = {
    mcpServers: {
      porthole: { type: 'http', url: `${url}/mcp`, headers: { Authorization: `Bearer ${apiKey}` } },
    },
  };
  process.stdout.write(
    [
      `Porthole demo listening on ${url} (store: ${config.redis ? 'redis' : 'in-memory'}, cluster "${CLUSTER}" simulated by kube-sim at ${sim.url})`,
      `API key: ${apiKey}`,
      `Admin key: ${adminKey}`,
      `Metrics: ${metricsUrl}`,
      `Discovery: ${resources.length} resource types reported by the agent, custom: ${custom.join(', ') || 'none'}`,
      '',
      'Try (the first line puts both keys in your shell):',
      `  export KEY=${apiKey} ADMIN_KEY=${adminKey}`,
      `  curl -s ${bearer('KEY')} ${url}/v1/clusters`,
      `  ${exec('get pods -A -o wide')}`,
      `  ${exec('get widgets -A')}`,
      `  ${exec('delete pod web-1')}`,
      `  curl -s ${bearer('ADMIN_KEY')} '${url}/v1/audit?limit=3'`,
      `  curl -s ${metricsUrl}`,
      '',
      "MCP client configuration (paste into your client's MCP servers file):",
      JSON.stringify(mcpConfig, null, 2),
      '',
      'or, for Claude Code:',
      `  claude mcp add --transport http porthole ${url}/mcp --header 'Authorization: Bearer ${apiKey}'`,
      '',
      'Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  onShutdown(logger, async () => {
    // Every long wait answers at once, the agent finishes what it holds, then the listeners close.
    shutdown.abort();
    agent.stop();
    await running;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    await closed;
    await background.stop();
    const metricsClosed = new Promise<void>((resolve) => metricsServer.close(() => resolve()));
    metricsServer.closeAllConnections();
    await metricsClosed;
    await store.close();
    await sim.close();
    rmSync(tmp, { recursive: true, force: true });
  });
}

main().catch((err: unknown) => exitWithReason('porthole-demo', err));
