// The read-only guarantee of the agent's Kubernetes transport, against a real HTTPS kube-sim.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from '@porthole/kube-sim';
import { loadKubeConfigFile } from './load.js';
import { createKubeTransport, ReadOnlyViolation, type KubeTransport } from './transport.js';

let sim: KubeSim;
let kube: KubeTransport;

beforeAll(async () => {
  sim = await startKubeSim({ port: 0 });
  const file = join(mkdtempSync(join(tmpdir(), 'porthole-transport-')), 'kubeconfig');
  sim.writeKubeconfig(file);
  kube = createKubeTransport(loadKubeConfigFile(file));
});
afterAll(() => sim.close());

describe('the kube transport', () => {
  it('reads over HTTPS with the kubeconfig CA and token', async () => {
    const res = await kube.get('/api/v1/namespaces/default/pods', 'application/json');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).kind).toBe('PodList');
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'get', 'CONNECT'])(
    'refuses %s before a byte leaves',
    async (method) => {
      const before = sim.requests.length;
      await expect(
        kube.request(method, '/api/v1/namespaces/default/pods/x', 'application/json'),
      ).rejects.toBeInstanceOf(ReadOnlyViolation);
      expect(sim.requests.length).toBe(before);
      expect(sim.nonGetRequests()).toEqual([]);
    },
  );

  it('refuses paths that do not start with /', async () => {
    await expect(kube.get('http://evil.example/api', 'application/json')).rejects.toThrow(
      /must start with/,
    );
  });
});
