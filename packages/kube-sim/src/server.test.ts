import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from './server.js';
import { TABLE_ACCEPT, call } from './testing/client.js';

type Json = Record<string, unknown>;
interface List {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: { kind?: string; metadata: { name: string; namespace?: string } }[];
}
interface TableJson {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion?: string };
  columnDefinitions: {
    name: string;
    type: string;
    format: string;
    description: string;
    priority: number;
  }[];
  rows: { cells: unknown[]; object?: Json; conditions?: unknown[] }[];
}

const FIXED_NOW = new Date('2026-06-15T10:00:00Z');
let sim: KubeSim;

beforeAll(async () => {
  sim = await startKubeSim({ now: FIXED_NOW });
});
afterAll(async () => {
  await sim.close();
});

describe('discovery', () => {
  it('serves /version as v1.35.0 without credentials', async () => {
    const reply = await call(sim, '/version', { token: false });
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({
      major: '1',
      minor: '35',
      gitVersion: 'v1.35.0',
      platform: 'linux/amd64',
    });
  });

  it('answers aggregated-discovery requests with plain JSON', async () => {
    const accept =
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const api = await call(sim, '/api', { accept });
    expect(api.contentType).toBe('application/json');
    expect(api.json()).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const apis = await call(sim, '/apis', { accept });
    expect(apis.contentType).toBe('application/json');
    const groups = apis.json<{ kind: string; groups: { name: string }[] }>();
    expect(groups.kind).toBe('APIGroupList');
    // Built-in groups by priority, then CRD groups, then aggregated APIs, as the apiserver orders them.
    expect(groups.groups.map((g) => g.name)).toEqual([
      'apps',
      'events.k8s.io',
      'autoscaling',
      'batch',
      'networking.k8s.io',
      'rbac.authorization.k8s.io',
      'storage.k8s.io',
      'apiextensions.k8s.io',
      'coordination.k8s.io',
      'discovery.k8s.io',
      'example.com',
      'metrics.k8s.io',
    ]);
    expect(groups.groups[2]).toEqual({
      name: 'autoscaling',
      versions: [{ groupVersion: 'autoscaling/v2', version: 'v2' }],
      preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
    });
    expect((await call(sim, '/apis/apps')).json()).toMatchObject({
      kind: 'APIGroup',
      name: 'apps',
    });
  });

  it.each([
    [
      '/api/v1',
      'pods',
      {
        singularName: 'pod',
        namespaced: true,
        kind: 'Pod',
        shortNames: ['po'],
        categories: ['all'],
      },
    ],
    [
      '/api/v1',
      'services',
      {
        singularName: 'service',
        namespaced: true,
        kind: 'Service',
        shortNames: ['svc'],
        categories: ['all'],
      },
    ],
    [
      '/api/v1',
      'nodes',
      { singularName: 'node', namespaced: false, kind: 'Node', shortNames: ['no'] },
    ],
    [
      '/api/v1',
      'namespaces',
      { singularName: 'namespace', namespaced: false, kind: 'Namespace', shortNames: ['ns'] },
    ],
    [
      '/api/v1',
      'events',
      { singularName: 'event', namespaced: true, kind: 'Event', shortNames: ['ev'] },
    ],
    [
      '/apis/apps/v1',
      'deployments',
      {
        singularName: 'deployment',
        namespaced: true,
        kind: 'Deployment',
        shortNames: ['deploy'],
        categories: ['all'],
      },
    ],
    [
      '/apis/apps/v1',
      'replicasets',
      {
        singularName: 'replicaset',
        namespaced: true,
        kind: 'ReplicaSet',
        shortNames: ['rs'],
        categories: ['all'],
      },
    ],
  ])('%s lists %s', async (path, name, expected) => {
    const list = (await call(sim, path)).json<{
      kind: string;
      groupVersion: string;
      resources: Json[];
    }>();
    expect(list.kind).toBe('APIResourceList');
    const entry = list.resources.find((r) => r['name'] === name);
    expect(entry).toEqual({ name, verbs: ['get', 'list', 'watch'], ...expected });
  });

  it.each(['/apis/batch/v2', '/apis/policy', '/openapi/v2', '/api/v2', '/nothing'])(
    '%s is 404',
    async (path) => {
      const reply = await call(sim, path);
      expect(reply.status).toBe(404);
      expect(reply.json()).toMatchObject({
        kind: 'Status',
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      });
    },
  );
});

