// Types shared by the verbs: what a command prints and the options runKubectl takes (the requests are the policy's).
import type { DiscoveryCache } from './resource/discovery.js';

/** What kubectl would have printed, and its exit code. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunGetOptions {
  /** The kubeconfig context's namespace, used when the request names none. */
  defaultNamespace: string;
  /** Clock for the client-side NAME/AGE fallback when a server answers without a Table. Defaults to Date.now. */
  now?: () => number;
  /** Discovery shared between commands; without it every command discovers afresh. */
  discoveryCache?: DiscoveryCache;
}

/** Options for runKubectl: get's, plus what the other verbs need to know about the cluster. */
export interface RunOptions extends RunGetOptions {
  /** The API server URL as the kubeconfig names it (`cluster-info` prints it); default https://kubernetes.default.svc. */
  serverUrl?: string;
}
