// runKubectl refuses what it cannot run read-only before it sends a single request.
import { describe, expect, it } from 'vitest';
import { ArgvError } from './flags.js';
import { GetArgvError } from './argv.js';
import { RedactionTally, redactingKube } from '../output/redact.js';
import { runKubectl } from './run.js';
import type { KubeGet } from './types.js';

/** A transport that records calls: none of these commands may reach the API. */
function recordingKube(): { kube: KubeGet; calls: string[] } {
  const calls: string[] = [];
  const kube: KubeGet = (path) => {
    calls.push(path);
    return Promise.resolve({ status: 500, body: '' });
  };
  return { kube, calls };
}

describe('runKubectl refuses argv outside the read-only verbs', () => {
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
  ])('%j', async (argv) => {
    const { kube, calls } = recordingKube();
    let thrown: unknown = null;
    try {
      await runKubectl(argv, redactingKube(kube, new RedactionTally()), {
        defaultNamespace: 'default',
      });
    } catch (err) {
      thrown = err;
    }
    expect(thrown instanceof ArgvError || thrown instanceof GetArgvError).toBe(true);
    expect(calls).toEqual([]);
  });
});
