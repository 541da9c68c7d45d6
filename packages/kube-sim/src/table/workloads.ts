// Deployment and ReplicaSet rows as the apiserver prints them (printDeployment, printReplicaSet).
import type { Deployment, KubeObject, ReplicaSet } from '../types.js';
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, column } from './columns.js';
import { timestampSince } from './duration.js';
import { containerCells, formatLabelSelector, labelSelectorString } from './format.js';
import type { Cell, Printer } from './printer.js';

export const deploymentColumns = [
  NAME_COLUMN,
  column('Ready', 'string', 'Number of the pod with ready state'),
  column(
    'Up-to-date',
    'string',
    'Total number of non-terminating pods targeted by this deployment that have the desired template spec.',
  ),
  column(
    'Available',
    'string',
    'Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.',
  ),
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  column(
    'Selector',
    'string',
    'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
    1,
  ),
];

export const replicaSetColumns = [
  NAME_COLUMN,
  column(
    'Desired',
    'integer',
    'Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset',
  ),
  column(
    'Current',
    'integer',
    'Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset',
  ),
  column(
    'Ready',
    'integer',
    'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.',
  ),
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  column(
    'Selector',
    'string',
    'Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    1,
  ),
];

function deploymentCells(object: KubeObject, now: Date): Cell[] {
  const deployment = object as Deployment;
  const status = deployment.status ?? {};
  // spec.replicas defaults to 1 when the stored object was created without it.
  const desired = deployment.spec?.replicas ?? 1;
  const [names, images] = containerCells(deployment.spec?.template?.spec?.containers);
  return [
    deployment.metadata.name,
    `${status.readyReplicas ?? 0}/${desired}`,
    status.updatedReplicas ?? 0,
    status.availableReplicas ?? 0,
    timestampSince(deployment.metadata.creationTimestamp, now),
    names,
    images,
    labelSelectorString(deployment.spec?.selector),
  ];
}

function replicaSetCells(object: KubeObject, now: Date): Cell[] {
  const rs = object as ReplicaSet;
  const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
  return [
    rs.metadata.name,
    rs.spec?.replicas ?? 1,
    rs.status?.replicas ?? 0,
    rs.status?.readyReplicas ?? 0,
    timestampSince(rs.metadata.creationTimestamp, now),
    names,
    images,
    formatLabelSelector(rs.spec?.selector),
  ];
}

export const deploymentPrinter: Printer = { columns: deploymentColumns, cells: deploymentCells };
export const replicaSetPrinter: Printer = { columns: replicaSetColumns, cells: replicaSetCells };
