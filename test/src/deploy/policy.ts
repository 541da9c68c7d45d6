// The security policy every rendered chart must meet: restricted pods, read-only RBAC, default-deny networking.
import { BUILTIN_GROUPS, parsePolicy } from '@porthole/policy';
import { objectName, podSpecOf, type K8sObject } from './render.js';

export interface PolicyOptions {
  /** The agent chart: no Service, no Ingress, no inbound NetworkPolicy rule. */
  agent: boolean;
}

const READ_VERBS = new Set(['get', 'list', 'watch']);
/** Subresources where `get` is enough to run code or reach inside a pod or node. */
const DANGEROUS_SUBRESOURCE = /\/(exec|attach|portforward|proxy|token|\*)$/;
const WRITABLE_VOLUME_KINDS = new Set(['emptyDir']);
const ALLOWED_VOLUME_KINDS = new Set([
  'emptyDir',
  'secret',
  'configMap',
  'projected',
  'downwardAPI',
]);

type Json = Record<string, any>;

function matches(selector: Json | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  // matchExpressions are not evaluated: such a selector counts as not matching, which can only
  // make the check stricter (a pod would look unprotected).
  if (selector.matchExpressions?.length) return false;
  return Object.entries((selector.matchLabels as Record<string, string>) ?? {}).every(
    ([k, v]) => labels[k] === v,
  );
}

function containersOf(spec: Json): Json[] {
  return [spec.initContainers, spec.containers, spec.ephemeralContainers].flatMap(
    (list) => (list ?? []) as Json[],
  );
}

function checkPod(object: K8sObject, objects: K8sObject[], problems: string[]): void {
  const pod = podSpecOf(object);
  if (!pod) return;
  const where = objectName(object);
  const spec = pod.spec;
  const podSc: Json = spec.securityContext ?? {};
  for (const flag of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[flag] === true) problems.push(`${where}: ${flag} is on`);
  }
  if (spec.shareProcessNamespace === true) problems.push(`${where}: shareProcessNamespace is on`);

  // The token is mounted only into pods whose ServiceAccount the chart binds to a role.
  const serviceAccount = spec.serviceAccountName ?? 'default';
  const bound = objects.some(
    (o) =>
      (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') &&
      ((o.subjects as Json[] | undefined) ?? []).some(
        (s) => s.kind === 'ServiceAccount' && s.name === serviceAccount,
      ),
  );
  if (!bound && spec.automountServiceAccountToken !== false) {
    problems.push(
      `${where}: automountServiceAccountToken is not false, and its ServiceAccount ${serviceAccount} has no role`,
    );
  }

  const volumes = new Map<string, string>();
  for (const volume of (spec.volumes as Json[] | undefined) ?? []) {
    const kind = Object.keys(volume).find((k) => k !== 'name') ?? 'none';
    volumes.set(volume.name, kind);
    if (!ALLOWED_VOLUME_KINDS.has(kind))
      problems.push(`${where}: volume ${volume.name} is a ${kind} volume`);
  }

  for (const c of containersOf(spec)) {
    const at = `${where} container ${c.name}`;
    const sc: Json = c.securityContext ?? {};
    const effective = (field: string): unknown => sc[field] ?? podSc[field];
    if (effective('runAsNonRoot') !== true) problems.push(`${at}: runAsNonRoot is not true`);
    const user = effective('runAsUser') as number;
    if (!Number.isInteger(user) || user < 1)
      problems.push(`${at}: runAsUser is not a numeric non-root id (${JSON.stringify(user)})`);
    const group = effective('runAsGroup') as number | undefined;
    if (group !== undefined && (!Number.isInteger(group) || group < 1))
      problems.push(`${at}: runAsGroup is root`);
    if (sc.readOnlyRootFilesystem !== true)
      problems.push(`${at}: readOnlyRootFilesystem is not true`);
    if (sc.allowPrivilegeEscalation !== false)
      problems.push(`${at}: allowPrivilegeEscalation is not false`);
    if (sc.privileged === true) problems.push(`${at}: privileged`);
    if (!((sc.capabilities?.drop as string[] | undefined) ?? []).includes('ALL'))
      problems.push(`${at}: capabilities.drop lacks ALL`);
    if (((sc.capabilities?.add as string[] | undefined) ?? []).length > 0)
      problems.push(`${at}: capabilities.add is not empty`);
    const seccomp = (effective('seccompProfile') as Json | undefined)?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
      problems.push(`${at}: seccompProfile is not RuntimeDefault`);
    for (const kind of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory']) {
        if (c.resources?.[kind]?.[resource] === undefined)
          problems.push(`${at}: no ${kind}.${resource}`);
      }
    }
    for (const port of (c.ports as Json[] | undefined) ?? []) {
      if (port.hostPort !== undefined) problems.push(`${at}: hostPort ${port.hostPort}`);
    }
    for (const mount of (c.volumeMounts as Json[] | undefined) ?? []) {
      const kind = volumes.get(mount.name);
      if (mount.readOnly !== true && !WRITABLE_VOLUME_KINDS.has(kind ?? '')) {
        problems.push(`${at}: writable mount ${mount.mountPath} is not an emptyDir`);
      }
    }
  }
}

/**
 * A custom resource group an operator opted into (rbac.customResourceGroups): a DNS name with a
 * dot that Kubernetes itself does not serve. Only such a group may be granted whole (`*`).
 */
function isCustomGroup(group: string): boolean {
  return (
    group.includes('.') &&
    !group.includes('*') &&
    !BUILTIN_GROUPS.has(group) &&
    !/(^|\.)(k8s|kubernetes)\.io$/.test(group)
  );
}

