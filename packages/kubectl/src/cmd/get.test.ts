// What runGet asks the API for: kubectl's paths, Accept headers, paging and selectors, GETs only, discovery once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim } from '@porthole/kube-sim';
import type { GetRequest } from '@porthole/policy';
import type { KubeObject, KubeSim } from '@porthole/kube-sim';
import { DiscoveryCache } from '../resource/discovery.js';
import { TABLE_ACCEPT } from '../resource/rest.js';
import { runGet } from './get.js';
import type { KubeGet } from '../resource/client.js';
import { requestOf } from '../testing/request.js';
import { simKube } from '../testing/sim-kube.js';

function pod(ns: string, name: string, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, creationTimestamp: '2025-05-01T00:00:00Z', labels },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
    status: { phase: 'Running' },
  };
}

const namespaces = ['default', 'bulk'].map((name): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
  status: { phase: 'Active' },
}));
const pods = [
  ...Array.from({ length: 501 }, (_, i) =>
    pod('bulk', `p-${String(i).padStart(3, '0')}`, { app: 'bulk' }),
  ),
  pod('default', 'web', { app: 'web', tier: 'front end' }),
];

let sim: KubeSim;
let kube: KubeGet;

beforeAll(async () => {
  sim = await startKubeSim({ port: 0, fixtures: { namespaces, pods } });
  kube = simKube(sim);
});

afterAll(async () => {
  await sim.close();
});

const get = (argv: string[]): GetRequest => requestOf('get', argv);

async function requestsOf(
  argv: string[],
): Promise<Array<{ path: string; query: Record<string, string>; accept: string }>> {
  const start = sim.requests.length;
  await runGet(get(argv), kube, { defaultNamespace: 'default' });
  return sim.requests.slice(start).map(({ path, query, accept }) => ({ path, query, accept }));
}

const isDiscovery = (path: string): boolean =>
  /^\/api(\/[^/]+)?$|^\/apis(\/[^/]+){0,2}$/.test(path);

describe('runGet requests', () => {
  it('lists with a Table Accept header, limit=500, selectors and the namespace in the path', async () => {
    const reqs = await requestsOf([
      'get',
      'pods',
      '-l',
      'tier in (front,back)',
      '--field-selector',
      'metadata.name=web',
    ]);
    expect(reqs.filter((r) => !isDiscovery(r.path))).toEqual([
      {
        path: '/api/v1/namespaces/default/pods',
        query: {
          fieldSelector: 'metadata.name=web',
          labelSelector: 'tier in (front,back)',
          limit: '500',
        },
        accept: TABLE_ACCEPT,
      },
    ]);
  });

  it('asks for plain JSON for -o json, yaml and name, and reads a named object directly', async () => {
    for (const output of ['json', 'yaml', 'name']) {
      const reqs = await requestsOf(['get', 'pods', 'web', '-o', output]);
      expect(reqs.filter((r) => !isDiscovery(r.path))).toEqual([
        { path: '/api/v1/namespaces/default/pods/web', query: {}, accept: 'application/json' },
      ]);
    }
  });

  it('follows continue tokens across chunks and prints one table', async () => {
    const start = sim.requests.length;
    const out = await runGet(get(['get', 'pods', '-n', 'bulk', '--no-headers']), kube, {
      defaultNamespace: 'default',
    });
    const lists = sim.requests
      .slice(start)
      .filter((r) => r.path === '/api/v1/namespaces/bulk/pods');
    expect(lists.map((r) => r.query['continue'] !== undefined)).toEqual([false, true]);
    expect(out.stdout.split('\n').filter((l) => l !== '')).toHaveLength(501);
    expect(out.exitCode).toBe(0);
  });

  it('lists across namespaces without a namespace in the path', async () => {
    const reqs = await requestsOf(['get', 'pods', '-A', '-o', 'name']);
    expect(reqs.filter((r) => !isDiscovery(r.path)).map((r) => r.path)).toEqual([
      '/api/v1/pods',
      '/api/v1/pods',
    ]);
  });

  it('reads discovery once per command and only ever sends GET', async () => {
    const reqs = await requestsOf(['get', 'pods,services,deployments.apps', '-n', 'default']);
    const counts = new Map<string, number>();
    for (const r of reqs.filter((x) => isDiscovery(x.path)))
      counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.has('/api')).toBe(true);
    expect(counts.has('/apis')).toBe(true);
    expect(sim.nonGetRequests()).toEqual([]);
  });
});

describe('runGet results', () => {
  it('says which namespace had nothing', async () => {
    const out = await runGet(get(['get', 'pods', '-l', 'app=none']), kube, {
      defaultNamespace: 'default',
    });
    expect(out).toEqual({
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
      exitCode: 0,
    });
  });

  it('refuses --show-labels with a non-table output like kubectl', async () => {
    // The policy refuses the pair; the renderer still answers as kubectl does.
    const req = { ...get(['get', 'pods']), output: 'json' as const, showLabels: true };
    expect(await runGet(req, kube, { defaultNamespace: 'default' })).toEqual({
      stdout: '',
      stderr: 'error: --show-labels option cannot be used with json printer\n',
      exitCode: 1,
    });
  });

  it('turns a transport failure into kubectl\'s "Unable to connect" line', async () => {
    const failing: KubeGet = (path, accept) =>
      path.startsWith('/api/v1/namespaces')
        ? Promise.reject(new Error('socket hang up'))
        : kube(path, accept);
    const out = await runGet(get(['get', 'pods', 'web']), failing, {
      defaultNamespace: 'default',
    });
    expect(out).toEqual({
      stdout: '',
      stderr: 'Unable to connect to the server: socket hang up\n',
      exitCode: 1,
    });
  });
});

describe('a shared DiscoveryCache', () => {
  it('spares later commands the discovery requests, and refreshes once for an unknown type', async () => {
    const cache = new DiscoveryCache(60_000);
    const opts = { defaultNamespace: 'default', discoveryCache: cache };
    const discoveryCount = (from: number): number =>
      sim.requests.slice(from).filter((r) => isDiscovery(r.path)).length;

    let start = sim.requests.length;
    await runGet(get(['get', 'pods']), kube, opts);
    expect(discoveryCount(start)).toBeGreaterThan(0);

    start = sim.requests.length;
    const second = await runGet(get(['get', 'pods', '-o', 'name']), kube, opts);
    expect(discoveryCount(start)).toBe(0);
    expect(second.stdout).toBe('pod/web\n');

    start = sim.requests.length;
    // A type the cluster does not serve (discovery changed after the policy's check).
    const widgets = { ...get(['get', 'pods']), resources: [{ type: 'widgets', names: [] }] };
    const unknown = await runGet(widgets, kube, opts);
    expect(discoveryCount(start)).toBeGreaterThan(0);
    expect(unknown.stderr).toBe('error: the server doesn\'t have a resource type "widgets"\n');
  });

  it('expires', async () => {
    let now = 0;
    const cache = new DiscoveryCache(1000, () => now);
    const opts = { defaultNamespace: 'default', discoveryCache: cache };
    await runGet(get(['get', 'pods']), kube, opts);
    now = 2000;
    const start = sim.requests.length;
    await runGet(get(['get', 'pods']), kube, opts);
    expect(sim.requests.slice(start).some((r) => r.path === '/api')).toBe(true);
  });
});
