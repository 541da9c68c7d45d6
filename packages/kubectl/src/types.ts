// Types shared by the verbs: the `kubectl get` request, what a command prints, and the options runKubectl takes.
import type { DiscoveryCache } from './resource/discovery.js';

/** One resource argument group: the type as the user spelled it and the names asked for (empty = list). */
export interface ResourceArg {
  type: string;
  names: string[];
}

/** A canonical, policy-approved `kubectl get` request. */
export interface GetRequest {
  /** Types as the user spelled them (plural, singular, short name, Kind, kind.group), already allowed by policy. */
  resources: ResourceArg[];
  /** null = the kubeconfig's default namespace, passed to runGet as `defaultNamespace`. */
  namespace: string | null;
  allNamespaces: boolean;
  labelSelector: string | null;
  fieldSelector: string | null;
  output: 'table' | 'wide' | 'json' | 'yaml' | 'name';
  showLabels: boolean;
  noHeaders: boolean;
  /** -L/--label-columns: label keys printed as extra columns. Optional: absent means none. */
  labelColumns?: string[];
  /** --sort-by: a JSONPath field (`.metadata.name`); null or absent means unsorted. */
  sortBy?: string | null;
  /** --show-kind: prefix names with their kind even for a single type. */
  showKind?: boolean;
  /** --ignore-not-found: NotFound errors are dropped, and an empty answer stays silent. */
  ignoreNotFound?: boolean;
  /** --show-managed-fields: keep metadata.managedFields in -o json|yaml. */
  showManagedFields?: boolean;
}

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
