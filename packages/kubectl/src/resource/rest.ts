// The REST plumbing every verb shares: kubectl's URL and query encoding, GETs that fail with kubectl's errors, chunked lists.
import type { Mapping } from './discovery.js';
import type { KubeError } from './errors.js';
import { enhanceListError, errorFromResponse, plainError, transportError } from './errors.js';
import type { GoMap, GoValue } from '../go/value.js';
import { isGoMap, nestedString } from '../go/value.js';
import { parseGoJson } from '../go/decode.js';
import type { KubeGet, KubeResponse } from './client.js';

export const JSON_ACCEPT = 'application/json';
/** What kubectl asks for when it prints a table (get.go transformRequests). */
export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
/** cmdutil.DefaultChunkSize: lists are read 500 items at a time, following `continue` tokens. */
export const CHUNK_SIZE = 500;

/** Go's url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** url.Values.Encode: keys sorted. */
export function encodeQuery(params: Array<[string, string]>): string {
  return [...params]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${queryEscape(k)}=${queryEscape(v)}`)
    .join('&');
}

export const pathSegment = (s: string): string =>
  encodeURIComponent(s).replace(/%3A/gi, ':').replace(/%40/g, '@');

/** Where a resource type lives: group, version, plural name and scope. */
export type ResourceRef = Pick<Mapping, 'group' | 'version' | 'resource' | 'namespaced'>;

export function collectionPath(m: ResourceRef, namespace: string): string {
  const base = m.group === '' ? `/api/${m.version}` : `/apis/${m.group}/${m.version}`;
  const ns = m.namespaced && namespace !== '' ? `/namespaces/${pathSegment(namespace)}` : '';
  return `${base}${ns}/${m.resource}`;
}

export function objectPath(m: ResourceRef, namespace: string, name: string): string {
  return `${collectionPath(m, namespace)}/${pathSegment(name)}`;
}

/** GroupVersionResource.String(), as kubectl puts it in list errors. */
export const gvrString = (m: ResourceRef): string =>
  `${m.group}/${m.version}, Resource=${m.resource}`;

/** A request failed; carries the error kubectl would have reported for it. */
export class RequestFailed extends Error {
  constructor(readonly error: KubeError) {
    super('request failed');
    this.name = 'RequestFailed';
  }
}

/** A GET whose body is JSON; non-2xx answers become kubectl's errors for `target`. */
export async function fetchJson(
  kube: KubeGet,
  path: string,
  accept: string,
  target: { m: ResourceRef; name: string },
): Promise<GoValue> {
  let res: KubeResponse;
  try {
    res = await kube(path, accept);
  } catch (err) {
    throw new RequestFailed(transportError(err));
  }
  if (res.status < 200 || res.status > 206) {
    throw new RequestFailed(
      errorFromResponse(res.status, res.body, {
        group: target.m.group,
        resource: target.m.resource,
        name: target.name,
      }),
    );
  }
  try {
    return res.decoded ?? parseGoJson(res.body);
  } catch (err) {
    throw new RequestFailed(
      plainError(`unable to decode the server's response: ${(err as Error).message}`),
    );
  }
}

/** A GET whose body is text (pod logs); non-2xx answers become kubectl's errors. */
export async function fetchText(
  kube: KubeGet,
  path: string,
  target: { m: ResourceRef; name: string },
): Promise<string> {
  let res: KubeResponse;
  try {
    res = await kube(path, '*/*');
  } catch (err) {
    throw new RequestFailed(transportError(err));
  }
  if (res.status < 200 || res.status > 206) {
    throw new RequestFailed(
      errorFromResponse(res.status, res.body, {
        group: target.m.group,
        resource: target.m.resource,
        name: target.name,
      }),
    );
  }
  return res.body;
}

/** GET of one object as JSON. */
export async function getObject(
  kube: KubeGet,
  m: ResourceRef,
  namespace: string,
  name: string,
): Promise<GoMap> {
  const obj = await fetchJson(kube, objectPath(m, namespace, name), JSON_ACCEPT, { m, name });
  if (!isGoMap(obj)) throw new RequestFailed(plainError('unexpected response: not an object'));
  return obj;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** 0 = no limit parameter (clients that do not chunk). */
  limit?: number;
}

