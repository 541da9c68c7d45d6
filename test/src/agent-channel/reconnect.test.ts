// A real agent outlives its API and its link: it opens the stream again and runs later commands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../harness/stack.js';
import { linesMatching, stillRunning, waitForCount } from './agent-log.js';
import { startTcpLink, type TcpLink } from './proxies.js';

let stack: Stack;
const links: TcpLink[] = [];

beforeAll(async () => {
  stack = await startStack({ clusters: ['restart', 'cut', 'halfopen'] });
});
afterAll(async () => {
  await stack?.close();
  await Promise.all(links.map((l) => l.close()));
});

const STREAM_OPEN = /"msg":"command stream open"/;

const exec = (cluster: string, command: string, call = stack.call) =>
  call('POST', `/v1/clusters/${cluster}/exec`, { command, timeoutSeconds: 60 });

describe('reconnecting the command stream', () => {
  it('survives a restart of its API on the same address', async () => {
    const first = await stack.startReplica();
    const agent = await stack.startAgent('restart', { PORTHOLE_API_URL: first.url });
    await waitForCount(agent, STREAM_OPEN, 1, 20_000);
    expect((await exec('restart', 'get ns')).json).toMatchObject({ status: 'succeeded' });

    const { port } = new URL(first.url);
    expect(await first.proc.stop()).toBe(0);
    const second = await stack.startReplica({ PORTHOLE_PORT: port });
    expect(second.url).toBe(first.url);

    await waitForCount(agent, STREAM_OPEN, 2, 30_000);
    const res = await exec('restart', 'get pods -n kube-system', second.call);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ status: 'succeeded', exitCode: 0 });
    expect(res.json.output).toMatch(/^NAME\s+READY\s+STATUS/);
    expect(stillRunning(agent)).toBe(true);
    expect(agent.output()).not.toMatch(/falling back to long polls/);
  }, 90_000);

  it('survives a cut link (every connection reset, new ones refused for a while)', async () => {
    const link = await startTcpLink(stack.apiUrl);
    links.push(link);
    const agent = await stack.startAgent('cut', { PORTHOLE_API_URL: link.url });
    await waitForCount(agent, STREAM_OPEN, 1, 20_000);

    link.cut();
    // The agent notices and retries with backoff against a link that refuses it.
    await waitForCount(agent, /"msg":"stream failed"/, 2, 20_000);
    expect(linesMatching(agent, STREAM_OPEN)).toHaveLength(1);
    link.restore();

    await waitForCount(agent, STREAM_OPEN, 2, 20_000);
    const res = await exec('cut', 'get pods -n shop');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ status: 'succeeded', exitCode: 0 });
    expect(stillRunning(agent)).toBe(true);
    expect(agent.output()).not.toMatch(/falling back to long polls/);
  }, 60_000);

  // A stream whose connection died without a FIN or a reset (a lost node, a NAT that forgot the
  // flow) looks open to the API. The agent's new stream names its instance, and the API retires
  // that instance's older streams on every replica (agents/streams.ts), so the dead one stops
  // claiming the cluster's commands.
  it('runs commands after its stream went silent and it opened a new one', async () => {
    const link = await startTcpLink(stack.apiUrl);
    links.push(link);
    const agent = await stack.startAgent('halfopen', { PORTHOLE_API_URL: link.url });
    await waitForCount(agent, STREAM_OPEN, 1, 20_000);

    // Only the stream's connection dies; the agent's other kept-alive connections still work.
    link.freezeStreams();
    // Three missed pings (30 s) before the agent gives the stream up.
    await waitForCount(agent, /the command stream went silent/, 1, 60_000);
    await waitForCount(agent, STREAM_OPEN, 2, 20_000);

    const res = await stack.call('POST', '/v1/clusters/halfopen/exec', {
      command: 'get pods -n shop',
      timeoutSeconds: 30,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ status: 'succeeded', exitCode: 0 });
    expect(stillRunning(agent)).toBe(true);
  }, 120_000);
});
