// The agent's health: what its kube transport's answers and failures say, bounded and scrubbed
// as the wire schema demands; and a refused token said once, then retried every few minutes.
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AgentHealth } from '@porthole/protocol';
import { createLogger } from '@porthole/runtime';
import { createHealthTracker } from './health.js';
import { channelOnlyAgent } from './testing/channel-agent.js';
import { tokenRefused, type ApiClient } from './api-client.js';

function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('createHealthTracker', () => {
  let clock = 1_000_000;
  const tracker = () =>
    createHealthTracker({ version: '1.2.3', now: () => clock, probeTimeoutMs: 1000 });

  it('turns unreachable on a connection failure, reachable on the next answer, and keeps the error', async () => {
    const health = tracker();
    let next: 'down' | 'up' = 'down';
    const kube = health.observe(async () => {
      if (next === 'down') throw systemError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:6443');
      return { status: 200, body: '{}' };
    });
    await expect(kube('/api/v1/pods', 'application/json')).rejects.toThrow('ECONNREFUSED');
    expect(health.changed()).toBe(true);
    clock += 3000;
    const down = health.snapshot({ inFlight: 2, queueAgeMs: 1500 });
    expect(down).toEqual({
      version: '1.2.3',
      kubeReachable: false,
      kubeErrors: 1,
      lastKubeError: { message: 'connect ECONNREFUSED 10.0.0.1:6443', ageSeconds: 3 },
      commands: 0,
      inFlight: 2,
      redactions: 0,
      queueAgeSeconds: 1.5,
    });
    expect(AgentHealth.safeParse(down).success).toBe(true);
    expect(health.changed()).toBe(false);

    next = 'up';
    // A 404 is an answer: the apiserver is there.
    const kube404 = health.observe(async () => ({ status: 404, body: '' }));
    await kube404('/api/v1/namespaces/x/pods/y', 'application/json');
    expect(health.changed()).toBe(true);
    const up = health.snapshot({ inFlight: 0, queueAgeMs: 0 });
    expect(up.kubeReachable).toBe(true);
    // The last error stays, with its age: it is history, not state.
    expect(up.lastKubeError?.message).toContain('ECONNREFUSED');
  });

  it('counts a 401 as unusable credentials, and a command deadline as nothing', async () => {
    const health = tracker();
    let answer: 'unauthorized' | 'deadline' = 'deadline';
    const kube = health.observe(async () => {
      if (answer === 'deadline')
        throw new Error('the Kubernetes API did not answer before the command deadline');
      return { status: 401, body: '' };
    });
    await expect(kube('/api/v1/pods', 'application/json')).rejects.toThrow('deadline');
    expect(health.snapshot({ inFlight: 0, queueAgeMs: 0 })).toMatchObject({
      kubeReachable: true,
      kubeErrors: 0,
      lastKubeError: null,
    });
    answer = 'unauthorized';
    await kube('/api/v1/pods', 'application/json');
    expect(health.snapshot({ inFlight: 0, queueAgeMs: 0 })).toMatchObject({
      kubeReachable: false,
      kubeErrors: 1,
      lastKubeError: { message: expect.stringContaining('HTTP 401') },
    });
  });

  it('probes /version: a hung or failing apiserver is unreachable, an answering one reachable', async () => {
    const health = tracker();
    const asked: string[] = [];
    let mode: 'hang' | '503' | 'ok' = 'hang';
    health.observe(async (path, _accept, signal) => {
      asked.push(path);
      if (mode === 'ok') return { status: 200, body: '{"gitVersion":"v1.35.0"}' };
      if (mode === '503') return { status: 503, body: '' };
      return new Promise((_resolve, reject) =>
        signal?.addEventListener('abort', () => reject(signal.reason as Error)),
      );
    });
    await health.probe();
    expect(health.snapshot({ inFlight: 0, queueAgeMs: 0 })).toMatchObject({
      kubeReachable: false,
      kubeErrors: 1,
    });
    mode = 'ok';
    await health.probe();
    expect(health.snapshot({ inFlight: 0, queueAgeMs: 0 }).kubeReachable).toBe(true);
    mode = '503';
    await health.probe();
    expect(health.snapshot({ inFlight: 0, queueAgeMs: 0 })).toMatchObject({
      kubeReachable: false,
      kubeErrors: 2,
      lastKubeError: { message: 'the Kubernetes API answered /version with HTTP 503' },
    });
    expect(asked).toEqual(['/version', '/version', '/version']);
  });

  it('never lets a credential, URL userinfo or a control character out, and stays within the schema', async () => {
    const health = tracker();
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    const kube = health.observe(async () => {
      throw systemError(
        'ECONNRESET',
        `request to https://admin:hunter2secret@10.0.0.1:6443/api\u001b[31m failed, bearer ${jwt} ${'x'.repeat(400)}`,
      );
    });
    await expect(kube('/api', 'application/json')).rejects.toThrow();
    const snapshot = health.snapshot({ inFlight: 5000, queueAgeMs: 1e15 });
    const message = snapshot.lastKubeError?.message ?? '';
    expect(message).toContain('https://10.0.0.1:6443/api');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain(jwt);
    expect(message).toMatch(/^[\x20-\x7e]+$/);
    expect(message.length).toBeLessThanOrEqual(200);
    expect(AgentHealth.safeParse(snapshot).success).toBe(true);
  });

  it('counts commands and their redactions', () => {
    const health = tracker();
    health.commandDone(2);
    health.commandDone(0);
    expect(health.snapshot({ inFlight: 0, queueAgeMs: 0 })).toMatchObject({
      commands: 2,
      redactions: 2,
    });
  });
});

