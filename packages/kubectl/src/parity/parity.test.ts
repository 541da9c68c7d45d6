// Byte-for-byte parity with kubectl v1.35 for get: the real binary and runKubectl read the same kube-sim, outputs must be identical.
//
// Two simulated clusters: kube-sim's built-in one, and one built here with the awkward cases
// (over 500 pods, so lists come in chunks; strings that stress YAML quoting, folding and
// escaping; event messages with line breaks and terminal escapes). Any difference in stdout,
// stderr or exit code fails the test with a diff. Set KUBECTL to use another kubectl binary,
// PARITY_DUMP_DIR to keep both outputs of every command for inspection.
//
// runKubectl is given what the agent gives it: the typed request of the policy's decision on
// the command, evaluated against the cluster's discovery. So each command covers policy and
// renderer together.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCluster, startKubeSim } from '@porthole/kube-sim';
import type { ClusterFixture, KubeObject, KubeSim } from '@porthole/kube-sim';
import { evaluate } from '@porthole/policy';
import type { ApiResource, KubectlRequest } from '@porthole/policy';
import { KubeTransportError } from '../resource/errors.js';
import { runKubectl } from '../run.js';
import type { RedactedKubeGet } from '../resource/redacting.js';
import { RedactionTally, redactingKube } from '../resource/redacting.js';
import { asAgent, asRedacted } from './testing/parity-redaction.js';
import { clusterResources } from '../testing/discovery.js';
import { requestOf } from '../testing/request.js';
import type { CommandOutput } from '../types.js';
import type { KubeGet } from '../resource/client.js';

const KUBECTL =
  process.env['KUBECTL'] ?? new URL('../../../../.tools/kubectl/kubectl', import.meta.url).pathname;
/** Fixed clock: AGE cells are computed by the server, so both clients must see the same time. */
const NOW = new Date('2025-06-01T12:00:00Z');

interface Cluster {
  sim: KubeSim;
  kubeconfig: string;
  cacheDir: string;
  kube: RedactedKubeGet;
  /** The cluster's resources, as the agent passes them to the policy. */
  discovery: ApiResource[];
}

