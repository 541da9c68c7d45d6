// Parity matrix: the real kubectl v1.35 (-o jsonpath / jsonpath-as-json / custom-columns) against these printers, over one kube-sim.
//
// Each row runs `kubectl get … -o …` against kube-sim, then applies our printer to the same
// objects fetched from kube-sim directly (several wrapped in kubectl's List), and requires the
// same stdout, stderr and exit code. Rows avoid templates whose output kubectl itself orders at
// random (a wildcard or `..` across several keys of one map). Set KUBECTL to use another binary,
// PARITY_DUMP_DIR to keep both outputs of every row for inspection.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim } from '@porthole/kube-sim';
import type { ClusterFixture, KubeObject, KubeSim } from '@porthole/kube-sim';
import { parseGoJson } from '../../go/decode.js';
import type { GoValue } from '../../go/value.js';
import { goMap, isGoMap } from '../../go/value.js';
import { compileCustomColumns } from '../custom-columns/index.js';
import { compileJsonPath } from './index.js';

const KUBECTL =
  process.env['KUBECTL'] ??
  new URL('../../../../../.tools/kubectl/kubectl', import.meta.url).pathname;
const NOW = new Date('2025-06-01T12:00:00Z');
const CREATED = '2025-05-01T00:00:00Z';
const NS = 'jp';

interface Output {
  stdout: string;
  stderr: string;
  exitCode: number;
}

// --- the cluster --------------------------------------------------------------------------------

function namespace(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, creationTimestamp: CREATED },
    status: { phase: 'Active' },
  };
}

function pod(
  name: string,
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
  meta = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, uid: `uid-${name}`, creationTimestamp: CREATED, ...meta },
    spec,
    status,
  };
}

function fixture(): ClusterFixture {
  const alpha = pod(
    'alpha',
    {
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: { limits: { cpu: '500m' } },
        },
        { name: 'sidecar', image: 'envoy:1.30' },
      ],
      nodeName: 'node-1',
      priority: 1000,
    },
    {
      phase: 'Running',
      podIP: '10.1.0.7',
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 3 },
        { name: 'sidecar', ready: false, restartCount: 0 },
      ],
    },
    {
      labels: { app: 'web' },
      annotations: { 'kubernetes.io/change-cause': 'deploy <v2> & more' },
      managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update' }],
    },
  );
  const beta = pod(
    'beta',
    { containers: [{ name: 'db', image: 'postgres:16' }], priority: 10 },
    {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
    },
    { labels: { app: 'db', 'app.kubernetes.io/name': 'postgres' } },
  );
  const gamma = pod(
    'gamma',
    {
      containers: [{ name: 'calc', image: 'busybox:1.36' }],
      nodeName: 'node-2',
      values: {
        float: 1.5,
        big: 1e21,
        tiny: 1e-7,
        mil: 1000000.5,
        int: 42,
        huge: 18446744073709551616n,
        maxint: 9223372036854775807n,
        neg: -3,
        yes: true,
        no: false,
        nil: null,
        empty: '',
        obj: {},
        arr: [],
        nested: { k: [1, 'two', null, { z: 1 }] },
        nums: [3, 1, 2],
        html: '<b>&</b>',
        unicode: 'héllo ✓',
        esc: 'a\x1bb\rc',
      },
    },
    { phase: 'Succeeded', podIP: '10.1.0.9' },
  );
  return {
    namespaces: [namespace(NS), namespace('jpempty')],
    pods: [alpha, beta, gamma] as KubeObject[],
    deployments: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: NS, uid: 'uid-web', creationTimestamp: CREATED },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
          },
        },
        status: { replicas: 3, readyReplicas: 2 },
      },
    ],
  };
}

// --- the rows -----------------------------------------------------------------------------------

interface Row {
  /** What `get` is asked for: `pods`, `pod alpha`, `pod alpha beta`, `pods,deployments`. */
  get: string;
  output: string;
  flags?: string[];
  namespace?: string;
}

const jp = (get: string, template: string, flags?: string[]): Row => ({
  get,
  output: `jsonpath=${template}`,
  ...(flags ? { flags } : {}),
});
const strict = ['--allow-missing-template-keys=false'];

