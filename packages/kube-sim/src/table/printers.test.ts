import { describe, expect, it } from 'vitest';
import type { Event, KubeObject, Node, Service } from '../types.js';
import { eventPrinter, eventSource } from './events.js';
import { formatLabelSelector, formatLabels, labelSelectorString } from './format.js';
import { namespacePrinter } from './namespaces.js';
import { nodePrinter, nodeRoles, nodeStatus } from './nodes.js';
import { serviceExternalIP, servicePorts, servicePrinter } from './services.js';
import { deploymentPrinter, replicaSetPrinter } from './workloads.js';

const now = new Date('2026-01-10T12:00:00Z');
const meta = (name: string, extra: Partial<KubeObject['metadata']> = {}) => ({
  name,
  creationTimestamp: '2025-12-29T12:00:00Z',
  ...extra,
});

describe('service cells', () => {
  it.each([
    [[], ''],
    [[{ port: 80, protocol: 'TCP' }], '80/TCP'],
    [
      [
        { port: 53, protocol: 'UDP' },
        { port: 53, protocol: 'TCP' },
        { port: 9153, protocol: 'TCP' },
      ],
      '53/UDP,53/TCP,9153/TCP',
    ],
    [[{ port: 8080, protocol: 'TCP', nodePort: 30080 }], '8080:30080/TCP'],
    [[{ port: 443, protocol: 'SCTP', nodePort: 0 }], '443/SCTP'],
  ])('ports %j print as %s', (ports, text) => {
    expect(servicePorts(ports)).toBe(text);
  });

  const svc = (spec: Service['spec'], status: Service['status'] = {}): Service => ({
    metadata: meta('s'),
    spec,
    status,
  });
  it.each<[string, Service, boolean, string]>([
    ['ClusterIP without external IPs', svc({ type: 'ClusterIP' }), true, '<none>'],
    [
      'ClusterIP with external IPs',
      svc({ type: 'ClusterIP', externalIPs: ['1.2.3.4', '5.6.7.8'] }),
      true,
      '1.2.3.4,5.6.7.8',
    ],
    ['NodePort', svc({ type: 'NodePort' }), true, '<none>'],
    ['LoadBalancer still pending', svc({ type: 'LoadBalancer' }), true, '<pending>'],
    [
      'LoadBalancer ingress sorted and unique',
      svc(
        { type: 'LoadBalancer' },
        {
          loadBalancer: {
            ingress: [{ ip: '9.9.9.9' }, { hostname: 'a.example.com' }, { ip: '9.9.9.9' }],
          },
        },
      ),
      true,
      '9.9.9.9,a.example.com',
    ],
    [
      'LoadBalancer clipped when not wide',
      svc(
        { type: 'LoadBalancer' },
        { loadBalancer: { ingress: [{ hostname: 'very-long-name.elb.example.com' }] } },
      ),
      false,
      'very-long-nam...',
    ],
    [
      'LoadBalancer plus external IPs',
      svc(
        { type: 'LoadBalancer', externalIPs: ['5.5.5.5'] },
        { loadBalancer: { ingress: [{ ip: '9.9.9.9' }] } },
      ),
      true,
      '9.9.9.9,5.5.5.5',
    ],
    [
      'ExternalName',
      svc({ type: 'ExternalName', externalName: 'db.example.com' }),
      true,
      'db.example.com',
    ],
    ['unknown type', svc({ type: 'Weird' }), true, '<unknown>'],
  ])('%s', (_name, input, wide, text) => {
    expect(serviceExternalIP(input, wide)).toBe(text);
  });

  it('prints a full row with the selector', () => {
    const row = servicePrinter.cells(
      svc({
        type: 'NodePort',
        clusterIP: '10.96.0.9',
        clusterIPs: ['10.96.0.9'],
        ports: [{ port: 80, protocol: 'TCP', nodePort: 30001 }],
        selector: { tier: 'web', app: 'x' },
      }),
      now,
    );
    expect(row).toEqual([
      's',
      'NodePort',
      '10.96.0.9',
      '<none>',
      '80:30001/TCP',
      '12d',
      'app=x,tier=web',
    ]);
  });

  it('prints <none> for a missing cluster IP, ports and selector', () => {
    expect(
      servicePrinter.cells(svc({ type: 'ExternalName', externalName: 'x.example.com' }), now),
    ).toEqual(['s', 'ExternalName', '<none>', 'x.example.com', '<none>', '12d', '<none>']);
  });
});

