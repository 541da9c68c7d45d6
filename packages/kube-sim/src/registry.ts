// One cluster's API surface: the built-in resources, its CRDs' custom resources, and metrics.k8s.io if it has one.
import { METRICS_RESOURCES, READ_VERBS, RESOURCES, type ResourceDef } from './resources.js';
import { customResourcePrinter } from './table/custom.js';
import { byteOrder } from './table/format.js';
import type { CustomResourceDefinition, KubeObject } from './types.js';

export interface ApiGroupInfo {
  name: string;
  /** Served versions, preferred first. */
  versions: string[];
}

/**
 * The apiserver lists groups by priority (GroupPriorityMinimum of each APIService), then by name:
 * built-in groups first, CRD groups (priority 1000) next, aggregated APIs like metrics.k8s.io (100) last.
 */
const GROUP_PRIORITY: Record<string, number> = {
  apps: 17800,
  'events.k8s.io': 17750,
  autoscaling: 17500,
  batch: 17400,
  'networking.k8s.io': 17200,
  'rbac.authorization.k8s.io': 17000,
  'storage.k8s.io': 16800,
  'apiextensions.k8s.io': 16700,
  'coordination.k8s.io': 16500,
  'discovery.k8s.io': 16200,
  'metrics.k8s.io': 100,
};
const CRD_GROUP_PRIORITY = 1000;

/** Kubernetes version priority: GA before beta before alpha, higher numbers first (v2 > v1 > v1beta2). */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    const stability = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
    return [stability, Number(m[1]), Number(m[3] ?? 0)] as const;
  };
  const pa = parse(a);
  const pb = parse(b);
  if (pa && pb) {
    for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pb[i] ?? 0) - (pa[i] ?? 0);
    return 0;
  }
  if (pa) return -1;
  if (pb) return 1;
  return byteOrder(a, b);
}

/** The served versions of a CRD as resources: one per version, all reading the same storage. */
export function customResources(crd: CustomResourceDefinition): ResourceDef[] {
  const spec = crd.spec;
  const names = spec.names;
  const storage = `cr:${spec.group}/${names.plural}`;
  return spec.versions
    .filter((v) => v.served)
    .map((v) => ({
      name: names.plural,
      singularName: names.singular ?? names.kind.toLowerCase(),
      kind: names.kind,
      group: spec.group,
      version: v.name,
      namespaced: spec.scope === 'Namespaced',
      shortNames: names.shortNames ?? [],
      ...(names.categories ? { categories: names.categories } : {}),
      verbs: READ_VERBS,
      printer: customResourcePrinter(v.additionalPrinterColumns ?? []),
      fields: {},
      storage,
      // Objects are stored at the CRD's storage version and read at whichever version was asked for.
      present: (object: KubeObject): KubeObject => ({
        ...object,
        apiVersion: `${spec.group}/${v.name}`,
      }),
    }));
}

export class Registry {
  readonly resources: readonly ResourceDef[];
  readonly groups: readonly ApiGroupInfo[];

  constructor(crds: readonly CustomResourceDefinition[], options: { metrics: boolean }) {
    this.resources = [
      ...RESOURCES,
      ...crds.flatMap(customResources),
      ...(options.metrics ? METRICS_RESOURCES : []),
    ];
    const versions = new Map<string, Set<string>>();
    for (const r of this.resources) {
      if (r.group === '') continue;
      const set = versions.get(r.group) ?? new Set<string>();
      set.add(r.version);
      versions.set(r.group, set);
    }
    const priority = (group: string) => GROUP_PRIORITY[group] ?? CRD_GROUP_PRIORITY;
    this.groups = [...versions.entries()]
      .map(([name, set]) => ({ name, versions: [...set].sort(compareKubeVersions) }))
      .sort((a, b) => priority(b.name) - priority(a.name) || byteOrder(a.name, b.name));
  }

  find(group: string, version: string, name: string): ResourceDef | undefined {
    return this.resources.find(
      (r) => r.group === group && r.version === version && r.name === name,
    );
  }

  group(name: string): ApiGroupInfo | undefined {
    return this.groups.find((g) => g.name === name);
  }

  /** Resources of one group version, in discovery order (alphabetical, as the apiserver lists them). */
  groupVersion(group: string, version: string): ResourceDef[] {
    return this.resources
      .filter((r) => r.group === group && r.version === version)
      .sort((a, b) => byteOrder(a.name, b.name));
  }
}