const ROWS: Row[] = [
  // paths, ranges and literals over a List
  jp('pods', '{.items[*].metadata.name}'),
  jp('pods', '{range .items[*]}{.metadata.name}{"\\n"}{end}'),
  jp('pods', '{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}'),
  jp(
    'pods',
    '{range .items[*]}{.metadata.name}:{range .spec.containers[*]} {.name}={.image}{end}{"\\n"}{end}',
  ),
  jp('pods', '{.items[*].spec.containers[*].image}'),
  jp('pods', '{..image}'),
  jp('pods', '{.items[*]..restartCount}'),
  jp('pods', '{.kind} {.apiVersion} {.metadata} {.items[*].kind}'),
  jp('pods', 'names: [{.items[*].metadata.name}] done'),
  jp('pods', '{range .items[*]}{@.metadata.name}{end}'),
  jp('pods', '{.items[*].status.podIP}'),
  jp(
    'pods',
    '{range .items[*]}{.metadata.name} {.status.containerStatuses[*].restartCount}{"\\n"}{end}',
  ),
  jp('pods', '{range .items[*]}{range .status.conditions[*]}{.type} {end}{end}'),
  // filters
  jp('pods', '{.items[?(@.status.phase=="Running")].metadata.name}'),
  jp('pods', "{.items[?(@.status.phase!='Running')].metadata.name}"),
  jp(
    'pods',
    '{range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status};{end}',
  ),
  jp('pods', '{.items[0].spec.containers[?(@.name=="sidecar")].image}'),
  jp('pods', '{.items[?(@.spec.priority>500)].metadata.name}'),
  jp('pods', '{.items[?(@.spec.priority<=1000)].metadata.name}'),
  jp('pods', '{.items[?(@.spec.priority>=1000)].metadata.name}'),
  jp('pods', '{.items[?(@.spec.priority<1000)].metadata.name}'),
  jp('pods', '{.items[?(@.metadata.labels.app)].metadata.name}'),
  jp('pods', '{.items[?(@.status.podIP)].metadata.name}', strict),
  jp('pods', '{.items[?(@.metadata.name>"b")].metadata.name}'),
  jp('pods', '{.items[?(@.status.containerStatuses[0].ready==true)].metadata.name}'),
  // unions, slices, wildcards
  jp('pods', '{.items[0,2].metadata.name}'),
  jp('pods', "{.items[0].metadata['name','namespace']}"),
  jp('pods', '{.items[0:2].metadata.name}'),
  jp('pods', '{.items[-1].metadata.name}'),
  jp('pods', '{.items[-2:].metadata.name}'),
  jp('pods', '{.items[::2].metadata.name}'),
  jp('pods', '{.items[1:].metadata.name}'),
  jp('pods', '{.items[:1].metadata.name}'),
  jp('pods', '{.items[*].spec.containers[-1].name}'),
  jp('pods', '{.items[0].metadata.labels.*}'),
  jp('pods', '{.items[0].spec.containers[*].ports[*].containerPort}'),
  jp('pods', '{.items[0].metadata.managedFields[0].manager}'),
  // maps and arrays as JSON; escaped and quoted keys
  jp('pods', '{.items[0].metadata.labels}'),
  jp('pods', '{.items[0].spec.containers}'),
  jp('pods', '{.items[0].metadata.annotations}'),
  jp('pods', '{.items[0].metadata.annotations.kubernetes\\.io/change-cause}'),
  jp('pods', "{.items[1].metadata.labels['app.kubernetes.io/name']}"),
  jp('pods', '{.items[1].metadata.labels.app\\.kubernetes\\.io/name}'),
  // one object
  jp('pod alpha', '{.metadata.name}'),
  jp('pod alpha', '{$.metadata.name} {@.kind}'),
  jp('pod alpha', '{@}'),
  jp('pod alpha', '{}'),
  jp('pod alpha', '{.}'),
  jp('pod alpha', '.metadata.name'),
  jp('pod alpha', '{.metadata.name.*}'),
  jp('pod alpha', '{.spec.containers[0].resources}'),
  // scalars: numbers, booleans, nulls, strings
  jp(
    'pod gamma',
    '{.spec.values.float} {.spec.values.big} {.spec.values.tiny} {.spec.values.mil} {.spec.values.int} {.spec.values.huge} {.spec.values.maxint} {.spec.values.neg}',
  ),
  jp('pod gamma', '{.spec.values.yes} {.spec.values.no} {.spec.values.nil}'),
  jp('pod gamma', '[{.spec.values.empty}] {.spec.values.obj} {.spec.values.arr}'),
  jp('pod gamma', '{.spec.values.nested}'),
  jp('pod gamma', '{.spec.values.nested.k[*]}'),
  jp('pod gamma', '{range .spec.values.nested.k[*]}[{@}]{end}'),
  jp('pod gamma', '{.spec.values.unicode} {.spec.values.html}'),
  jp('pod gamma', '{.spec.values.nums[?(@>1)]}'),
  jp('pod gamma', '{.spec.values..z}'),
  jp('pod gamma', '{.spec.values}'),
  jp('pod gamma', '{"a\\tb\\n"}{\'single\'}{"\\u00e9\\x41\\101"}'),
  jp('pod gamma', '{5} {-3} {+7} {1.50} {100000000.0} {true} {false}'),
  // missing keys
  jp('pod alpha', '{.metadata.nope}'),
  jp('pod alpha', 'x{.spec.nope.deeper}y'),
  jp('pod alpha', '{.metadata.nope}', strict),
  jp('pods', '{.items[*].metadata.nope}', strict),
  jp('pods', '{.items[*].spec.nodeName}', strict),
  jp('pods', '{range .items[*]}{.status.podIP}{"\\n"}{end}', strict),
  { ...jp('pods', '{.items}'), namespace: 'jpempty' },
  { ...jp('pods', '{range .items[*]}{.metadata.name}{end}', strict), namespace: 'jpempty' },
  { ...jp('pods', '{.items[0].metadata.name}'), namespace: 'jpempty' },
  // execution errors
  jp('pods', '{.items[5].metadata.name}'),
  jp('pods', '{.items[2:1]}'),
  jp('pods', '{.items[0:3:0]}'),
  jp('pod alpha', '{.metadata.name[0]}'),
  jp('pod alpha', '{.metadata[?(@.x)]}'),
  jp('pods', '{.items[?(@.metadata.name>1)]}'),
  jp('pods', '{.items[?(@.metadata==1)]}'),
  jp('pods', '{.items[?(@.spec.containers[*].name=="app")].metadata.name}'),
  jp('pods', '{.items[?(@.status.phase="Running")]}'),
  jp('pod alpha', '{end}'),
  jp('pod alpha', '{foo}'),
  // parse errors
  jp('pod alpha', '{.metadata.name'),
  jp('pod alpha', '{.items[0}'),
  jp('pod alpha', '{.items[?(@.a=="x"}'),
  jp('pod alpha', '{"abc}'),
  jp('pod alpha', '{.items[a]}'),
  jp('pod alpha', '{.items[1:-]}'),
  jp('pod alpha', '{.a && .b}'),
  jp('pod alpha', '{.items[?(@.a=="x" && @.b=="y")]}'),
  jp('pod alpha', '{....a}'),
  jp('pod alpha', '{1.2.3}'),
  jp('pod alpha', '{"\\q"}'),
  jp('pod alpha', '{.a,.b}'),
  jp('pod alpha', '{.items[?(@.a)x]}'),
  jp('pod alpha', '{..*}'),
  jp('pod alpha', "{.items['a','b]}"),
  jp('pod alpha', '{{.a}}'),
  jp('pod alpha', '{.a\t}'),
  jp('pod alpha', ''),
  // jsonpath-as-json
  { get: 'pods', output: 'jsonpath-as-json={.items[*].metadata.name}' },
  { get: 'pods', output: 'jsonpath-as-json={range .items[*]}{.metadata.name}{end}' },
  { get: 'pod alpha', output: 'jsonpath-as-json={.metadata.labels}{"\\n"}' },
  { get: 'pod gamma', output: 'jsonpath-as-json={.spec.values.nested} {.spec.values.huge}' },
  { get: 'pod gamma', output: 'jsonpath-as-json={.nope}' },
  { get: 'pod alpha', output: 'jsonpath-as-json={.spec.containers}' },
  { get: 'pod alpha', output: 'jsonpath-as-json={.nope}', flags: strict },
  // quirks of ranges, slices and filters
  jp('pods', '{range .items[*]}{.metadata.name} '),
  jp('pods', '{range .items[*]}{.metadata.name}{end}{"|"}{end}'),
  jp('pods', '{range .items[*]}{.metadata.name}{range .nope[*]}X{end};{end}'),
  jp('pods', '{range .items[*]}{end}'),
  jp('pods', '{range .items[*]}{.metadata.name}{"\\n"}{end}{"total\\n"}'),
  jp('pods', '{.items[0].spec.containers[0:0]}'),
  jp('pods', '{.items[*].spec.containers[0:-1].name}'),
  jp('pods', '{.items[*].spec.containers[1].name}'),
  jp('pods', '{.items[-4]}'),
  jp('pods', '{.items[0:5]}'),
  jp('pods', '{.items[9999999999999999999]}'),
  jp('pods', '{.items[?(@.spec.priority==1000.0)]}'),
  jp('pods', '{.items[?(@.spec.priority==1e3)]}'),
  jp('pods', '{.items[?(@.status.containerStatuses[0].ready==True)]}'),
  jp('pods', '{.items[?(@.metadata.labels.app=="web")].metadata.name}'),
  jp('pods', '{.items[?(@.metadata.name=="a)b")].metadata.name}'),
  jp('pods', "{.items[?(@.metadata.name=='alpha')]['metadata']['name']}"),
  jp('pods', '{.items[?(@)].metadata.name}'),
  jp('pods', '{.items[?(@.spec.containers[5])].metadata.name}'),
  jp('pods', '{.items[?(@.spec.nodeName)].metadata.name}', strict),
  jp('pods', '{.items[?(@.spec.nope=="x")].metadata.name}', strict),
  jp('pods', '{.items[0].spec.containers.*}'),
  jp('pods', "{.items[0].spec.containers[*]['name']}"),
  jp('pods', '{.items[0].status.containerStatuses[*].ready}'),
  jp('pods', '{.items[*].metadata.creationTimestamp}'),
  jp('pod gamma', '{.spec.values.esc}'),
  jp('pod gamma', '{.spec.values.nums[1:]} {.spec.values.nums[?(@==1)]}'),
  jp('pod gamma', '{.spec.values.nums[?(@.x)]}'),
  jp('pod gamma', '{.spec.values.nested.k[?(@=="two")]}'),
  jp('pod gamma', '{.spec.values.empty.*}|{.spec.values..k}'),
  jp('pod alpha', '{ .metadata.name }{.metadata.name}'),
  jp('pod alpha', '{"{"}{.metadata.name}{"}"}'),
  jp('pod alpha', "{'it\\'s'}"),
  jp('pod alpha', '{"\\\\"}'),
  jp('pod alpha', '{"\\x"}'),
  { get: 'pods', output: 'jsonpath-as-json={range .items[*]}{.metadata.name}{"\\t"}{end}' },
  { get: 'pod gamma', output: 'jsonpath-as-json={.spec.values.html}{.spec.values.tiny}' },
  // several objects, several kinds
  jp('pods,deployments', '{range .items[*]}{.kind}/{.metadata.name}{"\\n"}{end}'),
  jp('pod alpha beta', '{.kind} {.items[*].metadata.name}'),
  jp(
    'deployment web',
    '{.spec.replicas} {.status.readyReplicas} {.spec.template.spec.containers[0].image}',
  ),
  // custom columns
  { get: 'pods', output: 'custom-columns=NAME:.metadata.name,PHASE:.status.phase' },
  { get: 'pods', output: 'custom-columns=NAME:metadata.name,IMAGES:.spec.containers[*].image' },
  {
    get: 'pods',
    output:
      'custom-columns=NAME:{.metadata.name},READY:{.status.conditions[?(@.type=="Ready")].status}',
  },
  { get: 'pods', output: 'custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,IP:status.podIP' },
  {
    get: 'pods',
    output: 'custom-columns=NAME:.metadata.name,NODE:.spec.nodeName',
    flags: ['--no-headers'],
  },
  { get: 'pods', output: 'custom-columns=NAME:.metadata.name,LABELS:.metadata.labels' },
  { get: 'pods', output: 'custom-columns=NAME:.metadata.name,IMAGES:..image' },
  {
    get: 'pods',
    output: 'custom-columns=NAME:.metadata.name,MISSING:.metadata.nope',
    flags: strict,
  },
  {
    get: 'pod gamma',
    output:
      'custom-columns=F:.spec.values.float,B:.spec.values.big,H:.spec.values.huge,N:.spec.values.nil,Y:.spec.values.yes,E:.spec.values.empty,A:.spec.values.arr,O:.spec.values.nested,K:.spec.values.nested.k[*]',
  },
  { get: 'pod gamma', output: 'custom-columns=ESC:.spec.values.esc,U:.spec.values.unicode' },
  { get: 'pods', output: 'custom-columns=EMPTY:,NAME:.metadata.name' },
  { get: 'pods,deployments', output: 'custom-columns=KIND:.kind,NAME:.metadata.name' },
  { get: 'pods', output: 'custom-columns=NAME:.metadata.name', namespace: 'jpempty' },
  { get: 'pods', output: 'custom-columns=N:.metadata.name,C:.spec.containers[0:-1].name' },
  {
    get: 'pods',
    output:
      'custom-columns=A:.status.containerStatuses[*].ready,R:.status.containerStatuses[*].restartCount',
  },
  { get: 'pod alpha', output: 'custom-columns=PÖD NAME:.metadata.name,:.kind' },
  { get: 'pod alpha beta', output: 'custom-columns=N:.metadata.name:x,P:{status.phase}' },
  { get: 'pods', output: 'custom-columns=N:.metadata.name,' },
  { get: 'pods', output: 'custom-columns=N:.metadata.name,I:.spec.containers[?(@.name>1)].image' },
  { get: 'pods', output: 'custom-columns=NAME' },
  { get: 'pods', output: 'custom-columns=' },
  { get: 'pods', output: 'custom-columns=N:{.metadata.name' },
  { get: 'pods', output: 'custom-columns=N:.metadata.name,X:.spec.containers[0,1].name' },
  { get: 'pods', output: 'custom-columns=N:.metadata.name,J:.metadata[' },
  { get: 'pods', output: 'custom-columns=N:.metadata.name,I:.spec.containers[1].image' },
];