describe('node cells', () => {
  it.each<[Record<string, string>, string[]]>([
    [{}, []],
    [{ 'node-role.kubernetes.io/control-plane': '' }, ['control-plane']],
    [
      { 'node-role.kubernetes.io/worker': 'true', 'node-role.kubernetes.io/infra': '' },
      ['infra', 'worker'],
    ],
    [{ 'kubernetes.io/role': 'master' }, ['master']],
    [{ 'kubernetes.io/role': '' }, []],
    [{ 'node-role.kubernetes.io/': '' }, []],
    [{ 'kubernetes.io/role': 'gpu', 'node-role.kubernetes.io/gpu': '' }, ['gpu']],
  ])('roles of %j are %j', (labels, roles) => {
    expect(nodeRoles(labels)).toEqual(roles);
  });

  const node = (ready: string | undefined, unschedulable = false): Node => ({
    metadata: meta('n'),
    spec: { unschedulable },
    status: {
      conditions: ready
        ? [
            { type: 'MemoryPressure', status: 'False' },
            { type: 'Ready', status: ready },
          ]
        : [],
    },
  });
  it.each<[Node, string]>([
    [node('True'), 'Ready'],
    [node('False'), 'NotReady'],
    [node('Unknown'), 'NotReady'],
    [node(undefined), 'Unknown'],
    [node('True', true), 'Ready,SchedulingDisabled'],
    [node('Unknown', true), 'NotReady,SchedulingDisabled'],
  ])('status %#', (input, text) => {
    expect(nodeStatus(input)).toBe(text);
  });

  it('prints addresses and node info, <unknown> for blanks', () => {
    const row = nodePrinter.cells(
      {
        metadata: meta('n', { labels: { 'node-role.kubernetes.io/control-plane': '' } }),
        status: {
          conditions: [{ type: 'Ready', status: 'True' }],
          addresses: [
            { type: 'Hostname', address: 'n' },
            { type: 'InternalIP', address: '10.0.0.1' },
          ],
          nodeInfo: {
            kubeletVersion: 'v1.35.0',
            osImage: 'Ubuntu',
            kernelVersion: '',
            containerRuntimeVersion: 'containerd://2.0.5',
          },
        },
      },
      now,
    );
    expect(row).toEqual([
      'n',
      'Ready',
      'control-plane',
      '12d',
      'v1.35.0',
      '10.0.0.1',
      '<none>',
      'Ubuntu',
      '<unknown>',
      'containerd://2.0.5',
    ]);
  });
});

describe('label formatting', () => {
  it.each([
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ b: '2', a: '1' }, 'a=1,b=2'],
  ])('formatLabels(%j) = %s', (labels, text) => {
    expect(formatLabels(labels)).toBe(text);
  });

  it.each([
    [undefined, '', '<none>'],
    [{}, '', '<none>'],
    [
      { matchLabels: { app: 'web', 'pod-template-hash': 'abc' } },
      'app=web,pod-template-hash=abc',
      'app=web,pod-template-hash=abc',
    ],
    [
      {
        matchLabels: { z: '1' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'a', operator: 'DoesNotExist' },
        ],
      },
      '!a,env in (dev,prod),z=1',
      '!a,env in (dev,prod),z=1',
    ],
    [
      {
        matchExpressions: [
          { key: 'k', operator: 'NotIn', values: ['x'] },
          { key: 'e', operator: 'Exists' },
        ],
      },
      'e,k notin (x)',
      'e,k notin (x)',
    ],
  ])('selector %j', (selector, plain, formatted) => {
    expect(labelSelectorString(selector)).toBe(plain);
    expect(formatLabelSelector(selector)).toBe(formatted);
  });
});

