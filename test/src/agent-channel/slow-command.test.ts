// A command that runs longer than its lease is run once: the agent renews the lease while it runs.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess, type Proc } from '../harness/process.js';
import { startStack, type Stack } from '../harness/stack.js';
import { startSlowKube, type SlowKube } from './proxies.js';

const LEASE_MS = 15_000;

let stack: Stack;
const kubes: SlowKube[] = [];
const extraAgents: Proc[] = [];

beforeAll(async () => {
  stack = await startStack({ clusters: ['slow', 'silent'] });
});
afterAll(async () => {
  await Promise.all(extraAgents.map((a) => a.stop()));
  await stack?.close();
  await Promise.all(kubes.map((k) => k.close()));
  for (const k of kubes) rmSync(k.kubeconfig, { force: true });
});

/** Two agents of `cluster` behind `kube`: a lapsed lease would hand the command to either. */
async function twoAgents(cluster: string, kube: SlowKube): Promise<Proc[]> {
  const env = { KUBECONFIG: kube.kubeconfig };
  const one = await stack.startAgent(cluster, env);
  const two = startProcess(['agent/dist/main.js'], {
    PORTHOLE_API_URL: stack.apiUrl,
    PORTHOLE_CLUSTER_ID: cluster,
    PORTHOLE_AGENT_TOKEN: stack.agentTokens[cluster],
    PORTHOLE_API_PUBLIC_KEY: stack.publicKeyPem,
    ...env,
  });
  extraAgents.push(two);
  await Promise.all([one, two].map((a) => a.waitFor(/"msg":"command stream open"/, 20_000)));
  return [one, two];
}

const podLists = (namespace: string) =>
  stack
    .kubeRequests()
    .filter((r) => r.method === 'GET' && r.path === `/api/v1/namespaces/${namespace}/pods`).length;

const NEVER_IN_A_SLOW_RUN = /replayed|envelope_refused|dropped a redelivered copy|another answer/;

describe('a command slower than its lease', () => {
  it('is run once and answered, when the Kubernetes API answers slowly but steadily', async () => {
    const kube = await startSlowKube({
      kubeconfig: stack.kubeconfig,
      kubeconfigOut: `${stack.kubeconfig}.slow`,
      slow: /^\/api\/v1\/namespaces\/shop\/pods(\?|$)/,
      slowMs: LEASE_MS + 3_000,
      mode: 'drip',
      dripMs: 1_000,
    });
    kubes.push(kube);
    const agents = await twoAgents('slow', kube);

    const res = await stack.call('POST', '/v1/clusters/slow/exec', {
      command: 'get pods -n shop',
      timeoutSeconds: 40,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ status: 'succeeded', exitCode: 0, error: null });
    expect(res.json.output).toMatch(/^NAME\s+READY\s+STATUS/);
    // The premise: the run outlasted the lease it started under.
    expect(res.json.durationMs).toBeGreaterThan(LEASE_MS);
    await kube.slowAnswered;
    // One list of the pods reached the Kubernetes API, and neither agent saw a second copy.
    expect(podLists('shop')).toBe(1);
    for (const agent of agents) expect(agent.output()).not.toMatch(NEVER_IN_A_SLOW_RUN);
  }, 90_000);

  // A command's kube request is bounded by the command's deadline alone (kube/transport.ts):
  // an apiserver silent for longer than the lease still answers in time.
  it('is answered when the Kubernetes API says nothing for longer than the lease', async () => {
    const kube = await startSlowKube({
      kubeconfig: stack.kubeconfig,
      kubeconfigOut: `${stack.kubeconfig}.silent`,
      slow: /^\/api\/v1\/namespaces\/default\/pods(\?|$)/,
      slowMs: LEASE_MS + 3_000,
      mode: 'silent',
    });
    kubes.push(kube);
    const agents = await twoAgents('silent', kube);

    const res = await stack.call('POST', '/v1/clusters/silent/exec', {
      command: 'get pods -n default',
      timeoutSeconds: 40,
    });
    expect(res.status).toBe(200);
    for (const agent of agents) expect(agent.output()).not.toMatch(NEVER_IN_A_SLOW_RUN);
    expect(podLists('default')).toBe(1);
    expect(res.json).toMatchObject({ status: 'succeeded', exitCode: 0, error: null });
  }, 90_000);
});
