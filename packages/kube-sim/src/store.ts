// The simulated cluster's objects, normalized once at start and served read-only.
import { resolveRelativeTimes } from './fixtures/relative-time.js';
import { uidFor } from './fixtures/ids.js';
import { FixtureError } from './fixtures/load.js';
import type { ClusterFixture } from './fixtures/types.js';
import { RESOURCES, groupVersion, type ResourceDef, type ResourceName } from './resources.js';
import { byteOrder } from './table/format.js';
import type { KubeObject } from './types.js';

/** etcd key order: /registry/<resource>/<namespace>/<name>, compared bytewise. */
function etcdOrder(a: KubeObject, b: KubeObject): number {
  return (
    byteOrder(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    byteOrder(a.metadata.name, b.metadata.name)
  );
}

export class ClusterStore {
  private readonly objects = new Map<ResourceName, KubeObject[]>();
  readonly logs: Readonly<Record<string, string>>;
  /** The newest resourceVersion in the store; lists report it. */
  readonly resourceVersion: string;

  constructor(fixture: ClusterFixture, base: Date) {
    const resolved = resolveRelativeTimes(fixture, base);
    let rv = 1000;
    for (const resource of RESOURCES) {
      const seen = new Set<string>();
      const normalized = (resolved[resource.name] ?? []).map((raw) => {
        const rest: Record<string, unknown> = { ...raw };
        delete rest['apiVersion'];
        delete rest['kind'];
        delete rest['metadata'];
        const meta = { ...raw.metadata };
        if (resource.namespaced) meta.namespace = meta.namespace || 'default';
        else delete meta.namespace;
        const key = `${meta.namespace ?? ''}/${meta.name}`;
        if (seen.has(key)) throw new FixtureError(`fixtures: duplicate ${resource.name} ${key}`);
        seen.add(key);
        meta.uid ??= uidFor(resource.kind, meta.namespace, meta.name);
        meta.resourceVersion ??= String((rv += 7));
        const obj: KubeObject = {
          apiVersion: groupVersion(resource),
          kind: resource.kind,
          metadata: meta,
          ...rest,
        };
        return deepFreeze(obj);
      });
      this.objects.set(resource.name, normalized.sort(etcdOrder));
    }
    let newest = rv;
    for (const list of this.objects.values()) {
      for (const o of list) newest = Math.max(newest, Number(o.metadata.resourceVersion) || 0);
    }
    this.resourceVersion = String(newest);
    this.logs = Object.freeze({ ...(resolved.logs ?? {}) });
  }

  /** Objects of a resource, in etcd order; a namespace narrows a namespaced resource. */
  list(resource: ResourceDef, namespace?: string): KubeObject[] {
    const all = this.objects.get(resource.name) ?? [];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
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
