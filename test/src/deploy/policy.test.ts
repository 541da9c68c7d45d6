// The deploy security policy over every rendered variant, and proof that the policy check catches each breach.
import { describe, expect, test } from 'vitest';
import { checkPolicy } from './policy.js';
import {
  allVariants,
  CHARTS,
  render,
  renderVariant,
  type ChartName,
  type K8sObject,
} from './render.js';

const variants = allVariants();

describe('every chart variant meets the policy', () => {
  test.each(variants.map((v) => [`${v.chart} ${v.name}`, v] as const))(
    '%s',
    async (_name, variant) => {
      const objects = await renderVariant(variant);
      expect(checkPolicy(objects, { agent: variant.chart === 'porthole-agent' })).toEqual([]);
    },
  );
});

type Mutation = [
  name: string,
  chart: ChartName,
  mutate: (objects: K8sObject[]) => void,
  expected: RegExp,
];

// Loosely typed on purpose: each row reaches into the rendered objects to break one field.
type Json = Record<string, any>;
const workload = (objects: K8sObject[], name?: string): Json =>
  objects.find(
    (o) => o.kind === 'Deployment' && (name === undefined || o.metadata.name === name),
  ) as Json;
const container = (objects: K8sObject[], name?: string): Json =>
  (workload(objects, name).spec.template.spec.containers as Json[])[0] as Json;
const role = (objects: K8sObject[]): Json => objects.find((o) => o.kind === 'ClusterRole') as Json;
const policyOf = (objects: K8sObject[], name: string): Json =>
  objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name) as Json;
const podSecurity = (objects: K8sObject[], name?: string): Json =>
  workload(objects, name).spec.template.spec.securityContext as Json;

