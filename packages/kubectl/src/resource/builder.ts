// cli-runtime's resource.Builder for get, describe and rollout: types resolved through discovery, lists read in chunks, named objects fetched, errors kept.
import type { GetRequest } from '@porthole/policy';
import type { Mapping, Discovery } from './discovery.js';
import { DiscoveryError } from './discovery.js';
import type { KubeError } from './errors.js';
import { enhanceListError, newAggregate, plainError } from './errors.js';
import {
  CHUNK_SIZE,
  RequestFailed,
  collectionPath,
  encodeQuery,
  fetchJson,
  gvrString,
  pathSegment,
  TABLE_ACCEPT,
} from './rest.js';
import type { GoMap, GoValue } from '../go/value.js';
import { isGoMap, nestedString } from '../go/value.js';
import type { KubeGet } from './client.js';

/** One fetched object (a Table, a list chunk or a single object) and the type it belongs to. */
export interface Info {
  mapping: Mapping;
  object: GoValue;
}

/** Lists one type, following `continue` tokens; each chunk is one Info, as in kubectl's Selector visitor. */
async function listAll(
  kube: KubeGet,
  m: Mapping,
  ns: string,
  accept: string,
  label: string,
  field: string,
  sorting: boolean,
): Promise<Info[]> {
  const infos: Info[] = [];
  let cont = '';
  for (;;) {
    // Sorting reads everything in one request (chunk size 0) and asks tables to carry the objects.
    const params: Array<[string, string]> = sorting ? [] : [['limit', String(CHUNK_SIZE)]];
    if (sorting && accept === TABLE_ACCEPT) params.push(['includeObject', 'Object']);
    if (label !== '') params.push(['labelSelector', label]);
    if (field !== '') params.push(['fieldSelector', field]);
    if (cont !== '') params.push(['continue', cont]);
    let obj: GoValue;
    try {
      const query = params.length > 0 ? `?${encodeQuery(params)}` : '';
      obj = await fetchJson(kube, `${collectionPath(m, ns)}${query}`, accept, {
        m,
        name: '',
      });
    } catch (err) {
      if (err instanceof RequestFailed)
        throw new RequestFailed(enhanceListError(err.error, gvrString(m), label, field));
      throw err;
    }
    infos.push({ mapping: m, object: obj });
    cont = nestedString(obj, 'metadata', 'continue');
    if (cont === '') return infos;
  }
}

/** A list response's items, with kind and apiVersion filled in as the unstructured decoder does. */
function listItems(list: GoMap): GoMap[] | null {
  const items = list.get('items');
  if (!Array.isArray(items)) return null;
  const itemKind = nestedString(list, 'kind').replace(/List$/, '');
  const apiVersion = nestedString(list, 'apiVersion');
  return items.filter(isGoMap).map((item) => {
    if (nestedString(item, 'kind') === '' && nestedString(item, 'apiVersion') === '') {
      const copy = new Map(item);
      copy.set('kind', itemKind);
      copy.set('apiVersion', apiVersion);
      return copy;
    }
    return item;
  });
}

/** FlattenListVisitor: a list becomes one Info per item; Tables and single objects stay as they are. */
export function flatten(infos: Info[]): Info[] {
  return infos.flatMap((info) => {
    if (!isGoMap(info.object)) return [info];
    const items = listItems(info.object);
    return items === null ? [info] : items.map((object) => ({ mapping: info.mapping, object }));
  });
}

export const sameGvk = (a: Mapping, b: Mapping): boolean =>
  a.group === b.group && a.version === b.version && a.kind === b.kind;

type Settled<T> = { value: T; error: null } | { value: null; error: KubeError };

/** kubectl keeps visiting after a failed request (ContinueOnError): a request's outcome, either way. */
async function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  try {
    return { value: await p, error: null };
  } catch (err) {
    if (err instanceof RequestFailed) return { value: null, error: err.error };
    throw err;
  }
}

export interface Fetched {
  infos: Info[];
  /** The error kubectl's visitor chain returns (single, aggregate or none). */
  visitError: KubeError | null;
  singleItemImplied: boolean;
}

/** What the builder reads of a get, describe or rollout request. */
export type Selection = Pick<
  GetRequest,
  'resources' | 'allNamespaces' | 'labelSelector' | 'fieldSelector' | 'sortBy'
>;

export async function fetchAll(
  req: Selection,
  kube: KubeGet,
  discovery: Discovery,
  namespace: string,
  accept: string,
): Promise<Fetched> {
  const named = req.resources.some((r) => r.names.length > 0);
  const label = (req.labelSelector ?? '').trim();
  const field = (req.fieldSelector ?? '').trim();
  const sorting = req.sortBy !== null && req.sortBy !== '';

  if (!named) {
    // ReplaceAliases (categories such as `all`), then SplitResourceArgument's de-duplication.
    const types: string[] = [];
    for (const r of req.resources) {
      for (const t of discovery.expandCategory(r.type) ?? [r.type])
        if (!types.includes(t)) types.push(t);
    }
    const mappings: Mapping[] = [];
    for (const t of types) {
      const m = await discovery.resolve(t);
      if (!mappings.some((x) => sameGvk(x, m))) mappings.push(m);
    }
    const results = await Promise.all(
      mappings.map((m) =>
        settle(listAll(kube, m, m.namespaced ? namespace : '', accept, label, field, sorting)),
      ),
    );
    const errors = results.flatMap((r) => (r.error ? [r.error] : []));
    // EagerVisitorList aggregates, even a single error.
    return {
      infos: results.flatMap((r) => r.value ?? []),
      visitError: newAggregate(errors),
      singleItemImplied: false,
    };
  }

  if (req.resources.some((r) => r.names.length === 0)) {
    throw new DiscoveryError(
      plainError('you may not specify individual resources and bulk resources in the same call'),
    );
  }
  if (req.labelSelector !== null || req.fieldSelector !== null) {
    throw new DiscoveryError(plainError('name cannot be provided when a selector is specified'));
  }
  const byType = new Map<string, Mapping>();
  for (const r of req.resources) {
    if (!byType.has(r.type)) byType.set(r.type, await discovery.resolve(r.type));
  }
  const tuples = req.resources.flatMap((r) =>
    r.names.map((name) => ({ m: byType.get(r.type) as Mapping, name })),
  );
  for (const t of tuples) {
    if (t.m.namespaced && namespace === '') {
      throw new DiscoveryError(
        plainError(
          req.allNamespaces
            ? 'a resource cannot be retrieved by name across all namespaces'
            : 'namespace may not be empty when retrieving a resource by name',
        ),
      );
    }
  }
  const results = await Promise.all(
    tuples.map(({ m, name }) =>
      settle(
        fetchJson(
          kube,
          `${collectionPath(m, namespace)}/${pathSegment(name)}${sorting && accept === TABLE_ACCEPT ? '?includeObject=Object' : ''}`,
          accept,
          { m, name },
        ).then((object): Info => ({ mapping: m, object })),
      ),
    ),
  );
  const errors = results.flatMap((r) => (r.error ? [r.error] : []));
  // One type with names (visitByName) reports a lone error as is; type/name pairs aggregate.
  const visitError =
    errors.length === 1 && req.resources.length === 1
      ? (errors[0] as KubeError)
      : newAggregate(errors);
  return {
    infos: results.flatMap((r) => (r.value ? [r.value] : [])),
    visitError,
    singleItemImplied: tuples.length === 1,
  };
}
