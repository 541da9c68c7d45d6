// Discovery documents: /version, /api, /apis and the resource list of each group version.
// Plain (non-aggregated) discovery; clients fall back to it when the aggregated types are not offered.
import { createHash } from 'node:crypto';
import type { ApiGroupInfo, Registry } from './registry.js';
import { groupVersion } from './resources.js';

export const KUBERNETES_VERSION = {
  major: '1',
  minor: '35',
  emulationMajor: '1',
  emulationMinor: '35',
  minCompatibilityMajor: '1',
  minCompatibilityMinor: '34',
  gitVersion: 'v1.35.0',
  // A simulator build: the commit is a stable made-up hash, not a real Kubernetes commit.
  gitCommit: createHash('sha1').update('kube-sim v1.35.0').digest('hex'),
  gitTreeState: 'clean',
  buildDate: '2025-12-17T12:32:06Z',
  goVersion: 'go1.25.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(group: ApiGroupInfo): Record<string, unknown> {
  const versions = group.versions.map((v) => ({ groupVersion: `${group.name}/${v}`, version: v }));
  return { name: group.name, versions, preferredVersion: versions[0] };
}

export function apiGroupList(registry: Registry): unknown {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: registry.groups.map(apiGroup) };
}

export function apiGroupDocument(registry: Registry, name: string): unknown {
  const group = registry.group(name);
  if (!group) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group) };
}

/** The APIResourceList of one group version, or undefined when kube-sim does not serve it. */
export function apiResourceList(registry: Registry, group: string, version: string): unknown {
  const resources = registry.groupVersion(group, version);
  const first = resources[0];
  if (!first) return undefined;
  const entries: Record<string, unknown>[] = [];
  for (const r of resources) {
    entries.push({
      name: r.name,
      singularName: r.singularName,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames.length > 0 ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
    });
    for (const sub of r.subresources ?? []) {
      entries.push({
        name: `${r.name}/${sub.name}`,
        singularName: '',
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: sub.verbs,
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(first),
    resources: entries,
  };
}
