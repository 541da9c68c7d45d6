// The cluster's resources as the agent gives them to the policy: core v1 and each group's preferred version, CRDs included.
import type { ApiResource } from '@porthole/policy';
import { Discovery } from '../resource/discovery.js';
import type { KubeGet } from '../resource/client.js';

/** What the agent's discovery report holds, read with this package's discovery client. */
export async function clusterResources(kube: KubeGet): Promise<ApiResource[]> {
  const discovery = new Discovery(kube);
  await discovery.load();
  const lists = discovery.resourceLists();
  return discovery.groupList().flatMap((g) => {
    const list = lists.find((l) => l.group === g.name && l.version === g.preferredVersion);
    return (list?.resources ?? [])
      .filter((r) => !r.name.includes('/'))
      .map((r) => ({
        name: r.name,
        singularName: r.singularName,
        shortNames: r.shortNames,
        kind: r.kind,
        group: g.name,
        version: g.preferredVersion,
        namespaced: r.namespaced,
        categories: r.categories,
      }));
  });
}
