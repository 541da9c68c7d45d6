// Offline validation of rendered objects against the Kubernetes OpenAPI models (no cluster needed).
//
// @kubernetes/client-node is generated from the Kubernetes OpenAPI document: every model class
// carries its fields and their types (attributeTypeMap), and its .d.ts marks required fields
// (no `?`). Walking an object against them catches what the API server would refuse: unknown
// or misspelt fields, wrong types, missing required fields. The two prometheus-operator kinds
// the chart may render are described below by hand in the same type language.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import type { K8sObject } from './render.js';

interface Attribute {
  name: string;
  baseName: string;
  type: string;
}

interface Model {
  attributes: Attribute[];
  required: Set<string>;
}

/** apiVersion/kind → model, and whether the kind lives in a namespace. */
const KINDS: Record<string, { model: string; namespaced: boolean }> = {
  'v1/Namespace': { model: 'V1Namespace', namespaced: false },
  'v1/ServiceAccount': { model: 'V1ServiceAccount', namespaced: true },
  'v1/Secret': { model: 'V1Secret', namespaced: true },
  'v1/ConfigMap': { model: 'V1ConfigMap', namespaced: true },
  'v1/Service': { model: 'V1Service', namespaced: true },
  'apps/v1/Deployment': { model: 'V1Deployment', namespaced: true },
  'apps/v1/StatefulSet': { model: 'V1StatefulSet', namespaced: true },
  'policy/v1/PodDisruptionBudget': { model: 'V1PodDisruptionBudget', namespaced: true },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    model: 'V2HorizontalPodAutoscaler',
    namespaced: true,
  },
  'networking.k8s.io/v1/NetworkPolicy': { model: 'V1NetworkPolicy', namespaced: true },
  'networking.k8s.io/v1/Ingress': { model: 'V1Ingress', namespaced: true },
  'rbac.authorization.k8s.io/v1/ClusterRole': { model: 'V1ClusterRole', namespaced: false },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': {
    model: 'V1ClusterRoleBinding',
    namespaced: false,
  },
  'rbac.authorization.k8s.io/v1/Role': { model: 'V1Role', namespaced: true },
  'rbac.authorization.k8s.io/v1/RoleBinding': { model: 'V1RoleBinding', namespaced: true },
  'monitoring.coreos.com/v1/ServiceMonitor': { model: 'ServiceMonitor', namespaced: true },
  'monitoring.coreos.com/v1/PrometheusRule': { model: 'PrometheusRule', namespaced: true },
};

const attr = (baseName: string, type: string): Attribute => ({ name: baseName, baseName, type });

/** The subset of the prometheus-operator CRD schemas (monitoring.coreos.com/v1) the chart uses. */
const CUSTOM: Record<string, Model> = {
  ServiceMonitor: {
    attributes: [
      attr('apiVersion', 'string'),
      attr('kind', 'string'),
      attr('metadata', 'V1ObjectMeta'),
      attr('spec', 'ServiceMonitorSpec'),
    ],
    required: new Set(['spec']),
  },
  ServiceMonitorSpec: {
    attributes: [
      attr('selector', 'V1LabelSelector'),
      attr('namespaceSelector', 'ServiceMonitorNamespaceSelector'),
      attr('endpoints', 'Array<ServiceMonitorEndpoint>'),
      attr('jobLabel', 'string'),
    ],
    required: new Set(['selector', 'endpoints']),
  },
  ServiceMonitorNamespaceSelector: {
    attributes: [attr('any', 'boolean'), attr('matchNames', 'Array<string>')],
    required: new Set(),
  },
  ServiceMonitorEndpoint: {
    attributes: [
      attr('port', 'string'),
      attr('path', 'string'),
      attr('interval', 'Duration'),
      attr('scrapeTimeout', 'Duration'),
      attr('scheme', 'string'),
    ],
    required: new Set(),
  },
  PrometheusRule: {
    attributes: [
      attr('apiVersion', 'string'),
      attr('kind', 'string'),
      attr('metadata', 'V1ObjectMeta'),
      attr('spec', 'PrometheusRuleSpec'),
    ],
    required: new Set(['spec']),
  },
  PrometheusRuleSpec: {
    attributes: [attr('groups', 'Array<PrometheusRuleGroup>')],
    required: new Set(),
  },
  PrometheusRuleGroup: {
    attributes: [
      attr('name', 'string'),
      attr('interval', 'Duration'),
      attr('rules', 'Array<PrometheusRuleRule>'),
    ],
    required: new Set(['name']),
  },
  PrometheusRuleRule: {
    attributes: [
      attr('alert', 'string'),
      attr('record', 'string'),
      attr('expr', 'IntOrString'),
      attr('for', 'Duration'),
      attr('labels', '{ [key: string]: string; }'),
      attr('annotations', '{ [key: string]: string; }'),
    ],
    required: new Set(['expr']),
  },
};

const modelsDir = join(
  dirname(createRequire(import.meta.url).resolve('@kubernetes/client-node')),
  'gen',
  'models',
);
const cache = new Map<string, Model | null>();

