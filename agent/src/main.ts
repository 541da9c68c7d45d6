// Entry point of the in-cluster agent: config, kube client, who the token is for, then the command
// channel until SIGTERM.
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
import { createApiClient, TokenRefused, type ApiClient } from './api-client.js';
import { createHealthTracker, type HealthTracker } from './health.js';
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

async function kubernetesVersion(kube: KubeTransport['get']): Promise<string | null> {
  const res = await kube('/version', 'application/json');
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

/**
 * The cluster the token is for, asked before the agent says it started: a PORTHOLE_CLUSTER_ID
 * that disagrees stops the agent with one line (a typo in a chart must not fail silently, with
 * the cluster shown connected and every command refused). Retried while the API is away; a
 * refused token is said once and retried every few minutes.
 */
async function learnCluster(
  api: ApiClient,
  configured: string | null,
  logger: Logger,
  /** The liveness heartbeat: waiting on purpose is not a stuck loop. */
  beat: () => void,
): Promise<string> {
  const backoff = createBackoff(500, 10_000);
  const tokenBackoff = createBackoff(2 * 60_000, 5 * 60_000);
  let refusedSaid = false;
  let lastFailure: string | null = null;
  for (;;) {
    let delay: number;
    try {
      const clusterId = await api.whoami();
      if (clusterId === null) {
        // An API older than the route: the configured id is all there is.
        if (configured !== null) return configured;
        throw new ClusterUnknown(
          'PORTHOLE_CLUSTER_ID: is required with this API (it cannot say which cluster the token is for)',
        );
      }
      if (configured !== null && clusterId !== configured)
        throw new WrongClusterError(
          `the agent token is for cluster ${clusterId}, not ${configured} (PORTHOLE_CLUSTER_ID)`,
        );
      if (refusedSaid) logger.info('the API accepts the agent token again');
      return clusterId;
    } catch (err) {
      if (err instanceof WrongClusterError || err instanceof ClusterUnknown) throw err;
      if (err instanceof TokenRefused) {
        if (!refusedSaid)
          logger.error(
            { reason: err.reason },
            `${err.message}: give the agent a valid token (PORTHOLE_AGENT_TOKEN); retrying every few minutes`,
          );
        refusedSaid = true;
        delay = tokenBackoff.next();
      } else {
        const text = describeError(err).message;
        if (text !== lastFailure)
          logger.warn(
            { err: describeError(err) },
            'could not ask the API which cluster the token is for',
          );
        lastFailure = text;
        delay = backoff.next();
      }
    }
    for (let left = delay; left > 0; left -= HEARTBEAT_WAIT_MS) {
      beat();
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, HEARTBEAT_WAIT_MS)));
    }
  }
}

/** A long wait beats the heartbeat this often (the chart's probe allows two minutes). */
const HEARTBEAT_WAIT_MS = 30_000;

/** The API cannot say which cluster the token is for, and the configuration does not either. */
class ClusterUnknown extends Error {
  override readonly name = 'ClusterUnknown';
}

async function main(): Promise<void> {
  let config: AgentConfig;
  let kube: KubeTransport;
  let kubeGet: KubeTransport['get'];
  let health: HealthTracker;
  let namespace: string;
  try {
    config = loadAgentConfig();
    const kc = loadKubeConfig();
    kube = createKubeTransport(kc, config.kubeLimits);
    health = createHealthTracker({ version: AGENT_VERSION, now: () => Date.now() });
    kubeGet = health.observe(kube.get);
    namespace = defaultNamespace(kc);
  } catch (err) {
    exitWithReason('porthole-agent', err);
  }
  const logger = createLogger('porthole-agent', config.logLevel);

  let kubeVersion: string | null = null;
  try {
    kubeVersion = await kubernetesVersion(kubeGet);
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
  const heartbeat = config.heartbeatFile ? heartbeatTo(config.heartbeatFile, logger) : () => {};
  const api = createApiClient({
    apiUrl: config.apiUrl,
    token: config.token,
    agentVersion: AGENT_VERSION,
    kubernetesVersion: () => kubeVersion,
  });
  let clusterId: string;
  try {
    clusterId = await learnCluster(api, config.clusterId, logger, heartbeat);
  } catch (err) {
    exitWithReason('porthole-agent', err);
  }
  const verifier = createEnvelopeVerifier({ keys, clusterId, now: () => Date.now() });
  // Discovery is reported to the API and used by the agent's own policy check; refreshed like
  // kubectl's cache, so new CRDs resolve within minutes.
  let resources: ApiResourceInfo[] | null = null;
  const refreshDiscovery = async () => {
    try {
      resources = await discoverResources(kubeGet);
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
    clusterId,
    verifier,
    health,
    policy: config.policy,
    resources: () => resources,
    ...(config.heartbeatFile ? { heartbeat } : {}),
    serverUrl: kube.server,
    kube: kubeGet,
    defaultNamespace: namespace,
    now: () => Date.now(),
    logger,
    concurrency: config.concurrency,
  });
  // Always printed, whatever LOG_LEVEL: operators and scripts wait for this line.
  logger.child({}, { level: 'info' }).info(
    {
      apiUrl: config.apiUrl,
      clusterId,
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
