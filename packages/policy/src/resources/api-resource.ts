// One API resource as discovery lists it: the input both the built-in table and a cluster's table share.

/** One API resource as discovery lists it (what the agent reports for its cluster). */
export interface ApiResource {
  /** Plural name, as in the API path (`deployments`). Entries naming a subresource (`pods/log`) are ignored. */
  name: string;
  /** May be empty (CRDs): then the lower-cased kind stands in, as in kubectl's REST mapper. */
  singularName: string;
  shortNames: readonly string[];
  kind: string;
  /** '' for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  categories: readonly string[];
}