function loadModel(name: string): Model | null {
  const custom = CUSTOM[name];
  if (custom) return custom;
  if (cache.has(name)) return cache.get(name) ?? null;
  const cls = (k8s as unknown as Record<string, { getAttributeTypeMap?: () => Attribute[] }>)[name];
  if (typeof cls?.getAttributeTypeMap !== 'function') {
    cache.set(name, null);
    return null;
  }
  const attributes = cls.getAttributeTypeMap();
  // Required = declared without `?` in the generated declaration file.
  const declaration = readFileSync(join(modelsDir, `${name}.d.ts`), 'utf8');
  const requiredNames = new Set([...declaration.matchAll(/^\s+'([^']+)':\s/gm)].map((m) => m[1]));
  const required = new Set(
    attributes.filter((a) => requiredNames.has(a.name)).map((a) => a.baseName),
  );
  const model = { attributes, required };
  cache.set(name, model);
  return model;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DURATION = /^(0|(\d+(ms|s|m|h|d|w|y))+)$/;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problems of one value against a type of the client's type language, at `path`. */
function check(
  value: unknown,
  type: string,
  path: string,
  problems: string[],
  quantity = false,
): void {
  if (value === null || value === undefined) return; // null means "unset" to the API server.
  const array = /^Array<(.+)>$/.exec(type);
  if (array?.[1]) {
    if (!Array.isArray(value))
      return void problems.push(`${path}: expected a list, got ${typeName(value)}`);
    value.forEach((item, i) =>
      check(item, array[1] as string, `${path}[${i}]`, problems, quantity),
    );
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map?.[1]) {
    if (!isPlainObject(value))
      return void problems.push(`${path}: expected a map, got ${typeName(value)}`);
    for (const [key, item] of Object.entries(value))
      check(item, map[1], `${path}.${key}`, problems, quantity);
    return;
  }
  switch (type) {
    case 'any':
    case 'object':
      return;
    case 'string':
      // Resource quantities are strings in the model but the API server also takes numbers.
      if (typeof value === 'string' || (quantity && typeof value === 'number')) return;
      return void problems.push(`${path}: expected a string, got ${typeName(value)}`);
    case 'number':
      if (typeof value === 'number' && Number.isInteger(value)) return;
      return void problems.push(`${path}: expected an integer, got ${JSON.stringify(value)}`);
    case 'boolean':
      if (typeof value === 'boolean') return;
      return void problems.push(`${path}: expected true or false, got ${JSON.stringify(value)}`);
    case 'IntOrString':
      if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))
        return;
      return void problems.push(`${path}: expected an integer or a string, got ${typeName(value)}`);
    case 'Date':
      if (typeof value === 'string' && RFC3339.test(value)) return;
      return void problems.push(`${path}: expected an RFC 3339 time, got ${JSON.stringify(value)}`);
    case 'Duration':
      if (typeof value === 'string' && DURATION.test(value)) return;
      return void problems.push(
        `${path}: expected a Prometheus duration, got ${JSON.stringify(value)}`,
      );
  }
  const model = loadModel(type);
  if (!model) return void problems.push(`${path}: no schema for type ${type}`);
  if (!isPlainObject(value))
    return void problems.push(`${path}: expected an object (${type}), got ${typeName(value)}`);
  const known = new Map(model.attributes.map((a) => [a.baseName, a]));
  for (const [key, item] of Object.entries(value)) {
    const attribute = known.get(key);
    if (!attribute) {
      problems.push(`${path}.${key}: unknown field of ${type}`);
      continue;
    }
    const isQuantity =
      quantity || (type === 'V1ResourceRequirements' && (key === 'limits' || key === 'requests'));
    check(item, attribute.type, `${path}.${key}`, problems, isQuantity);
  }
  for (const field of model.required) {
    if (value[field] === undefined || value[field] === null)
      problems.push(`${path}.${field}: required by ${type}`);
  }
}

function checkMetadata(object: K8sObject, namespaced: boolean, problems: string[]): void {
  const meta = object.metadata;
  if (!isPlainObject(meta)) return void problems.push('metadata: missing');
  const name = meta.name;
  if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    problems.push(`metadata.name: ${JSON.stringify(name)} is not a DNS-1123 subdomain`);
  }
  // Service names become DNS labels (RFC 1035): stricter.
  if (
    object.kind === 'Service' &&
    typeof name === 'string' &&
    (name.length > 63 || !DNS_LABEL.test(name))
  ) {
    problems.push(`metadata.name: ${JSON.stringify(name)} is not a DNS-1035 label`);
  }
  if (namespaced && typeof meta.namespace !== 'string')
    problems.push('metadata.namespace: missing on a namespaced kind');
  if (!namespaced && meta.namespace !== undefined)
    problems.push('metadata.namespace: set on a cluster-scoped kind');
  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    if (!LABEL_NAME.test(key) || key.split('/').at(-1)!.length > 63)
      problems.push(`metadata.labels: invalid key ${JSON.stringify(key)}`);
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      problems.push(`metadata.labels.${key}: invalid value ${JSON.stringify(value)}`);
    }
  }
}

/** Every problem the Kubernetes API server would report for this object, as `path: reason` lines. */
export function validateObject(object: K8sObject): string[] {
  const problems: string[] = [];
  const kind = KINDS[`${object.apiVersion}/${object.kind}`];
  if (!kind)
    return [
      `${object.apiVersion}/${object.kind}: not a kind this validator knows (add it to KINDS)`,
    ];
  check(object, kind.model, object.kind, problems);
  checkMetadata(object, kind.namespaced, problems);
  if (object.kind === 'Secret') {
    for (const [key, value] of Object.entries(
      (object.data as Record<string, unknown> | undefined) ?? {},
    )) {
      if (typeof value !== 'string' || !BASE64.test(value) || value.length % 4 !== 0)
        problems.push(`Secret.data.${key}: not base64`);
    }
  }
  return problems;
}