/** Whether the agent policy rendered with the chart (its ConfigMap) allows Secrets; unreadable = no. */
function policyAllowsSecrets(objects: K8sObject[]): boolean {
  const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-policy'));
  const text = (map?.data as Record<string, string> | undefined)?.['policy.yaml'];
  if (text === undefined) return false;
  try {
    return parsePolicy(text).secretsAllowed;
  } catch {
    // A policy the agent would refuse at start allows nothing.
    return false;
  }
}

function checkRbac(object: K8sObject, objects: K8sObject[], problems: string[]): void {
  const where = objectName(object);
  if (object.kind === 'Role' || object.kind === 'ClusterRole') {
    if (object.aggregationRule)
      problems.push(`${where}: aggregationRule pulls in rules nobody reviewed`);
    ((object.rules as Json[] | undefined) ?? []).forEach((rule, i) => {
      const at = `${where} rule ${i}`;
      const groups = (rule.apiGroups as string[] | undefined) ?? [];
      for (const verb of (rule.verbs as string[] | undefined) ?? []) {
        if (!READ_VERBS.has(verb)) problems.push(`${at}: verb ${verb} is not get/list/watch`);
      }
      for (const group of groups) {
        if (group.includes('*')) problems.push(`${at}: apiGroup ${group}`);
      }
      for (const resource of (rule.resources as string[] | undefined) ?? []) {
        const wholeCustomGroup =
          resource === '*' && groups.length > 0 && groups.every(isCustomGroup);
        if (resource.includes('*') && !wholeCustomGroup)
          problems.push(`${at}: resource ${resource}`);
        // Core Secrets only when the agent's own policy reads them (and then redacts them).
        const coreSecrets = resource === 'secrets' && groups.length === 1 && groups[0] === '';
        if (/secret/i.test(resource) && !(coreSecrets && policyAllowsSecrets(objects)))
          problems.push(`${at}: names ${resource}`);
        if (DANGEROUS_SUBRESOURCE.test(resource))
          problems.push(`${at}: subresource ${resource} runs code or proxies`);
      }
      for (const url of (rule.nonResourceURLs as string[] | undefined) ?? []) {
        if (url.includes('*')) problems.push(`${at}: nonResourceURL ${url}`);
      }
    });
  }
  if (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') {
    const ref = object.roleRef as Json;
    // A binding may only grant a role this chart renders (and so this policy has checked).
    const target = objects.find(
      (o) =>
        o.kind === ref?.kind &&
        o.metadata.name === ref?.name &&
        (ref.kind === 'ClusterRole' || o.metadata.namespace === object.metadata.namespace),
    );
    if (!target)
      problems.push(`${where}: binds ${ref?.kind}/${ref?.name}, which the chart does not define`);
  }
}

function checkNetwork(objects: K8sObject[], options: PolicyOptions, problems: string[]): void {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  for (const policy of policies) {
    const where = objectName(policy);
    const spec = (policy.spec ?? {}) as Json;
    const types = (spec.policyTypes as string[] | undefined) ?? [];
    ((spec.ingress as Json[] | undefined) ?? []).forEach((rule, i) => {
      if (options.agent)
        problems.push(`${where}: the agent admits inbound traffic (ingress rule ${i})`);
      if (!rule.from?.length) problems.push(`${where}: ingress rule ${i} admits every source`);
      if (!rule.ports?.length) problems.push(`${where}: ingress rule ${i} admits every port`);
    });
    ((spec.egress as Json[] | undefined) ?? []).forEach((rule, i) => {
      if (!rule.ports?.length) problems.push(`${where}: egress rule ${i} allows every port`);
    });
    if (!types.includes('Ingress') || !types.includes('Egress'))
      problems.push(`${where}: policyTypes must list Ingress and Egress`);
  }
  // Every pod is under a policy that governs both directions: default deny.
  for (const object of objects) {
    const pod = podSpecOf(object);
    if (!pod) continue;
    const governing = policies.filter((p) => matches((p.spec as Json)?.podSelector, pod.labels));
    const types = new Set(
      governing.flatMap((p) => ((p.spec as Json).policyTypes as string[] | undefined) ?? []),
    );
    if (!types.has('Ingress') || !types.has('Egress')) {
      problems.push(
        `${objectName(object)}: no NetworkPolicy denies by default both ingress and egress of its pods`,
      );
    }
  }
  // The metrics port is reachable from a named namespace only.
  for (const policy of policies) {
    ((policy.spec as Json).ingress as Json[] | undefined)?.forEach((rule, i) => {
      const metrics = ((rule.ports as Json[] | undefined) ?? []).some(
        (p) => p.port === 'metrics' || p.port === 9464,
      );
      if (!metrics) return;
      for (const peer of (rule.from as Json[] | undefined) ?? []) {
        const names = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
        if (typeof names !== 'string')
          problems.push(
            `${objectName(policy)}: ingress rule ${i} opens the metrics port beyond one named namespace`,
          );
      }
    });
  }
}

/** Every breach of the deploy policy in a rendered chart; empty when the chart complies. */
export function checkPolicy(objects: K8sObject[], options: PolicyOptions): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    checkPod(object, objects, problems);
    checkRbac(object, objects, problems);
    if (object.kind === 'Namespace') {
      const labels = object.metadata.labels ?? {};
      for (const mode of ['enforce', 'audit', 'warn']) {
        if (labels[`pod-security.kubernetes.io/${mode}`] !== 'restricted') {
          problems.push(
            `${objectName(object)}: pod-security.kubernetes.io/${mode} is not restricted`,
          );
        }
      }
    }
    if (options.agent && (object.kind === 'Service' || object.kind === 'Ingress')) {
      problems.push(`${objectName(object)}: the agent chart must not render a ${object.kind}`);
    }
  }
  checkNetwork(objects, options, problems);
  return problems;
}