describe('read-only and recorded', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])(
    '%s gets 405 MethodNotAllowed and is recorded',
    async (method) => {
      const path = `/api/v1/namespaces/default/pods/probe-${method.toLowerCase()}`;
      const reply = await call(sim, path, { method });
      expect(reply.status).toBe(405);
      if (method !== 'HEAD') {
        expect(reply.json()).toMatchObject({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'MethodNotAllowed',
          code: 405,
        });
      }
      expect(sim.nonGetRequests()).toContainEqual({ method, path, query: {}, accept: '' });
    },
  );

  it('records GETs with query and Accept, and keeps them out of nonGetRequests', async () => {
    await call(sim, '/api/v1/pods?labelSelector=app%3Dweb&limit=500', { accept: TABLE_ACCEPT });
    const recorded = sim.requests.at(-1);
    expect(recorded).toEqual({
      method: 'GET',
      path: '/api/v1/pods',
      query: { labelSelector: 'app=web', limit: '500' },
      accept: TABLE_ACCEPT,
    });
    expect(sim.nonGetRequests().every((r) => r.method !== 'GET')).toBe(true);
  });

  it.each([false as const, 'wrong-token'])(
    'rejects token %s with 401 Unauthorized',
    async (token) => {
      const reply = await call(sim, '/api/v1/pods', { token });
      expect(reply.status).toBe(401);
      expect(reply.json()).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    },
  );
});

