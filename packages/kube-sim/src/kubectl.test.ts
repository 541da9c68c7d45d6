import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from './server.js';
import { call } from './testing/client.js';
import { kubectl, requireKubectl, rows, type Run } from './testing/kubectl.js';

let sim: KubeSim;
let dir: string;
const run = (...args: string[]): Promise<Run> =>
  kubectl(join(dir, 'kubeconfig'), join(dir, 'cache'), args);

/** Success means exit 0 and nothing on stderr: no warnings, no fallbacks. */
async function ok(...args: string[]): Promise<string[][]> {
  const result = await run(...args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return rows(result.stdout);
}

describe('the real kubectl v1.35 against kube-sim', () => {
  beforeAll(async () => {
    requireKubectl();
    dir = mkdtempSync(join(tmpdir(), 'kube-sim-kubectl-'));
    sim = await startKubeSim();
    sim.writeKubeconfig(join(dir, 'kubeconfig'));
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('get pods -n default', async () => {
    const table = await ok('get', 'pods', '-n', 'default');
    expect(table[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(table.slice(1)).toEqual([
      ['api-6d8f7b9c4d-x7k2m', '0/1', 'CrashLoopBackOff', '42 (9h ago)', '3d'],
      ['report-generator', '0/1', 'Pending', '0', '10h'],
      ['web-7c5ddbdf54-2xkqp', '1/1', 'Running', '0', '12d'],
      ['web-7c5ddbdf54-8mzvn', '1/1', 'Running', '0', '12d'],
      ['web-7c5ddbdf54-tq9lw', '1/1', 'Running', '0', '12d'],
    ]);
  });

  it('get pods -A -o wide', async () => {
    const table = await ok('get', 'pods', '-A', '-o', 'wide');
    expect(table[0]).toEqual([
      'NAMESPACE',
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
      'IP',
      'NODE',
      'NOMINATED NODE',
      'READINESS GATES',
    ]);
    expect(table).toContainEqual([
      'kube-system',
      'kube-controller-manager-cp-1',
      '1/1',
      'Running',
      '3 (2d4h ago)',
      '2y80d',
      '10.0.0.10',
      'cp-1',
      '<none>',
      '<none>',
    ]);
    expect(table).toContainEqual([
      'shop',
      'db-migrate-9xq4z',
      '0/1',
      'Completed',
      '0',
      '6d5h',
      '10.244.1.30',
      'worker-1',
      '<none>',
      '<none>',
    ]);
    const namespaces = table.slice(1).map((r) => r[0]);
    expect(namespaces).toEqual([...namespaces].sort());
    expect(namespaces.filter((n) => n === 'default')).toHaveLength(5);
    expect(namespaces.filter((n) => n === 'kube-system')).toHaveLength(9);
    expect(namespaces.filter((n) => n === 'shop')).toHaveLength(3);
  });

  it('get deploy,svc -n default', async () => {
    const table = await ok('get', 'deploy,svc', '-n', 'default');
    expect(table).toEqual([
      ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
      ['deployment.apps/api', '0/1', '1', '0', '20d'],
      ['deployment.apps/web', '3/3', '3', '3', '30d'],
      [''],
      ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
      ['service/api', 'NodePort', '10.96.88.4', '<none>', '8080:30080/TCP', '20d'],
      ['service/kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '2y80d'],
      ['service/web', 'ClusterIP', '10.96.120.15', '<none>', '80/TCP', '30d'],
    ]);
  });

  it('get pod NAME -o yaml drops managedFields the server sent', async () => {
    const name = 'web-7c5ddbdf54-2xkqp';
    const result = await run('get', 'pod', name, '-o', 'yaml');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^apiVersion: v1\nkind: Pod\nmetadata:\n/);
    expect(result.stdout).toContain('    kind: ReplicaSet\n    name: web-7c5ddbdf54\n');
    expect(result.stdout).toContain('  phase: Running\n');
    expect(result.stdout).not.toContain('managedFields');
    const raw = (await call(sim, `/api/v1/namespaces/default/pods/${name}`)).json<{
      metadata: { managedFields?: unknown[] };
    }>();
    expect(raw.metadata.managedFields?.length).toBeGreaterThan(0);
  });

  it('get nodes --show-labels', async () => {
    const table = await ok('get', 'nodes', '--show-labels');
    expect(table[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'LABELS']);
    expect(table[1]?.slice(0, 5)).toEqual(['cp-1', 'Ready', 'control-plane', '2y80d', 'v1.35.0']);
    expect(table[1]?.[5]).toContain('node-role.kubernetes.io/control-plane=');
    expect(table[2]?.slice(0, 5)).toEqual(['worker-1', 'Ready', '<none>', '400d', 'v1.35.0']);
    expect(table[3]?.slice(0, 5)).toEqual([
      'worker-2',
      'NotReady,SchedulingDisabled',
      '<none>',
      '90d',
      'v1.35.0',
    ]);
  });

  it('get pods -l app=web -o name', async () => {
    const result = await run('get', 'pods', '-l', 'app=web', '-o', 'name');
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: 'pod/web-7c5ddbdf54-2xkqp\npod/web-7c5ddbdf54-8mzvn\npod/web-7c5ddbdf54-tq9lw\n',
    });
  });

  it('get pod missing fails like the apiserver', async () => {
    expect(await run('get', 'pod', 'missing')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): pods "missing" not found\n',
    });
  });

  it('get ns', async () => {
    const table = await ok('get', 'ns');
    expect(table[0]).toEqual(['NAME', 'STATUS', 'AGE']);
    expect(table).toEqual(
      expect.arrayContaining([
        ['default', 'Active', '2y80d'],
        ['kube-node-lease', 'Active', '2y80d'],
        ['kube-system', 'Active', '2y80d'],
        ['platform', 'Active', '90d'],
        ['shop', 'Active', '30d'],
      ]),
    );
  });

  it('get events -n default', async () => {
    const table = await ok('get', 'events', '-n', 'default');
    expect(table[0]).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(table).toContainEqual([
      '9h',
      'Warning',
      'FailedScheduling',
      'pod/report-generator',
      expect.stringMatching(/^0\/3 nodes are available/),
    ]);
    expect(table).toContainEqual([
      '3d',
      'Normal',
      'NodeNotReady',
      'node/worker-2',
      'Node worker-2 status is now: NodeNotReady',
    ]);
  });

  it('get deployments,replicasets,services in shop by short names', async () => {
    const table = await ok('get', 'deploy,rs,svc', '-n', 'shop', '-o', 'wide');
    expect(table).toContainEqual([
      'deployment.apps/cart',
      '2/2',
      '2',
      '2',
      '30d',
      'cart',
      'ghcr.io/example/cart:2.4.1',
      'app=cart,tier=backend',
    ]);
    expect(table).toContainEqual([
      'replicaset.apps/cart-5b8f9d6c7',
      '2',
      '2',
      '2',
      '6d5h',
      'cart',
      'ghcr.io/example/cart:2.4.1',
      'app=cart,pod-template-hash=5b8f9d6c7,tier=backend',
    ]);
    expect(table).toContainEqual([
      'service/cart',
      'LoadBalancer',
      '10.96.33.7',
      '203.0.113.20',
      '80:31380/TCP',
      '30d',
      'app=cart',
    ]);
  });

  it('describe pod lists its events and logs reads the crashing container', async () => {
    const describe = await run('describe', 'pod', 'report-generator');
    expect(describe.code).toBe(0);
    expect(describe.stdout).toMatch(/Status:\s+Pending/);
    expect(describe.stdout).toMatch(
      /Warning\s+FailedScheduling\s+9h \(x12 over 10h\)\s+default-scheduler\s+0\/3 nodes are available/,
    );
    const logs = await run('logs', 'api-6d8f7b9c4d-x7k2m', '--tail=1');
    expect(logs).toEqual({
      code: 0,
      stderr: '',
      stdout: '{"level":"fatal","msg":"exiting","code":1}\n',
    });
  });

  it('sent nothing but GETs', () => {
    expect(sim.requests.length).toBeGreaterThan(10);
    expect(sim.nonGetRequests()).toEqual([]);
  });
});