function httpsKube(sim: KubeSim, token = sim.token): KubeGet {
  const url = new URL(sim.url);
  return (path, accept) =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path,
          method: 'GET',
          ca: sim.caPem,
          headers: { accept, authorization: `Bearer ${token}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(
          new KubeTransportError(err.message, err.code === 'ECONNREFUSED' ? url.host : undefined),
        ),
      );
      req.end();
    });
}

function realKubectl(c: Cluster, args: string[]): Promise<CommandOutput> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      ['--kubeconfig', c.kubeconfig, '--cache-dir', c.cacheDir, ...args],
      { env: { PATH: process.env['PATH'] ?? '', HOME: c.cacheDir }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ stdout, stderr, exitCode: code });
      },
    );
  });
}

async function startCluster(
  dir: string,
  name: string,
  fixtures?: ClusterFixture,
): Promise<Cluster> {
  const sim = await startKubeSim({ port: 0, now: () => NOW, ...(fixtures ? { fixtures } : {}) });
  const kubeconfig = join(dir, `${name}.kubeconfig`);
  sim.writeKubeconfig(kubeconfig);
  return {
    sim,
    kubeconfig,
    cacheDir: join(dir, `${name}-cache`),
    kube: redactingKube(httpsKube(sim), new RedactionTally()),
    discovery: await clusterResources(httpsKube(sim)),
  };
}

// --- the awkward cluster ------------------------------------------------------------------------

const CREATED = '2025-05-01T00:00:00Z';

function namespace(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, creationTimestamp: CREATED },
    status: { phase: 'Active' },
  };
}

function pod(
  ns: string,
  name: string,
  extra: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      uid: `uid-${ns}-${name}`,
      creationTimestamp: CREATED,
      ...meta,
    },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], nodeName: 'node-1', ...extra },
    status: {
      phase: 'Running',
      podIP: '10.1.0.1',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'c', ready: true, restartCount: 0, state: { running: { startedAt: CREATED } } },
      ],
    },
  };
}

/** Strings that exercise yaml.v2's resolver, emitter styles, folding and escapes. */
const TRICKY: string[] = [
  'true',
  'yes',
  'No',
  'on',
  'null',
  '~',
  '',
  '1.5',
  '.5',
  '0x1F',
  '0o17',
  '017',
  '1_000',
  '1e3',
  '1e999',
  '+1',
  '-0b101',
  '12:30:45',
  '2024-01-01',
  '2024-1-1T10:00:00Z',
  '2024-01-01 10:00:00',
  '2024-02-30',
  '2024-01-01t10:00:00,5+01:00',
  '-',
  '- x',
  '-x',
  '? x',
  ':x',
  'a: b',
  'a:b',
  '#x',
  'x #y',
  'x#y',
  '*a',
  '&a',
  '!a',
  '|a',
  '>a',
  "'a",
  '"a',
  '%a',
  '@a',
  '`a',
  '---',
  '--- x',
  '...',
  'a, b',
  '[a]',
  '{a}',
  "it's",
  ' lead',
  'trail ',
  'two  spaces',
  'tab\there',
  'a\nb',
  'a\nb\n',
  'a\n\n',
  '\n',
  '  x\ny',
  'x \ny',
  'x\n y',
  'cr\rlf',
  'nul\u0000',
  'bell\u0007',
  'esc\u001b[0m',
  'nbsp\u00a0x',
  'é',
  '日本語',
  '😀',
  '\ufeffbom',
  'ls\u2028ps\u2029',
  'nel\u0085x',
  '<&>',
  'back\\slash',
  'q"uote',
  'a long value with spaces that keeps going well past the eighty column limit so yaml v2 folds it into lines',
  'a long: value with a colon space that must be single quoted and also runs past the eighty column limit ok',
  'a long value with a tab\tso it must be double quoted and folded with backslash escapes where needed, right',
  'averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongwordwithoutanyspaces',
];

function oddPods(): KubeObject[] {
  const annotations: Record<string, string> = {};
  TRICKY.forEach((s, i) => {
    annotations[`example.com/v${String(i).padStart(3, '0')}`] = s;
  });
  const nested = {
    numbers: [1, 1.5, 1e21, 1e-7, 123456789.5, 1e20, 0.000001, -3],
    empty: { map: {}, list: [], str: '' },
    lists: [[1, 2], [{ a: 'x' }, []], { k: ['y', { z: null }] }],
    keys: {
      a10: 1,
      a9: 2,
      A: 3,
      _x: 4,
      b: 5,
      y: 6,
      n: 7,
      'x y': 8,
      'k:v': 9,
      '#k': 10,
      'multi\nline': 11,
    },
  };
  return [
    pod(
      'odd',
      'tricky-annotations',
      {},
      { annotations, labels: { app: 'odd', 'example.com/tier': 'back-end' } },
    ),
    pod('odd', 'tricky-values', {
      extra: Object.fromEntries(TRICKY.map((s, i) => [`k${String(i).padStart(3, '0')}`, s])),
    }),
    pod('odd', 'tricky-nested', { nested }, { labels: { app: 'odd' } }),
    pod(
      'odd',
      'managed',
      {},
      { managedFields: [{ manager: 'kubectl', operation: 'Apply' }], labels: { app: 'managed' } },
    ),
  ];
}

function oddEvents(): KubeObject[] {
  const messages = [
    'first line\nsecond line',
    'red \u001b[31malert\u001b[0m here',
    'carriage\rreturn',
    'plain message',
  ];
  return messages.map((message, i) => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `tricky-annotations.${i}`, namespace: 'odd', creationTimestamp: CREATED },
    involvedObject: { kind: 'Pod', namespace: 'odd', name: 'tricky-annotations', apiVersion: 'v1' },
    reason: 'Testing',
    message,
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: CREATED,
    lastTimestamp: CREATED,
    count: i + 1,
    type: i % 2 === 0 ? 'Normal' : 'Warning',
  }));
}

