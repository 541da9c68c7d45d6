import { describe, expect, it } from 'vitest';
import type {
  Endpoints,
  EndpointSlice,
  HorizontalPodAutoscaler,
  Ingress,
  Job,
  KubeObject,
  MetricSpec,
  MetricStatus,
} from '../types.js';
import { controllerRevisionPrinter, daemonSetPrinter, statefulSetPrinter } from './apps.js';
import { hpaTargets, horizontalPodAutoscalerPrinter } from './autoscaling.js';
import {
  boolPtr,
  cronJobPrinter,
  jobCompletions,
  jobDuration,
  jobPrinter,
  jobStatus,
} from './batch.js';
import {
  clusterRoleBindingPrinter,
  configMapPrinter,
  leasePrinter,
  resourceQuotaPrinter,
  secretPrinter,
  serviceAccountPrinter,
  subjectStrings,
} from './config.js';
import { customResourcePrinter, evaluateJsonPath, parseJsonPath } from './custom.js';
import { defaultPrinter, rfc3339 } from './default.js';
import { nodeMetricsPrinter, podMetricsPrinter } from './metrics.js';
import {
  endpointSliceEndpoints,
  endpointSlicePorts,
  endpointsPrinter,
  formatEndpoints,
  ingressHosts,
  ingressPrinter,
  networkPolicyPrinter,
} from './network.js';
import {
  accessModes,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  storageClassPrinter,
} from './storage.js';

const now = new Date('2026-01-10T12:00:00Z');
const created = '2026-01-08T12:00:00Z'; // 2d
const meta = (name: string, extra: Partial<KubeObject['metadata']> = {}) => ({
  name,
  creationTimestamp: created,
  ...extra,
});
const containers = [
  { name: 'app', image: 'app:1' },
  { name: 'proxy', image: 'envoy:1.31' },
];
const template = { spec: { containers } };

describe('apps printers', () => {
  it('StatefulSet: READY ready/desired, containers and images', () => {
    expect(
      statefulSetPrinter.cells(
        { metadata: meta('db'), spec: { replicas: 3, template }, status: { readyReplicas: 2 } },
        now,
      ),
    ).toEqual(['db', '2/3', '2d', 'app,proxy', 'app:1,envoy:1.31']);
    expect(statefulSetPrinter.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Age', 0],
      ['Containers', 1],
      ['Images', 1],
    ]);
  });

  it('DaemonSet: counts default to 0, node selector and selector formatted', () => {
    expect(
      daemonSetPrinter.cells(
        {
          metadata: meta('agent'),
          spec: {
            selector: { matchLabels: { app: 'agent' } },
            template: {
              spec: { containers, nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' } },
            },
          },
          status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 1 },
        },
        now,
      ),
    ).toEqual([
      'agent',
      3,
      3,
      1,
      0,
      0,
      'disk=ssd,kubernetes.io/os=linux',
      '2d',
      'app,proxy',
      'app:1,envoy:1.31',
      'app=agent',
    ]);
  });

  it.each<[string, KubeObject['metadata']['ownerReferences'], string]>([
    [
      'daemon set owner',
      [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'u', controller: true }],
      'daemonset.apps/agent',
    ],
    [
      'core owner',
      [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'u', controller: true }],
      'node/n1',
    ],
    [
      'no controller',
      [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'x', uid: 'u' }],
      '<none>',
    ],
    ['no owner', undefined, '<none>'],
  ])('ControllerRevision controller: %s', (_title, owners, controller) => {
    const rev = {
      metadata: meta('agent-abc', owners ? { ownerReferences: owners } : {}),
      revision: 4,
    };
    expect(controllerRevisionPrinter.cells(rev, now)).toEqual(['agent-abc', controller, 4, '2d']);
  });
});

