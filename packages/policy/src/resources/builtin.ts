// The standard Kubernetes resources, as discovery lists them: what resolves when no discovery is
// given, and the one table of facts (scope, kind, names) a cluster's discovery may not contradict.
import type { ApiResource } from './api-resource.js';

type Row = [
  name: string,
  singular: string,
  short: string,
  kind: string,
  groupVersion: string,
  namespaced: boolean,
  categories?: string,
];

// Order matters as it does in kubectl: core first, then groups in the API server's preferred
// order, so an ambiguous name (`events`) resolves to the same group kubectl picks.
// Create-only kinds (bindings, tokenreviews, *subjectaccessreviews) are left out: nothing to read.
const ROWS: Row[] = [
  ['componentstatuses', 'componentstatus', 'cs', 'ComponentStatus', 'v1', false],
  ['configmaps', 'configmap', 'cm', 'ConfigMap', 'v1', true],
  ['endpoints', 'endpoints', 'ep', 'Endpoints', 'v1', true],
  ['events', 'event', 'ev', 'Event', 'v1', true],
  ['limitranges', 'limitrange', 'limits', 'LimitRange', 'v1', true],
  ['namespaces', 'namespace', 'ns', 'Namespace', 'v1', false],
  ['nodes', 'node', 'no', 'Node', 'v1', false],
  ['persistentvolumeclaims', 'persistentvolumeclaim', 'pvc', 'PersistentVolumeClaim', 'v1', true],
  ['persistentvolumes', 'persistentvolume', 'pv', 'PersistentVolume', 'v1', false],
  ['pods', 'pod', 'po', 'Pod', 'v1', true, 'all'],
  ['podtemplates', 'podtemplate', '', 'PodTemplate', 'v1', true],
  [
    'replicationcontrollers',
    'replicationcontroller',
    'rc',
    'ReplicationController',
    'v1',
    true,
    'all',
  ],
  ['resourcequotas', 'resourcequota', 'quota', 'ResourceQuota', 'v1', true],
  ['secrets', 'secret', '', 'Secret', 'v1', true],
  ['serviceaccounts', 'serviceaccount', 'sa', 'ServiceAccount', 'v1', true],
  ['services', 'service', 'svc', 'Service', 'v1', true, 'all'],
  [
    'apiservices',
    'apiservice',
    '',
    'APIService',
    'apiregistration.k8s.io/v1',
    false,
    'api-extensions',
  ],
  ['controllerrevisions', 'controllerrevision', '', 'ControllerRevision', 'apps/v1', true],
  ['daemonsets', 'daemonset', 'ds', 'DaemonSet', 'apps/v1', true, 'all'],
  ['deployments', 'deployment', 'deploy', 'Deployment', 'apps/v1', true, 'all'],
  ['replicasets', 'replicaset', 'rs', 'ReplicaSet', 'apps/v1', true, 'all'],
  ['statefulsets', 'statefulset', 'sts', 'StatefulSet', 'apps/v1', true, 'all'],
  ['events', 'event', 'ev', 'Event', 'events.k8s.io/v1', true],
  [
    'horizontalpodautoscalers',
    'horizontalpodautoscaler',
    'hpa',
    'HorizontalPodAutoscaler',
    'autoscaling/v2',
    true,
    'all',
  ],
  [
    'horizontalpodautoscalers',
    'horizontalpodautoscaler',
    'hpa',
    'HorizontalPodAutoscaler',
    'autoscaling/v1',
    true,
    'all',
  ],
  ['cronjobs', 'cronjob', 'cj', 'CronJob', 'batch/v1', true, 'all'],
  ['jobs', 'job', '', 'Job', 'batch/v1', true, 'all'],
  [
    'certificatesigningrequests',
    'certificatesigningrequest',
    'csr',
    'CertificateSigningRequest',
    'certificates.k8s.io/v1',
    false,
  ],
  ['ingressclasses', 'ingressclass', '', 'IngressClass', 'networking.k8s.io/v1', false],
  ['ingresses', 'ingress', 'ing', 'Ingress', 'networking.k8s.io/v1', true],
  ['ipaddresses', 'ipaddress', 'ip', 'IPAddress', 'networking.k8s.io/v1', false],
  ['networkpolicies', 'networkpolicy', 'netpol', 'NetworkPolicy', 'networking.k8s.io/v1', true],
  ['servicecidrs', 'servicecidr', '', 'ServiceCIDR', 'networking.k8s.io/v1', false],
  ['poddisruptionbudgets', 'poddisruptionbudget', 'pdb', 'PodDisruptionBudget', 'policy/v1', true],
  [
    'clusterrolebindings',
    'clusterrolebinding',
    '',
    'ClusterRoleBinding',
    'rbac.authorization.k8s.io/v1',
    false,
  ],
  ['clusterroles', 'clusterrole', '', 'ClusterRole', 'rbac.authorization.k8s.io/v1', false],
  ['rolebindings', 'rolebinding', '', 'RoleBinding', 'rbac.authorization.k8s.io/v1', true],
  ['roles', 'role', '', 'Role', 'rbac.authorization.k8s.io/v1', true],
  ['csidrivers', 'csidriver', '', 'CSIDriver', 'storage.k8s.io/v1', false],
  ['csinodes', 'csinode', '', 'CSINode', 'storage.k8s.io/v1', false],
  [
    'csistoragecapacities',
    'csistoragecapacity',
    '',
    'CSIStorageCapacity',
    'storage.k8s.io/v1',
    true,
  ],
  ['storageclasses', 'storageclass', 'sc', 'StorageClass', 'storage.k8s.io/v1', false],
  ['volumeattachments', 'volumeattachment', '', 'VolumeAttachment', 'storage.k8s.io/v1', false],
  [
    'volumeattributesclasses',
    'volumeattributesclass',
    'vac',
    'VolumeAttributesClass',
    'storage.k8s.io/v1',
    false,
  ],
  [
    'mutatingwebhookconfigurations',
    'mutatingwebhookconfiguration',
    '',
    'MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1',
    false,
    'api-extensions',
  ],
  [
    'validatingadmissionpolicies',
    'validatingadmissionpolicy',
    '',
    'ValidatingAdmissionPolicy',
    'admissionregistration.k8s.io/v1',
    false,
    'api-extensions',
  ],
  [
    'validatingadmissionpolicybindings',
    'validatingadmissionpolicybinding',
    '',
    'ValidatingAdmissionPolicyBinding',
    'admissionregistration.k8s.io/v1',
    false,
    'api-extensions',
  ],
  [
    'validatingwebhookconfigurations',
    'validatingwebhookconfiguration',
    '',
    'ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1',
    false,
    'api-extensions',
  ],
  [
    'customresourcedefinitions',
    'customresourcedefinition',
    'crd,crds',
    'CustomResourceDefinition',
    'apiextensions.k8s.io/v1',
    false,
    'api-extensions',
  ],
  ['priorityclasses', 'priorityclass', 'pc', 'PriorityClass', 'scheduling.k8s.io/v1', false],
  ['leases', 'lease', '', 'Lease', 'coordination.k8s.io/v1', true],
  ['runtimeclasses', 'runtimeclass', '', 'RuntimeClass', 'node.k8s.io/v1', false],
  ['endpointslices', 'endpointslice', '', 'EndpointSlice', 'discovery.k8s.io/v1', true],
  ['flowschemas', 'flowschema', '', 'FlowSchema', 'flowcontrol.apiserver.k8s.io/v1', false],
  [
    'prioritylevelconfigurations',
    'prioritylevelconfiguration',
    '',
    'PriorityLevelConfiguration',
    'flowcontrol.apiserver.k8s.io/v1',
    false,
  ],
];