/** Rows where kubectl prints nothing at all: only these may compare equal vacuously. */
const SILENT = new Set([
  "jsonpath={.items[1].metadata.labels['app.kubernetes.io/name']}",
  'jsonpath={.}',
  'jsonpath={.metadata.nope}',
  'jsonpath={range .items[*]}{end}',
  'jsonpath={.items[0].spec.containers[0:0]}',
  'jsonpath={.items[?(@.metadata.name=="a)b")].metadata.name}',
  'jsonpath={.spec.values.nums[?(@.x)]}',
]);

// --- running both sides -------------------------------------------------------------------------

interface Cluster {
  sim: KubeSim;
  kubeconfig: string;
  cacheDir: string;
}

function runKubectl(c: Cluster, args: string[]): Promise<Output> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      ['--kubeconfig', c.kubeconfig, '--cache-dir', c.cacheDir, ...args],
      { env: { PATH: process.env['PATH'] ?? '', HOME: c.cacheDir }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const exitCode = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ stdout, stderr, exitCode });
      },
    );
  });
}

function kubeGet(sim: KubeSim, path: string): Promise<GoValue> {
  const url = new URL(sim.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: 'GET',
        ca: sim.caPem,
        headers: { accept: 'application/json', authorization: `Bearer ${sim.token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`GET ${path}: ${res.statusCode} ${body}`));
          else resolve(parseGoJson(body));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const COLLECTIONS: Record<string, string> = {
  pod: '/api/v1/namespaces/NS/pods',
  pods: '/api/v1/namespaces/NS/pods',
  deployment: '/apis/apps/v1/namespaces/NS/deployments',
  deployments: '/apis/apps/v1/namespaces/NS/deployments',
};

/** The object kubectl's printer is given: the one named object, or a List of everything fetched. */
async function objectFor(sim: KubeSim, row: Row): Promise<GoValue> {
  const [types = '', ...names] = row.get.split(' ');
  const kinds = types.split(',');
  const items: GoValue[] = [];
  for (const type of kinds) {
    const collection = (COLLECTIONS[type] ?? '').replace('NS', row.namespace ?? NS);
    if (names.length > 0) {
      for (const name of names) items.push(await kubeGet(sim, `${collection}/${name}`));
      continue;
    }
    const list = await kubeGet(sim, collection);
    if (!isGoMap(list)) throw new Error('list is not an object');
    // The unstructured list decoder gives each item its kind and apiVersion.
    const listKind = list.get('kind');
    if (typeof listKind !== 'string') throw new Error('list has no kind');
    const kind = listKind.replace(/List$/, '');
    for (const item of (list.get('items') ?? []) as GoValue[]) {
      if (!isGoMap(item)) throw new Error('item is not an object');
      item.set('kind', kind);
      item.set('apiVersion', list.get('apiVersion') ?? null);
      items.push(item);
    }
  }
  if (kinds.length === 1 && names.length === 1) return items[0] ?? null;
  return goMap([
    ['apiVersion', 'v1'],
    ['items', items],
    ['kind', 'List'],
    ['metadata', goMap([['resourceVersion', '']])],
  ]);
}

/** cmdutil.CheckErr's wording of an error. */
const errorText = (message: string): string =>
  `error: ${message}${message.endsWith('\n') ? '' : '\n'}`;

async function runEngine(sim: KubeSim, row: Row): Promise<Output> {
  const failed = (stdout: string, message: string): Output => ({
    stdout,
    stderr: errorText(message),
    exitCode: 1,
  });
  const flags = row.flags ?? [];
  const eq = row.output.indexOf('=');
  const format = row.output.slice(0, eq);
  const argument = row.output.slice(eq + 1);
  if (format === 'custom-columns') {
    const printer = compileCustomColumns(argument, { noHeaders: flags.includes('--no-headers') });
    if (!printer.ok) return failed('', printer.error);
    const out = printer.print(await objectFor(sim, row));
    return out.error === null
      ? { stdout: out.stdout, stderr: '', exitCode: 0 }
      : failed(out.stdout, out.error);
  }
  const printer = compileJsonPath(argument, {
    allowMissingKeys: !flags.includes('--allow-missing-template-keys=false'),
    asJson: format === 'jsonpath-as-json',
  });
  if (!printer.ok) return failed('', printer.error.message);
  const out = printer.print(await objectFor(sim, row));
  return out.ok ? { stdout: out.output, stderr: '', exitCode: 0 } : failed('', out.error.message);
}

function describeDiff(args: string[], want: Output, got: Output): string {
  const show = (o: Output): string => `(exit ${o.exitCode})\n${o.stdout}\n[stderr]\n${o.stderr}`;
  return `kubectl ${args.join(' ')}\n--- kubectl ${show(want)}\n--- engine ${show(got)}`;
}

describe(
  'JSONPath and custom-columns printers match kubectl v1.35 byte for byte',
  { timeout: 60_000 },
  () => {
    let dir = '';
    let cluster: Cluster | undefined;

    beforeAll(async () => {
      if (!existsSync(KUBECTL)) throw new Error(`kubectl not found at ${KUBECTL} (set KUBECTL)`);
      dir = mkdtempSync(join(tmpdir(), 'jsonpath-parity-'));
      const sim = await startKubeSim({ port: 0, now: () => NOW, fixtures: fixture() });
      const kubeconfig = join(dir, 'kubeconfig');
      sim.writeKubeconfig(kubeconfig);
      cluster = { sim, kubeconfig, cacheDir: join(dir, 'cache') };
    });

    afterAll(async () => {
      await cluster?.sim.close();
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
    });

    it('has a matrix of at least 60 rows', () => {
      expect(ROWS.length).toBeGreaterThanOrEqual(60);
    });

    it.concurrent.each(ROWS.map((row) => [row.get, row.output, row.flags?.join(' ') ?? '', row]))(
      'get %s -o %s %s',
      async (_get, _output, _flags, row) => {
        const c = cluster as Cluster;
        const args = [
          'get',
          ...row.get.split(' '),
          '-n',
          row.namespace ?? NS,
          '-o',
          row.output,
          ...(row.flags ?? []),
        ];
        const [want, got] = await Promise.all([runKubectl(c, args), runEngine(c.sim, row)]);
        const dump = process.env['PARITY_DUMP_DIR'];
        if (dump)
          writeFileSync(
            join(dump, `${ROWS.indexOf(row)}`.padStart(3, '0')),
            describeDiff(args, want, got),
          );
        if (
          want.stdout !== got.stdout ||
          want.stderr !== got.stderr ||
          want.exitCode !== got.exitCode
        )
          expect.fail(describeDiff(args, want, got));
        const printed = want.stdout.length + want.stderr.length;
        if (SILENT.has(row.output) && (row.flags ?? []).length === 0) expect(printed).toBe(0);
        else expect(printed).toBeGreaterThan(0);
      },
    );
  },
);