describe('objects and lists', () => {
  it.each([
    [
      '/api/v1/namespaces/default/pods/x',
      { message: 'pods "x" not found', details: { name: 'x', kind: 'pods' } },
    ],
    [
      '/api/v1/namespaces/nope/pods/x',
      { message: 'pods "x" not found', details: { name: 'x', kind: 'pods' } },
    ],
    ['/api/v1/nodes/x', { message: 'nodes "x" not found', details: { name: 'x', kind: 'nodes' } }],
    [
      '/api/v1/namespaces/x',
      { message: 'namespaces "x" not found', details: { name: 'x', kind: 'namespaces' } },
    ],
    [
      '/apis/apps/v1/namespaces/default/deployments/x',
      {
        message: 'deployments.apps "x" not found',
        details: { name: 'x', group: 'apps', kind: 'deployments' },
      },
    ],
  ])('%s is a NotFound Status worded like the apiserver', async (path, expected) => {
    const reply = await call(sim, path, { accept: TABLE_ACCEPT });
    expect(reply.status).toBe(404);
    expect(reply.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      ...expected,
    });
  });

  it('gives the exact apiserver body for a missing pod', async () => {
    const reply = await call(sim, '/api/v1/namespaces/default/pods/x');
    expect(reply.text).toBe(
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"x\\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}',
    );
  });

  it('lists an unknown namespace as empty, and cluster-scoped kinds have no namespaced path', async () => {
    const list = (await call(sim, '/api/v1/namespaces/nope/pods')).json<List>();
    expect(list).toMatchObject({ kind: 'PodList', apiVersion: 'v1', items: [] });
    expect((await call(sim, '/api/v1/namespaces/default/nodes')).status).toBe(404);
  });

  it('lists across namespaces in etcd order, items without kind', async () => {
    const list = (await call(sim, '/api/v1/pods')).json<List>();
    expect(list.kind).toBe('PodList');
    expect(list.metadata.resourceVersion).toMatch(/^\d+$/);
    const keys = list.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    expect(keys).toEqual([...keys].sort());
    const namespaces = new Set(list.items.map((p) => p.metadata.namespace));
    for (const ns of ['default', 'kube-system', 'shop', 'platform', 'crashloop', 'oom'])
      expect(namespaces).toContain(ns);
    expect(list.items.every((p) => p.kind === undefined)).toBe(true);
  });

  it('gets a full object with kind, apiVersion and managedFields', async () => {
    const deployment = (await call(sim, '/apis/apps/v1/namespaces/default/deployments/web')).json<{
      metadata: Json;
    }>();
    expect(deployment).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
    });
    expect(deployment.metadata['managedFields']).toBeInstanceOf(Array);
  });

  it.each([
    [
      '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb',
      ['web-7c5ddbdf54-2xkqp', 'web-7c5ddbdf54-8mzvn', 'web-7c5ddbdf54-tq9lw'],
    ],
    [
      '/api/v1/namespaces/default/pods?labelSelector=app+in+(api,report-generator)',
      ['api-6d8f7b9c4d-x7k2m', 'report-generator'],
    ],
    [
      '/api/v1/namespaces/default/pods?labelSelector=app!%3Dweb',
      ['api-6d8f7b9c4d-x7k2m', 'report-generator'],
    ],
    ['/api/v1/namespaces/shop/pods?labelSelector=job-name', ['db-migrate-9xq4z']],
    ['/api/v1/pods?labelSelector=tier%3Dbackend', ['cart-5b8f9d6c7-h4vzt', 'cart-5b8f9d6c7-pw8rn']],
    ['/api/v1/namespaces/default/pods?labelSelector=!pod-template-hash', ['report-generator']],
    ['/api/v1/namespaces/default/pods?fieldSelector=status.phase%3DPending', ['report-generator']],
    ['/api/v1/namespaces/shop/pods?fieldSelector=status.phase!%3DRunning', ['db-migrate-9xq4z']],
    ['/api/v1/pods?fieldSelector=status.phase%3DFailed', ['nightly-export-29410560-']],
    ['/api/v1/pods?fieldSelector=spec.nodeName%3Dworker-2', ['kube-proxy-r6tjv']],
    [
      '/api/v1/pods?fieldSelector=metadata.namespace%3Dshop,metadata.name%3Dcart-5b8f9d6c7-pw8rn',
      ['cart-5b8f9d6c7-pw8rn'],
    ],
    [
      '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dreport-generator,involvedObject.kind%3DPod',
      ['report-generator.'],
    ],
    ['/api/v1/nodes?fieldSelector=spec.unschedulable%3Dtrue', ['worker-2']],
    ['/api/v1/namespaces?fieldSelector=metadata.name%3D%3Dshop', ['shop']],
  ])('%s selects %j', async (path, names) => {
    const list = (await call(sim, path)).json<List>();
    const got = list.items.map((i) => i.metadata.name);
    expect(got).toHaveLength(names.length);
    names.forEach((n, i) => expect(got[i]).toContain(n));
  });

  it.each([
    ['/api/v1/pods?fieldSelector=spec.foo%3Dbar', 'field label not supported: spec.foo'],
    [
      '/api/v1/nodes?fieldSelector=metadata.namespace%3Dx',
      'field label not supported: metadata.namespace',
    ],
    ['/api/v1/pods?labelSelector=app%3D%3D%3D', 'unable to parse requirement'],
  ])('%s is a 400 BadRequest', async (path, message) => {
    const reply = await call(sim, path);
    expect(reply.status).toBe(400);
    expect(reply.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    expect(reply.json()['message']).toContain(message);
  });

  it('pages with limit and continue', async () => {
    const all = (await call(sim, '/api/v1/pods')).json<List>().items.map((p) => p.metadata.name);
    const first = (await call(sim, '/api/v1/pods?limit=5')).json<List>();
    expect(first.items.map((p) => p.metadata.name)).toEqual(all.slice(0, 5));
    expect(first.metadata.remainingItemCount).toBe(all.length - 5);
    const rest = (
      await call(sim, `/api/v1/pods?limit=500&continue=${first.metadata.continue ?? ''}`)
    ).json<List>();
    expect(rest.items.map((p) => p.metadata.name)).toEqual(all.slice(5));
    expect(rest.metadata.continue).toBeUndefined();
    expect((await call(sim, '/api/v1/pods?limit=5&continue=garbage')).status).toBe(400);
  });

  it('serves PartialObjectMetadata when asked', async () => {
    const accept =
      'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
    const list = (
      await call(sim, '/apis/apps/v1/namespaces/default/replicasets', { accept })
    ).json<List>();
    expect(list.kind).toBe('PartialObjectMetadataList');
    expect(list.items[0]).toMatchObject({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'api-6d8f7b9c4d' },
    });
    const one = await call(sim, '/api/v1/nodes/cp-1', {
      accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
    });
    expect(one.json()).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: expect.objectContaining({ name: 'cp-1' }),
    });
  });
});

