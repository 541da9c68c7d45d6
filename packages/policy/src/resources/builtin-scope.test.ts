// Built-in kinds keep their scope whatever discovery says: the index forces the built-in facts and
// lets built-ins win shared names, and discoveryConflict tells the API which reports to refuse.
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_GROUPS,
  BUILTIN_RESOURCES,
  discoveryConflict,
  evaluate,
  namespaceScopeViolation,
} from '../index.js';
import type { AllowedDecision, ApiResource } from '../index.js';
import { DISCOVERY } from '../testing/discovery.js';
import { builtins } from './builtin.js';

const resource = (over: Partial<ApiResource> & { name: string; group: string }): ApiResource => ({
  singularName: '',
  shortNames: [],
  kind: 'Thing',
  version: 'v1',
  namespaced: true,
  categories: [],
  ...over,
});

/** The built-in list with one resource changed (and moved to the front, where it is seen first). */
function lie(name: string, group: string, change: Partial<ApiResource>): ApiResource[] {
  const target = BUILTIN_RESOURCES.find((r) => r.name === name && r.group === group);
  if (!target) throw new Error(`no built-in ${name}.${group}`);
  return [{ ...target, ...change }, ...BUILTIN_RESOURCES.filter((r) => r !== target)];
}

const CLUSTER_SCOPED = BUILTIN_RESOURCES.filter((r) => !r.namespaced);

/** What an agent token could have stored before reports were checked: every lie at once. */
const LYING: ApiResource[] = [
  // A custom resource listed first that answers to built-in names.
  resource({
    name: 'shadows',
    group: 'evil.example.com',
    singularName: 'node',
    kind: 'Node',
    shortNames: ['no', 'ns', 'pv', 'nodes', 'csr', 'crds'],
  }),
  resource({ name: 'nodez', group: '', kind: 'Node', shortNames: ['no'] }),
  ...BUILTIN_RESOURCES.map((r) =>
    r.namespaced
      ? r
      : {
          ...r,
          namespaced: true,
          shortNames: [...r.shortNames, 'po'],
          categories: [...r.categories, 'all'],
        },
  ),
];

function allowed(command: string, discovery?: readonly ApiResource[]): AllowedDecision {
  const d = evaluate(command, discovery ? { discovery } : {});
  if (!d.allowed) throw new Error(`${command}: ${d.message}`);
  return d;
}

describe('discoveryConflict', () => {
  it('accepts the built-in table, every other known built-in, and custom resources', () => {
    expect(discoveryConflict(DISCOVERY)).toBeNull();
    expect(discoveryConflict([...builtins()].map((b) => b.facts))).toBeNull();
  });

  it('no name, short name or kind of a built-in stands for both scopes', () => {
    const scopes = new Map<string, Set<boolean>>();
    for (const { facts } of builtins()) {
      for (const w of [facts.name, facts.singularName, facts.kind, ...facts.shortNames]) {
        if (w === '') continue;
        const set = scopes.get(w.toLowerCase()) ?? new Set();
        set.add(facts.namespaced);
        scopes.set(w.toLowerCase(), set);
      }
    }
    expect([...scopes].filter(([, s]) => s.size > 1)).toEqual([]);
  });

  it.each(CLUSTER_SCOPED.map((r) => [r.group === '' ? r.name : `${r.name}.${r.group}`, r]))(
    'refuses %s reported as namespaced',
    (_spelling, r) => {
      expect(discoveryConflict(lie(r.name, r.group, { namespaced: true }))).toMatch(
        /as namespaced; Kubernetes serves it cluster-scoped$/,
      );
    },
  );

  it.each<[string, ApiResource[], RegExp]>([
    ['pods as cluster-scoped', lie('pods', '', { namespaced: false }), /"pods" as cluster-scoped/],
    ['nodes with kind Pod', lie('nodes', '', { kind: 'Pod' }), /kind "Pod"/],
    [
      'a second core resource called "no"',
      [resource({ name: 'nodez', group: '', kind: 'Nodez', shortNames: ['no'] }), ...DISCOVERY],
      /"nodez" \(namespaced\) under the name "no" of nodes, which is cluster-scoped/,
    ],
    [
      'an rbac resource whose singular is clusterrole',
      [
        resource({
          name: 'clusterrolez',
          group: 'rbac.authorization.k8s.io',
          singularName: 'clusterrole',
        }),
        ...DISCOVERY,
      ],
      /under the name "clusterrole" of clusterroles.rbac.authorization.k8s.io/,
    ],
    [
      'an apps resource of kind Namespace',
      [resource({ name: 'spaces', group: 'apps', kind: 'Namespace' }), ...DISCOVERY],
      /under the name "namespace" of namespaces/,
    ],
    [
      'pods given the short name of nodes',
      lie('pods', '', { shortNames: ['po', 'no'] }),
      /"pods" \(namespaced\) under the name "no"/,
    ],
    [
      'metrics.k8s.io nodes as namespaced',
      [...DISCOVERY, resource({ name: 'nodes', group: 'metrics.k8s.io', kind: 'NodeMetrics' })],
      /"nodes.metrics.k8s.io" as namespaced/,
    ],
    [
      'a version of clusterroles nobody serves, as namespaced',
      [
        ...DISCOVERY,
        {
          ...CLUSTER_SCOPED.find((r) => r.name === 'clusterroles')!,
          version: 'v9',
          namespaced: true,
        },
      ],
      /clusterroles.rbac.authorization.k8s.io" as namespaced/,
    ],
  ])('refuses %s', (_why, list, message) => {
    expect(discoveryConflict(list)).toMatch(message);
  });

  it.each<[string, ApiResource[]]>([
    [
      'a custom resource that shares built-in names (kubectl resolves those to the built-in)',
      [
        resource({ name: 'nodes', group: 'crd.example.org', kind: 'Node', shortNames: ['no'] }),
        ...DISCOVERY,
      ],
    ],
    [
      'a new resource of a built-in group',
      [...DISCOVERY, resource({ name: 'gizmos', group: 'apps' })],
    ],
    ['subresources', [...DISCOVERY, resource({ name: 'nodes/status', group: '', kind: 'Node' })]],
    [
      'create-only kinds real clusters list',
      [
        ...DISCOVERY,
        resource({ name: 'bindings', group: '', kind: 'Binding', singularName: 'binding' }),
        resource({
          name: 'tokenreviews',
          group: 'authentication.k8s.io',
          kind: 'TokenReview',
          namespaced: false,
        }),
      ],
    ],
  ])('accepts %s', (_why, list) => {
    expect(discoveryConflict(list)).toBeNull();
  });

  it('knows the built-in groups, and no custom one', () => {
    for (const g of ['', 'apps', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'metrics.k8s.io'])
      expect(BUILTIN_GROUPS.has(g)).toBe(true);
    expect(BUILTIN_GROUPS.has('example.com')).toBe(false);
  });
});

