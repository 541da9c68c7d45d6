// The cluster's API resources as the agent reports them to the API (so both resolve resource
// names the same way, CRDs included) and checks commands against them itself.
import type { ApiResourceInfo } from '@porthole/protocol';
import type { KubeGet } from './transport.js';

interface ResourceList {
  groupVersion?: string;
  resources?: Array<{
    name?: string;
    singularName?: string;
    namespaced?: boolean;
    kind?: string;
    shortNames?: string[];
    categories?: string[];
  }>;
}

interface GroupList {
  groups?: Array<{ name?: string; preferredVersion?: { version?: string } }>;
}

async function getJson<T>(kube: KubeGet, path: string): Promise<T> {
  const res = await kube(path, 'application/json');
  if (res.status !== 200) throw new Error(`discovery of ${path} answered HTTP ${res.status}`);
  return JSON.parse(res.body) as T;
}

function toInfo(list: ResourceList, group: string, version: string): ApiResourceInfo[] {
  return (list.resources ?? [])
    .filter(
      (r) => typeof r.name === 'string' && !r.name.includes('/') && typeof r.kind === 'string',
    )
    .map((r) => ({
      name: r.name!,
      singularName: r.singularName ?? '',
      shortNames: (r.shortNames ?? []).slice(0, 16),
      kind: r.kind!,
      group,
      version,
      namespaced: r.namespaced === true,
      categories: (r.categories ?? []).slice(0, 16),
    }));
}

/** Core v1 plus the preferred version of every group, as kubectl's REST mapper prefers them. */
export async function discoverResources(kube: KubeGet): Promise<ApiResourceInfo[]> {
  const core = toInfo(await getJson<ResourceList>(kube, '/api/v1'), '', 'v1');
  const groups = (await getJson<GroupList>(kube, '/apis')).groups ?? [];
  const lists = await Promise.all(
    groups
      .filter((g) => g.name && g.preferredVersion?.version)
      .map(async (g) => {
        const version = g.preferredVersion!.version!;
        const path = `/apis/${encodeURIComponent(g.name!)}/${encodeURIComponent(version)}`;
        return toInfo(await getJson<ResourceList>(kube, path), g.name!, version);
      }),
  );
  return [...core, ...lists.flat()].slice(0, 5000);
}
