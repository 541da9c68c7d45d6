// @porthole/kubectl: kubectl v1.35's read verbs, re-implemented over a redacting GET-only KubeGet, run from the policy's typed request.
export { runKubectl } from './run.js';
export type { CommandOutput, RunOptions } from './types.js';
export type { KubeGet, KubeResponse } from './resource/client.js';
export { DiscoveryCache } from './resource/discovery.js';
export { RedactionTally, redactingKube, type RedactedKubeGet } from './resource/redacting.js';
