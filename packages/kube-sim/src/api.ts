// Resource requests: list, get, watch and pod logs, in the representation the client asked for.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendBytes, sendJson, sendStatus, toJson } from './http.js';
import { parseLogQuery, podLogs } from './logs.js';
import { negotiate, type Representation } from './negotiate.js';
import { groupVersion, selectableFields, type ResourceDef } from './resources.js';
import {
  SelectorError,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
  type LabelRequirement,
} from './selectors.js';
import { badRequest, objectNotFound, pathNotFound, type Status } from './status.js';
import type { OpenApiDocuments } from './openapi/document.js';
import type { ClusterStore } from './store.js';
import { buildTable, partialObjectMetadata, type IncludeObject } from './table/index.js';
import type { KubeObject } from './types.js';

export interface ApiContext {
  store: ClusterStore;
  openapi: OpenApiDocuments;
  now: () => Date;
  /** Open watch responses, ended when the server closes. */
  watches: Set<ServerResponse>;
}

export interface ResourcePath {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

/** Splits /api/v1/... and /apis/{group}/{version}/... paths; undefined for anything else. */
export function parseResourcePath(segments: string[]): ResourcePath | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    [group, version, rest] = ['', segments[1] ?? '', segments.slice(2)];
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    [group, version, rest] = [segments[1] ?? '', segments[2] ?? '', segments.slice(3)];
  } else {
    return undefined;
  }
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    if (rest.length > 5) return undefined;
    const [, namespace = '', resource = '', name, subresource] = rest;
    return {
      group,
      version,
      namespace,
      resource,
      ...(name ? { name } : {}),
      ...(subresource ? { subresource } : {}),
    };
  }
  if (rest.length > 3) return undefined;
  const [resource = '', name, subresource] = rest;
  return {
    group,
    version,
    resource,
    ...(name ? { name } : {}),
    ...(subresource ? { subresource } : {}),
  };
}

interface Selection {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

function parseSelection(resource: ResourceDef, query: URLSearchParams): Selection | Status {
  try {
    const labels = parseLabelSelector(query.get('labelSelector') ?? '');
    const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
    const known = selectableFields(resource);
    const unsupported = fields.find((f) => !(f.key in known));
    if (unsupported) return badRequest(`field label not supported: ${unsupported.key}`);
    return { labels, fields };
  } catch (error) {
    if (error instanceof SelectorError) return badRequest(error.message);
    throw error;
  }
}

function select(resource: ResourceDef, objects: KubeObject[], selection: Selection): KubeObject[] {
  const getters = selectableFields(resource);
  return objects.filter(
    (o) =>
      matchesLabels(selection.labels, o.metadata.labels) &&
      matchesFields(selection.fields, (key) => getters[key]?.(o) ?? ''),
  );
}

interface Page {
  items: KubeObject[];
  continue?: string;
  remainingItemCount?: number;
}

/** limit/continue paging over a static list; the token carries the offset of the next page. */
function paginate(
  objects: KubeObject[],
  query: URLSearchParams,
  resourceVersion: string,
): Page | Status {
  let start = 0;
  const token = query.get('continue');
  if (token) {
    let decoded: { rv?: unknown; start?: unknown } | undefined;
    try {
      decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
        rv?: unknown;
        start?: unknown;
      };
    } catch {
      decoded = undefined; // malformed token: answered below as the apiserver does
    }
    if (typeof decoded?.start !== 'number' || decoded.rv !== resourceVersion) {
      return badRequest(
        'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
      );
    }
    start = decoded.start;
  }
  const limit = Number(query.get('limit') ?? '0');
  if (!Number.isInteger(limit) || limit <= 0 || start + limit >= objects.length) {
    return { items: objects.slice(start) };
  }
  const next = start + limit;
  return {
    items: objects.slice(start, next),
    continue: Buffer.from(JSON.stringify({ rv: resourceVersion, start: next })).toString(
      'base64url',
    ),
    remainingItemCount: objects.length - next,
  };
}

function includeObject(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  return value === 'Object' || value === 'None' ? value : 'Metadata';
}

/** Items in a List carry no kind/apiVersion of their own, as in the apiserver's JSON. */
function asListItem(object: KubeObject): Record<string, unknown> {
  const item: Record<string, unknown> = { ...object };
  delete item['kind'];
  delete item['apiVersion'];
  return item;
}