function awkwardCluster(): ClusterFixture {
  const bulk = Array.from({ length: 520 }, (_, i) =>
    pod('bulk', `p-${String(i).padStart(3, '0')}`, {}, { labels: { n: String(i % 7) } }),
  );
  return {
    namespaces: ['default', 'odd', 'bulk', 'empty'].map(namespace),
    pods: [...bulk, ...oddPods()],
    events: oddEvents(),
  };
}

// --- the commands -------------------------------------------------------------------------------

const DEFAULT_CLUSTER_COMMANDS: string[] = [
  'get pods -n default',
  'get pods',
  'get pods -A',
  'get pods -A -o wide',
  'get pods -A --no-headers',
  'get pods -n kube-system --show-labels',
  'get pods -A -o wide --show-labels --no-headers',
  'get deploy,svc -n default',
  'get deploy,svc -n default --no-headers',
  'get deployments.apps,services,pods -n shop -o wide',
  'get pods,po -n default',
  'get Pod -n default',
  'get pods.v1. -n default',
  'get deployments.v1.apps -A',
  'get rs -A -o wide',
  'get ns',
  'get ns default -o yaml',
  'get nodes',
  'get nodes -o wide',
  'get nodes --show-labels',
  'get no,ns',
  'get events -A',
  'get ev -n default -o wide',
  'get svc -A --show-labels',
  'get pods -l app=web -o name',
  'get pods -n default -o name',
  'get pods,deploy -n default -o name',
  'get pods -A -l tier=frontend',
  'get pods -l app=nothing',
  'get nodes -l nothing=here',
  'get pods -A -l app=nothing',
  'get pods -n nope',
  'get pods -n default --field-selector status.phase=Running',
  'get pods -n default -o json',
  'get pods -n default -o yaml',
  'get pods -A -o yaml',
  'get deploy web -o yaml',
  'get deploy web -o json',
  'get deploy web -n default',
  'get pod missing',
  'get pod missing -o yaml',
  'get pod missing -o name',
  'get pod missing1 missing2',
  'get pod/missing1 svc/missing2',
  'get foo',
  'get pods,foo -n default',
  'get all -n default',
  'get all -A -o name',
  'get po,svc,deploy -n default -o wide --no-headers',
  'get deployment.apps -n default',
  'get DEPLOYMENTS -n default',
  'get PO -n default',
  'get pods.apps -n default',
  'get Deployment.v1.apps -A',
  'get nodes -A',
  'get ns -A --show-labels',
  'get pods,nodes -A',
  'get nodes,pods -A -o wide',
  'get events -A -o wide',
  'get svc,deploy -n default -o yaml',
  'get svc,deploy -n default -o json',
  'get ns,nodes -o name',
  'get pods -n default -o wide --show-labels',
];

/** A pod of the built-in cluster, for commands that name one. */
const WEB_POD =
  defaultCluster().pods?.find((p) => p.metadata.name.startsWith('web-'))?.metadata.name ??
  'web-pod-missing';

function namedCommands(podName: string): string[] {
  return [
    `get pod ${podName}`,
    `get pod ${podName} -o wide`,
    `get pod ${podName} -o yaml`,
    `get pod ${podName} -o json`,
    `get pod ${podName} -o name`,
    `get pod ${podName} missing`,
    `get pod missing ${podName} -o json`,
    `get pod missing ${podName} -o yaml`,
    `get pod/${podName} svc/web`,
    `get pod/${podName} svc/web -o yaml`,
    `get pod/${podName} svc/web pod/${podName}`,
    `get pods,svc ${podName}`,
    `get pod ${podName} ${podName} --no-headers`,
    `get pod ${podName} -A`,
  ];
}

const AWKWARD_CLUSTER_COMMANDS: string[] = [
  'get pods -n bulk',
  'get pods -n bulk -o name',
  'get pods -n bulk -o json',
  'get pods -A --no-headers',
  'get pods -n bulk -l n=3 -o wide --show-labels',
  'get pods -n empty',
  'get pods -n empty -o json',
  'get pods -n empty -o yaml',
  'get pods -n empty -o name',
  'get pods -n empty --no-headers',
  'get pods,svc -n empty',
  'get pod tricky-annotations -n odd -o yaml',
  'get pod tricky-annotations -n odd -o json',
  'get pod tricky-values -n odd -o yaml',
  'get pod tricky-values -n odd -o json',
  'get pod tricky-nested -n odd -o yaml',
  'get pod tricky-nested -n odd -o json',
  'get pod managed -n odd -o yaml',
  'get pods -n odd -o yaml',
  'get pods -n odd --show-labels',
  'get events -n odd',
  'get events -n odd -o wide',
];

