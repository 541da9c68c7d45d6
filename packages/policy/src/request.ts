// The typed request of an allowed command: what the agent's kubectl needs to run each verb, parsed once here.

/** Resource types and the names asked for, as the agent's renderer reads them. */
export interface ResourceArg {
  /**
   * Canonical type word: plural, lower-case, with the group for non-core kinds
   * (`deployments.apps`), a non-preferred version kept (`horizontalpodautoscalers.v1.autoscaling`),
   * or a category as written (`all`).
   */
  type: string;
  /** Object names (for describe, name prefixes); empty means every object. */
  names: string[];
}

/**
 * How the objects were written, which kubectl treats differently: `list` is
 * `TYPE[,TYPE...] [NAME...]` (each entry carries the same names), `slash` is `TYPE/NAME...`
 * (one entry, one name per argument). describe matches a name prefix only for `TYPE NAME`.
 */
export type ResourceForm = 'list' | 'slash';

/** One object written as `TYPE/NAME`; `type` is a canonical type word as in ResourceArg. */
export interface ObjectRef {
  type: string;
  name: string;
}

/** The `-o` formats of get that print a user's template (inline only; never from a file). */
export type GetProjection = 'jsonpath' | 'jsonpath-as-json' | 'custom-columns';

export interface GetRequest {
  verb: 'get';
  resources: ResourceArg[];
  form: ResourceForm;
  /** `-n`; null: the agent's default namespace (always null when only cluster-scoped kinds are read). */
  namespace: string | null;
  allNamespaces: boolean;
  labelSelector: string | null;
  fieldSelector: string | null;
  /**
   * `table` is kubectl's default printer (no `-o`). `jsonpath`, `jsonpath-as-json` and
   * `custom-columns` print `template`.
   */
  output: 'table' | 'wide' | 'json' | 'yaml' | 'name' | GetProjection;
  /**
   * The text after `-o jsonpath=`, `-o jsonpath-as-json=` or `-o custom-columns=`, verbatim (never
   * empty, at most MAX_TEMPLATE_LENGTH); null for every other output. Only its length and
   * characters are checked here: kubectl parses it when it prints, and so does the agent, which
   * reports kubectl's own parse error.
   */
  template: string | null;
  /**
   * `--allow-missing-template-keys`, kubectl's default true. Only the jsonpath outputs read it
   * (custom-columns always allows missing keys), so it is true for every other output.
   */
  allowMissingTemplateKeys: boolean;
  showLabels: boolean;
  noHeaders: boolean;
  /** `-L`: label keys printed as extra columns, in order. */
  labelColumns: string[];
  /** A plain field path with a leading dot (`.metadata.name`); null: unsorted. */
  sortBy: string | null;
  showKind: boolean;
  ignoreNotFound: boolean;
  showManagedFields: boolean;
}

export interface DescribeRequest {
  verb: 'describe';
  resources: ResourceArg[];
  form: ResourceForm;
  /** null: the agent's default namespace (always null when only cluster-scoped kinds are read). */
  namespace: string | null;
  allNamespaces: boolean;
  labelSelector: string | null;
  /** kubectl's default is true; only `--show-events=false` appears in the argv. */
  showEvents: boolean;
}

export interface LogsRequest {
  verb: 'logs';
  /**
   * The pod (`type` null: named by its bare name, the canonical form of `pod/NAME`) or the object
   * whose pod is read (`deployments.apps/web`); null when pods are chosen by `labelSelector`.
   */
  resource: { type: string | null; name: string } | null;
  /** null: the agent's default namespace. */
  namespace: string | null;
  labelSelector: string | null;
  /** `-c` or the inline container argument; null: kubectl's default container. */
  container: string | null;
  allContainers: boolean;
  allPods: boolean;
  previous: boolean;
  prefix: boolean;
  timestamps: boolean;
  /** `--since`, in whole seconds (kubectl rounds the duration); null when not given. */
  sinceSeconds: number | null;
  /** `--since-time`, RFC 3339 as given (validated, not converted to UTC). */
  sinceTime: string | null;
  /**
   * Lines from the end of each log: `--tail`; without it 500 when neither --since nor
   * --since-time is given (CONTRACT §4), else kubectl's 10 per pod with a label selector (not
   * written in the argv), else null: every line in the --since window.
   */
  tailLines: number | null;
  /** `--limit-bytes`; null: no limit (0 means the same and is dropped). */
  limitBytes: number | null;
}

