// The signed namespaces, enforced on every request as well as on the command: a verb that would
// read a cluster-scoped path or another namespace for a namespace-scoped principal gets a 403
// Status before a byte leaves the agent, whatever the verb's own reading of the argv was.
import type { KubeGet, KubeResponse } from './transport.js';

/** Discovery and schema documents: they describe the API, not objects in it. */
const DESCRIBES_API =
  /^\/(?:version|api|apis|api\/v1|apis\/[^/]+|apis\/[^/]+\/[^/]+|openapi(?:\/.*)?)$/;
/** `/api/v1/namespaces/NS/…` or `/apis/GROUP/VERSION/namespaces/NS/…`, something inside NS. */
const IN_NAMESPACE = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)\/namespaces\/([^/]+)\/[^/]+/;

function forbidden(path: string): KubeResponse {
  const message = `porthole: the signed scope of this command does not cover ${path}`;
  return {
    status: 403,
    body: JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason: 'Forbidden',
      code: 403,
    }),
  };
}

/** `kube`, limited to `namespaces` (null: unrestricted, the kube itself). */
export function namespaceGuard(kube: KubeGet, namespaces: readonly string[] | null): KubeGet {
  if (namespaces === null) return kube;
  const allowed = new Set(namespaces);
  return async (path, accept) => {
    const bare = path.split('?')[0] ?? '';
    // A dot segment or an encoded slash or dot would let a server's path cleaning step out.
    if (/(?:^|\/)\.\.?(?:\/|$)|%2[ef]|%5c|\\/i.test(bare)) return forbidden(bare);
    if (DESCRIBES_API.test(bare)) return kube(path, accept);
    const inside = IN_NAMESPACE.exec(bare);
    if (inside && allowed.has(decodeURIComponent(inside[1] as string))) return kube(path, accept);
    return forbidden(bare);
  };
}