describe('tables', () => {
  it.each([
    [
      '/api/v1/pods',
      [
        'Name',
        'Ready',
        'Status',
        'Restarts',
        'Age',
        'IP',
        'Node',
        'Nominated Node',
        'Readiness Gates',
      ],
      5,
    ],
    [
      '/api/v1/services',
      ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector'],
      6,
    ],
    [
      '/apis/apps/v1/deployments',
      ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector'],
      5,
    ],
    [
      '/apis/apps/v1/replicasets',
      ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers', 'Images', 'Selector'],
      5,
    ],
    [
      '/api/v1/nodes',
      [
        'Name',
        'Status',
        'Roles',
        'Age',
        'Version',
        'Internal-IP',
        'External-IP',
        'OS-Image',
        'Kernel-Version',
        'Container-Runtime',
      ],
      5,
    ],
    ['/api/v1/namespaces', ['Name', 'Status', 'Age'], 3],
    [
      '/api/v1/events',
      [
        'Last Seen',
        'Type',
        'Reason',
        'Object',
        'Subobject',
        'Source',
        'Message',
        'First Seen',
        'Count',
        'Name',
      ],
      4,
    ],
  ])('%s has the printer columns', async (path, names, defaultColumns) => {
    const table = (await call(sim, path, { accept: TABLE_ACCEPT })).json<TableJson>();
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(names);
    expect(table.columnDefinitions.filter((c) => c.priority === 0)).toHaveLength(
      defaultColumns + (path.endsWith('events') ? 1 : 0),
    );
    for (const c of table.columnDefinitions) {
      expect(Object.keys(c)).toEqual(['name', 'type', 'format', 'description', 'priority']);
      expect(c.description).not.toBe('');
    }
    expect(table.rows.length).toBeGreaterThan(0);
    for (const row of table.rows) expect(row.cells).toHaveLength(names.length);
  });

  it('prints the default namespace pods with the fixed clock', async () => {
    const table = (
      await call(sim, '/api/v1/namespaces/default/pods', { accept: TABLE_ACCEPT })
    ).json<TableJson>();
    expect(table.rows.map((r) => r.cells)).toEqual([
      [
        'api-6d8f7b9c4d-x7k2m',
        '0/1',
        'CrashLoopBackOff',
        '42 (9h ago)',
        '3d',
        '10.244.1.21',
        'worker-1',
        '<none>',
        '<none>',
      ],
      ['report-generator', '0/1', 'Pending', '0', '10h', '<none>', '<none>', '<none>', '<none>'],
      [
        'web-7c5ddbdf54-2xkqp',
        '1/1',
        'Running',
        '0',
        '12d',
        '10.244.1.12',
        'worker-1',
        '<none>',
        '<none>',
      ],
      [
        'web-7c5ddbdf54-8mzvn',
        '1/1',
        'Running',
        '0',
        '12d',
        '10.244.1.13',
        'worker-1',
        '<none>',
        '<none>',
      ],
      [
        'web-7c5ddbdf54-tq9lw',
        '1/1',
        'Running',
        '0',
        '12d',
        '10.244.1.14',
        'worker-1',
        '<none>',
        '<none>',
      ],
    ]);
    expect(table.rows[0]?.object).toMatchObject({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'api-6d8f7b9c4d-x7k2m', namespace: 'default' },
    });
  });

  it('marks the completed pod row', async () => {
    const table = (
      await call(sim, '/api/v1/namespaces/shop/pods/db-migrate-9xq4z', { accept: TABLE_ACCEPT })
    ).json<TableJson>();
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]?.cells.slice(0, 3)).toEqual(['db-migrate-9xq4z', '0/1', 'Completed']);
    expect(table.rows[0]?.conditions).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
  });

  it.each([
    ['', { kind: 'PartialObjectMetadata' }],
    ['?includeObject=Metadata', { kind: 'PartialObjectMetadata' }],
    ['?includeObject=Object', { kind: 'Node', apiVersion: 'v1' }],
    ['?includeObject=None', undefined],
  ])('single-object table%s carries %j', async (query, object) => {
    const table = (
      await call(sim, `/api/v1/nodes/worker-2${query}`, { accept: TABLE_ACCEPT })
    ).json<TableJson>();
    expect(table.rows[0]?.cells.slice(0, 3)).toEqual([
      'worker-2',
      'NotReady,SchedulingDisabled',
      '<none>',
    ]);
    if (object) expect(table.rows[0]?.object).toMatchObject(object);
    else expect(table.rows[0]).not.toHaveProperty('object');
  });

  it('answers v1beta1 when only v1beta1 is accepted', async () => {
    const table = (
      await call(sim, '/api/v1/namespaces', {
        accept: 'application/json;as=Table;v=v1beta1;g=meta.k8s.io',
      })
    ).json<TableJson>();
    expect(table.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(table.rows.map((r) => r.cells)).toEqual(
      expect.arrayContaining([
        ['default', 'Active', '2y80d'],
        ['kube-system', 'Active', '2y80d'],
        ['shop', 'Active', '30d'],
      ]),
    );
  });

  it('prints services and deployments like the apiserver', async () => {
    const svc = (
      await call(sim, '/api/v1/namespaces/default/services', { accept: TABLE_ACCEPT })
    ).json<TableJson>();
    expect(svc.rows.map((r) => r.cells)).toEqual([
      ['api', 'NodePort', '10.96.88.4', '<none>', '8080:30080/TCP', '20d', 'app=api'],
      ['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '2y80d', '<none>'],
      ['web', 'ClusterIP', '10.96.120.15', '<none>', '80/TCP', '30d', 'app=web'],
    ]);
    const lb = (
      await call(sim, '/api/v1/namespaces/shop/services/cart', { accept: TABLE_ACCEPT })
    ).json<TableJson>();
    expect(lb.rows[0]?.cells.slice(1, 5)).toEqual([
      'LoadBalancer',
      '10.96.33.7',
      '203.0.113.20',
      '80:31380/TCP',
    ]);
    const deploy = (
      await call(sim, '/apis/apps/v1/namespaces/default/deployments', { accept: TABLE_ACCEPT })
    ).json<TableJson>();
    expect(deploy.rows.map((r) => r.cells)).toEqual([
      ['api', '0/1', 1, 0, '20d', 'api', 'ghcr.io/example/api:1.8.0', 'app=api'],
      ['web', '3/3', 3, 3, '30d', 'nginx', 'nginx:1.27.2', 'app=web'],
    ]);
  });
});

