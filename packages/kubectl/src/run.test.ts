// runKubectl runs only the policy's typed requests, refuses anything else before a single request, and reads server warnings as client-go does.
import { describe, expect, it } from 'vitest';
import { evaluate } from '@porthole/policy';
import type { KubectlRequest } from '@porthole/policy';
import { parseWarningHeaders, runKubectl } from './run.js';
import { RedactionTally, redactingKube } from './resource/redacting.js';
import type { KubeGet } from './resource/client.js';
import { requestFor } from './testing/request.js';

/** A transport that records calls. */
function recordingKube(status = 500): { kube: KubeGet; calls: string[] } {
  const calls: string[] = [];
  const kube: KubeGet = (path) => {
    calls.push(path);
    return Promise.resolve({ status, body: '' });
  };
  return { kube, calls };
}

describe('what is not read-only never reaches the renderer', () => {
  // The policy is the one reading of a command: these have no request, so nothing can run them.
  it.each([
    [['proxy']],
    [['exec', 'pod', '--', 'sh']],
    [['delete', 'pod', 'x']],
    [['constructor']],
    [['toString']],
    [[]],
    [['logs', 'web', '-f']],
    [['logs', 'web', '--follow']],
    [['logs', 'web', '--kubeconfig=/etc/x']],
    [['describe', 'pods', '--raw', '/api']],
    [['events', '-w']],
    [['top', 'pod', '--token', 'x']],
    [['rollout', 'undo', 'deploy/web']],
    [['rollout', 'restart', 'deploy/web']],
    [['rollout', 'status', 'deploy/web', '--timeout']],
    [['top']],
    [['explain', 'pods', '-o', 'plaintext-openapiv2']],
    [['api-resources', '--as=admin']],
    [['version', '-v=9']],
    [['cluster-info', 'dump']],
    [['get', 'pods', '-w']],
    [['get', 'pods', '-o', 'go-template={{.}}']],
  ])('%j', (argv) => {
    expect(evaluate(argv).allowed).toBe(false);
  });

  it.each([
    [{ verb: 'exec', resources: [{ type: 'pods', names: ['x'] }] }],
    [{ verb: 'constructor' }],
    [{}],
  ])('an object that is not a policy request is refused before any GET: %j', async (bogus) => {
    const { kube, calls } = recordingKube();
    await expect(
      runKubectl(bogus as unknown as KubectlRequest, redactingKube(kube, new RedactionTally()), {
        defaultNamespace: 'default',
      }),
    ).rejects.toThrow(TypeError);
    expect(calls).toEqual([]);
  });
});

describe('runKubectl', () => {
  it('prints each distinct code-299 warning once, before what the verb printed', async () => {
    const kube: KubeGet = (path) =>
      Promise.resolve({
        status: 200,
        body: path === '/version' ? '{"gitVersion":"v1.35.0"}' : '',
        warnings: ['299 - "first"', '299 - "first", 299 - "second"'],
      });
    const out = await runKubectl(requestFor('version'), redactingKube(kube, new RedactionTally()), {
      defaultNamespace: 'default',
    });
    expect(out.stderr).toBe('Warning: first\nWarning: second\n');
    expect(out.exitCode).toBe(0);
  });
});

describe('parseWarningHeaders', () => {
  it.each([
    [['299 - "v1 Endpoints is deprecated"'], ['v1 Endpoints is deprecated']],
    [['299 - "a", 299 - "b \\"quoted\\""'], ['a', 'b "quoted"']],
    [['299 kube-apiserver "with date" "Mon, 01 Jan 2024 00:00:00 GMT"'], ['with date']],
    [['199 - "not a 299"'], []],
    [['299 - ""'], []],
    [['garbage'], []],
  ])('%j → %j', (headers, texts) => {
    expect(parseWarningHeaders(headers)).toEqual(texts);
  });
});
