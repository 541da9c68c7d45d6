// Entry point of the in-cluster agent: config, kube client, then the poll loop until SIGTERM.
import { readFileSync } from 'node:fs';
import { createLogger, describeError, exitWithReason, onShutdown } from '@porthole/runtime';
import { createAgent } from './agent.js';
import { createApiClient } from './api-client.js';
import { loadAgentConfig, type AgentConfig } from './config.js';
import { defaultNamespace, loadKubeConfig } from './kube/load.js';
import { createKubeTransport, type KubeTransport } from './kube/transport.js';

const AGENT_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

async function kubernetesVersion(kube: KubeTransport): Promise<string | null> {
  const res = await kube.get('/version', 'application/json');
  if (res.status !== 200) return null;
  const parsed = JSON.parse(res.body) as { gitVersion?: unknown };
  return typeof parsed.gitVersion === 'string' ? parsed.gitVersion.slice(0, 64) : null;
}

async function main(): Promise<void> {
  let config: AgentConfig;
  let kube: KubeTransport;
  let namespace: string;
  try {
    config = loadAgentConfig();
    const kc = loadKubeConfig();
    kube = createKubeTransport(kc);
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

  const api = createApiClient({
    apiUrl: config.apiUrl,
    token: config.token,
    agentVersion: AGENT_VERSION,
    kubernetesVersion: () => kubeVersion,
  });
  const agent = createAgent({
    api,
    kube: kube.get,
    defaultNamespace: namespace,
    now: () => Date.now(),
    logger,
    concurrency: config.concurrency,
  });
  logger.info(
    {
      apiUrl: config.apiUrl,
      clusterId: config.clusterId,
      kubernetes: kube.server,
      kubernetesVersion: kubeVersion,
    },
    'porthole-agent started',
  );
  const done = agent.run();
  onShutdown(logger, async () => {
    agent.stop();
    await done;
  });
  await done;
}

await main();
