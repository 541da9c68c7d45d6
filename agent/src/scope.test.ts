// The envelope's namespaces claim, enforced by the agent on its own view of the cluster: a
// validly signed command outside its namespaces is refused before any request to Kubernetes.
import { describe, expect, it } from 'vitest';
import type { ApiResourceInfo } from '@porthole/protocol';
import { BUILTIN, crd, testExecutor } from './testing/executor.js';

/** The agent's own discovery: the standard kinds and two custom resources, one cluster-scoped. */
const CLUSTER: ApiResourceInfo[] = [
  ...BUILTIN,
  crd('widgets', 'Widget', true),
  crd('clusterwidgets', 'ClusterWidget', false),
];

const agent = (resources: readonly ApiResourceInfo[] | null = CLUSTER) => testExecutor(resources);

describe('an envelope signed for namespaces [default]', () => {
  it.each<[string[], RegExp]>([
    [['get', 'nodes'], /cannot read cluster-scoped/],
    [['get', 'nodes', '-o', 'wide'], /cannot read cluster-scoped/],
    [['describe', 'nodes'], /cannot read cluster-scoped/],
    [['get', 'namespaces'], /cannot read cluster-scoped/],
    [['get', 'persistentvolumes', '-o', 'yaml'], /cannot read cluster-scoped/],
    [['get', 'clusterroles.rbac.authorization.k8s.io'], /cannot read cluster-scoped/],
    [['get', 'storageclasses.storage.k8s.io'], /cannot read cluster-scoped/],
    [['get', 'pods,nodes', '-n', 'default'], /cannot read cluster-scoped/],
    [['top', 'node'], /cannot read cluster-scoped/],
    // The API may have been told this custom resource is namespaced; the agent's discovery says not.
    [['get', 'clusterwidgets.example.com', '-n', 'default'], /cannot read cluster-scoped/],
    [['get', 'pods', '-n', 'other'], /may not read namespace other/],
    [['logs', 'web-1', '-n', 'kube-system', '--tail=10'], /may not read namespace kube-system/],
    [['cluster-info'], /may not read namespace kube-system/],
    [['get', 'pods', '-A'], /cannot use -A/],
    // Without -n the agent's own default namespace would apply: not the signer's to assume.
    [['get', 'pods'], /name one with -n/],
  ])('refuses %j before asking Kubernetes anything', async (argv, reason) => {
    const a = agent();
    const result = await a.run(argv, ['default']);
    expect(result).toMatchObject({ status: 'failed', exitCode: 1, output: '' });
    expect(result.error).toMatch(/^refused by the agent: the signed scope does not cover/);
    expect(result.error).toMatch(reason);
    expect(a.calls).toEqual([]);
    expect(a.logs.join('')).toMatch(/"event":"scope_refused"/);
  });

  it('refuses nodes even when its own discovery claims they are namespaced', async () => {
    const lying = BUILTIN.map((r) => (r.name === 'nodes' ? { ...r, namespaced: true } : r));
    const a = agent(lying);
    const result = await a.run(['get', 'nodes', '-n', 'default'], ['default']);
    expect(result.error).toMatch(/cannot read cluster-scoped/);
    expect(a.calls).toEqual([]);
  });

  it.each<[string[]]>([
    [['get', 'pods', '-n', 'default']],
    [['get', 'widgets.example.com', '-n', 'default']],
    [['describe', 'pods', 'web-1', '-n', 'default']],
  ])('runs %j', async (argv) => {
    const a = agent();
    const result = await a.run(argv, ['default']);
    expect(result.error ?? '').not.toMatch(/refused/);
    expect(a.calls.length).toBeGreaterThan(0);
  });

  it('runs commands that read no object', async () => {
    for (const argv of [['version'], ['api-resources'], ['api-versions']]) {
      const result = await agent().run(argv, []);
      expect(result.error ?? '').not.toMatch(/refused/);
    }
  });
});

describe('an envelope signed for an unrestricted principal', () => {
  it.each<[string[]]>([[['get', 'nodes']], [['get', 'pods', '-A']], [['get', 'pods']]])(
    'runs %j',
    async (argv) => {
      const a = agent();
      const result = await a.run(argv, null);
      expect(result.error ?? '').not.toMatch(/refused/);
      expect(a.calls.length).toBeGreaterThan(0);
    },
  );
});