/**
 * Objects holding control characters and ANSI escapes: kubectl prints them escaped; the agent
 * removes them before redaction (so `pass\x1b[0mword` cannot hide a credential), which changes
 * the quoting and the column widths. These rows check the shape and that nothing survived.
 */
const NORMALISED_COMMANDS = new Set([
  'get pod tricky-annotations -n odd -o yaml',
  'get pod tricky-annotations -n odd -o json',
  'get pod tricky-values -n odd -o yaml',
  'get pod tricky-values -n odd -o json',
  'get pods -n odd -o yaml',
  'get events -n odd',
  'get events -n odd -o wide',
]);

/** kubectl prints nothing at all for these (an empty list by name). */
const SILENT_COMMANDS = new Set(['get pods -n empty -o name']);

/**
 * What kubectl prints from the words as typed, which the policy's request (canonical types)
 * does not carry: the one line is taken out of kubectl's output, and must have been there.
 */
const TYPED_WORDS_ONLY: Record<string, string> = {
  // The request says `events`; kubectl warns because `ev` is also events.k8s.io's short name.
  'get ev -n default -o wide':
    'Warning: short name "ev" could also match lower priority resource events.events.k8s.io\n',
};

/**
 * The requests the agent runs for commands the policy refuses, for kubectl's error paths a request
 * can still state: types the cluster does not serve (as after a CRD is deleted, or spelled as
 * kubectl would not find them), a type named twice, names across all namespaces.
 */
const getPods = requestOf('get', 'get pods -n default');
const REFUSED_BY_POLICY: Record<string, KubectlRequest> = {
  'get pods,po -n default': {
    ...getPods,
    resources: [
      { type: 'pods', names: [] },
      { type: 'po', names: [] },
    ],
  },
  'get foo': { ...getPods, namespace: null, resources: [{ type: 'foo', names: [] }] },
  'get pods,foo -n default': {
    ...getPods,
    resources: [
      { type: 'pods', names: [] },
      { type: 'foo', names: [] },
    ],
  },
  'get PO -n default': { ...getPods, resources: [{ type: 'PO', names: [] }] },
  'get pods.apps -n default': { ...getPods, resources: [{ type: 'pods.apps', names: [] }] },
  [`get pod ${WEB_POD} -A`]: {
    ...getPods,
    namespace: null,
    allNamespaces: true,
    resources: [{ type: 'pods', names: [WEB_POD] }],
  },
};

// --- the test -----------------------------------------------------------------------------------

function describeDiff(args: string, want: CommandOutput, got: CommandOutput): string {
  return `kubectl ${args}\n--- kubectl (exit ${want.exitCode})\n${want.stdout}\n[stderr]\n${want.stderr}\n--- runKubectl (exit ${got.exitCode})\n${got.stdout}\n[stderr]\n${got.stderr}`;
}

/** The request the agent runs for a command: the policy's, evaluated against the cluster's discovery. */
function agentRequest(c: Cluster, command: string): KubectlRequest {
  const decision = evaluate(command.split(' '), { discovery: c.discovery });
  const override = REFUSED_BY_POLICY[command];
  if (override) {
    expect(decision.allowed).toBe(false);
    return override;
  }
  if (!decision.allowed) throw new Error(`the policy refuses this command: ${decision.message}`);
  return decision.request;
}

