// `npm run demo`: the whole product in one process on embedded defaults, for a first look.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import {
  createApp,
  createAuthenticator,
  createSigner,
  generateSigningKey,
  loadConfig,
} from '@porthole/api';
import {
  createEnvelopeVerifier,
  keysFromJwks,
  createAgent,
  createApiClient,
  createKubeTransport,
  defaultNamespace,
  loadKubeConfigFile,
} from '@porthole/agent';
import { startKubeSim } from '@porthole/kube-sim';
import { createLogger, exitWithReason, onShutdown } from '@porthole/runtime';
import { createMemoryStore, createRedisStore } from '@porthole/store';

const CLUSTER = 'demo';

async function main(): Promise<void> {
  const apiKey = `demo_${randomBytes(18).toString('base64url')}`;
  const agentToken = randomBytes(24).toString('base64url');
  const config = loadConfig({
    ...process.env,
    PORTHOLE_HOST: process.env.PORTHOLE_HOST ?? '127.0.0.1',
    PORTHOLE_API_KEYS: `demo:${apiKey}`,
    PORTHOLE_AGENT_TOKENS: JSON.stringify({ [CLUSTER]: agentToken }),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const logger = createLogger('porthole-demo', config.logLevel);

  const sim = await startKubeSim({ port: 0 });
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'porthole-demo-')), 'kubeconfig');
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
  const app = createApp({ config, store, logger, auth, signer });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;

  const kc = loadKubeConfigFile(kubeconfig);
  const kube = createKubeTransport(kc);
  const verifier = createEnvelopeVerifier({
    keys: keysFromJwks(signer.jwks()),
    clusterId: CLUSTER,
    now: () => Date.now(),
  });
  const agent = createAgent({
    verifier,
    api: createApiClient({
      apiUrl: url,
      token: agentToken,
      agentVersion: 'demo',
      kubernetesVersion: () => 'v1.35.0',
    }),
    kube: kube.get,
    defaultNamespace: defaultNamespace(kc),
    now: () => Date.now(),
    logger,
    concurrency: 4,
  });
  const running = agent.run();

  const bearer = `-H 'Authorization: Bearer ${apiKey}'`;
  // The shape MCP clients that take a URL and headers share (Claude Code's .mcp.json, Cursor, …).
  const mcpConfig = {
    mcpServers: {
      porthole: { type: 'http', url: `${url}/mcp`, headers: { Authorization: `Bearer ${apiKey}` } },
    },
  };
  const json = `-H 'content-type: application/json'`;
  process.stdout.write(
    [
      `Porthole demo listening on ${url} (store: ${config.redis ? 'redis' : 'in-memory'}, cluster "${CLUSTER}" simulated by kube-sim at ${sim.url})`,
      `API key: ${apiKey}`,
      '',
      'Try:',
      `  curl -s ${bearer} ${url}/v1/clusters`,
      `  curl -s ${bearer} ${json} -d '{"command":"get pods -A -o wide"}' ${url}/v1/clusters/${CLUSTER}/exec`,
      `  curl -s ${bearer} ${json} -d '{"command":"delete pod web-1"}' ${url}/v1/clusters/${CLUSTER}/exec`,
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
    agent.stop();
    await running;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
    await sim.close();
  });
}

main().catch((err: unknown) => exitWithReason('porthole-demo', err));