export interface EventsRequest {
  verb: 'events';
  /** null: the agent's default namespace. */
  namespace: string | null;
  allNamespaces: boolean;
  /** `--for`: only events about this object. */
  for: ObjectRef | null;
  /** `--types`: sorted, kubectl's casing; empty means every type. */
  types: ('Normal' | 'Warning')[];
  /** `table` is kubectl's default printer (no `-o`). */
  output: 'table' | 'json' | 'yaml' | 'name';
  noHeaders: boolean;
}

export interface TopPodRequest {
  verb: 'top';
  subcommand: 'pod';
  /** One pod by name, or null for every pod the namespace and selectors match. */
  name: string | null;
  /** null: the agent's default namespace. */
  namespace: string | null;
  allNamespaces: boolean;
  labelSelector: string | null;
  fieldSelector: string | null;
  /** null: kubectl's default order. */
  sortBy: 'cpu' | 'memory' | null;
  containers: boolean;
  sum: boolean;
  noHeaders: boolean;
  showSwap: boolean;
}

export interface TopNodeRequest {
  verb: 'top';
  subcommand: 'node';
  /** One node by name, or null for every node the selector matches. */
  name: string | null;
  labelSelector: string | null;
  /** null: kubectl's default order. */
  sortBy: 'cpu' | 'memory' | null;
  noHeaders: boolean;
  showCapacity: boolean;
  showSwap: boolean;
}

export interface ExplainRequest {
  verb: 'explain';
  /**
   * Canonical type word (`deployments.apps`), or only the plural (`deployments`) when
   * `apiVersion` is given: the group then comes from `apiVersion`, as kubectl reads it.
   */
  resource: string;
  /** Field path below the resource (`['spec', 'containers']`); empty for the resource itself. */
  fields: string[];
  recursive: boolean;
  /** `--api-version`: `v1` or `group/version`; null: the preferred version. */
  apiVersion: string | null;
}

export interface ApiResourcesRequest {
  verb: 'api-resources';
  /** `--namespaced=true|false` filters on scope; null (not given) lists both. */
  namespaced: boolean | null;
  /** `--api-group`; '' lists the core group only, null every group. */
  apiGroup: string | null;
  /** `--verbs`: resources supporting every one of these. */
  verbs: string[];
  /** `--categories`: resources in every one of these. */
  categories: string[];
  /** null: kubectl's order (by group, then name). */
  sortBy: 'name' | 'kind' | null;
  /** `table` is kubectl's default printer (no `-o`). */
  output: 'table' | 'wide' | 'json' | 'yaml' | 'name';
  noHeaders: boolean;
}

export interface ApiVersionsRequest {
  verb: 'api-versions';
}

export interface VersionRequest {
  verb: 'version';
  client: boolean;
  /** null: kubectl's plain `Client Version: …` lines (no `-o`). */
  output: 'json' | 'yaml' | null;
}

export interface ClusterInfoRequest {
  verb: 'cluster-info';
  /** Where the cluster-service Services are listed: `-n`, else kube-system (never the agent's default). */
  namespace: string;
}

/** `rollout history` and `rollout status`; status is one check, never a watch. */
export interface RolloutRequest {
  verb: 'rollout';
  subcommand: 'history' | 'status';
  /** A deployment, daemonset or statefulset. */
  resource: ObjectRef;
  /** null: the agent's default namespace. */
  namespace: string | null;
  /** `--revision`; 0 (kubectl's default): history lists every revision, status checks the latest. */
  revision: number;
}

/**
 * What an allowed command asks the agent to run, by verb (and subcommand for top and rollout).
 * Plain JSON data: every field is present and an absent value is null, never undefined. The
 * canonical argv is printed from these fields, so it holds nothing the request lacks.
 */
export type KubectlRequest =
  | GetRequest
  | DescribeRequest
  | LogsRequest
  | EventsRequest
  | TopPodRequest
  | TopNodeRequest
  | ExplainRequest
  | ApiResourcesRequest
  | ApiVersionsRequest
  | VersionRequest
  | ClusterInfoRequest
  | RolloutRequest;
