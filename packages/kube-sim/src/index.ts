// Public API of @porthole/kube-sim: the simulator, its fixtures and the printer rules tests may reuse.
export { startKubeSim, type KubeSim, type KubeSimOptions, type RecordedRequest } from './server.js';
export { defaultCluster } from './fixtures/default.js';
export { loadFixtureDir, FixtureError } from './fixtures/load.js';
export type { ClusterFixture, LogEntry, LogSource } from './fixtures/types.js';
export {
  SCENARIOS,
  LEAKED,
  scenarioFixture,
  type Scenario,
  type Evidence,
} from './fixtures/scenarios.js';
export { CREDENTIAL_CORPUS, credentialCorpus } from './fixtures/credentials.js';
export {
  CORPUS_NAMESPACE,
  CREDENTIAL_PLACES,
  CREDENTIAL_SHAPES,
  type BenignLine,
  type BenignPlace,
  type CorpusLog,
  type CorpusLogLine,
  type CorpusTargets,
  type CredentialCorpus,
  type CredentialPlace,
  type CredentialShape,
  type PlantedValue,
} from './fixtures/corpus/catalogue.js';
export { FIXTURE_KEYS, type FixtureKey } from './resources.js';
export { renderKubeconfig } from './kubeconfig.js';
export { generateTls, type TlsMaterial } from './tls.js';
export { humanDuration, timestampSince } from './table/duration.js';
export { podSummary, type PodSummary } from './table/pods.js';
export { nodeRoles, nodeStatus } from './table/nodes.js';
export { servicePorts, serviceExternalIP } from './table/services.js';
export { KUBERNETES_VERSION } from './discovery.js';
export type { KubeObject } from './types.js';
