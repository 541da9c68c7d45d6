// The per-request guard: only discovery and paths inside the signed namespaces reach the API.
import { describe, expect, it } from 'vitest';
import { namespaceGuard } from './namespace-guard.js';
import type { KubeGet } from './transport.js';

const recording = () => {
  const seen: string[] = [];
  const kube: KubeGet = async (path) => {
    seen.push(path);
    return { status: 200, body: '{}' };
  };
  return { kube, seen };
};

describe('namespaceGuard', () => {
  it('is the kube itself for an unrestricted principal', () => {
    const { kube } = recording();
    expect(namespaceGuard(kube, null)).toBe(kube);
  });

  it.each([
    '/version',
    '/api',
    '/apis',
    '/api/v1',
    '/apis/apps',
    '/apis/apps/v1',
    '/openapi/v3',
    '/openapi/v3/api/v1?hash=abc',
    '/api/v1/namespaces/shop/pods',
    '/api/v1/namespaces/shop/pods?limit=500&labelSelector=app%3Dweb',
    '/api/v1/namespaces/shop/pods/web-1/log?container=web&tailLines=210',
    '/apis/apps/v1/namespaces/shop/deployments/web',
    '/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods',
    '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb',
  ])('lets %s through for [shop, default]', async (path) => {
    const { kube, seen } = recording();
    const res = await namespaceGuard(kube, ['shop', 'default'])(path, 'application/json');
    expect(res.status).toBe(200);
    expect(seen).toEqual([path]);
  });

  it.each([
    '/api/v1/nodes',
    '/api/v1/nodes/worker-1',
    '/api/v1/namespaces',
    '/api/v1/namespaces/shop',
    '/api/v1/namespaces/kube-system/pods',
    '/api/v1/namespaces/kube-system/secrets',
    '/api/v1/pods',
    '/api/v1/persistentvolumes',
    '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    '/apis/apps/v1/deployments',
    '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    '/apis/metrics.k8s.io/v1beta1/nodes',
    '/api/v1/namespaces/sh%6Fp2/pods',
    '/api/v1/namespaces/shop/../kube-system/pods',
    '/api/v1/namespaces/shop/pods/..',
    '/api/v1/namespaces/shop/pods/%2e%2e',
    '/api/v1/namespaces/shop/pods/a%2Fb',
    '/api/v1/namespaces/shop/./pods',
    '/logs/kubelet',
    '/healthz',
  ])('answers 403 for %s without asking the API', async (path) => {
    const { kube, seen } = recording();
    const res = await namespaceGuard(kube, ['shop', 'default'])(path, 'application/json');
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
    expect(seen).toEqual([]);
  });

  it('allows nothing namespaced for an empty list (version, api-resources, explain)', async () => {
    const { kube, seen } = recording();
    const guard = namespaceGuard(kube, []);
    expect((await guard('/api/v1/namespaces/default/pods', '')).status).toBe(403);
    expect((await guard('/apis', '')).status).toBe(200);
    expect(seen).toEqual(['/apis']);
  });
});
