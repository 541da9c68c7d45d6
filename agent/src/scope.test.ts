// The envelope's namespaces claim, enforced by the agent on its own view of the cluster: a
// validly signed command outside its namespaces is refused before any request to Kubernetes.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '@porthole/policy';
import {
  keyId,
  type ApiResourceInfo,
  type CommandEnvelope,
  type EnvelopeClaims,
} from '@porthole/protocol';
import { createLogger } from '@porthole/runtime';
import { createEnvelopeVerifier, keysFromPem } from './envelope.js';
import { execute, type ExecuteDeps } from './execute.js';

const NOW = 1_800_000_000_000;
const apiKey = generateKeyPairSync('ed25519').privateKey;
const publicPem = createPublicKey(apiKey).export({ type: 'spki', format: 'pem' }).toString();
let serial = 0;

async function envelope(argv: string[], namespaces: string[] | null): Promise<CommandEnvelope> {
  const id = `cmd-${String(++serial).padStart(8, '0')}`;
  const claims: EnvelopeClaims = {
    jti: id,
    cluster: 'alpha',
    argv,
    sub: 'team',
    iat: NOW / 1000,
    exp: NOW / 1000 + 30,
    nonce: `nonce-${id}-0123456789`,
    max_output_bytes: 4096,
    namespaces,
  };
  const signature = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'EdDSA', kid: keyId(createPublicKey(apiKey)) })
    .sign(apiKey);
  return {
    id,
    clusterId: 'alpha',
    argv,
    principal: 'team',
    createdAt: NOW,
    deadline: NOW + 30_000,
    maxOutputBytes: 4096,
    signature,
  };
}

const crd = (name: string, kind: string, namespaced: boolean): ApiResourceInfo => ({
  name,
  singularName: '',
  shortNames: [],
  kind,
  group: 'example.com',
  version: 'v1',
  namespaced,
  categories: [],
});

/** The agent's own discovery: the standard kinds and two custom resources, one cluster-scoped. */
const BUILTIN: ApiResourceInfo[] = BUILTIN_RESOURCES.map((r) => ({
  ...r,
  shortNames: [...r.shortNames],
  categories: [...r.categories],
}));
const CLUSTER: ApiResourceInfo[] = [
  ...BUILTIN,
  crd('widgets', 'Widget', true),
  crd('clusterwidgets', 'ClusterWidget', false),
];

/** An agent whose Kubernetes answers 404 to everything and records what it was asked. */
function agent(resources: readonly ApiResourceInfo[] | null = CLUSTER) {
  const calls: string[] = [];
  const logs: string[] = [];
  const deps: ExecuteDeps = {
    verifier: createEnvelopeVerifier({
      keys: keysFromPem(publicPem),
      clusterId: 'alpha',
      now: () => NOW,
    }),
    logger: createLogger(
      'test',
      'info',
      new Writable({
        write(chunk: Buffer, _enc, done) {
          logs.push(chunk.toString('utf8'));
          done();
        },
      }),
    ),
    kube: (path) => {
      calls.push(path);
      return Promise.resolve({ status: 404, body: '' });
    },
    defaultNamespace: 'default',
    now: () => NOW,
    resources: () => resources,
  };
  return {
    calls,
    logs,
    run: async (argv: string[], namespaces: string[] | null) =>
      execute(deps, await envelope(argv, namespaces)),
  };
}

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
