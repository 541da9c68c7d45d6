// runKubectl refuses what it cannot run read-only before it sends a single request, and reads server warnings as client-go does.
import { describe, expect, it } from 'vitest';
import { parseWarningHeaders, runKubectl } from './run.js';
import { ArgvError } from './argv/flags.js';
import { GetArgvError } from './argv/get.js';
import { RedactionTally, redactingKube } from './resource/redacting.js';
import type { KubeGet } from './resource/client.js';

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