describe('batch printers', () => {
  const job = (
    spec: Job['spec'],
    status: Job['status'],
    extra: Partial<Job['metadata']> = {},
  ): Job => ({
    metadata: meta('j', extra),
    spec: { template, ...spec },
    status,
  });
  const cond = (type: string, status = 'True') => ({ type, status });
  it.each<[string, Job, string]>([
    [
      'complete',
      job({}, { conditions: [cond('SuccessCriteriaMet'), cond('Complete')] }),
      'Complete',
    ],
    ['failed', job({}, { conditions: [cond('FailureTarget'), cond('Failed')] }), 'Failed'],
    ['terminating', job({}, {}, { deletionTimestamp: created }), 'Terminating'],
    ['suspended', job({}, { conditions: [cond('Suspended')] }), 'Suspended'],
    ['failure target only', job({}, { conditions: [cond('FailureTarget')] }), 'FailureTarget'],
    [
      'success criteria met',
      job({}, { conditions: [cond('SuccessCriteriaMet')] }),
      'SuccessCriteriaMet',
    ],
    [
      'first condition of a type decides',
      job({}, { conditions: [cond('Complete', 'False'), cond('Complete')] }),
      'Running',
    ],
    ['running', job({}, {}), 'Running'],
  ])('Job status: %s', (_title, j, status) => {
    expect(jobStatus(j)).toBe(status);
  });

  it.each<[Job['spec'], number, string]>([
    [{ completions: 5 }, 2, '2/5'],
    [{ parallelism: 3 }, 1, '1/1 of 3'],
    [{ parallelism: 1 }, 0, '0/1'],
    [{}, 1, '1/1'],
  ])('Job completions %j with %i succeeded: %s', (spec, succeeded, text) => {
    expect(jobCompletions(job(spec, { succeeded }))).toBe(text);
  });

  it.each<[Job['status'], string]>([
    [{}, ''],
    [{ startTime: '2026-01-10T11:00:00Z' }, '60m'],
    [{ startTime: '2026-01-10T11:00:00Z', completionTime: '2026-01-10T11:00:42Z' }, '42s'],
  ])('Job duration %j: %s', (status, text) => {
    expect(jobDuration(job({}, status), now)).toBe(text);
  });

  it('Job row', () => {
    const j = job(
      { completions: 1, selector: { matchLabels: { 'job-name': 'j' } } },
      { succeeded: 1, conditions: [cond('Complete')] },
    );
    expect(jobPrinter.cells(j, now)).toEqual([
      'j',
      'Complete',
      '1/1',
      '',
      '2d',
      'app,proxy',
      'app:1,envoy:1.31',
      'job-name=j',
    ]);
  });

  it('CronJob row: time zone, suspend, active and last schedule', () => {
    const cj = {
      metadata: meta('nightly'),
      spec: {
        schedule: '0 2 * * *',
        timeZone: 'Europe/Paris',
        suspend: true,
        jobTemplate: { spec: { template } },
      },
      status: { active: [{}, {}], lastScheduleTime: '2026-01-10T02:00:00Z' },
    };
    expect(cronJobPrinter.cells(cj, now)).toEqual([
      'nightly',
      '0 2 * * *',
      'Europe/Paris',
      'True',
      2,
      '10h',
      '2d',
      'app,proxy',
      'app:1,envoy:1.31',
      '<none>',
    ]);
    const bare = { metadata: meta('x'), spec: { schedule: '* * * * *' } };
    expect(cronJobPrinter.cells(bare, now).slice(1, 6)).toEqual([
      '* * * * *',
      '<none>',
      '<unset>',
      0,
      '<none>',
    ]);
    expect([boolPtr(false), boolPtr(true), boolPtr(undefined)]).toEqual([
      'False',
      'True',
      '<unset>',
    ]);
  });
});

