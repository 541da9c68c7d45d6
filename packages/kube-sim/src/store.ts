// The simulated cluster's objects, normalized once at start and served read-only.
import { resolveRelativeTimes } from './fixtures/relative-time.js';
import { uidFor } from './fixtures/ids.js';
import { FixtureError } from './fixtures/load.js';
import type { ClusterFixture, LogSource } from './fixtures/types.js';
import { Registry } from './registry.js';
import {
  FIXTURE_KEYS,
  METRICS_RESOURCES,
  RESOURCES,
  groupVersion,
  type ResourceDef,
} from './resources.js';
import { byteOrder } from './table/format.js';
import type { CustomResourceDefinition, KubeObject } from './types.js';

/** etcd key order: /registry/<resource>/<namespace>/<name>, compared bytewise. */
function etcdOrder(a: KubeObject, b: KubeObject): number {
  return (
    byteOrder(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    byteOrder(a.metadata.name, b.metadata.name)
  );
}

/** The resource that owns each fixture key: it fixes kind, apiVersion and scope of the stored objects. */
const OWNERS = new Map<string, ResourceDef>(
  [...RESOURCES, ...METRICS_RESOURCES].filter((r) => !r.present).map((r) => [r.storage, r]),
);

export interface StoreOptions {
  /** Overrides the fixture's choice of serving metrics.k8s.io. */
  metrics?: boolean;
}

export class ClusterStore {
  private readonly objects = new Map<string, KubeObject[]>();
  readonly registry: Registry;
  /** The cluster's CustomResourceDefinitions (custom resources are served from them). */
  readonly crds: readonly CustomResourceDefinition[];
  readonly logs: Readonly<Record<string, LogSource>>;
  /** The newest resourceVersion in the store; lists report it. */
  readonly resourceVersion: string;

  constructor(fixture: ClusterFixture, base: Date, options: StoreOptions = {}) {
    const resolved = resolveRelativeTimes(fixture, base);
    let rv = 1000;
    const normalize = (
      label: string,
      kind: string,
      apiVersion: string,
      namespaced: boolean,
      raws: KubeObject[],
      seen: Set<string>,
    ): KubeObject[] =>
      raws.map((raw) => {
        const rest: Record<string, unknown> = { ...raw };
        delete rest['apiVersion'];
        delete rest['kind'];
        delete rest['metadata'];
        const meta = { ...raw.metadata };
        if (namespaced) meta.namespace = meta.namespace || 'default';
        else delete meta.namespace;
        const key = `${meta.namespace ?? ''}/${meta.name}`;
        if (seen.has(key)) throw new FixtureError(`fixtures: duplicate ${label} ${key}`);
        seen.add(key);
        meta.uid ??= uidFor(kind, meta.namespace, meta.name);
        meta.resourceVersion ??= String((rv += 7));
        return deepFreeze({ apiVersion, kind, metadata: meta, ...rest });
      });

    for (const key of FIXTURE_KEYS) {
      const owner = OWNERS.get(key);
      if (!owner) continue;
      const list = normalize(
        key,
        owner.kind,
        groupVersion(owner),
        owner.namespaced,
        resolved[key] ?? [],
        new Set(),
      );
      this.objects.set(key, list.sort(etcdOrder));
    }

    const crds = (this.objects.get('customresourcedefinitions') ??
      []) as CustomResourceDefinition[];
    const metrics =
      options.metrics ??
      resolved.metricsApi ??
      (resolved.podmetrics !== undefined || resolved.nodemetrics !== undefined);
    this.crds = crds;
    this.registry = new Registry(crds, { metrics });
    this.storeCustomResources(crds, resolved.customresources ?? [], normalize);

    let newest = rv;
    for (const list of this.objects.values()) {
      for (const o of list) newest = Math.max(newest, Number(o.metadata.resourceVersion) || 0);
    }
    this.resourceVersion = String(newest);
    this.logs = Object.freeze({ ...(resolved.logs ?? {}) });
  }

  private storeCustomResources(
    crds: CustomResourceDefinition[],
    objects: KubeObject[],
    normalize: (
      label: string,
      kind: string,
      apiVersion: string,
      namespaced: boolean,
      raws: KubeObject[],
      seen: Set<string>,
    ) => KubeObject[],
  ): void {
    const seen = new Map<string, Set<string>>();
    for (const object of objects) {
      const apiVersion = object.apiVersion ?? '';
      const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
      const crd = crds.find((c) => c.spec.group === group && c.spec.names.kind === object.kind);
      if (!crd) {
        throw new FixtureError(
          `fixtures: custom resource ${object.metadata.name} has apiVersion "${apiVersion}" and kind "${object.kind ?? ''}", which no CustomResourceDefinition defines`,
        );
      }
      const storage = `cr:${group}/${crd.spec.names.plural}`;
      const names = seen.get(storage) ?? new Set<string>();
      seen.set(storage, names);
      const [stored] = normalize(
        crd.spec.names.plural,
        crd.spec.names.kind,
        apiVersion,
        crd.spec.scope === 'Namespaced',
        [object],
        names,
      );
      if (stored) this.objects.set(storage, [...(this.objects.get(storage) ?? []), stored]);
    }
    for (const [storage, list] of this.objects) {
      if (storage.startsWith('cr:')) list.sort(etcdOrder);
    }
  }

  /** Objects of a resource, in etcd order; a namespace narrows a namespaced resource. */
  list(resource: ResourceDef, namespace?: string): KubeObject[] {
    const all = this.objects.get(resource.storage) ?? [];
    return namespace === undefined || !resource.namespaced
      ? all
      : all.filter((o) => o.metadata.namespace === namespace);
  }

  get(resource: ResourceDef, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.list(resource, resource.namespaced ? namespace : undefined).find(
      (o) => o.metadata.name === name,
    );
  }
}

/** Stored objects are shared by every response, so they must never be mutated. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