describe('a lying discovery cannot make a built-in namespaced', () => {
  it.each([
    ['get nodes -n default -o wide', 'get nodes -o wide'],
    ['get no -n default', 'get nodes'],
    ['get node -n default', 'get nodes'],
    ['get Node -n default', 'get nodes'],
    ['get nodes/worker-1 -n default -o yaml', 'get nodes/worker-1 -o yaml'],
    ['describe nodes -n default', 'describe nodes'],
    ['describe node worker-1 -n default', 'describe nodes worker-1'],
    ['get namespaces -n default', 'get namespaces'],
    ['get ns default -n default', 'get namespaces default'],
    ['get pv -o yaml -n default', 'get persistentvolumes -o yaml'],
    ['get persistentvolumes -n default', 'get persistentvolumes'],
    ['get clusterroles -n default', 'get clusterroles.rbac.authorization.k8s.io'],
    [
      'get clusterrole.rbac.authorization.k8s.io -n default',
      'get clusterroles.rbac.authorization.k8s.io',
    ],
    [
      'get clusterroles.v1.rbac.authorization.k8s.io/admin -n default',
      'get clusterroles.rbac.authorization.k8s.io/admin',
    ],
    ['get storageclasses -n default', 'get storageclasses.storage.k8s.io'],
    ['get crds -n default', 'get customresourcedefinitions.apiextensions.k8s.io'],
    ['get csr -n default', 'get certificatesigningrequests.certificates.k8s.io'],
    ['get pods,nodes -n default', 'get pods,nodes -n default'],
    ['get all -n default', 'get all -n default'],
  ])('%s', (command, canonical) => {
    const d = allowed(command, LYING);
    expect(d.argv.join(' ')).toBe(canonical);
    expect(d.clusterScoped).toBe(true);
    expect(namespaceScopeViolation(['default'], d)).toMatch(/cannot read cluster-scoped/);
  });

  it('a custom resource named like a built-in is reached only by its full name', () => {
    expect(allowed('get shadows -n default', LYING).argv).toEqual([
      'get',
      'shadows.evil.example.com',
      '-n',
      'default',
    ]);
    // "po" stays pods, though the lie gave it to every cluster-scoped kind listed before pods.
    expect(allowed('get po -n default', LYING).argv).toEqual(['get', 'pods', '-n', 'default']);
  });
});

describe('namespaceScopeViolation', () => {
  it.each<[string, readonly string[] | null, RegExp | null]>([
    ['get nodes', null, null],
    ['get pods -A', null, null],
    ['get pods -n default', ['default'], null],
    ['logs web-1 -n default', ['default', 'shop'], null],
    ['version', ['default'], null],
    ['api-resources', ['default'], null],
    ['api-versions', ['default'], null],
    ['explain nodes', ['default'], null],
    ['get pods -A', ['default'], /cannot use -A/],
    ['get nodes', ['default'], /cannot read cluster-scoped/],
    ['top node', ['default'], /cannot read cluster-scoped/],
    ['get pods,pv -n default', ['default'], /cannot read cluster-scoped/],
    ['get pods', ['default'], /name one with -n/],
    ['get pods -n other', ['default'], /may not read namespace other/],
    ['cluster-info', ['default'], /may not read namespace kube-system/],
    ['get pods -n default', [], /may not read namespace default/],
  ])('%s within %j → %s', (command, namespaces, expected) => {
    const message = namespaceScopeViolation(namespaces, allowed(command));
    if (expected === null) expect(message).toBeNull();
    else expect(message).toMatch(expected);
  });
});
