// A namespace-scoped key never reaches cluster-scoped built-in kinds, whatever an agent token
// reports as discovery: lying reports are refused and audited, stored lies are overruled by the
// built-in table, and the envelope carries the namespaces the agent must hold the command to.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '@porthole/policy';
import type { ApiResourceInfo as ApiResource } from '@porthole/protocol';
import { ADMIN, ALPHA, KEY, json, startTestApi, type TestApi } from './testing/harness.js';

let t: TestApi;
let scoped: string;
beforeEach(async () => {
  t = await startTestApi();
  const res = await t.req('POST', '/v1/admin/api-keys', ADMIN, {
    name: 'team',
    namespaces: ['default'],
  });
  expect(res.status).toBe(201);
  scoped = (await json(res)).key;
  expect((await t.req('GET', '/v1/agent/commands?wait=0', ALPHA)).status).toBe(200);
});
afterEach(() => t.close());

const resource = (over: Partial<ApiResource> & { name: string; group: string }): ApiResource => ({
  singularName: '',
  shortNames: [],
  kind: 'Thing',
  version: 'v1',
  namespaced: true,
  categories: [],
  ...over,
});

const BUILTIN: ApiResource[] = BUILTIN_RESOURCES.map((r) => ({
  ...r,
  shortNames: [...r.shortNames],
  categories: [...r.categories],
}));

/** The built-in list with the named resources changed (first, where they are seen first). */
function withLie(change: Partial<ApiResource>, ...names: string[]): ApiResource[] {
  const lied = BUILTIN.filter((r) => names.includes(r.name)).map((r) => ({ ...r, ...change }));
  return [...lied, ...BUILTIN.filter((r) => !names.includes(r.name))];
}

/** Every cluster-scoped built-in said to be namespaced, in category all, and a core kind called "no". */
const EVERY_LIE: ApiResource[] = [
  resource({ name: 'nodez', group: '', kind: 'Node', singularName: 'node', shortNames: ['no'] }),
  ...BUILTIN.map((r) =>
    r.namespaced ? r : { ...r, namespaced: true, categories: [...r.categories, 'all'] },
  ),
];

const putDiscovery = (resources: unknown[]) =>
  t.req('PUT', '/v1/agent/discovery', ALPHA, { resources });

const submit = (token: string, command: string) =>
  t.req('POST', '/v1/clusters/alpha/commands', token, { command });