function renderList(
  resource: ResourceDef,
  page: Page,
  representation: Representation,
  ctx: ApiContext,
  query: URLSearchParams,
): unknown {
  const metadata = {
    resourceVersion: ctx.store.resourceVersion,
    ...(page.continue
      ? { continue: page.continue, remainingItemCount: page.remainingItemCount }
      : {}),
  };
  if (representation.kind === 'table') {
    return buildTable(resource.printer, page.items, {
      now: ctx.now(),
      apiVersion: representation.apiVersion,
      includeObject: includeObject(query),
      metadata,
      ...(resource.present ? { present: resource.present } : {}),
    });
  }
  if (representation.kind === 'partial') {
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: representation.apiVersion,
      metadata,
      items: page.items.map((o) => partialObjectMetadata(o, representation.apiVersion)),
    };
  }
  const items = page.items.map((o) => asListItem(resource.present?.(o) ?? o));
  return { kind: `${resource.kind}List`, apiVersion: groupVersion(resource), metadata, items };
}

function renderObject(
  resource: ResourceDef,
  object: KubeObject,
  representation: Representation,
  ctx: ApiContext,
  query: URLSearchParams,
): unknown {
  if (representation.kind === 'table') {
    return buildTable(resource.printer, [object], {
      now: ctx.now(),
      apiVersion: representation.apiVersion,
      includeObject: includeObject(query),
      metadata: { resourceVersion: object.metadata.resourceVersion ?? '' },
      ...(resource.present ? { present: resource.present } : {}),
    });
  }
  if (representation.kind === 'partial')
    return partialObjectMetadata(object, representation.apiVersion);
  return resource.present?.(object) ?? object;
}

function watch(
  res: ServerResponse,
  resource: ResourceDef,
  objects: KubeObject[],
  representation: Representation,
  ctx: ApiContext,
  query: URLSearchParams,
): void {
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  const rv = query.get('resourceVersion') ?? '';
  const initial = query.get('sendInitialEvents') === 'true';
  // A watch from "" or "0" starts with the current state; from a list's resourceVersion it has nothing new.
  if (initial || rv === '' || rv === '0') {
    for (const object of objects) {
      res.write(
        `${toJson({ type: 'ADDED', object: renderObject(resource, object, representation, ctx, query) })}\n`,
      );
    }
  }
  if (initial) {
    const bookmark = {
      kind: resource.kind,
      apiVersion: groupVersion(resource),
      metadata: {
        resourceVersion: ctx.store.resourceVersion,
        annotations: { 'k8s.io/initial-events-end': 'true' },
      },
    };
    res.write(`${JSON.stringify({ type: 'BOOKMARK', object: bookmark })}\n`);
  }
  // The cluster never changes, so the stream stays quiet until its timeout, the client, or close().
  ctx.watches.add(res);
  const timeout = Number(query.get('timeoutSeconds') ?? '0');
  const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
  res.on('close', () => {
    if (timer) clearTimeout(timer);
    ctx.watches.delete(res);
  });
}

export function handleResource(
  req: IncomingMessage,
  res: ServerResponse,
  path: ResourcePath,
  query: URLSearchParams,
  ctx: ApiContext,
): void {
  const resource = ctx.store.registry.find(path.group, path.version, path.resource);
  if (!resource || (!resource.namespaced && path.namespace !== undefined))
    return sendStatus(res, pathNotFound());
  // Deprecated APIs answer with a warning header, which kubectl prints as "Warning: …".
  if (resource.warning) res.setHeader('Warning', `299 - "${resource.warning}"`);
  const representation = negotiate(req.headers.accept);

  if (path.name === undefined) {
    const selection = parseSelection(resource, query);
    if ('code' in selection) return sendStatus(res, selection);
    const objects = select(resource, ctx.store.list(resource, path.namespace), selection);
    if (query.get('watch') === 'true' || query.get('watch') === '1') {
      return watch(res, resource, objects, representation, ctx, query);
    }
    const page = paginate(objects, query, ctx.store.resourceVersion);
    if ('code' in page) return sendStatus(res, page);
    return sendJson(res, 200, renderList(resource, page, representation, ctx, query));
  }

  if (
    path.subresource !== undefined &&
    !(resource.subresources ?? []).some((s) => s.name === path.subresource)
  ) {
    return sendStatus(res, pathNotFound());
  }
  const object = ctx.store.get(resource, path.namespace, path.name);
  if (!object) return sendStatus(res, objectNotFound(resource, path.name));
  if (path.subresource === 'log') {
    const logQuery = parseLogQuery(query);
    if ('code' in logQuery) return sendStatus(res, logQuery);
    const bytes = podLogs(object, ctx.store.logs, logQuery, ctx.now());
    if (!Buffer.isBuffer(bytes)) return sendStatus(res, bytes);
    return sendBytes(res, 200, bytes);
  }
  return sendJson(res, 200, renderObject(resource, object, representation, ctx, query));
}