async function compare(c: Cluster, command: string): Promise<void> {
  const argv = command.split(' ');
  const [kubectl, got] = await Promise.all([
    realKubectl(c, argv).then((out) => ({ ...out, stdout: asRedacted(out.stdout) })),
    runKubectl(agentRequest(c, command), c.kube, { defaultNamespace: 'default' }).then(asAgent),
  ]);
  const typedOnly = TYPED_WORDS_ONLY[command];
  if (typedOnly !== undefined) expect(kubectl.stderr).toContain(typedOnly);
  const want =
    typedOnly === undefined
      ? kubectl
      : { ...kubectl, stderr: kubectl.stderr.replace(typedOnly, '') };
  const dump = process.env['PARITY_DUMP_DIR'];
  if (dump)
    writeFileSync(
      join(dump, command.replace(/[^A-Za-z0-9.-]+/g, '_')),
      describeDiff(command, want, got),
    );
  if (NORMALISED_COMMANDS.has(command)) {
    expect(got.exitCode).toBe(want.exitCode);
    expect(got.stdout.split('\n').length).toBe(want.stdout.split('\n').length);
    // eslint-disable-next-line no-control-regex -- what must be gone
    expect(got.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]|\\u001b|\\e\[|\\a"|\\0"/);
    return;
  }
  if (want.stdout !== got.stdout || want.stderr !== got.stderr || want.exitCode !== got.exitCode) {
    expect.fail(describeDiff(command, want, got));
  }
  // A command that prints nothing on either stream compares equal vacuously: only a few may.
  if (!SILENT_COMMANDS.has(command))
    expect(want.stdout.length + want.stderr.length).toBeGreaterThan(0);
}

describe('runKubectl matches kubectl v1.35 for get, byte for byte', () => {
  let dir = '';
  let builtIn: Cluster | undefined;
  let awkward: Cluster | undefined;

  beforeAll(async () => {
    if (!existsSync(KUBECTL)) throw new Error(`kubectl not found at ${KUBECTL} (set KUBECTL)`);
    dir = mkdtempSync(join(tmpdir(), 'kubectl-parity-'));
    // The credential corpus is measured through the whole gateway (npm run redaction-report).
    builtIn = await startCluster(dir, 'builtin', defaultCluster({ credentialCorpus: false }));
    awkward = await startCluster(dir, 'awkward', awkwardCluster());
  });

  afterAll(async () => {
    await builtIn?.sim.close();
    await awkward?.sim.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it.concurrent.each(DEFAULT_CLUSTER_COMMANDS)('%s', async (command) => {
    await compare(builtIn as Cluster, command);
  });

  it.concurrent.each(namedCommands(WEB_POD))('%s', async (command) => {
    await compare(builtIn as Cluster, command);
  });

  it.concurrent.each(AWKWARD_CLUSTER_COMMANDS)('awkward: %s', async (command) => {
    await compare(awkward as Cluster, command);
  });

  it('words a rejected credential like kubectl (whose klog lines before it are not reproduced)', async () => {
    const c = builtIn as Cluster;
    const kubeconfig = join(dir, 'wrong-token.kubeconfig');
    writeFileSync(kubeconfig, c.sim.kubeconfig().replace(c.sim.token, 'not-the-token'));
    const want = await realKubectl({ ...c, kubeconfig, cacheDir: join(dir, 'wrong-token-cache') }, [
      'get',
      'pods',
    ]);
    const wrongToken = redactingKube(httpsKube(c.sim, 'not-the-token'), new RedactionTally());
    const got = await runKubectl(requestOf('get', 'get pods'), wrongToken, {
      defaultNamespace: 'default',
    });
    const lastLine = (s: string): string => s.trimEnd().split('\n').pop() ?? '';
    expect(want.exitCode).toBe(1);
    expect(got).toEqual({ stdout: '', stderr: `${lastLine(want.stderr)}\n`, exitCode: 1 });
  });

  it('reports a refused connection the way kubectl does', async () => {
    const closed = await startKubeSim({ port: 0 });
    const kube = redactingKube(httpsKube(closed), new RedactionTally());
    await closed.close();
    const got = await runKubectl(requestOf('get', 'get pods'), kube, {
      defaultNamespace: 'default',
    });
    expect(got).toEqual({
      stdout: '',
      stderr: `The connection to the server ${new URL(closed.url).host} was refused - did you specify the right host or port?\n`,
      exitCode: 1,
    });
  });
});
