import * as k8s from '@kubernetes/client-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from './server.js';

let sim: KubeSim;
let dir: string;
let kc: k8s.KubeConfig;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kube-sim-client-node-'));
  sim = await startKubeSim();
  sim.writeKubeconfig(join(dir, 'kubeconfig'));
  kc = new k8s.KubeConfig();
  kc.loadFromFile(join(dir, 'kubeconfig'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('@kubernetes/client-node 1.4 over HTTPS with the kubeconfig CA', () => {
  it('verifies the server with certificate-authority-data, no insecure flag', () => {
    const cluster = kc.getCurrentCluster();
    expect(cluster?.server).toBe(sim.url);
    expect(cluster?.skipTLSVerify).toBe(false);
    expect(Buffer.from(cluster?.caData ?? '', 'base64').toString()).toBe(sim.caPem);
  });

  it('listNamespacedPod', async () => {
    const pods = await kc.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: 'default' });
    expect(pods.items.map((p) => p.metadata?.name)).toEqual([
      'api-6d8f7b9c4d-x7k2m',
      'report-generator',
      'web-7c5ddbdf54-2xkqp',
      'web-7c5ddbdf54-8mzvn',
      'web-7c5ddbdf54-tq9lw',
    ]);
    expect(pods.items[0]?.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe(
      'CrashLoopBackOff',
    );
    expect(pods.items[0]?.metadata?.creationTimestamp).toBeInstanceOf(Date);
  });

  it('readNamespacedDeployment and label-selected lists', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const web = await apps.readNamespacedDeployment({ namespace: 'default', name: 'web' });
    expect(web.status?.readyReplicas).toBe(3);
    const sets = await apps.listNamespacedReplicaSet({
      namespace: 'default',
      labelSelector: 'app=web',
    });
    expect(sets.items.map((r) => r.metadata?.name)).toEqual(['web-7c5ddbdf54']);
  });

  it('gets the apiserver Status for a missing pod, and 405 for a delete', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await expect(
      core.readNamespacedPod({ namespace: 'default', name: 'missing' }),
    ).rejects.toMatchObject({
      code: 404,
      body: expect.stringContaining('pods \\"missing\\" not found'),
    });
    await expect(
      core.deleteNamespacedPod({ namespace: 'default', name: 'web-7c5ddbdf54-2xkqp' }),
    ).rejects.toMatchObject({ code: 405 });
    expect(sim.nonGetRequests()).toEqual([
      {
        method: 'DELETE',
        path: '/api/v1/namespaces/default/pods/web-7c5ddbdf54-2xkqp',
        query: {},
        accept: expect.any(String),
      },
    ]);
  });
});
