import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from './fixtures/scenarios.js';
import { startKubeSim, type KubeSim } from './server.js';
import { kubectl, requireKubectl, rows, type Run } from './testing/kubectl.js';

// The real kubectl v1.35 against the built-in cluster, for every kind and endpoint beyond the
// original seven: each command must succeed with nothing on stderr but kubectl's own notices.

let sim: KubeSim;
let dir: string;
const run = (...args: string[]): Promise<Run> =>
  kubectl(join(dir, 'kubeconfig'), join(dir, 'cache'), args);

/** What a real v1.35 apiserver makes kubectl print for v1 Endpoints. */
const ENDPOINTS_WARNING =
  'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n';

/** Runs at most `limit` commands at once: kubectl is slow to start and the machine is small. */
async function all<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}

beforeAll(async () => {
  requireKubectl();
  dir = mkdtempSync(join(tmpdir(), 'kube-sim-kinds-'));
  sim = await startKubeSim();
  sim.writeKubeconfig(join(dir, 'kubeconfig'));
  // Fill the discovery cache once, so the parallel commands below do not all fetch it.
  await run('api-resources');
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const KINDS = [
  'statefulsets',
  'daemonsets',
  'controllerrevisions',
  'jobs',
  'cronjobs',
  'endpoints',
  'endpointslices',
  'persistentvolumeclaims',
  'persistentvolumes',
  'configmaps',
  'secrets',
  'serviceaccounts',
  'ingresses',
  'networkpolicies',
  'horizontalpodautoscalers',
  'roles',
  'clusterroles',
  'rolebindings',
  'clusterrolebindings',
  'storageclasses',
  'leases',
  'limitranges',
  'resourcequotas',
  'customresourcedefinitions',
  'widgets',
  'events.events.k8s.io',
  'pods.metrics.k8s.io',
  'nodes.metrics.k8s.io',
];

describe('every new kind: get, get -o wide, get -o yaml and describe', () => {
  // kubectl prints each kind it lists as "<kind>.<group>/<name>" (core kinds without a group).
  const PREFIXES = [
    'statefulset.apps/',
    'daemonset.apps/',
    'controllerrevision.apps/',
    'job.batch/',
    'cronjob.batch/',
    'endpoints/',
    'endpointslice.discovery.k8s.io/',
    'persistentvolumeclaim/',
    'persistentvolume/',
    'configmap/',
    'secret/',
    'serviceaccount/',
    'ingress.networking.k8s.io/',
    'networkpolicy.networking.k8s.io/',
    'horizontalpodautoscaler.autoscaling/',
    'role.rbac.authorization.k8s.io/',
    'clusterrole.rbac.authorization.k8s.io/',
    'rolebinding.rbac.authorization.k8s.io/',
    'clusterrolebinding.rbac.authorization.k8s.io/',
    'storageclass.storage.k8s.io/',
    'lease.coordination.k8s.io/',
    'customresourcedefinition.apiextensions.k8s.io/',
    'widget.example.com/',
    'event.events.k8s.io/',
    'podmetrics.metrics.k8s.io/',
    'nodemetrics.metrics.k8s.io/',
  ];

  it.each([[['-A']], [['-A', '-o', 'wide']]])(
    'get all of them %j lists each kind',
    async (extra) => {
      const result = await run('get', KINDS.join(','), ...extra);
      expect(result.code).toBe(0);
      // Core v1 Endpoints are deprecated: a real v1.35 apiserver says so in a Warning header.
      expect(result.stderr).toBe(ENDPOINTS_WARNING);
      // Events print no NAME column unless wide.
      const expected = extra.includes('wide')
        ? PREFIXES
        : PREFIXES.filter((p) => !p.startsWith('event.'));
      for (const prefix of expected)
        expect(result.stdout).toMatch(new RegExp(`(^|\\s)${prefix.replaceAll('.', '\\.')}`, 'm'));
    },
  );

  it('get -o yaml and describe succeed for each kind', async () => {
    const [yaml, described] = await Promise.all([
      run('get', KINDS.join(','), '-A', '-o', 'yaml'),
      run('describe', KINDS.join(','), '-A'),
    ]);
    expect({ code: yaml.code, stderr: yaml.stderr }).toEqual({
      code: 0,
      stderr: ENDPOINTS_WARNING,
    });
    expect(yaml.stdout).toMatch(/^apiVersion: v1\nitems:\n/);
    expect({ code: described.code, stderr: described.stderr }).toEqual({
      code: 0,
      stderr: ENDPOINTS_WARNING,
    });
    for (const text of [
      'Pod Template:',
      'Schedule:',
      'Reference:',
      'Policy Types:',
      'Subjects:',
      'PolicyRule:',
      'StorageClass:',
    ]) {
      expect(described.stdout).toContain(text);
    }
  });

  it.each<[string[], string[][]]>([
    [
      ['get', 'sts,ds', '-A'],
      [
        ['NAMESPACE', 'NAME', 'READY', 'AGE'],
        ['credential-corpus', 'statefulset.apps/ledger-db', '1/1', '60d'],
        ['platform', 'statefulset.apps/redis', '1/1', '60d'],
        ['pvc-pending', 'statefulset.apps/postgres', '0/1', '2d'],
        [''],
        [
          'NAMESPACE',
          'NAME',
          'DESIRED',
          'CURRENT',
          'READY',
          'UP-TO-DATE',
          'AVAILABLE',
          'NODE SELECTOR',
          'AGE',
        ],
        [
          'kube-system',
          'daemonset.apps/kube-proxy',
          '3',
          '3',
          '2',
          '3',
          '2',
          'kubernetes.io/os=linux',
          '2y80d',
        ],
      ],
    ],
    [
      ['get', 'cj,jobs', '-A'],
      [
        ['NAMESPACE', 'NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
        [
          'credential-corpus',
          'cronjob.batch/nightly-backup',
          '0 2 * * *',
          '<none>',
          'False',
          '0',
          '10h',
          '60d',
        ],
        [
          'init-failure',
          'cronjob.batch/nightly-export',
          '0 2 * * *',
          '<none>',
          'False',
          '0',
          '20h',
          '5d',
        ],
        [''],
        ['NAMESPACE', 'NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
        ['init-failure', 'job.batch/nightly-export-29410560', 'Failed', '0/1', '20h', '20h'],
        ['shop', 'job.batch/db-migrate', 'Complete', '1/1', '12s', '6d5h'],
      ],
    ],
    [
      ['get', 'pvc,hpa', '-n', 'platform'],
      [
        [
          'NAME',
          'STATUS',
          'VOLUME',
          'CAPACITY',
          'ACCESS MODES',
          'STORAGECLASS',
          'VOLUMEATTRIBUTESCLASS',
          'AGE',
        ],
        [
          'persistentvolumeclaim/data-redis-0',
          'Bound',
          'pvc-ed38477c-ada6-4c3e-8c65-43176e431c90',
          '8Gi',
          'RWO',
          'standard',
          '<unset>',
          '60d',
        ],
        [''],
        ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
        [
          'horizontalpodautoscaler.autoscaling/gateway',
          'Deployment/gateway',
          'cpu: 35%/60%',
          '2',
          '10',
          '2',
          '40d',
        ],
      ],
    ],
    [
      ['get', 'ing,netpol', '-n', 'platform'],
      [
        ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
        [
          'ingress.networking.k8s.io/gateway',
          'nginx',
          'shop.example.com',
          '203.0.113.30',
          '80, 443',
          '40d',
        ],
        [''],
        ['NAME', 'POD-SELECTOR', 'AGE'],
        ['networkpolicy.networking.k8s.io/gateway-from-ingress', 'app=gateway', '40d'],
      ],
    ],
    [
      ['get', 'widgets', '-n', 'platform', '-o', 'wide'],
      [
        ['NAME', 'SIZE', 'REPLICAS', 'READY', 'COLOR', 'AGE'],
        ['alpha', 'small', '1', 'True', 'blue', '30d'],
        ['beta', 'medium', '3', 'True', 'green', '12d'],
        ['gamma', 'large', '5', 'False', 'red', '2d'],
      ],
    ],
    [
      ['get', 'sc,pv'],
      [
        [
          'NAME',
          'PROVISIONER',
          'RECLAIMPOLICY',
          'VOLUMEBINDINGMODE',
          'ALLOWVOLUMEEXPANSION',
          'AGE',
        ],
        [
          'storageclass.storage.k8s.io/standard (default)',
          'rancher.io/local-path',
          'Delete',
          'WaitForFirstConsumer',
          'false',
          '2y80d',
        ],
        [''],
        [
          'NAME',
          'CAPACITY',
          'ACCESS MODES',
          'RECLAIM POLICY',
          'STATUS',
          'CLAIM',
          'STORAGECLASS',
          'VOLUMEATTRIBUTESCLASS',
          'REASON',
          'AGE',
        ],
        [
          'persistentvolume/pvc-ed38477c-ada6-4c3e-8c65-43176e431c90',
          '8Gi',
          'RWO',
          'Delete',
          'Bound',
          'platform/data-redis-0',
          'standard',
          '<unset>',
          '60d',
        ],
      ],
    ],
  ])('kubectl %j prints the apiserver columns', async (args, table) => {
    const result = await run(...args);
    expect(result.stderr).toBe('');
    expect(rows(result.stdout)).toEqual(table);
  });

  it('prints RBAC kinds without a printer as NAME and CREATED AT', async () => {
    const result = await run('get', 'roles', '-n', 'rbac-role');
    expect(result.stderr).toBe('');
    expect(rows(result.stdout)).toEqual([
      ['NAME', 'CREATED AT'],
      ['configmap-reader', expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)],
    ]);
  });
});

describe('pod logs', () => {
  const gateway = async () => {
    const names = await run('get', 'pods', '-n', 'platform', '-l', 'app=gateway', '-o', 'name');
    return (names.stdout.split('\n')[0] ?? '').replace('pod/', '');
  };

  it('honours --since, --timestamps, --tail, --limit-bytes and --since-time', async () => {
    const pod = await gateway();
    const since = await run('logs', '-n', 'platform', pod, '--since=2h', '--timestamps');
    expect(since.stderr).toBe('');
    const lines = since.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines)
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000000Z level=/);
    const tail = await run('logs', '-n', 'platform', pod, '--tail=1');
    expect(tail.stdout).toBe(
      'level=info msg="request" method=GET path=/api/catalog status=200 duration_ms=9\n',
    );
    const limited = await run('logs', '-n', 'platform', pod, '--limit-bytes=10');
    expect(limited.stdout).toBe('level=info');
    const cutoff = new Date(Date.now() - 3 * 3600_000).toISOString().slice(0, 19) + 'Z';
    const sinceTime = await run('logs', '-n', 'platform', pod, `--since-time=${cutoff}`);
    expect(sinceTime.stdout.trimEnd().split('\n')).toHaveLength(3);
  });

  it('reads the previous container, an init container, and says why a container has no logs', async () => {
    const previous = await run('logs', '-n', 'liveness', 'deploy/inventory', '-p', '--tail=1');
    expect(previous).toEqual({
      code: 0,
      stdout: 'level=info msg="received signal, shutting down" signal=terminated\n',
      stderr: '',
    });
    const init = SCENARIOS.find((s) => s.id === 'init-container-failure');
    const pod = (init?.objects[1] ?? '').replace('pod/', '');
    const initLogs = await run('logs', '-n', 'init-failure', pod, '-c', 'wait-for-db', '--tail=1');
    expect(initLogs.stdout).toBe('giving up\n');
    const waiting = await run('logs', '-n', 'imagepull-typo', 'deploy/storefront');
    expect(waiting.code).toBe(1);
    expect(waiting.stderr).toMatch(
      /^Error from server \(BadRequest\): container "nginx" in pod "storefront-[a-z0-9]+-[a-z0-9]+" is waiting to start: trying and failing to pull image\n$/,
    );
  });
});

describe('metrics, events, rollouts, explain and discovery', () => {
  it.each<[string[], RegExp]>([
    [['top', 'pod', '-n', 'platform'], /^NAME +CPU\(cores\) +MEMORY\(bytes\) +\ngateway-/],
    [['top', 'pod', '-n', 'platform', '--containers'], /^POD +NAME +CPU\(cores\) +MEMORY\(bytes\)/],
    [
      ['top', 'node'],
      /\ncp-1 +413m +10% +2804Mi +17% +\nworker-1 +1688m +42% +7167Mi +45% +\nworker-2 +<unknown>/,
    ],
    [
      ['events', '-n', 'pvc-pending', '--for', 'pvc/data-postgres-0'],
      /ProvisioningFailed +PersistentVolumeClaim\/data-postgres-0 +storageclass\.storage\.k8s\.io "fast-ssd" not found/,
    ],
    [['events', '-A', '--types=Warning'], /Warning +BackOff/],
    [
      ['rollout', 'history', 'deployment/gateway', '-n', 'platform'],
      /REVISION +CHANGE-CAUSE\n1 +kubectl apply --filename=gateway\.yaml\n2 +kubectl set image/,
    ],
    [
      ['rollout', 'history', 'deployment/gateway', '-n', 'platform', '--revision=1'],
      /Image:\tghcr\.io\/example\/gateway:1\.4\.2/,
    ],
    [
      ['rollout', 'history', 'statefulset/redis', '-n', 'platform', '--revision=1'],
      /Image:\tredis:7\.4\.1/,
    ],
    [
      ['rollout', 'history', 'daemonset/kube-proxy', '-n', 'kube-system'],
      /REVISION +CHANGE-CAUSE\n1 +<none>/,
    ],
    [
      ['rollout', 'status', 'deployment/gateway', '-n', 'platform', '--watch=false'],
      /^deployment "gateway" successfully rolled out\n$/,
    ],
    [['explain', 'pods'], /^KIND: +Pod\nVERSION: +v1\n\nDESCRIPTION:\n/],
    [['explain', 'pods.spec.containers'], /FIELD: containers <\[\]Container>/],
    [
      ['explain', 'deployment', '--recursive'],
      /\n {2}spec\t<DeploymentSpec>\n[\s\S]*\n {8}containers\t<\[\]Container> -required-\n/,
    ],
    [['explain', 'widgets.spec'], /size\t<string> -required-\n {2}enum: small, medium, large/],
    [['explain', 'cronjobs.spec.jobTemplate'], /FIELD: jobTemplate <JobTemplateSpec>/],
    [
      ['api-resources', '--api-group=metrics.k8s.io'],
      /\nnodes +metrics\.k8s\.io\/v1beta1 +false +NodeMetrics\npods +metrics\.k8s\.io\/v1beta1 +true +PodMetrics\n$/,
    ],
    [['api-versions'], /\nevents\.k8s\.io\/v1\nexample\.com\/v1\nmetrics\.k8s\.io\/v1beta1\n/],
  ])('kubectl %j', async (args, pattern) => {
    const result = await run(...args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(pattern);
  });
});

describe('failure scenarios', () => {
  it('has the twenty classic failure modes and the leaked-credentials namespace', () => {
    expect(SCENARIOS).toHaveLength(21);
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(21);
  });

  // 61 kubectl runs, four at a time: about 12 s on a busy 2-core machine, so a longer timeout.
  it('shows every deciding piece of evidence through the real kubectl', async () => {
    const checks = SCENARIOS.flatMap((s) => s.evidence.map((e) => ({ id: s.id, ...e })));
    const results = await all(checks, 4, (c) => run(...c.argv));
    const missing = results.flatMap((r, i) => {
      const c = checks[i];
      return c && (r.stdout + r.stderr).includes(c.contains)
        ? []
        : [
            `${c?.id ?? ''}: kubectl ${(c?.argv ?? []).join(' ')} lacks ${JSON.stringify(c?.contains)}`,
          ];
    });
    expect(missing).toEqual([]);
  }, 180_000);

  it('sent nothing but GETs', () => {
    expect(sim.nonGetRequests()).toEqual([]);
  });
});
