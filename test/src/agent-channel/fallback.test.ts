// A real agent whose stream cannot be used: a buffering proxy (it falls back to long polls) and
// a token for another cluster (it stops, saying so).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess } from '../harness/process.js';
import { startStack, type Stack } from '../harness/stack.js';
import { startBufferingProxy, type Proxy } from './proxies.js';

let stack: Stack;
const proxies: Proxy[] = [];

beforeAll(async () => {
  stack = await startStack({ clusters: ['alpha', 'buffered', 'held'] });
});
afterAll(async () => {
  await stack?.close();
  await Promise.all(proxies.map((p) => p.close()));
});

const exec = (cluster: string, command: string) =>
  stack.call('POST', `/v1/clusters/${cluster}/exec`, { command, timeoutSeconds: 60 });

describe('behind a proxy that buffers the command stream', () => {
  it('falls back to long polls after the hello timeout and runs commands end to end', async () => {
    const proxy = await startBufferingProxy(stack.apiUrl, 'body');
    proxies.push(proxy);
    const agent = await stack.startAgent('buffered', { PORTHOLE_API_URL: proxy.url });
    // PORTHOLE has no knob for the hello timeout: the agent's 10 s default applies.
    expect(await agent.waitFor(/falling back to long polls/, 40_000)).toMatch(/buffering/);

    const res = await exec('buffered', 'get pods -n shop');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ status: 'succeeded', exitCode: 0, clusterId: 'buffered' });
    expect(res.json.output).toMatch(/^NAME\s+READY\s+STATUS/);
    // It arrived by a long poll through the proxy; the stream never said a word to the agent.
    expect(proxy.seen.some((r) => r.startsWith('GET /v1/agent/commands?wait='))).toBe(true);
    expect(agent.output()).not.toMatch(/command stream open/);
    // The held stream was given up, upstream too, so the API no longer claims for it.
    await proxy.streamsClosed();
  }, 90_000);

  // The hello timeout counts from the request, headers included (agent.ts streamOnce): a proxy
  // that holds the whole answer back, or a stream request sent on a kept-alive connection that
  // died silently, ends in the fallback too.
  it('falls back too when the proxy holds back the headers as well', async () => {
    const proxy = await startBufferingProxy(stack.apiUrl, 'all');
    proxies.push(proxy);
    const agent = await stack.startAgent('held', { PORTHOLE_API_URL: proxy.url });
    // The 10 s hello timeout, with room for a busy machine.
    await agent.waitFor(/falling back to long polls/, 30_000);
    const res = await exec('held', 'get pods -n shop');
    expect(res.json).toMatchObject({ status: 'succeeded' });
  }, 90_000);
});

describe('a token for another cluster', () => {
  it('stops the agent with one stderr line that names both clusters', async () => {
    const agent = startProcess(['agent/dist/main.js'], {
      PORTHOLE_API_URL: stack.apiUrl,
      PORTHOLE_CLUSTER_ID: 'beta',
      PORTHOLE_AGENT_TOKEN: stack.agentTokens.alpha,
      PORTHOLE_API_PUBLIC_KEY: stack.publicKeyPem,
      KUBECONFIG: stack.kubeconfig,
    });
    let stderr = '';
    agent.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    try {
      const code = await agent.exited;
      expect(code, agent.output()).toBe(1);
      const lines = stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^porthole-agent: /);
      expect(lines[0]).toContain('alpha');
      expect(lines[0]).toContain('beta');
      expect(lines[0]).toContain('PORTHOLE_CLUSTER_ID');
      // The token is never echoed.
      expect(agent.output()).not.toContain(stack.agentTokens.alpha);
    } finally {
      await agent.stop();
    }
  }, 30_000);
});
