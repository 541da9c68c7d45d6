// The agent acts on signed claims only: the unsigned copies beside the signature (argv,
// deadline, output cap) are what a tampered queue would change, so none of them is read.
import { describe, expect, it } from 'vitest';
import type { KubeGet } from './kube/transport.js';
import { CORE_V1_DISCOVERY, NOW, signedEnvelope, testExecutor } from './testing/executor.js';

const POD_LIST = JSON.stringify({
  kind: 'PodList',
  apiVersion: 'v1',
  metadata: {},
  items: Array.from({ length: 200 }, (_, i) => ({
    metadata: { name: `pod-${String(i).padStart(4, '0')}`, namespace: 'default' },
  })),
});
const kube: KubeGet = (path) => {
  const bare = path.split('?')[0] ?? '';
  if (bare === '/api/v1/namespaces/default/pods')
    return Promise.resolve({ status: 200, body: POD_LIST });
  const answer = CORE_V1_DISCOVERY[bare];
  return Promise.resolve(
    answer ? { status: 200, body: JSON.stringify(answer) } : { status: 404, body: '' },
  );
};

describe('what the agent runs comes from the signature', () => {
  it('runs the signed argv, not the unsigned one beside it', async () => {
    const a = testExecutor(undefined, kube);
    const env = await signedEnvelope(['get', 'pods', '-n', 'default', '-o', 'name'], {
      unsigned: { argv: ['get', 'secrets', '-A'] },
    });
    const result = await a.execute(env);
    expect(result?.error ?? null).toBeNull();
    expect(result?.command).toEqual(['get', 'pods', '-n', 'default', '-o', 'name']);
    expect(result?.output).toMatch(/^pod\/pod-0000$/m);
    expect(a.calls.some((p) => p.includes('secrets'))).toBe(false);
  });

  it("runs the policy's request for the signed argv and reports its canonical argv", async () => {
    const a = testExecutor(undefined, kube);
    const env = await signedEnvelope(['get', 'po', '--namespace=default', '-oname']);
    const result = await a.execute(env);
    expect(result?.error ?? null).toBeNull();
    expect(result?.command).toEqual(['get', 'pods', '-n', 'default', '-o', 'name']);
    expect(result?.output).toMatch(/^pod\/pod-0199$/m);
    expect(a.calls).toContain('/api/v1/namespaces/default/pods?limit=500');
  });

  it('caps output at the signed limit, not the unsigned one', async () => {
    const a = testExecutor(undefined, kube);
    const env = await signedEnvelope(['get', 'pods', '-n', 'default', '-o', 'name'], {
      claims: { max_output_bytes: 300 },
      unsigned: { maxOutputBytes: 10_000_000 },
    });
    const result = await a.execute(env);
    expect(result?.truncated).toBe(true);
    expect(Buffer.byteLength(result?.output ?? '')).toBeLessThanOrEqual(300);
  });

  it('runs a command whose unsigned deadline says it expired while the signed one has not', async () => {
    const a = testExecutor(undefined, kube);
    const env = await signedEnvelope(['get', 'pods', '-n', 'default'], {
      unsigned: { deadline: NOW - 60_000 },
    });
    expect((await a.execute(env))?.status).toBe('succeeded');
  });

  it('posts nothing and reads nothing once the signed deadline has passed, whatever the unsigned one says', async () => {
    const a = testExecutor(undefined, kube);
    const env = await signedEnvelope(['get', 'pods', '-n', 'default'], {
      claims: { exp: NOW / 1000 - 1 },
      unsigned: { deadline: NOW + 60_000 },
    });
    expect(await a.execute(env)).toBeNull();
    expect(a.calls).toEqual([]);
    expect(a.logs.join('')).toMatch(/"event":"envelope_expired"/);
  });

  it('reports a refused envelope without echoing the unsigned argv', async () => {
    const a = testExecutor(undefined, kube);
    const env = await signedEnvelope(['get', 'pods', '-n', 'default'], {
      claims: { cluster: 'beta' },
      unsigned: { argv: ['get', 'secrets', 'db-password-hunter2'] },
    });
    const result = await a.execute(env);
    expect(result).toMatchObject({ status: 'failed', command: ['?'] });
    expect(JSON.stringify(result)).not.toMatch(/secrets|hunter2/);
    expect(a.calls).toEqual([]);
  });
});

describe('an answer too deep to redact', () => {
  it('fails the command with a clear error and shows nothing of it', async () => {
    const depth = 200_000;
    const deep = `{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"p","namespace":"default","annotations":{"password":"hunter2secret"}},"spec":${'['.repeat(depth)}1${']'.repeat(depth)}}]}`;
    const deepKube: KubeGet = (path) =>
      (path.split('?')[0] ?? '') === '/api/v1/namespaces/default/pods'
        ? Promise.resolve({ status: 200, body: deep })
        : kube(path, 'application/json');
    const a = testExecutor(undefined, deepKube);
    const result = await a.execute(await signedEnvelope(['get', 'pods', '-n', 'default']));
    expect(result?.status).toBe('failed');
    // kubectl's wording for an answer it could not decode: a plain error, not a connection.
    expect(result?.error).toBe(
      "the Kubernetes API's answer is nested too deeply for the agent to redact; it is not shown",
    );
    expect(JSON.stringify(result)).not.toContain('hunter2secret');
  });
});
