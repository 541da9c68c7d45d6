// The one seam between the renderer and a cluster: a GET of a path, answered with a status, a body and the Warning headers.
import type { GoValue } from '../go/value.js';

export interface KubeResponse {
  status: number;
  body: string;
  /** Raw `Warning` header values, one per header line: kubectl prints the server's warnings. */
  warnings?: string[];
  /**
   * The body as parseGoJson decodes it, when the layer that already decoded it could build that
   * exactly (redacting.ts): readers use it instead of decoding the text again.
   */
  decoded?: GoValue;
}

/**
 * A GET against the Kubernetes API; `path` includes the query string. Throws on transport
 * failure. `warnings` holds the raw values of the response's `Warning` headers, one per header
 * line, when the transport passes them on (kubectl prints the server's deprecation warnings).
 */
export type KubeGet = (path: string, accept: string) => Promise<KubeResponse>;