// Built-in resources that do not resolve without discovery but whose facts are just as fixed:
// create-only kinds (nothing to read, but a report may list them), metrics-server's aggregated
// metrics.k8s.io, kinds still in alpha or beta, and kinds of groups older clusters serve.
const OTHER_ROWS: Row[] = [
  ['bindings', 'binding', '', 'Binding', 'v1', true],
  ['tokenreviews', 'tokenreview', '', 'TokenReview', 'authentication.k8s.io/v1', false],
  [
    'selfsubjectreviews',
    'selfsubjectreview',
    '',
    'SelfSubjectReview',
    'authentication.k8s.io/v1',
    false,
  ],
  [
    'localsubjectaccessreviews',
    'localsubjectaccessreview',
    '',
    'LocalSubjectAccessReview',
    'authorization.k8s.io/v1',
    true,
  ],
  [
    'selfsubjectaccessreviews',
    'selfsubjectaccessreview',
    '',
    'SelfSubjectAccessReview',
    'authorization.k8s.io/v1',
    false,
  ],
  [
    'selfsubjectrulesreviews',
    'selfsubjectrulesreview',
    '',
    'SelfSubjectRulesReview',
    'authorization.k8s.io/v1',
    false,
  ],
  [
    'subjectaccessreviews',
    'subjectaccessreview',
    '',
    'SubjectAccessReview',
    'authorization.k8s.io/v1',
    false,
  ],
  [
    'clustertrustbundles',
    'clustertrustbundle',
    '',
    'ClusterTrustBundle',
    'certificates.k8s.io/v1beta1',
    false,
  ],
  [
    'podcertificaterequests',
    'podcertificaterequest',
    '',
    'PodCertificateRequest',
    'certificates.k8s.io/v1beta1',
    true,
  ],
  ['leasecandidates', 'leasecandidate', '', 'LeaseCandidate', 'coordination.k8s.io/v1beta1', true],
  [
    'mutatingadmissionpolicies',
    'mutatingadmissionpolicy',
    '',
    'MutatingAdmissionPolicy',
    'admissionregistration.k8s.io/v1beta1',
    false,
    'api-extensions',
  ],
  [
    'mutatingadmissionpolicybindings',
    'mutatingadmissionpolicybinding',
    '',
    'MutatingAdmissionPolicyBinding',
    'admissionregistration.k8s.io/v1beta1',
    false,
    'api-extensions',
  ],
  ['deviceclasses', 'deviceclass', '', 'DeviceClass', 'resource.k8s.io/v1', false],
  ['resourceclaims', 'resourceclaim', '', 'ResourceClaim', 'resource.k8s.io/v1', true],
  [
    'resourceclaimtemplates',
    'resourceclaimtemplate',
    '',
    'ResourceClaimTemplate',
    'resource.k8s.io/v1',
    true,
  ],
  ['resourceslices', 'resourceslice', '', 'ResourceSlice', 'resource.k8s.io/v1', false],
  ['devicetaintrules', 'devicetaintrule', '', 'DeviceTaintRule', 'resource.k8s.io/v1alpha3', false],
  [
    'podschedulingcontexts',
    'podschedulingcontext',
    '',
    'PodSchedulingContext',
    'resource.k8s.io/v1alpha2',
    true,
  ],
  ['resourceclasses', 'resourceclass', '', 'ResourceClass', 'resource.k8s.io/v1alpha2', false],
  [
    'storageversionmigrations',
    'storageversionmigration',
    '',
    'StorageVersionMigration',
    'storagemigration.k8s.io/v1alpha1',
    false,
  ],
  [
    'storageversions',
    'storageversion',
    '',
    'StorageVersion',
    'internal.apiserver.k8s.io/v1alpha1',
    false,
  ],
  ['clustercidrs', 'clustercidr', '', 'ClusterCIDR', 'networking.k8s.io/v1alpha1', false],
  ['podsecuritypolicies', 'podsecuritypolicy', 'psp', 'PodSecurityPolicy', 'policy/v1beta1', false],
  ['nodes', '', '', 'NodeMetrics', 'metrics.k8s.io/v1beta1', false],
  ['pods', '', '', 'PodMetrics', 'metrics.k8s.io/v1beta1', true],
  ['daemonsets', 'daemonset', 'ds', 'DaemonSet', 'extensions/v1beta1', true],
  ['deployments', 'deployment', 'deploy', 'Deployment', 'extensions/v1beta1', true],
  ['ingresses', 'ingress', 'ing', 'Ingress', 'extensions/v1beta1', true],
  ['networkpolicies', 'networkpolicy', 'netpol', 'NetworkPolicy', 'extensions/v1beta1', true],
  [
    'podsecuritypolicies',
    'podsecuritypolicy',
    'psp',
    'PodSecurityPolicy',
    'extensions/v1beta1',
    false,
  ],
  ['replicasets', 'replicaset', 'rs', 'ReplicaSet', 'extensions/v1beta1', true],
];

