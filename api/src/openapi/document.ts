// The OpenAPI 3.1 document of the app (GET /openapi.json), generated from the operation table's
// zod schemas with zod's own JSON Schema output (draft 2020-12, the dialect of OpenAPI 3.1).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  ErrorBody,
  ExecResult,
  OutputPage,
  PendingCommand,
  PolicyCheckResult,
  WhoAmI,
  FleetExecResponse,
} from '@porthole/protocol';
import type { Access, Method, Operation } from './operations.js';

/** A route as hono lists it in `app.routes` (middleware included). */
export interface RegisteredRoute {
  method: string;
  path: string;
}

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/** Shared response shapes, published once under components.schemas and referred to by name. */
const NAMED: ReadonlyArray<[string, z.ZodType]> = [
  ['Error', ErrorBody],
  ['Result', ExecResult],
  ['PendingCommand', PendingCommand],
  ['OutputPage', OutputPage],
  ['FleetResults', FleetExecResponse],
  ['WhoAmI', WhoAmI],
  ['PolicyCheck', PolicyCheckResult],
];

const SECURITY: Record<Access, Array<Record<string, string[]>>> = {
  none: [],
  client: [{ apiKey: [] }],
  admin: [{ apiKey: [] }],
  agent: [{ agentToken: [] }],
};

/**
 * The routes of an app as `METHOD /path` ('ALL' for middleware and any-method handlers): the
 * wildcard patterns middleware is mounted on are not routes.
 */
export function routeKeys(routes: readonly RegisteredRoute[]): Set<string> {
  return new Set(
    routes.filter((r) => !r.path.endsWith('*')).map((r) => `${r.method.toUpperCase()} ${r.path}`),
  );
}

/** Whether the app answers this operation (a route of its method, or of any method). */
export function isRegistered(keys: ReadonlySet<string>, method: Method, path: string): boolean {
  return keys.has(`${method.toUpperCase()} ${path}`) || keys.has(`ALL ${path}`);
}

/** The document of the operations the app registers; `routes` is the app's `app.routes`. */
export function openApiDocument(
  ops: readonly Operation[],
  routes: readonly RegisteredRoute[],
): Record<string, unknown> {
  const keys = routeKeys(routes);
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of NAMED) registry.add(schema, { id });
  const components = z.toJSONSchema(registry, {
    io: 'output',
    uri: (id) => `#/components/schemas/${id}`,
  }).schemas;
  const names = new Map(NAMED.map(([id, schema]) => [schema, id]));
  const output = (schema: z.ZodType) => {
    const name = names.get(schema);
    return name ? { $ref: `#/components/schemas/${name}` } : jsonSchema(schema, 'output');
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    if (!isRegistered(keys, op.method, op.path)) continue;
    const path = op.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters = [
      ...[...op.path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => ({
        name,
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...Object.entries(op.query ?? {}).map(([name, q]) => ({
        name,
        in: 'query',
        required: false,
        description: q.description,
        schema: jsonSchema(q.schema, 'input'),
      })),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      responses[status] = r.schema
        ? {
            description: r.description,
            content: r.mediaType
              ? { [r.mediaType]: { schema: output(r.schema) } }
              : json(output(r.schema)),
          }
        : { description: r.description };
    }
    responses.default = {
      description: 'An error: {"error":{"code","message"}} with the status of its code',
      content: json({ $ref: '#/components/schemas/Error' }),
    };
    (paths[path] ??= {})[op.method] = {
      summary: op.summary,
      operationId: operationId(op),
      security: SECURITY[op.access],
      ...(op.access === 'admin' ? { description: 'Needs an admin key (or an admin scope).' } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: op.body.required,
              content: json(jsonSchema(op.body.schema, 'input')),
            },
          }
        : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Porthole',
      version: VERSION,
      description: 'Read-only remote debugging gateway for Kubernetes.',
    },
    paths,
    components: {
      schemas: Object.fromEntries(
        Object.entries(components).map(([id, schema]) => [id, bare(schema)]),
      ),
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key, an admin key, or an OIDC token',
        },
        agentToken: { type: 'http', scheme: 'bearer', description: "A cluster's agent token" },
      },
    },
  };
}

function json(schema: unknown) {
  return { 'application/json': { schema } };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return bare(z.toJSONSchema(schema, { io }));
}

/** Without `$schema` and `$id`: OpenAPI 3.1 documents give schemas their dialect and names. */
function bare(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/** `post /v1/clusters/:clusterId/exec` → `postV1ClustersClusterIdExec`. */
function operationId(op: Operation): string {
  const words = op.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return [op.method, ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}
