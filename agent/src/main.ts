// Entry point of the in-cluster agent: config, kube client, then the poll loop until SIGTERM.
import { readFileSync, writeFileSync } from 'node:fs';
import { JWKS_PATH, type ApiResourceInfo } from '@porthole/protocol';
import { discoverResources } from './kube/discovery-report.js';
import {
  createLogger,
  describeError,
  exitWithReason,
  onShutdown,
  type Logger,
} from '@porthole/runtime';
import { createBackoff } from './backoff.js';
import { createEnvelopeVerifier, keysFromJwks, keysFromPem } from './envelope.js';
import { createAgent, WrongClusterError } from './agent.js';
import { createApiClient } from './api-client.js';
import { loadAgentConfig, type AgentConfig } from './config.js';
import { defaultNamespace, loadKubeConfig } from './kube/load.js';
import { createKubeTransport, type KubeTransport } from './kube/transport.js';

const AGENT_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

const DISCOVERY_REFRESH_MS = 10 * 60_000;

/** Rewrites the heartbeat file; a probe treats a stale mtime as a stuck loop. */
function heartbeatTo(file: string, logger: Logger): () => void {
  return () => {
    try {
      writeFileSync(file, `${new Date().toISOString()}\n`);
    } catch (err) {
      logger.warn({ err: describeError(err) }, 'heartbeat not written');
    }
  };
}

async function kubernetesVersion(kube: KubeTransport): Promise<string | null> {
  const res = await kube.get('/version', 'application/json');
  if (res.status !== 200) return null;
  const parsed = JSON.parse(res.body) as { gitVersion?: unknown };
  return typeof parsed.gitVersion === 'string' ? parsed.gitVersion.slice(0, 64) : null;
}

/** Trust on first use, retried until the API answers: the agent may start before it. */
async function fetchKeys(apiUrl: string, logger: Logger) {
  logger.warn(
    'PORTHOLE_API_PUBLIC_KEY is not set: trusting the signing keys the API publishes now',
  );
  const backoff = createBackoff(500, 10_000);
  for (;;) {
    try {
      const res = await fetch(apiUrl + JWKS_PATH, { signal: AbortSignal.timeout(10_000) });
      if (res.ok) return keysFromJwks((await res.json()) as { keys?: unknown });
      logger.warn({ status: res.status }, 'could not fetch the signing keys');
    } catch (err) {
      logger.warn({ err: describeError(err) }, 'could not fetch the signing keys');
    }
    await new Promise((resolve) => setTimeout(resolve, backoff.next()));
  }
}

async function main(): Promise<void> {
  let config: AgentConfig;
  let kube: KubeTransport;
  let namespace: string;
  try {
    config = loadAgentConfig();
    const kc = loadKubeConfig();
    kube = createKubeTransport(kc, config.kubeLimits);
    namespace = defaultNamespace(kc);
  } catch (err) {
    exitWithReason('porthole-agent', err);
  }
  const logger = createLogger('porthole-agent', config.logLevel);

  let kubeVersion: string | null = null;
  try {
    kubeVersion = await kubernetesVersion(kube);
  } catch (err) {
    // Not fatal: the API may be reachable before the kube-apiserver is; commands will say so.
    logger.warn({ err: describeError(err) }, 'could not read the Kubernetes version');
  }

  let keys;
  try {
    keys = config.apiPublicKey
      ? keysFromPem(config.apiPublicKey)
      : await fetchKeys(config.apiUrl, logger);
  } catch (err) {
    exitWithReason('porthole-agent', err);
  }
  const verifier = createEnvelopeVerifier({
    keys,
    clusterId: config.clusterId,
    now: () => Date.now(),
  });

  const api = createApiClient({
    apiUrl: config.apiUrl,
    token: config.token,
    agentVersion: AGENT_VERSION,
    kubernetesVersion: () => kubeVersion,
  });
  // Discovery is reported to the API and used by the agent's own policy check; refreshed like
  // kubectl's cache, so new CRDs resolve within minutes.
  let resources: ApiResourceInfo[] | null = null;
  const refreshDiscovery = async () => {
    try {
      resources = await discoverResources(kube.get);
      await api.reportDiscovery(resources);
    } catch (err) {
      logger.warn({ err: describeError(err) }, 'discovery not reported');
    }
  };
  await refreshDiscovery();
  const discoveryTimer = setInterval(() => void refreshDiscovery(), DISCOVERY_REFRESH_MS);
  discoveryTimer.unref();

  const agent = createAgent({
    api,
    clusterId: config.clusterId,
    verifier,
    policy: config.policy,
    resources: () => resources,
    ...(config.heartbeatFile ? { heartbeat: heartbeatTo(config.heartbeatFile, logger) } : {}),
    serverUrl: kube.server,
    kube: kube.get,
    defaultNamespace: namespace,
    now: () => Date.now(),
    logger,
    concurrency: config.concurrency,
  });
  // Always printed, whatever LOG_LEVEL: operators and scripts wait for this line.
  logger.child({}, { level: 'info' }).info(
    {
      apiUrl: config.apiUrl,
      clusterId: config.clusterId,
      kubernetes: kube.server,
      kubernetesVersion: kubeVersion,
    },
    'porthole-agent started',
  );
  const done = agent.run().catch((err: unknown) => {
    // A token for another cluster: one clear line, and a stop, rather than failing every command.
    if (err instanceof WrongClusterError) exitWithReason('porthole-agent', err);
    throw err;
  });
  onShutdown(logger, async () => {
    clearInterval(discoveryTimer);
    agent.stop();
    await done;
  });
  await done;
}

await main();
