// describerMap: which describer prints which kind; the generic one for every other kind.
import type { Mapping } from '../resource/discovery.js';
import type { Describer } from './related.js';
import { describePodKind } from './pod.js';
import {
  describeService,
  describeServiceAccount,
  describeNamespace,
  describeEndpoints,
  describeConfigMap,
  describeSecret,
  describeResourceQuota,
  describeLimitRange,
} from './core.js';
import { describeNode } from './node.js';
import { describePv, describePvc, describeStorageClass } from './storage.js';
import {
  describeDeployment,
  describeReplicaSet,
  describeStatefulSet,
  describeDaemonSet,
} from './apps.js';
import { describeJob, describeCronJob } from './batch.js';
import { describeHpa } from './autoscaling.js';
import {
  describeIngress,
  describeIngressClass,
  describeNetworkPolicy,
  describeEndpointSlice,
} from './networking.js';
import { describePdb } from './policy.js';
import { describePriorityClass } from './scheduling.js';
import {
  describeRoleKind,
  describeClusterRole,
  describeRoleBinding,
  describeClusterRoleBinding,
} from './rbac.js';
import { genericDescriber } from './generic.js';

/** describerMap: the dedicated describers, by `group/Kind`. */
const DESCRIBERS: Record<string, Describer> = {
  '/Pod': describePodKind,
  '/Service': describeService,
  '/ServiceAccount': describeServiceAccount,
  '/Node': describeNode,
  '/Namespace': describeNamespace,
  '/Endpoints': describeEndpoints,
  '/ConfigMap': describeConfigMap,
  '/Secret': describeSecret,
  '/PersistentVolume': describePv,
  '/PersistentVolumeClaim': describePvc,
  '/ResourceQuota': describeResourceQuota,
  '/LimitRange': describeLimitRange,
  'apps/Deployment': describeDeployment,
  'apps/ReplicaSet': describeReplicaSet,
  'apps/StatefulSet': describeStatefulSet,
  'apps/DaemonSet': describeDaemonSet,
  'batch/Job': describeJob,
  'batch/CronJob': describeCronJob,
  'autoscaling/HorizontalPodAutoscaler': describeHpa,
  'networking.k8s.io/Ingress': describeIngress,
  'extensions/Ingress': describeIngress,
  'networking.k8s.io/IngressClass': describeIngressClass,
  'networking.k8s.io/NetworkPolicy': describeNetworkPolicy,
  'discovery.k8s.io/EndpointSlice': describeEndpointSlice,
  'storage.k8s.io/StorageClass': describeStorageClass,
  'policy/PodDisruptionBudget': describePdb,
  'scheduling.k8s.io/PriorityClass': describePriorityClass,
  'rbac.authorization.k8s.io/Role': describeRoleKind,
  'rbac.authorization.k8s.io/ClusterRole': describeClusterRole,
  'rbac.authorization.k8s.io/RoleBinding': describeRoleBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': describeClusterRoleBinding,
};

/** describe.Describer: the dedicated describer for the mapping's kind, else the generic one. */
export function describerFor(m: Mapping): Describer {
  return DESCRIBERS[`${m.group}/${m.kind}`] ?? genericDescriber(m);
}
