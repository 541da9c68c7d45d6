// Public surface of @porthole/agent for embedding (the demo and tests); main.ts is the process.
export { createAgent, type Agent, type AgentDeps } from './agent.js';
export { createApiClient } from './api-client.js';
export { createHealthTracker, type HealthTracker } from './health.js';
export { AGENT_ENV_VARIABLES } from './config.js';
export { execute } from './execute.js';
export {
  createKubeTransport,
  ReadOnlyViolation,
  type KubeGet,
  type KubeTransport,
} from './kube/transport.js';
export { defaultNamespace, loadKubeConfigFile } from './kube/load.js';
export { discoverResources } from './kube/discovery-report.js';
export {
  createEnvelopeVerifier,
  keysFromJwks,
  keysFromPem,
  type EnvelopeVerifier,
} from './envelope.js';
// What AgentDeps.discovery and ExecuteDeps.discovery hold, for callers that build their own.
export { DiscoveryCache } from '@porthole/kubectl';
