// The resource index: kubectl's spellings, discovery order, versions, categories; the built-in table.
import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES, evaluate } from '../index.js';
import type { ApiResource } from '../index.js';
import { DISCOVERY } from '../testing/discovery.js';
import { ResourceTable } from './table.js';

const table = new ResourceTable(DISCOVERY);

describe('ResourceTable.lookup', () => {
  it.each<[string, string, string | null, string | null]>([
    ['pods', '', null, 'pods./v1'],
    ['PODS', '', null, 'pods./v1'],
    ['po', '', null, 'pods./v1'],
    ['PO', '', null, null],
    ['pod', '', 'v1', 'pods./v1'],
    ['pod', '', 'v2', null],
    ['ev', '', null, 'events./v1'],
    ['events', 'events.k8s.io', null, 'events.events.k8s.io/v1'],
    ['deployments', '', null, 'deployments.apps/v1'],
    ['deployments', 'other.example.com', null, 'deployments.other.example.com/v1'],
    ['hpa', '', null, 'horizontalpodautoscalers.autoscaling/v2'],
    ['hpa', 'autoscaling', 'v1', 'horizontalpodautoscalers.autoscaling/v1'],
    ['widget', '', 'v1beta1', 'widgets.example.com/v1beta1'],
    ['gadget', '', null, 'gadgets.example.com/v1alpha1'],
    ['endpoints', '', null, 'endpoints./v1'],
    ['log', '', null, null],
    ['pods/log', '', null, null],
  ])('%s group=%j version=%j → %s', (name, group, version, expected) => {
    const m = table.lookup(name, group, version);
    expect(m ? `${m.resolved.resource}.${m.resolved.group}/${m.resolved.version}` : null).toBe(
      expected,
    );
  });

  it('categories keep discovery order and are case-sensitive', () => {
    expect(table.category('all')?.map((e) => e.spelling)).toEqual([
      'pods',
      'replicationcontrollers',
      'services',
      'daemonsets.apps',
      'deployments.apps',
      'replicasets.apps',
      'statefulsets.apps',
      'horizontalpodautoscalers.autoscaling',
      'cronjobs.batch',
      'jobs.batch',
      'widgets.example.com',
    ]);
    expect(table.category('All')).toBeUndefined();
  });

  it('RBAC kinds take path-segment names, others DNS-1123 subdomains', () => {
    expect(table.find('clusterroles', 'rbac.authorization.k8s.io')?.nameRule).toBe('segment');
    expect(table.find('pods', '')?.nameRule).toBe('subdomain');
  });
});

describe('BUILTIN_RESOURCES', () => {
  it('lists each group/version/resource once', () => {
    const keys = BUILTIN_RESOURCES.map((r) => `${r.group}/${r.version}/${r.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each([
    ['pods', '', true],
    ['nodes', '', false],
    ['namespaces', '', false],
    ['persistentvolumes', '', false],
    ['persistentvolumeclaims', '', true],
    ['componentstatuses', '', false],
    ['deployments', 'apps', true],
    ['jobs', 'batch', true],
    ['ingresses', 'networking.k8s.io', true],
    ['ingressclasses', 'networking.k8s.io', false],
    ['networkpolicies', 'networking.k8s.io', true],
    ['horizontalpodautoscalers', 'autoscaling', true],
    ['poddisruptionbudgets', 'policy', true],
    ['roles', 'rbac.authorization.k8s.io', true],
    ['clusterroles', 'rbac.authorization.k8s.io', false],
    ['storageclasses', 'storage.k8s.io', false],
    ['csistoragecapacities', 'storage.k8s.io', true],
    ['customresourcedefinitions', 'apiextensions.k8s.io', false],
    ['leases', 'coordination.k8s.io', true],
    ['endpointslices', 'discovery.k8s.io', true],
  ])('%s.%s namespaced=%s', (name, group, namespaced) => {
    expect(BUILTIN_RESOURCES.find((r) => r.name === name && r.group === group)?.namespaced).toBe(
      namespaced,
    );
  });

  it('holds no create-only kinds', () => {
    const names = BUILTIN_RESOURCES.map((r) => r.name);
    for (const n of ['bindings', 'tokenreviews', 'subjectaccessreviews', 'selfsubjectreviews']) {
      expect(names).not.toContain(n);
    }
  });
});

describe('evaluate with discovery', () => {
  it('indexes a discovery array once: later changes to the same array are not seen', () => {
    const list: ApiResource[] = [...BUILTIN_RESOURCES];
    expect(evaluate('get widgets', { discovery: list }).allowed).toBe(false);
    list.push(...DISCOVERY.filter((r) => r.group === 'example.com'));
    expect(evaluate('get widgets', { discovery: list }).allowed).toBe(false);
    // A new array (what the agent sends after rediscovery) is indexed afresh.
    expect(evaluate('get widgets', { discovery: [...list] }).allowed).toBe(true);
  });

  it('without discovery, custom resources are unknown and the message says why', () => {
    const d = evaluate('get widgets');
    expect(d).toMatchObject({ allowed: false, rule: 'resource' });
    if (!d.allowed)
      expect(d.message).toMatch(/custom resources resolve once the cluster discovery is known/);
  });
});
