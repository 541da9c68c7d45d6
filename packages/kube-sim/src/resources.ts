// The resources kube-sim serves: discovery facts, table printer and selectable fields of each.
// Built-in kinds are static; custom resources are added per cluster from its CRDs (registry.ts).
import { eventPrinter } from './table/events.js';
import {
  clusterRoleBindingPrinter,
  configMapPrinter,
  leasePrinter,
  resourceQuotaPrinter,
  roleBindingPrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './table/config.js';
import { controllerRevisionPrinter, daemonSetPrinter, statefulSetPrinter } from './table/apps.js';
import { horizontalPodAutoscalerPrinter } from './table/autoscaling.js';
import { cronJobPrinter, jobPrinter } from './table/batch.js';
import { defaultPrinter } from './table/default.js';
import { nodeMetricsPrinter, podMetricsPrinter } from './table/metrics.js';
import { namespacePrinter } from './table/namespaces.js';
import {
  endpointSlicePrinter,
  endpointsPrinter,
  ingressPrinter,
  networkPolicyPrinter,
} from './table/network.js';
import { nodePrinter } from './table/nodes.js';
import { podPrinter } from './table/pods.js';
import type { Printer } from './table/printer.js';
import { servicePrinter } from './table/services.js';
import {
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  storageClassPrinter,
} from './table/storage.js';
import { deploymentPrinter, replicaSetPrinter } from './table/workloads.js';
import type { Event, KubeObject, Node, Pod, ReplicaSet, Service } from './types.js';

export type FieldGetter = (object: KubeObject) => string;

export interface ResourceDef {
  /** Plural name used in paths, e.g. "pods". */
  name: string;
  singularName: string;
  kind: string;
  /** "" for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  shortNames: string[];
  categories?: string[];
  verbs: readonly string[];
  printer: Printer;
  /** Field selector keys the apiserver accepts for this resource, beyond metadata.name/namespace. */
  fields: Record<string, FieldGetter>;
  /** Where the objects live: a fixture key, or "cr:<group>/<plural>" for a custom resource. */
  storage: string;
  /** Renders a stored object for this group version (events.k8s.io reads the core events). */
  present?: (object: KubeObject) => KubeObject;
  /** Subresources listed in discovery, e.g. ["log"] for pods. */
  subresources?: { name: string; verbs: readonly string[] }[];
  /** A deprecation warning the apiserver attaches to every response for this resource. */
  warning?: string;
}

/** The fixture keys (and file names, `<key>.json`) that hold objects of built-in kinds. */
export const FIXTURE_KEYS = [
  'namespaces',
  'nodes',
  'pods',
  'services',
  'events',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'controllerrevisions',
  'jobs',
  'cronjobs',
  'endpoints',
  'endpointslices',
  'configmaps',
  'secrets',
  'serviceaccounts',
  'persistentvolumeclaims',
  'persistentvolumes',
  'storageclasses',
  'ingresses',
  'networkpolicies',
  'horizontalpodautoscalers',
  'roles',
  'clusterroles',
  'rolebindings',
  'clusterrolebindings',
  'leases',
  'resourcequotas',
  'limitranges',
  'customresourcedefinitions',
  'podmetrics',
  'nodemetrics',
] as const;
export type FixtureKey = (typeof FIXTURE_KEYS)[number];

/** Kept for compatibility: the fixture keys were named after the resources they hold. */
export const RESOURCE_NAMES = FIXTURE_KEYS;
export type ResourceName = FixtureKey;

/** Read-only view: no create/update/patch/delete verbs are advertised. */
export const READ_VERBS: readonly string[] = ['get', 'list', 'watch'];
/** metrics-server serves no watch. */
const METRICS_VERBS: readonly string[] = ['get', 'list'];

/** Field values compare as the strings the apiserver derives from scalars; anything else is empty. */
const str = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';

function podFields(): Record<string, FieldGetter> {
  const pod = (o: KubeObject) => o as Pod;
  return {
    'spec.nodeName': (o) => str(pod(o).spec?.nodeName),
    'spec.restartPolicy': (o) => str(pod(o).spec?.['restartPolicy']),
    'spec.schedulerName': (o) => str(pod(o).spec?.['schedulerName']),
    'spec.serviceAccountName': (o) => str(pod(o).spec?.['serviceAccountName']),
    'spec.hostNetwork': (o) => String(pod(o).spec?.['hostNetwork'] === true),
    'status.phase': (o) => str(pod(o).status?.phase),
    'status.podIP': (o) => str(pod(o).status?.podIP),
    'status.nominatedNodeName': (o) => str(pod(o).status?.nominatedNodeName),
  };
}

function eventFields(prefix: 'involvedObject' | 'regarding'): Record<string, FieldGetter> {
  const ev = (o: KubeObject) => o as Event;
  const involved = (o: KubeObject) => ev(o).involvedObject ?? {};
  const fields: Record<string, FieldGetter> = {
    [`${prefix}.kind`]: (o) => str(involved(o).kind),
    [`${prefix}.namespace`]: (o) => str(involved(o).namespace),
    [`${prefix}.name`]: (o) => str(involved(o).name),
    [`${prefix}.uid`]: (o) => str(involved(o).uid),
    [`${prefix}.apiVersion`]: (o) => str(involved(o).apiVersion),
    [`${prefix}.resourceVersion`]: (o) => str(involved(o).resourceVersion),
    [`${prefix}.fieldPath`]: (o) => str(involved(o).fieldPath),
    reason: (o) => str(ev(o).reason),
    type: (o) => str(ev(o).type),
  };
  if (prefix === 'involvedObject') {
    fields['reportingComponent'] = (o) => str(ev(o).reportingComponent);
    fields['source'] = (o) => str(ev(o).source?.component || ev(o).reportingComponent);
  } else {
    fields['reportingController'] = (o) => str(ev(o).reportingComponent);
  }
  return fields;
}

/** A stored core/v1 Event as events.k8s.io/v1 shows it (the apiserver converts on read). */
export function eventsV1(object: KubeObject): KubeObject {
  const e = object as Event;
  const out: KubeObject = {
    kind: 'Event',
    apiVersion: 'events.k8s.io/v1',
    metadata: e.metadata,
    eventTime: e.eventTime ?? null,
  };
  if (e.series) out['series'] = e.series;
  if (e.reportingComponent) out['reportingController'] = e.reportingComponent;
  if (e.reportingInstance) out['reportingInstance'] = e.reportingInstance;
  if (e['action']) out['action'] = e['action'];
  if (e.reason) out['reason'] = e.reason;
  out['regarding'] = e.involvedObject ?? {};
  if (e['related']) out['related'] = e['related'];
  if (e.message) out['note'] = e.message;
  if (e.type) out['type'] = e.type;
  out['deprecatedSource'] = e.source ?? {};
  out['deprecatedFirstTimestamp'] = e.firstTimestamp ?? null;
  out['deprecatedLastTimestamp'] = e.lastTimestamp ?? null;
  if (e.count) out['deprecatedCount'] = e.count;
  return out;
}

interface DefInput {
  /** The plural; usually also the fixture key. */
  name: string;
  singularName: string;
  kind: string;
  group?: string;
  version?: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  printer?: Printer;
  fields?: Record<string, FieldGetter>;
  storage?: FixtureKey;
  verbs?: readonly string[];
  present?: (object: KubeObject) => KubeObject;
  subresources?: { name: string; verbs: readonly string[] }[];
  warning?: string;
}

function def(input: DefInput): ResourceDef {
  return {
    name: input.name,
    singularName: input.singularName,
    kind: input.kind,
    group: input.group ?? '',
    version: input.version ?? 'v1',
    namespaced: input.namespaced,
    shortNames: input.shortNames ?? [],
    ...(input.categories ? { categories: input.categories } : {}),
    verbs: input.verbs ?? READ_VERBS,
    printer: input.printer ?? defaultPrinter,
    fields: input.fields ?? {},
    storage: input.storage ?? input.name,
    ...(input.present ? { present: input.present } : {}),
    ...(input.subresources ? { subresources: input.subresources } : {}),
    ...(input.warning ? { warning: input.warning } : {}),
  };
}

const ALL = ['all'];
const apps = { group: 'apps' };
const batch = { group: 'batch' };
const networking = { group: 'networking.k8s.io' };
const rbac = { group: 'rbac.authorization.k8s.io' };
const storage = { group: 'storage.k8s.io' };

/** Built-in resources in the order the apiserver lists them within each group version. */
export const RESOURCES: readonly ResourceDef[] = [
  // core/v1, alphabetical as the apiserver's discovery lists them
  def({
    name: 'configmaps',
    singularName: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
    printer: configMapPrinter,
  }),
  def({
    name: 'endpoints',
    singularName: 'endpoints',
    kind: 'Endpoints',
    namespaced: true,
    shortNames: ['ep'],
    printer: endpointsPrinter,
    warning: 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice',
  }),
  def({
    name: 'events',
    singularName: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    printer: eventPrinter,
    fields: eventFields('involvedObject'),
  }),
  def({
    name: 'limitranges',
    singularName: 'limitrange',
    kind: 'LimitRange',
    namespaced: true,
    shortNames: ['limits'],
  }),
  def({
    name: 'namespaces',
    singularName: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    printer: namespacePrinter,
    fields: { 'status.phase': (o) => str((o as { status?: { phase?: string } }).status?.phase) },
  }),
  def({
    name: 'nodes',
    singularName: 'node',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    printer: nodePrinter,
    fields: { 'spec.unschedulable': (o) => String((o as Node).spec?.unschedulable === true) },
  }),
  def({
    name: 'persistentvolumeclaims',
    singularName: 'persistentvolumeclaim',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    shortNames: ['pvc'],
    printer: persistentVolumeClaimPrinter,
  }),
  def({
    name: 'persistentvolumes',
    singularName: 'persistentvolume',
    kind: 'PersistentVolume',
    namespaced: false,
    shortNames: ['pv'],
    printer: persistentVolumePrinter,
  }),
  def({
    name: 'pods',
    singularName: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ALL,
    printer: podPrinter,
    fields: podFields(),
    subresources: [
      { name: 'log', verbs: ['get'] },
      { name: 'status', verbs: ['get'] },
    ],
  }),
  def({
    name: 'resourcequotas',
    singularName: 'resourcequota',
    kind: 'ResourceQuota',
    namespaced: true,
    shortNames: ['quota'],
    printer: resourceQuotaPrinter,
  }),
  def({
    name: 'secrets',
    singularName: 'secret',
    kind: 'Secret',
    namespaced: true,
    printer: secretPrinter,
    fields: { type: (o) => str(o['type']) },
  }),
  def({
    name: 'serviceaccounts',
    singularName: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
    printer: serviceAccountPrinter,
  }),
  def({
    name: 'services',
    singularName: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ALL,
    printer: servicePrinter,
    fields: {
      'spec.clusterIP': (o) => str((o as Service).spec?.clusterIP),
      'spec.type': (o) => str((o as Service).spec?.type),
    },
    subresources: [{ name: 'status', verbs: ['get'] }],
  }),
  // apps/v1
  def({
    name: 'controllerrevisions',
    singularName: 'controllerrevision',
    kind: 'ControllerRevision',
    ...apps,
    namespaced: true,
    printer: controllerRevisionPrinter,
  }),
  def({
    name: 'daemonsets',
    singularName: 'daemonset',
    kind: 'DaemonSet',
    ...apps,
    namespaced: true,
    shortNames: ['ds'],
    categories: ALL,
    printer: daemonSetPrinter,
    subresources: [{ name: 'status', verbs: ['get'] }],
  }),
  def({
    name: 'deployments',
    singularName: 'deployment',
    kind: 'Deployment',
    ...apps,
    namespaced: true,
    shortNames: ['deploy'],
    categories: ALL,
    printer: deploymentPrinter,
    subresources: [{ name: 'status', verbs: ['get'] }],
  }),
  def({
    name: 'replicasets',
    singularName: 'replicaset',
    kind: 'ReplicaSet',
    ...apps,
    namespaced: true,
    shortNames: ['rs'],
    categories: ALL,
    printer: replicaSetPrinter,
    fields: { 'status.replicas': (o) => str((o as ReplicaSet).status?.replicas ?? 0) },
    subresources: [{ name: 'status', verbs: ['get'] }],
  }),
  def({
    name: 'statefulsets',
    singularName: 'statefulset',
    kind: 'StatefulSet',
    ...apps,
    namespaced: true,
    shortNames: ['sts'],
    categories: ALL,
    printer: statefulSetPrinter,
    subresources: [{ name: 'status', verbs: ['get'] }],
  }),
  // events.k8s.io/v1 reads the same events as core/v1
  def({
    name: 'events',
    singularName: 'event',
    kind: 'Event',
    group: 'events.k8s.io',
    namespaced: true,
    shortNames: ['ev'],
    printer: eventPrinter,
    fields: eventFields('regarding'),
    storage: 'events',
    present: eventsV1,
  }),
  // autoscaling/v2
  def({
    name: 'horizontalpodautoscalers',
    singularName: 'horizontalpodautoscaler',
    kind: 'HorizontalPodAutoscaler',
    group: 'autoscaling',
    version: 'v2',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ALL,
    printer: horizontalPodAutoscalerPrinter,
    subresources: [{ name: 'status', verbs: ['get'] }],
  }),
  // batch/v1
  def({
    name: 'cronjobs',
    singularName: 'cronjob',
    kind: 'CronJob',
    ...batch,
    namespaced: true,
    shortNames: ['cj'],
    categories: ALL,
    printer: cronJobPrinter,
    subresources: [{ name: 'status', verbs: ['get'] }],
  }),
  def({
    name: 'jobs',
    singularName: 'job',
    kind: 'Job',
    ...batch,
    namespaced: true,
    categories: ALL,
    printer: jobPrinter,
    fields: {
      'status.successful': (o) =>
        str((o as { status?: { succeeded?: number } }).status?.succeeded ?? 0),
    },
    subresources: [{ name: 'status', verbs: ['get'] }],
  }),
  // networking.k8s.io/v1
  def({
    name: 'ingresses',
    singularName: 'ingress',
    kind: 'Ingress',
    ...networking,
    namespaced: true,
    shortNames: ['ing'],
    printer: ingressPrinter,
    subresources: [{ name: 'status', verbs: ['get'] }],
  }),
  def({
    name: 'networkpolicies',
    singularName: 'networkpolicy',
    kind: 'NetworkPolicy',
    ...networking,
    namespaced: true,
    shortNames: ['netpol'],
    printer: networkPolicyPrinter,
  }),
  // rbac.authorization.k8s.io/v1: Role and ClusterRole have no printer, so the default table applies
  def({
    name: 'clusterrolebindings',
    singularName: 'clusterrolebinding',
    kind: 'ClusterRoleBinding',
    ...rbac,
    namespaced: false,
    printer: clusterRoleBindingPrinter,
  }),
  def({
    name: 'clusterroles',
    singularName: 'clusterrole',
    kind: 'ClusterRole',
    ...rbac,
    namespaced: false,
  }),
  def({
    name: 'rolebindings',
    singularName: 'rolebinding',
    kind: 'RoleBinding',
    ...rbac,
    namespaced: true,
    printer: roleBindingPrinter,
  }),
  def({ name: 'roles', singularName: 'role', kind: 'Role', ...rbac, namespaced: true }),
  // storage.k8s.io/v1
  def({
    name: 'storageclasses',
    singularName: 'storageclass',
    kind: 'StorageClass',
    ...storage,
    namespaced: false,
    shortNames: ['sc'],
    printer: storageClassPrinter,
  }),
  // apiextensions.k8s.io/v1: CRDs print with the default table
  def({
    name: 'customresourcedefinitions',
    singularName: 'customresourcedefinition',
    kind: 'CustomResourceDefinition',
    group: 'apiextensions.k8s.io',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    subresources: [{ name: 'status', verbs: ['get'] }],
  }),
  // coordination.k8s.io/v1
  def({
    name: 'leases',
    singularName: 'lease',
    kind: 'Lease',
    group: 'coordination.k8s.io',
    namespaced: true,
    printer: leasePrinter,
  }),
  // discovery.k8s.io/v1
  def({
    name: 'endpointslices',
    singularName: 'endpointslice',
    kind: 'EndpointSlice',
    group: 'discovery.k8s.io',
    namespaced: true,
    printer: endpointSlicePrinter,
  }),
];

/** metrics.k8s.io/v1beta1, served only when the cluster has a metrics server. */
export const METRICS_RESOURCES: readonly ResourceDef[] = [
  def({
    name: 'nodes',
    singularName: '',
    kind: 'NodeMetrics',
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    namespaced: false,
    printer: nodeMetricsPrinter,
    storage: 'nodemetrics',
    verbs: METRICS_VERBS,
  }),
  def({
    name: 'pods',
    singularName: '',
    kind: 'PodMetrics',
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    namespaced: true,
    printer: podMetricsPrinter,
    storage: 'podmetrics',
    verbs: METRICS_VERBS,
  }),
];

export function groupVersion(resource: Pick<ResourceDef, 'group' | 'version'>): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

/** The full set of selectable fields, metadata ones included (namespace only for namespaced kinds). */
export function selectableFields(resource: ResourceDef): Record<string, FieldGetter> {
  const fields: Record<string, FieldGetter> = { 'metadata.name': (o) => o.metadata.name };
  if (resource.namespaced) fields['metadata.namespace'] = (o) => o.metadata.namespace ?? '';
  return { ...fields, ...resource.fields };
}
