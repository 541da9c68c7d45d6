// Reads the Accept header the way the apiserver does: the first media type it can serve wins.

export type Representation =
  | { kind: 'object' }
  | { kind: 'table'; apiVersion: string }
  | { kind: 'partial'; apiVersion: string };

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [type = '', ...rest] = part.split(';').map((s) => s.trim());
      const params: Record<string, string> = {};
      for (const p of rest) {
        const eq = p.indexOf('=');
        if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
      }
      return { type: type.toLowerCase(), params };
    });
}

const JSON_TYPES = new Set(['application/json', 'application/*', '*/*']);

/**
 * Picks the representation for a resource GET. kube-sim only speaks JSON, so protobuf and YAML
 * ranges are skipped; when nothing matches, plain JSON is sent (kubectl and client-node always accept it).
 */
export function negotiate(accept: string | undefined): Representation {
  for (const range of parseAccept(accept ?? '')) {
    if (!JSON_TYPES.has(range.type)) continue;
    const { as, g, v } = range.params;
    if (as === undefined) return { kind: 'object' };
    if (g !== 'meta.k8s.io' || (v !== 'v1' && v !== 'v1beta1')) continue;
    if (as === 'Table') return { kind: 'table', apiVersion: `meta.k8s.io/${v}` };
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') {
      return { kind: 'partial', apiVersion: `meta.k8s.io/${v}` };
    }
  }
  return { kind: 'object' };
}
