import { describe, expect, it } from 'vitest';
import { defaultCluster } from './fixtures/default.js';
import { customResourceDefinition } from './fixtures/kinds.js';
import { buildOpenApi } from './openapi/document.js';
import { Registry, compareKubeVersions } from './registry.js';
import { ClusterStore } from './store.js';
import type { CustomResourceDefinition } from './types.js';

const base = new Date('2026-03-01T12:00:00Z');

describe('compareKubeVersions', () => {
  it('orders GA before beta before alpha, higher numbers first, others last by name', () => {
    const versions = [
      'v1alpha1',
      'v1beta1',
      'v2',
      'foo',
      'v1',
      'v1beta2',
      'v2alpha1',
      'bar',
      'v10',
    ];
    expect(versions.sort(compareKubeVersions)).toEqual([
      'v10',
      'v2',
      'v1',
      'v1beta2',
      'v1beta1',
      'v2alpha1',
      'v1alpha1',
      'bar',
      'foo',
    ]);
  });
});

const crd = (group: string, versions: string[]): CustomResourceDefinition => {
  const made = customResourceDefinition({
    group,
    kind: 'Gadget',
    plural: 'gadgets',
    singular: 'gadget',
    created: 'now',
    schema: { type: 'object' },
  }) as CustomResourceDefinition;
  made.spec.versions = versions.map((name, i) => ({ name, served: true, storage: i === 0 }));
  return made;
};

describe('Registry', () => {
  it('lists built-in groups by priority, then CRD groups by name, then metrics.k8s.io', () => {
    const registry = new Registry([crd('zeta.io', ['v1']), crd('alpha.io', ['v1beta1', 'v2'])], {
      metrics: true,
    });
    const names = registry.groups.map((g) => g.name);
    expect(names.indexOf('apps')).toBe(0);
    expect(names.slice(-3)).toEqual(['alpha.io', 'zeta.io', 'metrics.k8s.io']);
    expect(registry.group('alpha.io')?.versions).toEqual(['v2', 'v1beta1']);
    expect(registry.find('alpha.io', 'v1beta1', 'gadgets')?.kind).toBe('Gadget');
  });

  it('serves metrics.k8s.io only when asked', () => {
    expect(new Registry([], { metrics: false }).group('metrics.k8s.io')).toBeUndefined();
    expect(
      new Registry([], { metrics: true }).find('metrics.k8s.io', 'v1beta1', 'pods')?.kind,
    ).toBe('PodMetrics');
  });

  it('skips versions a CRD does not serve', () => {
    const c = crd('beta.io', ['v1', 'v2']);
    const second = c.spec.versions[1];
    if (second) second.served = false;
    expect(new Registry([c], { metrics: false }).group('beta.io')?.versions).toEqual(['v1']);
  });
});

describe('ClusterStore', () => {
  it('decides metrics.k8s.io from the fixture unless told', () => {
    expect(new ClusterStore({}, base).registry.group('metrics.k8s.io')).toBeUndefined();
    expect(
      new ClusterStore({ podmetrics: [] }, base).registry.group('metrics.k8s.io'),
    ).toBeDefined();
    expect(
      new ClusterStore({ podmetrics: [], metricsApi: false }, base).registry.group(
        'metrics.k8s.io',
      ),
    ).toBeUndefined();
    expect(
      new ClusterStore({}, base, { metrics: true }).registry.group('metrics.k8s.io'),
    ).toBeDefined();
  });

  it('stores custom resources under their CRD and rejects ones no CRD defines', () => {
    const fixture = {
      customresourcedefinitions: [crd('gadgets.io', ['v1'])],
      customresources: [{ apiVersion: 'gadgets.io/v1', kind: 'Gadget', metadata: { name: 'g1' } }],
    };
    const store = new ClusterStore(fixture, base);
    const gadgets = store.registry.find('gadgets.io', 'v1', 'gadgets');
    expect(
      gadgets && store.list(gadgets).map((o) => [o.metadata.namespace, o.metadata.name]),
    ).toEqual([['default', 'g1']]);
    expect(
      () =>
        new ClusterStore(
          { customresources: [{ apiVersion: 'x.io/v1', kind: 'Thing', metadata: { name: 't' } }] },
          base,
        ),
    ).toThrow(
      'custom resource t has apiVersion "x.io/v1" and kind "Thing", which no CustomResourceDefinition defines',
    );
  });
});

describe('OpenAPI v3 documents', () => {
  const store = new ClusterStore(defaultCluster(), base);
  const openapi = buildOpenApi(store.registry, store.crds);

  it('indexes each documented group version with a content hash', () => {
    const index = openapi.index as { paths: Record<string, { serverRelativeURL: string }> };
    expect(Object.keys(index.paths).sort()).toEqual([
      'api/v1',
      'apis/apps/v1',
      'apis/batch/v1',
      'apis/example.com/v1',
    ]);
    for (const [path, entry] of Object.entries(index.paths)) {
      expect(entry.serverRelativeURL).toMatch(
        new RegExp(`^/openapi/v3/${path}\\?hash=[0-9A-F]{128}$`),
      );
    }
  });

  it.each(['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/example.com/v1'])(
    '%s: every $ref resolves and every path names a documented kind',
    (path) => {
      const doc = JSON.parse(openapi.documents.get(path) ?? '{}') as {
        paths: Record<string, { get: { 'x-kubernetes-group-version-kind': { kind: string } } }>;
        components: { schemas: Record<string, unknown> };
      };
      const schemas = doc.components.schemas;
      const refs = [
        ...JSON.stringify(schemas).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g),
      ].map((m) => m[1]);
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) expect(Object.keys(schemas)).toContain(ref);
      const kinds = new Set(
        Object.values(schemas).flatMap((s) =>
          (
            (s as { 'x-kubernetes-group-version-kind'?: { kind: string }[] })[
              'x-kubernetes-group-version-kind'
            ] ?? []
          ).map((g) => g.kind),
        ),
      );
      for (const p of Object.values(doc.paths))
        expect(kinds).toContain(p.get['x-kubernetes-group-version-kind'].kind);
    },
  );

  it('documents a custom resource from its CRD, with typed metadata', () => {
    const doc = JSON.parse(openapi.documents.get('apis/example.com/v1') ?? '{}') as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const widget = doc.components.schemas['com.example.v1.Widget'];
    expect(Object.keys(widget?.properties ?? {}).sort()).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      'spec',
      'status',
    ]);
    expect(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
  });
});