// Each row breaks a compliant render in one way; the policy check must name the breach. Both the
// container and the pod level are removed where the check reads the effective value.
const mutations: Mutation[] = [
  [
    'runAsNonRoot missing',
    'porthole',
    (o) => {
      delete container(o, 'porthole').securityContext.runAsNonRoot;
      delete podSecurity(o, 'porthole').runAsNonRoot;
    },
    /runAsNonRoot is not true/,
  ],
  [
    'runAsUser root',
    'porthole',
    (o) => {
      container(o, 'porthole').securityContext.runAsUser = 0;
    },
    /runAsUser is not a numeric non-root id/,
  ],
  [
    'runAsUser a name',
    'porthole-agent',
    (o) => {
      container(o).securityContext.runAsUser = 'node';
    },
    /runAsUser is not a numeric/,
  ],
  [
    'runAsUser unset',
    'porthole',
    (o) => {
      delete container(o, 'porthole-redis').securityContext.runAsUser;
      delete podSecurity(o, 'porthole-redis').runAsUser;
    },
    /porthole-redis container redis: runAsUser/,
  ],
  [
    'writable root filesystem',
    'porthole',
    (o) => {
      container(o, 'porthole').securityContext.readOnlyRootFilesystem = false;
    },
    /readOnlyRootFilesystem is not true/,
  ],
  [
    'privilege escalation',
    'porthole-agent',
    (o) => {
      delete container(o).securityContext.allowPrivilegeEscalation;
    },
    /allowPrivilegeEscalation is not false/,
  ],
  [
    'capabilities kept',
    'porthole',
    (o) => {
      container(o, 'porthole-redis').securityContext.capabilities.drop = ['NET_RAW'];
    },
    /capabilities.drop lacks ALL/,
  ],
  [
    'a capability added',
    'porthole-agent',
    (o) => {
      container(o).securityContext.capabilities.add = ['NET_ADMIN'];
    },
    /capabilities.add is not empty/,
  ],
  [
    'seccomp unconfined',
    'porthole',
    (o) => {
      container(o, 'porthole').securityContext.seccompProfile = { type: 'Unconfined' };
    },
    /seccompProfile is not RuntimeDefault/,
  ],
  [
    'no memory limit',
    'porthole-agent',
    (o) => {
      delete container(o).resources.limits.memory;
    },
    /no limits.memory/,
  ],
  [
    'no cpu request',
    'porthole',
    (o) => {
      delete container(o, 'porthole').resources.requests.cpu;
    },
    /no requests.cpu/,
  ],
  [
    'privileged',
    'porthole',
    (o) => {
      container(o, 'porthole').securityContext.privileged = true;
    },
    /privileged/,
  ],
  [
    'host network',
    'porthole-agent',
    (o) => {
      workload(o).spec.template.spec.hostNetwork = true;
    },
    /hostNetwork is on/,
  ],
  [
    'a hostPath volume',
    'porthole',
    (o) => {
      workload(o, 'porthole').spec.template.spec.volumes.push({
        name: 'host',
        hostPath: { path: '/' },
      });
    },
    /hostPath volume/,
  ],
  [
    'a writable non-emptyDir mount',
    'porthole',
    (o) => {
      delete container(o, 'porthole').volumeMounts[0].readOnly;
    },
    /writable mount \/var\/run\/secrets\/porthole/,
  ],
  [
    'token mounted into the API',
    'porthole',
    (o) => {
      delete workload(o, 'porthole').spec.template.spec.automountServiceAccountToken;
    },
    /automountServiceAccountToken is not false/,
  ],
  [
    'an insecure init container',
    'porthole-agent',
    (o) => {
      workload(o).spec.template.spec.initContainers = [{ name: 'init', image: 'busybox' }];
    },
    /container init: readOnlyRootFilesystem is not true/,
  ],
  [
    'a write verb',
    'porthole-agent',
    (o) => {
      role(o).rules[0].verbs.push('patch');
    },
    /verb patch is not get\/list\/watch/,
  ],
  [
    'a wildcard verb',
    'porthole-agent',
    (o) => {
      role(o).rules[1].verbs = ['*'];
    },
    /verb \* is not/,
  ],
  [
    'secrets',
    'porthole-agent',
    (o) => {
      role(o).rules[0].resources.push('secrets');
    },
    /names secrets/,
  ],
  [
    'a wildcard resource',
    'porthole-agent',
    (o) => {
      role(o).rules[0].resources = ['*'];
    },
    /resource \*/,
  ],
  [
    'a whole Kubernetes group dressed as a custom one',
    'porthole-agent',
    (o) => {
      role(o).rules.push({ apiGroups: ['metrics.k8s.io'], resources: ['*'], verbs: ['get'] });
    },
    /resource \*/,
  ],
  [
    'secrets beside a policy that does not allow them',
    'porthole-agent',
    (o) => {
      o.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'agent-porthole-agent-policy' },
        data: { 'policy.yaml': 'secrets:\n  allow: false\n' },
      });
      role(o).rules[0].resources.push('secrets');
    },
    /names secrets/,
  ],
  [
    'a wildcard group',
    'porthole-agent',
    (o) => {
      role(o).rules[0].apiGroups = ['*'];
    },
    /apiGroup \*/,
  ],
  [
    'pods/exec',
    'porthole-agent',
    (o) => {
      role(o).rules[0].resources.push('pods/exec');
    },
    /pods\/exec runs code/,
  ],
  [
    'nodes/proxy',
    'porthole-agent',
    (o) => {
      role(o).rules.at(-1).resources.push('nodes/proxy');
    },
    /nodes\/proxy runs code/,
  ],
  [
    'a binding to cluster-admin',
    'porthole-agent',
    (o) => {
      (o.find((x) => x.kind === 'ClusterRoleBinding') as any).roleRef.name = 'cluster-admin';
    },
    /binds ClusterRole\/cluster-admin/,
  ],
  [
    'an aggregated role',
    'porthole-agent',
    (o) => {
      role(o).aggregationRule = { clusterRoleSelectors: [{ matchLabels: { x: 'y' } }] };
    },
    /aggregationRule/,
  ],
  [
    'a Service in the agent chart',
    'porthole-agent',
    (o) => {
      o.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'agent', namespace: 'x' },
        spec: {},
      });
    },
    /must not render a Service/,
  ],
  [
    'an Ingress in the agent chart',
    'porthole-agent',
    (o) => {
      o.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'agent', namespace: 'x' },
        spec: {},
      });
    },
    /must not render a Ingress/,
  ],
  [
    'an inbound rule for the agent',
    'porthole-agent',
    (o) => {
      policyOf(o, 'agent-porthole-agent').spec.ingress = [
        { from: [{ podSelector: {} }], ports: [{ port: 8080 }] },
      ];
    },
    /admits inbound traffic/,
  ],
  [
    'no NetworkPolicy for the agent',
    'porthole-agent',
    (o) => {
      o.splice(
        o.findIndex((x) => x.kind === 'NetworkPolicy'),
        1,
      );
    },
    /no NetworkPolicy denies/,
  ],
  [
    'egress only, no ingress deny',
    'porthole',
    (o) => {
      for (const p of o.filter((x) => x.kind === 'NetworkPolicy'))
        (p as any).spec.policyTypes = ['Egress'];
    },
    /no NetworkPolicy denies by default/,
  ],
  [
    'an egress rule to every port',
    'porthole-agent',
    (o) => {
      delete policyOf(o, 'agent-porthole-agent').spec.egress[1].ports;
    },
    /egress rule 1 allows every port/,
  ],
  [
    'an ingress rule from everywhere',
    'porthole',
    (o) => {
      delete policyOf(o, 'porthole-api').spec.ingress[0].from;
    },
    /ingress rule 0 admits every source/,
  ],
  [
    'metrics open to every namespace',
    'porthole',
    (o) => {
      policyOf(o, 'porthole-api').spec.ingress[1].from = [{ namespaceSelector: {} }];
    },
    /metrics port beyond one named namespace/,
  ],
  [
    'a Namespace below restricted',
    'porthole',
    (o) => {
      o.push({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'porthole',
          labels: { 'pod-security.kubernetes.io/enforce': 'baseline' },
        },
      });
    },
    /enforce is not restricted/,
  ],
];

describe('the policy check catches every breach', () => {
  // Rendered once per chart; each row works on its own deep copy.
  const renders = new Map<ChartName, Promise<K8sObject[]>>();
  const fresh = async (chart: ChartName) => {
    if (!renders.has(chart)) renders.set(chart, render(chart, [], CHARTS[chart].required));
    return structuredClone(await (renders.get(chart) as Promise<K8sObject[]>));
  };

  test.each(mutations)('%s', async (_name, chart, mutate, expected) => {
    const objects = await fresh(chart);
    const options = { agent: chart === 'porthole-agent' };
    expect(checkPolicy(objects, options)).toEqual([]);
    mutate(objects);
    expect(checkPolicy(objects, options).join('\n')).toMatch(expected);
  });
});
