// StatefulSet, DaemonSet and ControllerRevision rows as the apiserver prints them.
import type { ControllerRevision, DaemonSet, KubeObject, StatefulSet } from '../types.js';
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, column } from './columns.js';
import { timestampSince } from './duration.js';
import { containerCells, formatLabelSelector, formatLabels } from './format.js';
import type { Cell, Printer } from './printer.js';

export const statefulSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Number of the pod with ready state'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const sts = object as StatefulSet;
    const [names, images] = containerCells(sts.spec?.template?.spec?.containers);
    // spec.replicas is defaulted to 1 by the apiserver, so a stored object always has it.
    return [
      sts.metadata.name,
      `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`,
      timestampSince(sts.metadata.creationTimestamp, now),
      names,
      images,
    ];
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Desired',
      'integer',
      'The total number of nodes that should be running the daemon pod.',
    ),
    column(
      'Current',
      'integer',
      'The number of nodes running at least one daemon pod that are supposed to.',
    ),
    column(
      'Ready',
      'integer',
      'The number of nodes running the daemon pod with a Ready condition.',
    ),
    column('Up-to-date', 'integer', 'The number of nodes running the updated daemon pod spec.'),
    column('Available', 'integer', 'The number of nodes running an available daemon pod.'),
    column(
      'Node Selector',
      'string',
      'Labels a node must carry for the pod to be scheduled on it.',
    ),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column('Selector', 'string', 'A label query over the pods this daemon set manages.', 1),
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const ds = object as DaemonSet;
    const status = ds.status ?? {};
    const [names, images] = containerCells(ds.spec?.template?.spec?.containers);
    return [
      ds.metadata.name,
      status.desiredNumberScheduled ?? 0,
      status.currentNumberScheduled ?? 0,
      status.numberReady ?? 0,
      status.updatedNumberScheduled ?? 0,
      status.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      timestampSince(ds.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};

/** formatResourceName for the controller: "kind.group/name" in lower case ("daemonset.apps/x"). */
export function controllerName(object: KubeObject): string {
  const owner = (object.metadata.ownerReferences ?? []).find((o) => o.controller === true);
  if (!owner) return '<none>';
  const slash = owner.apiVersion.indexOf('/');
  const group = slash === -1 ? '' : owner.apiVersion.slice(0, slash);
  const groupKind = group === '' ? owner.kind : `${owner.kind}.${group}`;
  return `${groupKind.toLowerCase()}/${owner.name}`;
}

export const controllerRevisionPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', 'The revision this object represents.'),
    AGE_COLUMN,
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const rev = object as ControllerRevision;
    return [
      rev.metadata.name,
      controllerName(rev),
      rev.revision ?? 0,
      timestampSince(rev.metadata.creationTimestamp, now),
    ];
  },
};
