// Every command the policy accepts runs from its typed request: runKubectl never throws and never prints a command-line error.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCluster, startKubeSim } from '@porthole/kube-sim';
import type { KubeSim } from '@porthole/kube-sim';
import { evaluate } from '@porthole/policy';
import type { ApiResource } from '@porthole/policy';
import { runKubectl } from './run.js';
import { DiscoveryCache } from './resource/discovery.js';
import { RedactionTally, redactingKube } from './resource/redacting.js';
import type { KubeGet } from './resource/client.js';
import { COMMANDS } from './testing/commands.js';
import { clusterResources } from './testing/discovery.js';
import { simKube } from './testing/sim-kube.js';

/**
 * What kubectl prints when it cannot use its own command line, and the renderer's checks of a
 * request's combinations: none of these may follow from a request the policy built.
 */
const COMMAND_LINE_ERRORS = [
  /See 'kubectl [a-z -]+ -h' for help and examples/,
  /unknown (shorthand )?flag|unknown command/,
  /invalid argument ".*" for ".*" flag/,
  /You must specify the type of resource/,
  /only a selector \(-l\) or a POD name is allowed/,
  /at most one of `sinceTime` or `sinceSeconds`/,
  /--all-containers=true should not be specified/,
  /only one of NAME or selector can be provided/,
  /--show-labels option cannot be used/,
];

/** Every path answers 404, discovery included. */
const notFound: KubeGet = () =>
  Promise.resolve({
    status: 404,
    body: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}',
  });

const RUNS = 100;

let sim: KubeSim;
let cluster: KubeGet;
let discovery: ApiResource[];
const cache = new DiscoveryCache();

beforeAll(async () => {
  sim = await startKubeSim({ port: 0, fixtures: defaultCluster({ credentialCorpus: false }) });
  cluster = simKube(sim);
  discovery = await clusterResources(cluster);
});

afterAll(async () => {
  await sim?.close();
});

describe.each(Object.keys(COMMANDS))('%s: every command the policy accepts', (verb) => {
  const commands = COMMANDS[verb] as fc.Arbitrary<string[]>;

  it.each([
    ['a cluster that answers 404 to everything', () => notFound, false],
    ['the simulated cluster', () => cluster, true],
  ])(
    'runs against %s without a command-line error',
    async (_name, kube, withDiscovery) => {
      let allowed = 0;
      await fc.assert(
        fc.asyncProperty(commands, async (argv) => {
          const decision = evaluate(argv, withDiscovery ? { discovery } : {});
          if (!decision.allowed) return;
          allowed++;
          const out = await runKubectl(
            decision.request,
            redactingKube(kube(), new RedactionTally()),
            {
              defaultNamespace: 'default',
              now: () => Date.parse('2025-06-01T12:00:00Z'),
              serverUrl: 'https://kubernetes.default.svc',
              ...(withDiscovery ? { discoveryCache: cache } : {}),
            },
          );
          for (const pattern of COMMAND_LINE_ERRORS) expect(out.stderr).not.toMatch(pattern);
          expect([0, 1]).toContain(out.exitCode);
        }),
        { numRuns: RUNS },
      );
      // Most generated commands are valid: the property is not satisfied by refusals alone.
      expect(allowed).toBeGreaterThan(RUNS / 3);
    },
    60_000,
  );
});

describe('the request-level checks the renderer keeps', () => {
  // Each pattern above must be one the renderer can print, or the property would assert nothing.
  it.each([
    [{ verb: 'logs', resource: null, labelSelector: null }, /See 'kubectl logs -h'/],
    [
      { verb: 'logs', resource: { type: null, name: 'x' }, labelSelector: 'a=b' },
      /only a selector/,
    ],
    [
      {
        verb: 'logs',
        resource: { type: null, name: 'x' },
        sinceSeconds: 5,
        sinceTime: '2024-01-01T00:00:00Z',
      },
      /at most one of `sinceTime`/,
    ],
    [
      { verb: 'logs', resource: { type: null, name: 'x' }, allContainers: true, container: 'c' },
      /--all-containers=true should not be specified/,
    ],
    [{ verb: 'describe', resources: [] }, /You must specify the type of resource/],
    [{ verb: 'get', resources: [] }, /You must specify the type of resource/],
    [{ verb: 'get', output: 'json', showLabels: true }, /--show-labels option cannot be used/],
    [{ verb: 'top pod', name: 'x', labelSelector: 'a=b' }, /only one of NAME or selector/],
  ])('%j', async (patch, pattern) => {
    const { verb, ...fields } = patch;
    const base = evaluate(
      {
        logs: 'logs x',
        describe: 'describe pods',
        get: 'get pods',
        'top pod': 'top pod',
      }[verb] as string,
    );
    if (!base.allowed) throw new Error(base.message);
    const out = await runKubectl(
      { ...base.request, ...fields } as typeof base.request,
      redactingKube(cluster, new RedactionTally()),
      { defaultNamespace: 'default', discoveryCache: cache },
    );
    expect(out.stderr).toMatch(pattern);
    expect(COMMAND_LINE_ERRORS.some((p) => p.test(out.stderr))).toBe(true);
  });
});