describe('a refused agent token', () => {
  function logSink() {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n'))
          if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    return { lines, logger: createLogger('agent-test', 'debug', sink) };
  }

  it('is said once, with its reason, and retried after minutes, not seconds', async () => {
    const { lines, logger } = logSink();
    const waits: number[] = [];
    let refusals = 0;
    let healthReports = 0;
    const stopAfter = 5;
    const refusal = () => ({
      status: 401,
      body: Readable.from([
        Buffer.from(
          JSON.stringify({ error: { code: 'unauthenticated', message: 'credential revoked' } }),
        ),
      ]),
    });
    const api: ApiClient = {
      whoami: () => Promise.resolve('alpha'),
      reportHealth: () => {
        healthReports++;
        return Promise.reject(
          tokenRefused(JSON.stringify({ error: { message: 'credential revoked' } })),
        );
      },
      poll: () => Promise.reject(new Error('not used')),
      openStream: () => {
        refusals++;
        return Promise.resolve(refusal());
      },
      renewLeases: () => Promise.resolve([]),
      reportDiscovery: () => Promise.resolve(),
      postResult: () => Promise.resolve('stored'),
      useUplink: () => undefined,
    };
    const agent = channelOnlyAgent(api, logger, {
      health: createHealthTracker({ version: '1.2.3', now: () => Date.now() }),
      sleep: (ms) => {
        waits.push(ms);
        if (waits.length >= stopAfter) agent.stop();
        return Promise.resolve();
      },
    });
    await agent.run();
    expect(refusals).toBe(stopAfter);
    const said = lines.filter((l) => /refused the agent token/.test(String(l.msg)));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ level: 'error', reason: 'revoked' });
    expect(String(said[0]?.msg)).toContain('(revoked)');
    // 2 minutes, doubling to the 5-minute cap (with jitter: between half and all of each).
    for (const ms of waits) {
      expect(ms).toBeGreaterThanOrEqual(60_000);
      expect(ms).toBeLessThanOrEqual(300_000);
    }
    expect(waits.at(-1)).toBeGreaterThanOrEqual(150_000);
    // The health reports stop too while the token is refused: at most the one at start.
    expect(healthReports).toBeLessThanOrEqual(1);
    // Nothing else was logged per refusal.
    expect(lines.filter((l) => l.level === 'warn' || l.level === 'error')).toHaveLength(1);
  });

  it('names an unknown token as such', () => {
    expect(tokenRefused('{"error":{"message":"invalid credential"}}').message).toBe(
      'the API refused the agent token (unknown or invalid)',
    );
    expect(tokenRefused('not json').reason).toBe('unknown');
    expect(tokenRefused('{"error":{"message":"credential expired"}}').reason).toBe('expired');
  });
});
