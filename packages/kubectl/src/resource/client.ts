// The one seam between the renderer and a cluster: a GET of a path, answered with a status, a body and the Warning headers.

export interface KubeResponse {
  status: number;
  body: string;
  /** Raw `Warning` header values, one per header line: kubectl prints the server's warnings. */
  warnings?: string[];
}

/**
 * A GET against the Kubernetes API; `path` includes the query string. Throws on transport
 * failure. `warnings` holds the raw values of the response's `Warning` headers, one per header
 * line, when the transport passes them on (kubectl prints the server's deprecation warnings).
 */
export type KubeGet = (path: string, accept: string) => Promise<KubeResponse>;