/** The claims the API signed for a queued command, read off the agent's queue. */
async function signedClaims(id: string): Promise<Record<string, unknown>> {
  const { commands } = await json(await t.req('GET', '/v1/agent/commands?wait=0', ALPHA));
  const envelope = commands.find((c: { id: string }) => c.id === id);
  expect(envelope).toBeDefined();
  const payload = (envelope.signature as string).split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

const CLUSTER_SCOPED_READS = [
  'get nodes -n default',
  'get nodes -n default -o wide',
  'get no -n default',
  'get node -n default',
  'get Node -n default',
  'get nodes/worker-1 -n default -o yaml',
  'get node worker-1 -n default',
  'describe nodes -n default',
  'describe node/worker-1 -n default',
  'get namespaces -n default',
  'get ns -n default',
  'get ns/default -n default -o yaml',
  'get pv -n default -o yaml',
  'get persistentvolumes -n default',
  'get persistentvolume/pv-1 -n default',
  'get clusterroles -n default',
  'get clusterrole.rbac.authorization.k8s.io -n default',
  'get clusterroles.v1.rbac.authorization.k8s.io/admin -n default',
  'get clusterrolebindings -n default',
  'get storageclasses -n default',
  'get sc -n default -o wide',
  'get crds -n default',
  'get csr -n default',
  'get pods,nodes -n default',
  'top node -n default',
];

describe('PUT /v1/agent/discovery refuses a report that contradicts the built-in kinds', () => {
  it.each<[string, unknown[], RegExp]>([
    ['nodes namespaced', withLie({ namespaced: true }, 'nodes'), /"nodes" as namespaced/],
    ['namespaces namespaced', withLie({ namespaced: true }, 'namespaces'), /"namespaces"/],
    [
      'persistentvolumes namespaced',
      withLie({ namespaced: true }, 'persistentvolumes'),
      /"persistentvolumes"/,
    ],
    [
      'clusterroles namespaced',
      withLie({ namespaced: true }, 'clusterroles'),
      /clusterroles.rbac.authorization.k8s.io/,
    ],
    [
      'storageclasses namespaced',
      withLie({ namespaced: true }, 'storageclasses'),
      /storageclasses/,
    ],
    [
      'crds namespaced',
      withLie({ namespaced: true }, 'customresourcedefinitions'),
      /customresourcedefinitions/,
    ],
    ['pods cluster-scoped', withLie({ namespaced: false }, 'pods'), /"pods" as cluster-scoped/],
    ['nodes of kind Pod', withLie({ kind: 'Pod' }, 'nodes'), /kind "Pod"/],
    ['every lie at once', EVERY_LIE, /as namespaced|under the name/],
    [
      'a second core kind called "no"',
      [resource({ name: 'nodez', group: '', kind: 'Nodez', shortNames: ['no'] }), ...BUILTIN],
      /under the name "no" of nodes/,
    ],
    [
      'an rbac resource whose kind is ClusterRole',
      [
        resource({ name: 'croles', group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }),
        ...BUILTIN,
      ],
      /under the name "clusterrole"/,
    ],
  ])('%s: 400, audited, nothing stored', async (_why, resources, message) => {
    const res = await putDiscovery(resources);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toMatch(message);
    expect(await t.store.agents.discovery('alpha')).toBeNull();
    expect(t.audits('agent_connection_failure').at(-1)).toMatchObject({
      principal: 'alpha',
      cluster_id: 'alpha',
      outcome: 'denied',
      details: {
        reason: 'discovery_contradicts_builtin',
        conflict: expect.stringMatching(message),
      },
    });
  });

  it('a refused report leaves the one stored before it in place', async () => {
    const honest = [
      ...BUILTIN,
      resource({ name: 'widgets', group: 'example.com', kind: 'Widget' }),
    ];
    expect((await putDiscovery(honest)).status).toBe(204);
    expect((await putDiscovery(withLie({ namespaced: true }, 'nodes'))).status).toBe(400);
    expect(await t.store.agents.discovery('alpha')).toHaveLength(honest.length);
  });

  it('accepts what real clusters report: create-only kinds, metrics, custom resources', async () => {
    const report = [
      ...BUILTIN,
      resource({ name: 'bindings', group: '', kind: 'Binding', singularName: 'binding' }),
      resource({
        name: 'tokenreviews',
        group: 'authentication.k8s.io',
        kind: 'TokenReview',
        namespaced: false,
      }),
      resource({
        name: 'nodes',
        group: 'metrics.k8s.io',
        kind: 'NodeMetrics',
        version: 'v1beta1',
        namespaced: false,
      }),
      resource({ name: 'pods', group: 'metrics.k8s.io', kind: 'PodMetrics', version: 'v1beta1' }),
      resource({ name: 'widgets', group: 'example.com', kind: 'Widget', shortNames: ['wd'] }),
      resource({ name: 'pods/log', group: '', kind: 'Pod' }),
    ];
    expect((await putDiscovery(report)).status).toBe(204);
    expect(await t.store.agents.discovery('alpha')).toHaveLength(report.length);
    expect(t.audits('agent_connection_failure')).toEqual([]);
  });
});

describe('a key scoped to namespace default', () => {
  async function expectForbidden(command: string) {
    const res = await submit(scoped, command);
    const body = await json(res);
    expect({ command, status: res.status, code: body.error?.code }).toEqual({
      command,
      status: 403,
      code: 'forbidden',
    });
    expect(body.error.message).toMatch(/cannot read cluster-scoped/);
  }

  it('cannot read cluster-scoped kinds after a lying report was refused', async () => {
    expect((await putDiscovery(EVERY_LIE)).status).toBe(400);
    for (const command of CLUSTER_SCOPED_READS) await expectForbidden(command);
    expect(await t.store.commands.queueLength('alpha')).toBe(0);
  });

  it('cannot read them through a lie stored before reports were checked', async () => {
    await t.store.agents.recordDiscovery('alpha', EVERY_LIE);
    for (const command of [...CLUSTER_SCOPED_READS, 'get all -n default'])
      await expectForbidden(command);
    expect(await t.store.commands.queueLength('alpha')).toBe(0);
  });

  it('cannot reach them through a custom resource that shadows built-in names', async () => {
    const shadow = resource({
      name: 'shadows',
      group: 'evil.example.com',
      kind: 'Node',
      singularName: 'node',
      shortNames: ['no', 'ns', 'pv', 'nodes', 'csr', 'crds', 'sc'],
    });
    expect((await putDiscovery([shadow, ...BUILTIN])).status).toBe(204);
    for (const command of CLUSTER_SCOPED_READS) await expectForbidden(command);
    // The unrestricted key is told what it reads: the built-in, by its canonical name.
    const res = await submit(KEY, 'get no');
    expect(res.status).toBe(202);
    const claims = await signedClaims((await json(res)).id);
    expect(claims.argv).toEqual(['get', 'nodes']);
  });

  it('still reads its namespace, and commands that read no object', async () => {
    expect((await putDiscovery(withLie({ namespaced: true }, 'nodes'))).status).toBe(400);
    for (const command of [
      'get pods -n default',
      'get all -n default',
      'describe deploy web -n default',
      'version',
      'api-resources',
      'explain nodes',
    ]) {
      expect({ command, status: (await submit(scoped, command)).status }).toEqual({
        command,
        status: 202,
      });
    }
  });
});

describe('the signed envelope carries the namespaces the command may read', () => {
  it.each<[string, () => string, string, string[] | null]>([
    ['a scoped key reading its namespace', () => scoped, 'get pods -n default', ['default']],
    ['a scoped key reading no object', () => scoped, 'version', []],
    ['an unrestricted key', () => KEY, 'get nodes', null],
    ['an admin key', () => ADMIN, 'get pods -A', null],
  ])('%s', async (_who, token, command, namespaces) => {
    const res = await submit(token(), command);
    expect(res.status).toBe(202);
    const claims = await signedClaims((await json(res)).id);
    expect(claims.namespaces).toEqual(namespaces);
  });
});
