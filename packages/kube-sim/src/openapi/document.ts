// /openapi/v3: the index of group versions and one OpenAPI document per group version, built from
// the documented definitions (built-in kinds) and the CRDs' own schemas (custom resources).
import { createHash } from 'node:crypto';
import type { Registry } from '../registry.js';
import type { ResourceDef } from '../resources.js';
import type { CustomResourceDefinition } from '../types.js';
import { DEFINITIONS, OBJECT_META } from './definitions.js';
import { refTo, typeMeta, type JsonSchema } from './dsl.js';

const API_GROUP_PACKAGES: Record<string, string> = {
  '': 'io.k8s.api.core.v1',
  apps: 'io.k8s.api.apps.v1',
  batch: 'io.k8s.api.batch.v1',
};

/** "api/v1" or "apis/apps/v1": the key kubectl looks a group version up by. */
export function documentPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** The definition name the apiserver gives a CRD's schema: the group reversed, then version and kind. */
function customDefinitionName(group: string, version: string, kind: string): string {
  return [...group.split('.').reverse(), version, kind].join('.');
}

/** Every definition `names` refers to, directly or through others. */
function closure(
  names: string[],
  schemas: ReadonlyMap<string, JsonSchema>,
): Map<string, JsonSchema> {
  const out = new Map<string, JsonSchema>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (k === '$ref' && typeof v === 'string') add(v.replace('#/components/schemas/', ''));
        else visit(v);
      }
    }
  };
  const add = (name: string): void => {
    if (out.has(name)) return;
    const schema = schemas.get(name);
    if (!schema) return;
    out.set(name, schema);
    visit(schema);
  };
  names.forEach(add);
  return out;
}

function operation(resource: ResourceDef, action: 'get' | 'list', definition: string): JsonSchema {
  const gv = resource.group === '' ? 'core' : resource.group.replaceAll('.', '_');
  return {
    tags: [`${gv}_${resource.version}`],
    description:
      action === 'list'
        ? `list or watch objects of kind ${resource.kind}`
        : `read the specified ${resource.kind}`,
    operationId: `${action === 'list' ? 'list' : 'read'}${resource.kind}`,
    responses: {
      '200': {
        description: 'OK',
        ...(action === 'get'
          ? { content: { 'application/json': { schema: { $ref: refTo(definition) } } } }
          : {}),
      },
    },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': {
      group: resource.group,
      kind: resource.kind,
      version: resource.version,
    },
  };
}

function paths(resource: ResourceDef, definition: string): Record<string, JsonSchema> {
  const prefix = `/${documentPath(resource.group, resource.version)}`;
  const out: Record<string, JsonSchema> = {};
  if (resource.namespaced) {
    out[`${prefix}/${resource.name}`] = { get: operation(resource, 'list', definition) };
    out[`${prefix}/namespaces/{namespace}/${resource.name}`] = {
      get: operation(resource, 'list', definition),
    };
    out[`${prefix}/namespaces/{namespace}/${resource.name}/{name}`] = {
      get: operation(resource, 'get', definition),
    };
  } else {
    out[`${prefix}/${resource.name}`] = { get: operation(resource, 'list', definition) };
    out[`${prefix}/${resource.name}/{name}`] = { get: operation(resource, 'get', definition) };
  }
  return out;
}

/** A CRD version's schema as the apiserver publishes it: with typed metadata and its group-version-kind. */
function customSchema(crd: CustomResourceDefinition, version: string): JsonSchema | undefined {
  const v = crd.spec.versions.find((x) => x.name === version);
  const schema = v?.schema?.openAPIV3Schema as JsonSchema | undefined;
  if (!schema) return undefined;
  const properties = {
    ...((schema['properties'] as Record<string, JsonSchema> | undefined) ?? {}),
    ...typeMeta(OBJECT_META),
  };
  return {
    ...schema,
    properties,
    'x-kubernetes-group-version-kind': [
      { group: crd.spec.group, kind: crd.spec.names.kind, version },
    ],
  };
}

export interface OpenApiDocuments {
  /** The /openapi/v3 index. */
  index: unknown;
  /** Documents by path ("api/v1"), as JSON text. */
  documents: ReadonlyMap<string, string>;
}

export function buildOpenApi(
  registry: Registry,
  crds: readonly CustomResourceDefinition[],
): OpenApiDocuments {
  const byPath = new Map<
    string,
    { paths: Record<string, JsonSchema>; roots: string[]; schemas: Map<string, JsonSchema> }
  >();
  for (const resource of registry.resources) {
    if (resource.present && !resource.storage.startsWith('cr:')) continue;
    const path = documentPath(resource.group, resource.version);
    let name: string | undefined;
    const schemas = new Map<string, JsonSchema>(DEFINITIONS);
    const pkg = API_GROUP_PACKAGES[resource.group];
    if (pkg && DEFINITIONS.has(`${pkg}.${resource.kind}`)) {
      name = `${pkg}.${resource.kind}`;
    } else if (resource.storage.startsWith('cr:')) {
      const crd = crds.find(
        (c) => c.spec.group === resource.group && c.spec.names.plural === resource.name,
      );
      const schema = crd ? customSchema(crd, resource.version) : undefined;
      if (schema) {
        name = customDefinitionName(resource.group, resource.version, resource.kind);
        schemas.set(name, schema);
      }
    }
    if (!name) continue;
    const doc = byPath.get(path) ?? { paths: {}, roots: [], schemas };
    for (const [k, v] of schemas) doc.schemas.set(k, v);
    Object.assign(doc.paths, paths(resource, name));
    doc.roots.push(name);
    byPath.set(path, doc);
  }
  const documents = new Map<string, string>();
  const index: Record<string, { serverRelativeURL: string }> = {};
  for (const [path, doc] of byPath) {
    const components = Object.fromEntries(
      [...closure(doc.roots, doc.schemas)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const text = JSON.stringify({
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: 'v1.35.0' },
      paths: doc.paths,
      components: { schemas: components },
    });
    documents.set(path, text);
    const hash = createHash('sha512').update(text).digest('hex').toUpperCase();
    index[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { index: { paths: index }, documents };
}