describe('watch', () => {
  it('streams the current objects from resourceVersion "" and ends at timeoutSeconds', async () => {
    const reply = await call(sim, '/api/v1/namespaces/shop/pods?watch=true&timeoutSeconds=1');
    const events = reply.text
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as { type: string; object: { kind: string; metadata: { name: string } } },
      );
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'ADDED']);
    expect(events[0]?.object.kind).toBe('Pod');
  });

  it('has nothing new after a list resourceVersion', async () => {
    const rv =
      (await call(sim, '/api/v1/namespaces/shop/pods')).json<List>().metadata.resourceVersion ?? '';
    const reply = await call(
      sim,
      `/api/v1/namespaces/shop/pods?watch=1&resourceVersion=${rv}&timeoutSeconds=1`,
    );
    expect(reply.text).toBe('');
  });
});

describe('pod logs', () => {
  const logs = '/api/v1/namespaces/default/pods/api-6d8f7b9c4d-x7k2m/log';
  it.each([
    ['', 200, /"level":"info","msg":"starting api".*\n.*\n.*\n.*"fatal"/s],
    ['?tailLines=1', 200, /^\{"level":"fatal","msg":"exiting","code":1\}\n$/],
    ['?container=api&previous=true&tailLines=1', 200, /^\{"level":"fatal".*\n$/],
    ['?container=sidecar', 400, /container sidecar is not valid for pod api-6d8f7b9c4d-x7k2m/],
    ['?tailLines=-1', 400, /tailLines/],
  ])('%s', async (query, status, body) => {
    const reply = await call(sim, `${logs}${query}`);
    expect(reply.status).toBe(status);
    expect(reply.text).toMatch(body);
    if (status === 200) expect(reply.contentType).toBe('text/plain');
  });

  it('has no previous logs for a container that never restarted', async () => {
    const reply = await call(
      sim,
      '/api/v1/namespaces/default/pods/web-7c5ddbdf54-2xkqp/log?previous=true',
    );
    expect(reply.status).toBe(400);
    expect(reply.json()['message']).toBe(
      'previous terminated container "nginx" in pod "web-7c5ddbdf54-2xkqp" not found',
    );
  });

  it('is 404 for a missing pod', async () => {
    expect((await call(sim, '/api/v1/namespaces/default/pods/nope/log')).json()['message']).toBe(
      'pods "nope" not found',
    );
  });
});

describe('the clock', () => {
  it('resolves fixture times at start and ages them on every request', async () => {
    let current = new Date('2026-06-15T10:00:00Z');
    const moving = await startKubeSim({ now: () => current });
    try {
      const age = async () =>
        (
          await call(moving, '/api/v1/namespaces/default/pods/report-generator', {
            accept: TABLE_ACCEPT,
          })
        ).json<TableJson>().rows[0]?.cells[4];
      expect(await age()).toBe('10h');
      current = new Date(current.getTime() + 2 * 24 * 3600 * 1000);
      expect(await age()).toBe('2d10h');
    } finally {
      await moving.close();
    }
  });
});

describe('a fixtures directory', () => {
  it('serves its objects and logs, with relative times aged from start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-fixture-dir-'));
    writeFileSync(
      join(dir, 'namespaces.json'),
      JSON.stringify([{ metadata: { name: 'team', creationTimestamp: 'now-40d' } }]),
    );
    writeFileSync(
      join(dir, 'pods.json'),
      JSON.stringify({
        kind: 'PodList',
        items: [
          {
            metadata: { name: 'solo', namespace: 'team', creationTimestamp: 'now-5m' },
            spec: { nodeName: 'n1', containers: [{ name: 'main', image: 'busybox' }] },
            status: {
              phase: 'Running',
              containerStatuses: [
                { name: 'main', ready: true, state: { running: { startedAt: 'now-5m' } } },
              ],
            },
          },
        ],
      }),
    );
    writeFileSync(join(dir, 'logs.json'), JSON.stringify({ 'team/solo/main': 'hello\n' }));
    const custom = await startKubeSim({ fixtures: dir, now: FIXED_NOW });
    try {
      const table = (
        await call(custom, '/api/v1/pods', { accept: TABLE_ACCEPT })
      ).json<TableJson>();
      expect(table.rows.map((r) => r.cells.slice(0, 5))).toEqual([
        ['solo', '1/1', 'Running', '0', '5m'],
      ]);
      expect((await call(custom, '/api/v1/namespaces/team/pods/solo/log')).text).toBe('hello\n');
      expect((await call(custom, '/api/v1/namespaces/default/pods')).json<List>().items).toEqual(
        [],
      );
    } finally {
      await custom.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