/**
 * Lists every item of a type, following `continue` (runtimeresource.FollowContinue); a failed
 * chunk fails the list with cli-runtime's EnhanceListError wording.
 */
export async function listItems(
  kube: KubeGet,
  m: ResourceRef,
  namespace: string,
  opts: ListOptions = {},
): Promise<GoMap[]> {
  const label = opts.labelSelector ?? '';
  const field = opts.fieldSelector ?? '';
  const limit = opts.limit ?? CHUNK_SIZE;
  const items: GoMap[] = [];
  let cont = '';
  for (;;) {
    const params: Array<[string, string]> = [];
    if (limit > 0) params.push(['limit', String(limit)]);
    if (label !== '') params.push(['labelSelector', label]);
    if (field !== '') params.push(['fieldSelector', field]);
    if (cont !== '') params.push(['continue', cont]);
    const query = params.length > 0 ? `?${encodeQuery(params)}` : '';
    let obj: GoValue;
    try {
      obj = await fetchJson(kube, `${collectionPath(m, namespace)}${query}`, JSON_ACCEPT, {
        m,
        name: '',
      });
    } catch (err) {
      if (err instanceof RequestFailed)
        throw new RequestFailed(enhanceListError(err.error, gvrString(m), label, field));
      throw err;
    }
    const list = isGoMap(obj) ? obj.get('items') : undefined;
    if (Array.isArray(list)) items.push(...list.filter(isGoMap));
    cont = nestedString(obj, 'metadata', 'continue');
    if (cont === '' || limit === 0) return items;
  }
}

/** Well-known types the typed clients of kubectl address directly, without discovery. */
export const CORE = {
  pods: { group: '', version: 'v1', resource: 'pods', namespaced: true },
  events: { group: '', version: 'v1', resource: 'events', namespaced: true },
  nodes: { group: '', version: 'v1', resource: 'nodes', namespaced: false },
  namespaces: { group: '', version: 'v1', resource: 'namespaces', namespaced: false },
  services: { group: '', version: 'v1', resource: 'services', namespaced: true },
  endpoints: { group: '', version: 'v1', resource: 'endpoints', namespaced: true },
  configmaps: { group: '', version: 'v1', resource: 'configmaps', namespaced: true },
  secrets: { group: '', version: 'v1', resource: 'secrets', namespaced: true },
  serviceaccounts: { group: '', version: 'v1', resource: 'serviceaccounts', namespaced: true },
  persistentvolumeclaims: {
    group: '',
    version: 'v1',
    resource: 'persistentvolumeclaims',
    namespaced: true,
  },
  persistentvolumes: { group: '', version: 'v1', resource: 'persistentvolumes', namespaced: false },
  resourcequotas: { group: '', version: 'v1', resource: 'resourcequotas', namespaced: true },
  limitranges: { group: '', version: 'v1', resource: 'limitranges', namespaced: true },
  replicasets: { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true },
  statefulsets: { group: 'apps', version: 'v1', resource: 'statefulsets', namespaced: true },
  daemonsets: { group: 'apps', version: 'v1', resource: 'daemonsets', namespaced: true },
  controllerrevisions: {
    group: 'apps',
    version: 'v1',
    resource: 'controllerrevisions',
    namespaced: true,
  },
  jobs: { group: 'batch', version: 'v1', resource: 'jobs', namespaced: true },
  cronjobs: { group: 'batch', version: 'v1', resource: 'cronjobs', namespaced: true },
  endpointslices: {
    group: 'discovery.k8s.io',
    version: 'v1',
    resource: 'endpointslices',
    namespaced: true,
  },
  ingresses: { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', namespaced: true },
  hpaV2: {
    group: 'autoscaling',
    version: 'v2',
    resource: 'horizontalpodautoscalers',
    namespaced: true,
  },
  hpaV1: {
    group: 'autoscaling',
    version: 'v1',
    resource: 'horizontalpodautoscalers',
    namespaced: true,
  },
  leases: { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true },
} as const satisfies Record<string, ResourceRef>;