describe('network printers', () => {
  const ep = (subsets: Endpoints['subsets']): Endpoints => ({
    metadata: meta('svc'),
    ...(subsets ? { subsets } : {}),
  });
  const addrs = (...ips: string[]) => ips.map((ip) => ({ ip }));
  it.each<[string, Endpoints, string]>([
    ['no subsets', ep(undefined), '<none>'],
    [
      'only not-ready addresses',
      ep([{ notReadyAddresses: addrs('10.0.0.1'), ports: [{ port: 80 }] }]),
      '',
    ],
    [
      'one port',
      ep([{ addresses: addrs('10.0.0.1', '10.0.0.2'), ports: [{ port: 80 }] }]),
      '10.0.0.1:80,10.0.0.2:80',
    ],
    ['headless, no ports', ep([{ addresses: addrs('10.0.0.1') }]), '10.0.0.1'],
    ['IPv6', ep([{ addresses: addrs('fd00::1'), ports: [{ port: 443 }] }]), '[fd00::1]:443'],
    [
      'more than three',
      ep([{ addresses: addrs('10.0.0.1', '10.0.0.2'), ports: [{ port: 80 }, { port: 443 }] }]),
      '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...',
    ],
  ])('Endpoints: %s', (_title, endpoints, text) => {
    expect(formatEndpoints(endpoints)).toBe(text);
    expect(endpointsPrinter.cells(endpoints, now)).toEqual(['svc', text, '2d']);
  });

  it('Endpoints restricted to named ports', () => {
    const endpoints = ep([
      {
        addresses: addrs('10.0.0.1'),
        ports: [
          { name: 'http', port: 80 },
          { name: 'metrics', port: 9090 },
        ],
      },
    ]);
    expect(formatEndpoints(endpoints, new Set(['metrics']))).toBe('10.0.0.1:9090');
  });

  it.each<[EndpointSlice, string, string]>([
    [{ metadata: meta('s') }, '<unset>', '<unset>'],
    [
      {
        metadata: meta('s'),
        ports: [{ port: 80 }, { name: 'grpc' }, {}, { port: 9090 }],
        endpoints: [
          { addresses: ['10.0.0.1'] },
          { addresses: ['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'] },
        ],
      },
      '80,grpc,* + 1 more...',
      '10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...',
    ],
  ])('EndpointSlice ports and endpoints', (slice, ports, endpoints) => {
    expect(endpointSlicePorts(slice)).toBe(ports);
    expect(endpointSliceEndpoints(slice)).toBe(endpoints);
  });

  it.each<[Ingress['spec'], string]>([
    [{}, '*'],
    [{ rules: [{}] }, '*'],
    [{ rules: [{ host: 'a.example' }, { host: 'b.example' }] }, 'a.example,b.example'],
    [
      { rules: ['a', 'b', 'c', 'd', 'e'].map((h) => ({ host: `${h}.example` })) },
      'a.example,b.example,c.example + 2 more...',
    ],
  ])('Ingress hosts %j: %s', (spec, hosts) => {
    expect(ingressHosts({ metadata: meta('i'), spec })).toBe(hosts);
  });

  it('Ingress row: class, sorted addresses, TLS ports', () => {
    const ingress: Ingress = {
      metadata: meta('web'),
      spec: { ingressClassName: 'nginx', tls: [{}], rules: [{ host: 'shop.example' }] },
      status: {
        loadBalancer: {
          ingress: [{ ip: '9.9.9.9' }, { hostname: 'lb.example' }, { ip: '1.1.1.1' }],
        },
      },
    };
    expect(ingressPrinter.cells(ingress, now)).toEqual([
      'web',
      'nginx',
      'shop.example',
      '1.1.1.1,9.9.9.9,lb.example',
      '80, 443',
      '2d',
    ]);
    expect(ingressPrinter.cells({ metadata: meta('bare') }, now)).toEqual([
      'bare',
      '<none>',
      '*',
      '',
      '80',
      '2d',
    ]);
  });

  it('NetworkPolicy: an empty pod selector prints <none>', () => {
    expect(
      networkPolicyPrinter.cells({ metadata: meta('deny'), spec: { podSelector: {} } }, now),
    ).toEqual(['deny', '<none>', '2d']);
    expect(
      networkPolicyPrinter.cells(
        { metadata: meta('p'), spec: { podSelector: { matchLabels: { app: 'web' } } } },
        now,
      ),
    ).toEqual(['p', 'app=web', '2d']);
  });
});

