// A compact way to describe OpenAPI v3 schemas the way the apiserver publishes them: object fields
// that point at other definitions are wrapped in allOf, arrays of objects carry allOf items, enums
// list their values in the description as "Possible enum values".

export type JsonSchema = Record<string, unknown>;

/** A definition's name is its Go package path and type, e.g. io.k8s.api.core.v1.Pod. */
export interface Definition {
  name: string;
  schema: JsonSchema;
}

export const refTo = (name: string): string => `#/components/schemas/${name}`;

export function str(
  description: string,
  options: { enum?: string[]; format?: string } = {},
): JsonSchema {
  if (options.enum) {
    const values = options.enum.map((v) => ` - \`"${v}"\``).join('\n');
    return {
      description: `${description}\n\nPossible enum values:\n${values}`,
      type: 'string',
      enum: options.enum,
    };
  }
  return { description, type: 'string', ...(options.format ? { format: options.format } : {}) };
}

export const int = (description: string, format: 'int32' | 'int64' = 'int32'): JsonSchema => ({
  description,
  type: 'integer',
  format,
});

export const bool = (description: string): JsonSchema => ({ description, type: 'boolean' });

/** A field holding another definition: {allOf: [{$ref}]}, as the apiserver writes struct fields. */
export const ref = (name: string, description: string): JsonSchema => ({
  allOf: [{ $ref: refTo(name) }],
  description,
});

type Item = 'string' | 'integer' | { ref: string };

function item(of: Item): JsonSchema {
  if (of === 'string') return { type: 'string', default: '' };
  if (of === 'integer') return { type: 'integer', format: 'int32', default: 0 };
  return { allOf: [{ $ref: refTo(of.ref) }], default: {} };
}

export const arr = (of: Item, description: string, extra: JsonSchema = {}): JsonSchema => ({
  description,
  type: 'array',
  items: item(of),
  ...extra,
});

export const map = (of: Item, description: string): JsonSchema => ({
  description,
  type: 'object',
  additionalProperties: of === 'string' || of === 'integer' ? item(of) : { $ref: refTo(of.ref) },
});

export interface ObjectOptions {
  required?: string[];
  /** group, version, kind of a top-level kind. */
  gvk?: [string, string, string];
}

export function obj(
  name: string,
  description: string,
  properties: Record<string, JsonSchema>,
  options: ObjectOptions = {},
): Definition {
  return {
    name,
    schema: {
      description,
      type: 'object',
      ...(options.required ? { required: options.required } : {}),
      properties,
      ...(options.gvk
        ? {
            'x-kubernetes-group-version-kind': [
              { group: options.gvk[0], kind: options.gvk[2], version: options.gvk[1] },
            ],
          }
        : {}),
    },
  };
}

/** The apiVersion, kind and metadata fields every top-level kind starts with. */
export function typeMeta(objectMeta: string): Record<string, JsonSchema> {
  return {
    apiVersion: str(
      'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
    ),
    kind: str(
      'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
    ),
    metadata: ref(
      objectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
  };
}