function toResource([
  name,
  singularName,
  short,
  kind,
  gv,
  namespaced,
  categories,
]: Row): ApiResource {
  const slash = gv.indexOf('/');
  return Object.freeze({
    name,
    singularName,
    shortNames: short ? short.split(',') : [],
    kind,
    group: slash < 0 ? '' : gv.slice(0, slash),
    version: slash < 0 ? gv : gv.slice(slash + 1),
    namespaced,
    categories: categories ? categories.split(',') : [],
  });
}

export const BUILTIN_RESOURCES: readonly ApiResource[] = ROWS.map(toResource);

/** A built-in resource (any version) and its rank: lower ranks win when a name is ambiguous. */
export interface Builtin {
  facts: ApiResource;
  rank: number;
}

const KNOWN = new Map<string, Builtin>();
for (const r of [...BUILTIN_RESOURCES, ...OTHER_ROWS.map(toResource)]) {
  const key = `${r.name}.${r.group}`;
  if (!KNOWN.has(key)) KNOWN.set(key, Object.freeze({ facts: r, rank: KNOWN.size }));
}

/** Every API group Kubernetes itself serves (metrics-server's included); custom resources live elsewhere. */
export const BUILTIN_GROUPS: ReadonlySet<string> = new Set(
  [...KNOWN.values()].map((b) => b.facts.group),
);

/** The built-in resource with this plural in this group, whatever the version, or undefined. */
export function builtin(resource: string, group: string): Builtin | undefined {
  return KNOWN.get(`${resource}.${group}`);
}

/** Every built-in resource, in rank order. */
export function builtins(): IterableIterator<Builtin> {
  return KNOWN.values();
}