describe('storage printers', () => {
  it.each<[string[] | undefined, string]>([
    [undefined, ''],
    [['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'], 'RWO,RWX'],
    [['ReadWriteOncePod', 'ReadOnlyMany'], 'ROX,RWOP'],
  ])('access modes %j: %s', (modes, text) => {
    expect(accessModes(modes)).toBe(text);
  });

  it("PVC: unbound shows no capacity; bound shows the volume's", () => {
    const pending = {
      metadata: meta('data'),
      spec: { storageClassName: 'fast' },
      status: { phase: 'Pending' },
    };
    expect(persistentVolumeClaimPrinter.cells(pending, now)).toEqual([
      'data',
      'Pending',
      '',
      '',
      '',
      'fast',
      '<unset>',
      '2d',
      '<unset>',
    ]);
    const bound = {
      metadata: meta('data', {
        annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' },
      }),
      spec: { volumeName: 'pv-1', storageClassName: 'fast', volumeMode: 'Filesystem' },
      status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] },
    };
    expect(persistentVolumeClaimPrinter.cells(bound, now)).toEqual([
      'data',
      'Bound',
      'pv-1',
      '10Gi',
      'RWO',
      'legacy',
      '<unset>',
      '2d',
      'Filesystem',
    ]);
    const deleting = { ...bound, metadata: { ...bound.metadata, deletionTimestamp: created } };
    expect(persistentVolumeClaimPrinter.cells(deleting, now)[1]).toBe('Terminating');
  });

  it('PV: claim, class and reason', () => {
    const pv = {
      metadata: meta('pv-1'),
      spec: {
        capacity: { storage: '8Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { namespace: 'a', name: 'data' },
        storageClassName: 'standard',
      },
      status: { phase: 'Released', reason: 'Reclaimed' },
    };
    expect(persistentVolumePrinter.cells(pv, now)).toEqual([
      'pv-1',
      '8Gi',
      'RWO',
      'Retain',
      'Released',
      'a/data',
      'standard',
      '<unset>',
      'Reclaimed',
      '2d',
      '<unset>',
    ]);
  });

  it('StorageClass: "(default)" from either annotation, API defaults for unset fields', () => {
    const sc = (annotations?: Record<string, string>, extra: Record<string, unknown> = {}) => ({
      metadata: meta('standard', annotations ? { annotations } : {}),
      provisioner: 'example.com/disk',
      ...extra,
    });
    expect(storageClassPrinter.cells(sc(), now)).toEqual([
      'standard',
      'example.com/disk',
      'Delete',
      'Immediate',
      false,
      '2d',
    ]);
    expect(
      storageClassPrinter.cells(
        sc({ 'storageclass.kubernetes.io/is-default-class': 'true' }),
        now,
      )[0],
    ).toBe('standard (default)');
    expect(
      storageClassPrinter.cells(
        sc({ 'storageclass.beta.kubernetes.io/is-default-class': 'true' }),
        now,
      )[0],
    ).toBe('standard (default)');
    expect(
      storageClassPrinter.cells(
        sc(
          { 'storageclass.kubernetes.io/is-default-class': 'false' },
          {
            reclaimPolicy: 'Retain',
            volumeBindingMode: 'WaitForFirstConsumer',
            allowVolumeExpansion: true,
          },
        ),
        now,
      ),
    ).toEqual(['standard', 'example.com/disk', 'Retain', 'WaitForFirstConsumer', true, '2d']);
  });
});

