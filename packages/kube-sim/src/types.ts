// The slice of the Kubernetes object model that kube-sim reads; every other field passes through untouched.

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Any stored object: typed metadata, the rest as plain JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface Container {
  name: string;
  image?: string;
  restartPolicy?: string;
  [key: string]: unknown;
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: {
    exitCode?: number;
    signal?: number;
    reason?: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
  };
}

export interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
  [key: string]: unknown;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  [key: string]: unknown;
}

export interface Pod extends KubeObject {
  spec?: {
    nodeName?: string;
    containers?: Container[];
    initContainers?: Container[];
    readinessGates?: { conditionType: string }[];
    [key: string]: unknown;
  };
  status?: {
    phase?: string;
    reason?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    nominatedNodeName?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    [key: string]: unknown;
  };
}

export interface PodTemplate {
  metadata?: Partial<ObjectMeta>;
  spec?: { containers?: Container[]; [key: string]: unknown };
}

export interface Deployment extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
    [key: string]: unknown;
  };
  status?: {
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    [key: string]: unknown;
  };
}

export interface ReplicaSet extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
    [key: string]: unknown;
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    [key: string]: unknown;
  };
}

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  nodePort?: number;
  targetPort?: number | string;
}

export interface Service extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ports?: ServicePort[];
    selector?: Record<string, string>;
    [key: string]: unknown;
  };
  status?: {
    loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] };
    [key: string]: unknown;
  };
}

export interface Node extends KubeObject {
  spec?: { unschedulable?: boolean; [key: string]: unknown };
  status?: {
    conditions?: Condition[];
    addresses?: { type: string; address: string }[];
    nodeInfo?: {
      kubeletVersion?: string;
      osImage?: string;
      kernelVersion?: string;
      containerRuntimeVersion?: string;
      [key: string]: unknown;
    };
    [key: string]: unknown;
  };
}

export interface Namespace extends KubeObject {
  status?: { phase?: string; [key: string]: unknown };
}

export interface Event extends KubeObject {
  involvedObject?: {
    kind?: string;
    namespace?: string;
    name?: string;
    uid?: string;
    apiVersion?: string;
    resourceVersion?: string;
    fieldPath?: string;
  };
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  count?: number;
  series?: { count?: number; lastObservedTime?: string };
  type?: string;
  reportingComponent?: string;
  reportingInstance?: string;
}

export interface StatefulSet extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
    [key: string]: unknown;
  };
  status?: { replicas?: number; readyReplicas?: number; [key: string]: unknown };
}

export interface DaemonSet extends KubeObject {
  spec?: {
    selector?: LabelSelector;
    template?: PodTemplate & { spec?: { nodeSelector?: Record<string, string> } };
    [key: string]: unknown;
  };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    [key: string]: unknown;
  };
}

export interface ControllerRevision extends KubeObject {
  revision?: number;
  data?: unknown;
}

export interface Job extends KubeObject {
  spec?: {
    completions?: number;
    parallelism?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
    [key: string]: unknown;
  };
  status?: {
    succeeded?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: Condition[];
    [key: string]: unknown;
  };
}

export interface CronJob extends KubeObject {
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    jobTemplate?: { spec?: Job['spec'] };
    [key: string]: unknown;
  };
  status?: { active?: unknown[]; lastScheduleTime?: string; [key: string]: unknown };
}

export interface Endpoints extends KubeObject {
  subsets?: {
    addresses?: { ip: string }[];
    notReadyAddresses?: { ip: string }[];
    ports?: { name?: string; port: number; protocol?: string }[];
  }[];
}

export interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: { addresses?: string[] }[];
  ports?: { name?: string; port?: number; protocol?: string }[];
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: {
    volumeName?: string;
    storageClassName?: string;
    volumeAttributesClassName?: string;
    volumeMode?: string;
    [key: string]: unknown;
  };
  status?: {
    phase?: string;
    capacity?: Record<string, string>;
    accessModes?: string[];
    [key: string]: unknown;
  };
}

export interface PersistentVolume extends KubeObject {
  spec?: {
    capacity?: Record<string, string>;
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    claimRef?: { namespace?: string; name?: string };
    storageClassName?: string;
    volumeAttributesClassName?: string;
    volumeMode?: string;
    [key: string]: unknown;
  };
  status?: { phase?: string; reason?: string; [key: string]: unknown };
}

export interface StorageClass extends KubeObject {
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
}

export interface Ingress extends KubeObject {
  spec?: {
    ingressClassName?: string;
    rules?: { host?: string; [key: string]: unknown }[];
    tls?: unknown[];
    [key: string]: unknown;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface NetworkPolicy extends KubeObject {
  spec?: { podSelector?: LabelSelector; [key: string]: unknown };
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleBinding extends KubeObject {
  roleRef?: { apiGroup?: string; kind: string; name: string };
  subjects?: Subject[];
}

export interface MetricTarget {
  type?: string;
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

export interface MetricValueStatus {
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

export interface MetricSpec {
  type: string;
  resource?: { name: string; target: MetricTarget };
  containerResource?: { name: string; container?: string; target: MetricTarget };
  pods?: { target: MetricTarget; [key: string]: unknown };
  object?: { target: MetricTarget; [key: string]: unknown };
  external?: { target: MetricTarget; [key: string]: unknown };
}

export interface MetricStatus {
  type: string;
  resource?: { name: string; current: MetricValueStatus };
  containerResource?: { name: string; current: MetricValueStatus };
  pods?: { current: MetricValueStatus };
  object?: { current: MetricValueStatus };
  external?: { current: MetricValueStatus };
}

export interface HorizontalPodAutoscaler extends KubeObject {
  spec?: {
    scaleTargetRef?: { kind: string; name: string; apiVersion?: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: MetricSpec[];
    [key: string]: unknown;
  };
  status?: { currentReplicas?: number; currentMetrics?: MetricStatus[]; [key: string]: unknown };
}

export interface ResourceQuota extends KubeObject {
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

export interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; [key: string]: unknown };
}

export interface ContainerMetrics {
  name: string;
  usage: Record<string, string>;
}

export interface PodMetrics extends KubeObject {
  timestamp?: string;
  window?: string;
  containers?: ContainerMetrics[];
}

export interface NodeMetrics extends KubeObject {
  timestamp?: string;
  window?: string;
  usage?: Record<string, string>;
}

export interface CustomResourceColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export interface CustomResourceDefinition extends KubeObject {
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: {
      plural: string;
      singular?: string;
      kind: string;
      listKind?: string;
      shortNames?: string[];
      categories?: string[];
    };
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      additionalPrinterColumns?: CustomResourceColumn[];
      schema?: { openAPIV3Schema?: unknown };
      [key: string]: unknown;
    }[];
    [key: string]: unknown;
  };
}
