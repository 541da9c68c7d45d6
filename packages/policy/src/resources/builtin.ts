// The standard Kubernetes v1.35 resources, as discovery lists them, for when no discovery is given.
import type { ApiResource } from './table.js';

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
  ['replicationcontrollers', 'replicationcontroller', 'rc', 'ReplicationController', 'v1', true, 'all'],
  ['resourcequotas', 'resourcequota', 'quota', 'ResourceQuota', 'v1', true],
  ['secrets', 'secret', '', 'Secret', 'v1', true],
  ['serviceaccounts', 'serviceaccount', 'sa', 'ServiceAccount', 'v1', true],
  ['services', 'service', 'svc', 'Service', 'v1', true, 'all'],
  ['apiservices', 'apiservice', '', 'APIService', 'apiregistration.k8s.io/v1', false, 'api-extensions'],
  ['controllerrevisions', 'controllerrevision', '', 'ControllerRevision', 'apps/v1', true],
  ['daemonsets', 'daemonset', 'ds', 'DaemonSet', 'apps/v1', true, 'all'],
  ['deployments', 'deployment', 'deploy', 'Deployment', 'apps/v1', true, 'all'],
  ['replicasets', 'replicaset', 'rs', 'ReplicaSet', 'apps/v1', true, 'all'],
  ['statefulsets', 'statefulset', 'sts', 'StatefulSet', 'apps/v1', true, 'all'],
  ['events', 'event', 'ev', 'Event', 'events.k8s.io/v1', true],
  ['horizontalpodautoscalers', 'horizontalpodautoscaler', 'hpa', 'HorizontalPodAutoscaler', 'autoscaling/v2', true, 'all'],
  ['horizontalpodautoscalers', 'horizontalpodautoscaler', 'hpa', 'HorizontalPodAutoscaler', 'autoscaling/v1', true, 'all'],
  ['cronjobs', 'cronjob', 'cj', 'CronJob', 'batch/v1', true, 'all'],
  ['jobs', 'job', '', 'Job', 'batch/v1', true, 'all'],
  ['certificatesigningrequests', 'certificatesigningrequest', 'csr', 'CertificateSigningRequest', 'certificates.k8s.io/v1', false],
  ['ingressclasses', 'ingressclass', '', 'IngressClass', 'networking.k8s.io/v1', false],
  ['ingresses', 'ingress', 'ing', 'Ingress', 'networking.k8s.io/v1', true],
  ['ipaddresses', 'ipaddress', 'ip', 'IPAddress', 'networking.k8s.io/v1', false],
  ['networkpolicies', 'networkpolicy', 'netpol', 'NetworkPolicy', 'networking.k8s.io/v1', true],
  ['servicecidrs', 'servicecidr', '', 'ServiceCIDR', 'networking.k8s.io/v1', false],
  ['poddisruptionbudgets', 'poddisruptionbudget', 'pdb', 'PodDisruptionBudget', 'policy/v1', true],
  ['clusterrolebindings', 'clusterrolebinding', '', 'ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', false],
  ['clusterroles', 'clusterrole', '', 'ClusterRole', 'rbac.authorization.k8s.io/v1', false],
  ['rolebindings', 'rolebinding', '', 'RoleBinding', 'rbac.authorization.k8s.io/v1', true],
  ['roles', 'role', '', 'Role', 'rbac.authorization.k8s.io/v1', true],
  ['csidrivers', 'csidriver', '', 'CSIDriver', 'storage.k8s.io/v1', false],
  ['csinodes', 'csinode', '', 'CSINode', 'storage.k8s.io/v1', false],
  ['csistoragecapacities', 'csistoragecapacity', '', 'CSIStorageCapacity', 'storage.k8s.io/v1', true],
  ['storageclasses', 'storageclass', 'sc', 'StorageClass', 'storage.k8s.io/v1', false],
  ['volumeattachments', 'volumeattachment', '', 'VolumeAttachment', 'storage.k8s.io/v1', false],
  ['volumeattributesclasses', 'volumeattributesclass', 'vac', 'VolumeAttributesClass', 'storage.k8s.io/v1', false],
  ['mutatingwebhookconfigurations', 'mutatingwebhookconfiguration', '', 'MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', false, 'api-extensions'],
  ['validatingadmissionpolicies', 'validatingadmissionpolicy', '', 'ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/v1', false, 'api-extensions'],
  ['validatingadmissionpolicybindings', 'validatingadmissionpolicybinding', '', 'ValidatingAdmissionPolicyBinding', 'admissionregistration.k8s.io/v1', false, 'api-extensions'],
  ['validatingwebhookconfigurations', 'validatingwebhookconfiguration', '', 'ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', false, 'api-extensions'],
  ['customresourcedefinitions', 'customresourcedefinition', 'crd,crds', 'CustomResourceDefinition', 'apiextensions.k8s.io/v1', false, 'api-extensions'],
  ['priorityclasses', 'priorityclass', 'pc', 'PriorityClass', 'scheduling.k8s.io/v1', false],
  ['leases', 'lease', '', 'Lease', 'coordination.k8s.io/v1', true],
  ['runtimeclasses', 'runtimeclass', '', 'RuntimeClass', 'node.k8s.io/v1', false],
  ['endpointslices', 'endpointslice', '', 'EndpointSlice', 'discovery.k8s.io/v1', true],
  ['flowschemas', 'flowschema', '', 'FlowSchema', 'flowcontrol.apiserver.k8s.io/v1', false],
  ['prioritylevelconfigurations', 'prioritylevelconfiguration', '', 'PriorityLevelConfiguration', 'flowcontrol.apiserver.k8s.io/v1', false],
];

export const BUILTIN_RESOURCES: readonly ApiResource[] = ROWS.map(
  ([name, singularName, short, kind, gv, namespaced, categories]) => {
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
  },
);