describe('config and RBAC printers', () => {
  it('ConfigMap counts data and binaryData; Secret counts data; ServiceAccount counts secrets', () => {
    expect(
      configMapPrinter.cells(
        { metadata: meta('c'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } },
        now,
      ),
    ).toEqual(['c', 3, '2d']);
    expect(configMapPrinter.cells({ metadata: meta('e') }, now)).toEqual(['e', 0, '2d']);
    expect(
      secretPrinter.cells({ metadata: meta('s'), type: 'Opaque', data: { k: 'dg==' } }, now),
    ).toEqual(['s', 'Opaque', 1, '2d']);
    expect(
      serviceAccountPrinter.cells({ metadata: meta('sa'), secrets: [{ name: 'x' }] }, now),
    ).toEqual(['sa', 1, '2d']);
  });

  it('ResourceQuota sorts resources and splits limits from requests', () => {
    const quota = {
      metadata: meta('q'),
      status: {
        hard: { 'limits.memory': '4Gi', pods: '10', 'requests.cpu': '2', 'limits.cpu': '4' },
        used: { pods: '3', 'requests.cpu': '500m', 'limits.cpu': '1' },
      },
    };
    expect(resourceQuotaPrinter.cells(quota, now)).toEqual([
      'q',
      '2d',
      'pods: 3/10, requests.cpu: 500m/2',
      'limits.cpu: 1/4, limits.memory: 0/4Gi',
    ]);
  });

  it('Lease holder', () => {
    expect(
      leasePrinter.cells({ metadata: meta('worker-1'), spec: { holderIdentity: 'worker-1' } }, now),
    ).toEqual(['worker-1', 'worker-1', '2d']);
  });

  it('bindings list users, groups and namespace/name service accounts', () => {
    const subjects = [
      { kind: 'User', name: 'alice' },
      { kind: 'ServiceAccount', name: 'ci', namespace: 'build' },
      { kind: 'Group', name: 'ops' },
      { kind: 'User', name: 'bob' },
    ];
    expect(subjectStrings(subjects)).toEqual(['alice, bob', 'ops', 'build/ci']);
    const binding = {
      metadata: meta('b'),
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects,
    };
    expect(clusterRoleBindingPrinter.cells(binding, now)).toEqual([
      'b',
      'ClusterRole/view',
      '2d',
      'alice, bob',
      'ops',
      'build/ci',
    ]);
  });

  it('kinds without a printer: NAME and CREATED AT in RFC 3339', () => {
    expect(defaultPrinter.columns.map((c) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Created At', 'date'],
    ]);
    expect(defaultPrinter.cells({ metadata: meta('view') }, now)).toEqual([
      'view',
      '2026-01-08T12:00:00Z',
    ]);
    expect(rfc3339(undefined)).toBe('0001-01-01T00:00:00Z');
    expect(rfc3339('2026-01-08T13:00:00+01:00')).toBe('2026-01-08T12:00:00Z');
  });
});