describe('workload cells', () => {
  const template = {
    spec: {
      containers: [
        { name: 'nginx', image: 'nginx:1' },
        { name: 'sidecar', image: 'envoy:2' },
      ],
    },
  };
  it('deployment: READY is ready/desired, counts are numbers', () => {
    const row = deploymentPrinter.cells(
      {
        metadata: meta('web'),
        spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
        status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
      },
      now,
    );
    expect(row).toEqual(['web', '2/3', 3, 2, '12d', 'nginx,sidecar', 'nginx:1,envoy:2', 'app=web']);
  });

  it('deployment without status and replicas defaults', () => {
    expect(deploymentPrinter.cells({ metadata: meta('d'), spec: {} }, now)).toEqual([
      'd',
      '0/1',
      0,
      0,
      '12d',
      '',
      '',
      '',
    ]);
  });

  it('replicaset: desired, current, ready as integers', () => {
    const row = replicaSetPrinter.cells(
      {
        metadata: meta('web-abc'),
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'web', 'pod-template-hash': 'abc' } },
          template,
        },
        status: { replicas: 0 },
      },
      now,
    );
    expect(row).toEqual([
      'web-abc',
      0,
      0,
      0,
      '12d',
      'nginx,sidecar',
      'nginx:1,envoy:2',
      'app=web,pod-template-hash=abc',
    ]);
  });

  it('namespace', () => {
    expect(
      namespacePrinter.cells({ metadata: meta('shop'), status: { phase: 'Terminating' } }, now),
    ).toEqual(['shop', 'Terminating', '12d']);
  });
});

describe('event cells', () => {
  const base: Event = {
    metadata: meta('web.123', { namespace: 'default' }),
    involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{nginx}' },
    type: 'Warning',
    reason: 'BackOff',
    message: '  Back-off restarting failed container \n',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: '2026-01-07T12:00:00Z',
    lastTimestamp: '2026-01-10T09:00:00Z',
    count: 7,
  };

  it('prints last seen, target and trimmed message, then the wide cells', () => {
    expect(eventPrinter.cells(base, now)).toEqual([
      '3h',
      'Warning',
      'BackOff',
      'pod/web',
      'spec.containers{nginx}',
      'kubelet, node-1',
      'Back-off restarting failed container',
      '3d',
      7,
      'web.123',
    ]);
  });

  it.each<[string, Partial<Event>, string, string, number]>([
    ['no last timestamp: last seen is first seen', { lastTimestamp: null }, '3d', '3d', 7],
    [
      'new-style event: eventTime only, count 1',
      {
        firstTimestamp: null,
        lastTimestamp: null,
        eventTime: '2026-01-10T11:00:00.000000Z',
        count: 0,
      },
      '60m',
      '60m',
      1,
    ],
    [
      'series overrides last seen and count',
      { series: { count: 40, lastObservedTime: '2026-01-10T11:59:00.000000Z' } },
      '60s',
      '3d',
      40,
    ],
    [
      'nothing at all',
      { firstTimestamp: null, lastTimestamp: null, count: 0 },
      '<unknown>',
      '<unknown>',
      1,
    ],
  ])('%s', (_name, patch, last, first, count) => {
    const cells = eventPrinter.cells({ ...base, ...patch }, now);
    expect([cells[0], cells[7], cells[8]]).toEqual([last, first, count]);
  });

  it.each<[Partial<Event>, string]>([
    [{ source: { component: 'kubelet', host: 'n1' } }, 'kubelet, n1'],
    [{ source: { component: 'default-scheduler' } }, 'default-scheduler'],
    [
      { source: {}, reportingComponent: 'default-scheduler', reportingInstance: 'sched-1' },
      'default-scheduler, sched-1',
    ],
    [{ source: {} }, ''],
  ])('source %#', (patch, text) => {
    expect(eventSource({ ...base, ...patch })).toBe(text);
  });

  it('target is the lowercase kind alone when the event has no object name', () => {
    expect(eventPrinter.cells({ ...base, involvedObject: { kind: 'Node' } }, now)[3]).toBe('node');
  });
});
