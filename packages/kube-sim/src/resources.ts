// The resources kube-sim serves: discovery facts, table printer and selectable fields of each.
import { eventPrinter } from './table/events.js';
import { namespacePrinter } from './table/namespaces.js';
import { nodePrinter } from './table/nodes.js';
import { podPrinter } from './table/pods.js';
import type { Printer } from './table/printer.js';
import { servicePrinter } from './table/services.js';
import { deploymentPrinter, replicaSetPrinter } from './table/workloads.js';
import type { Event, KubeObject, Node, Pod, ReplicaSet, Service } from './types.js';

export type FieldGetter = (object: KubeObject) => string;

export interface ResourceDef {
  /** Plural name used in paths, e.g. "pods". */
  name: ResourceName;
  singularName: string;
  kind: string;
  group: '' | 'apps';
  version: 'v1';
  namespaced: boolean;
  shortNames: string[];
  categories?: string[];
  printer: Printer;
  /** Field selector keys the apiserver accepts for this resource, beyond metadata.name/namespace. */
  fields: Record<string, FieldGetter>;
}

export const RESOURCE_NAMES = [
  'namespaces',
  'nodes',
  'pods',
  'services',
  'events',
  'deployments',
  'replicasets',
] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];

/** Read-only view: no create/update/patch/delete verbs are advertised. */
export const READ_VERBS = ['get', 'list', 'watch'];

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

function eventFields(): Record<string, FieldGetter> {
  const ev = (o: KubeObject) => o as Event;
  const involved = (o: KubeObject) => ev(o).involvedObject ?? {};
  return {
    'involvedObject.kind': (o) => str(involved(o).kind),
    'involvedObject.namespace': (o) => str(involved(o).namespace),
    'involvedObject.name': (o) => str(involved(o).name),
    'involvedObject.uid': (o) => str(involved(o).uid),
    'involvedObject.apiVersion': (o) => str(involved(o).apiVersion),
    'involvedObject.resourceVersion': (o) => str(involved(o).resourceVersion),
    'involvedObject.fieldPath': (o) => str(involved(o).fieldPath),
    reason: (o) => str(ev(o).reason),
    reportingComponent: (o) => str(ev(o).reportingComponent),
    source: (o) => str(ev(o).source?.component || ev(o).reportingComponent),
    type: (o) => str(ev(o).type),
  };
}

export const RESOURCES: readonly ResourceDef[] = [
  {
    name: 'namespaces',
    singularName: 'namespace',
    kind: 'Namespace',
    group: '',
    version: 'v1',
    namespaced: false,
    shortNames: ['ns'],
    printer: namespacePrinter,
    fields: { 'status.phase': (o) => str((o as { status?: { phase?: string } }).status?.phase) },
  },
  {
    name: 'nodes',
    singularName: 'node',
    kind: 'Node',
    group: '',
    version: 'v1',
    namespaced: false,
    shortNames: ['no'],
    printer: nodePrinter,
    fields: { 'spec.unschedulable': (o) => String((o as Node).spec?.unschedulable === true) },
  },
  {
    name: 'pods',
    singularName: 'pod',
    kind: 'Pod',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    printer: podPrinter,
    fields: podFields(),
  },
  {
    name: 'services',
    singularName: 'service',
    kind: 'Service',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    printer: servicePrinter,
    fields: {
      'spec.clusterIP': (o) => str((o as Service).spec?.clusterIP),
      'spec.type': (o) => str((o as Service).spec?.type),
    },
  },
  {
    name: 'events',
    singularName: 'event',
    kind: 'Event',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['ev'],
    printer: eventPrinter,
    fields: eventFields(),
  },
  {
    name: 'deployments',
    singularName: 'deployment',
    kind: 'Deployment',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    printer: deploymentPrinter,
    fields: {},
  },
  {
    name: 'replicasets',
    singularName: 'replicaset',
    kind: 'ReplicaSet',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    printer: replicaSetPrinter,
    fields: { 'status.replicas': (o) => str((o as ReplicaSet).status?.replicas ?? 0) },
  },
];

export function groupVersion(resource: ResourceDef): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

export function findResource(
  group: string,
  version: string,
  name: string,
): ResourceDef | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.name === name);
}

/** The full set of selectable fields, metadata ones included (namespace only for namespaced kinds). */
export function selectableFields(resource: ResourceDef): Record<string, FieldGetter> {
  const fields: Record<string, FieldGetter> = { 'metadata.name': (o) => o.metadata.name };
  if (resource.namespaced) fields['metadata.namespace'] = (o) => o.metadata.namespace ?? '';
  return { ...fields, ...resource.fields };
}