describe('HorizontalPodAutoscaler targets', () => {
  const cpu = (target: MetricSpec['resource']): MetricSpec => ({
    type: 'Resource',
    ...(target ? { resource: target } : {}),
  });
  it.each<[string, MetricSpec[] | undefined, MetricStatus[] | undefined, string]>([
    ['no metrics', undefined, undefined, '<none>'],
    [
      'utilization, no status yet',
      [cpu({ name: 'cpu', target: { averageUtilization: 80 } })],
      undefined,
      'cpu: <unknown>/80%',
    ],
    [
      'utilization with status',
      [cpu({ name: 'cpu', target: { averageUtilization: 80 } })],
      [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 12 } } }],
      'cpu: 12%/80%',
    ],
    [
      'no utilization target',
      [cpu({ name: 'memory', target: {} })],
      undefined,
      'memory: <unknown>/<auto>',
    ],
    [
      'average value',
      [cpu({ name: 'memory', target: { averageValue: '500Mi' } })],
      [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '200Mi' } } }],
      'memory: 200Mi/500Mi',
    ],
    [
      'pods and object metrics',
      [
        { type: 'Pods', pods: { target: { averageValue: '1k' } } },
        { type: 'Object', object: { target: { value: '10' } } },
      ],
      [
        { type: 'Pods', pods: { current: { averageValue: '500' } } },
        { type: 'Object', object: { current: { value: '7' } } },
      ],
      '500/1k, 7/10',
    ],
    [
      'more than two',
      [
        cpu({ name: 'cpu', target: { averageUtilization: 80 } }),
        { type: 'External', external: { target: { averageValue: '30' } } },
        { type: 'Pods', pods: { target: { averageValue: '1' } } },
      ],
      undefined,
      'cpu: <unknown>/80%, <unknown>/30 (avg) + 1 more...',
    ],
    ['unknown type', [{ type: 'Other' }], undefined, '<unknown type>'],
  ])('%s', (_title, specs, statuses, text) => {
    expect(hpaTargets(specs, statuses)).toBe(text);
  });

  it('row: reference, min unset, max and current replicas', () => {
    const hpa: HorizontalPodAutoscaler = {
      metadata: meta('web'),
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5 },
      status: { currentReplicas: 2 },
    };
    expect(horizontalPodAutoscalerPrinter.cells(hpa, now)).toEqual([
      'web',
      'Deployment/web',
      '<none>',
      '<unset>',
      5,
      2,
      '2d',
    ]);
  });
});

describe('custom resources and metrics', () => {
  it.each<[string, unknown]>([
    ['.spec.size', 'large'],
    ['.spec.ports[1].name', 'b'],
    ['.status.conditions[?(@.type=="Ready")].status', 'False'],
    ['.status.missing.deeper', undefined],
  ])('JSONPath %s', (path, value) => {
    const object = {
      spec: { size: 'large', ports: [{ name: 'a' }, { name: 'b' }] },
      status: {
        conditions: [
          { type: 'Synced', status: 'True' },
          { type: 'Ready', status: 'False' },
        ],
      },
    };
    expect(evaluateJsonPath(parseJsonPath(path), object)).toEqual(value);
  });

  it('rejects JSONPath beyond the simple subset', () => {
    expect(() => parseJsonPath('.spec[*].x')).toThrow('unrecognized column definition');
  });

  it('prints typed cells, null for a missing value, and Age by default', () => {
    const printer = customResourcePrinter([
      { name: 'Size', type: 'string', jsonPath: '.spec.size' },
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      { name: 'Ready', type: 'boolean', jsonPath: '.status.ready' },
      { name: 'Since', type: 'date', jsonPath: '.status.since', priority: 1 },
    ]);
    expect(printer.columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Size', 'string', 0],
      ['Replicas', 'integer', 0],
      ['Ready', 'boolean', 0],
      ['Since', 'date', 1],
    ]);
    const widget = {
      metadata: meta('w'),
      spec: { size: 'large', replicas: 3.7 },
      status: { ready: 'yes', since: '2026-01-10T09:00:00Z' },
    };
    expect(printer.cells(widget, now)).toEqual(['w', 'large', 3, null, '3h']);
    const aged = customResourcePrinter([]);
    expect(aged.columns.map((c) => c.name)).toEqual(['Name', 'Age']);
    expect(aged.cells(widget, now)).toEqual(['w', '2d']);
  });

  it('sums container usage per resource in canonical quantities', () => {
    const pod = {
      metadata: meta('p'),
      window: '15.012s',
      containers: [
        { name: 'a', usage: { cpu: '1500000n', memory: '1024Ki' } },
        { name: 'b', usage: { cpu: '3500000n', memory: '1Mi' } },
      ],
    };
    expect(podMetricsPrinter.cells(pod, now)).toEqual(['p', '5m', '2Mi', '15.012s']);
    const node = {
      metadata: meta('n'),
      window: '20s',
      usage: { cpu: '412784123n', memory: '2871344Ki' },
    };
    expect(nodeMetricsPrinter.cells(node, now)).toEqual(['n', '412784123n', '2871344Ki', '20s']);
  });
});
