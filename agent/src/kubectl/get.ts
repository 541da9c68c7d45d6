// runGet: executes a canonical `kubectl get` against the API through a GET-only transport and prints what kubectl prints.
//
// The flow follows kubectl's get.go and cli-runtime's resource.Builder: resolve every type
// through discovery, then either list each type (with `limit=500` chunks and `continue`
// tokens) or GET each named object, collecting errors without stopping; then print with the
// human-readable table printer (server-side Tables) or the generic printers (json, yaml, name).
import type { Mapping } from './discovery.js';
import { Discovery, DiscoveryError } from './discovery.js';
import type { KubeError } from './errors.js';
import {
  checkErrText,
  enhanceListError,
  newAggregate,
  plainError,
  reduceFlatten,
} from './errors.js';
import {
  CHUNK_SIZE,
  JSON_ACCEPT,
  RequestFailed,
  collectionPath,
  encodeQuery,
  fetchJson,
  gvrString,
  pathSegment,
} from './client.js';
import type { GoMap, GoValue } from './render/json.js';
import {
  cloneGo,
  goMap,
  isGoMap,
  marshalIndentGo,
  nestedMap,
  nestedString,
} from './render/json.js';
import { MissingKindError, nameLine } from './render/name.js';
import { HumanReadablePrinter, decodeTable } from './render/table.js';
import { SortError, sortObjects, sortTableRows } from './sortby.js';
import { TabWriter } from './render/tabwriter.js';
import { toKubectlYaml, YamlControlCharacterError, YamlScanError } from './render/yaml.js';
import type { CommandOutput, GetRequest, KubeGet, RunGetOptions } from './types.js';

/** What kubectl asks for when it prints a table (get.go transformRequests). */
export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
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

const sameGvr = (a: Mapping, b: Mapping): boolean =>
  a.group === b.group && a.version === b.version && a.resource === b.resource;
const sameGvk = (a: Mapping, b: Mapping): boolean =>
  a.group === b.group && a.version === b.version && a.kind === b.kind;

/** get.go's multipleGVKsRequested: the kind prefix appears when the printed infos span several kinds. */
function multipleGvks(infos: Info[]): boolean {
  const first = infos[0];
  return (
    infos.length >= 2 &&
    first !== undefined &&
    infos.some((i) => !sameGvk(i.mapping, first.mapping))
  );
}

function withoutManagedFields(obj: GoValue): GoValue {
  const copy = cloneGo(obj);
  const drop = (o: GoValue): void => {
    nestedMap(o, 'metadata')?.delete('managedFields');
  };
  if (isGoMap(copy) && Array.isArray(copy.get('items')))
    (copy.get('items') as GoValue[]).forEach(drop);
  else drop(copy);
  return copy;
}

function result(stdout: string, stderr: string, failed: boolean): CommandOutput {
  return { stdout, stderr, exitCode: failed ? 1 : 0 };
}

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

export async function fetchAll(
  req: GetRequest,
  kube: KubeGet,
  discovery: Discovery,
  namespace: string,
  accept: string,
): Promise<Fetched> {
  const named = req.resources.some((r) => r.names.length > 0);
  const label = (req.labelSelector ?? '').trim();
  const field = (req.fieldSelector ?? '').trim();
  const sorting = (req.sortBy ?? '') !== '';

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

function printHumanReadable(
  req: GetRequest,
  fetched: Fetched,
  displayNamespace: string,
  now: () => number,
): CommandOutput {
  // Servers that answer without a Table send lists, which kubectl flattens into their items.
  let infos = flatten(fetched.infos);
  const allErrs = fetched.visitError ? [fetched.visitError] : [];
  const printWithKind = multipleGvks(infos) || req.showKind === true;
  const sortBy = req.sortBy ?? '';
  if (sortBy !== '') {
    try {
      infos = sortInfos(infos, sortBy);
    } catch (err) {
      if (err instanceof SortError) return result('', checkErrText(plainError(err.message)), true);
      throw err;
    }
  }
  let stdout = '';
  let written = 0;
  let separatorReady = false;
  const w = new TabWriter((chunk) => {
    // get.go's separatorWriterWrapper: a blank line before the next non-empty write once armed.
    if (separatorReady) {
      stdout += '\n';
      written += 1;
      separatorReady = false;
    }
    stdout += chunk;
    written += chunk.length;
  });
  let printer: HumanReadablePrinter | null = null;
  let lastMapping: Mapping | null = null;
  let allResourcesNamespaced = !req.allNamespaces;
  // kubectl's printer flags are shared between types (PrintFlags.Copy is shallow), so once a
  // namespaced type turned the NAMESPACE column on, later cluster-scoped types keep it, empty.
  let withNamespace = false;
  for (const info of infos) {
    const m = info.mapping;
    allResourcesNamespaced = allResourcesNamespaced && m.namespaced;
    if (printer === null || lastMapping === null || !sameGvr(m, lastMapping)) {
      w.flush();
      w.setRememberedWidths(null);
      if (lastMapping !== null && !req.noHeaders && written > 0) separatorReady = true;
      withNamespace = withNamespace || (req.allNamespaces && m.namespaced);
      printer = new HumanReadablePrinter(
        {
          noHeaders: req.noHeaders,
          wide: req.output === 'wide',
          withNamespace,
          withKind: printWithKind,
          kind: { group: m.group, kind: m.kind },
          showLabels: req.showLabels,
          columnLabels: req.labelColumns ?? [],
        },
        now,
      );
      lastMapping = m;
    }
    // The sorting printer orders each Table's rows; when it fails, kubectl drops that table silently.
    if (sortBy !== '' && !sortedForPrint(info.object, sortBy)) continue;
    printer.printObj(info.object, w);
  }
  w.flush();
  let stderr = '';
  if (written === 0 && allErrs.length === 0 && req.ignoreNotFound !== true) {
    stderr += allResourcesNamespaced
      ? `No resources found in ${displayNamespace} namespace.\n`
      : 'No resources found\n';
  }
  const err = newAggregate(allErrs);
  return result(stdout, stderr + checkErrText(err), err !== null);
}

function printGeneric(req: GetRequest, fetched: Fetched): CommandOutput {
  if (fetched.visitError && fetched.singleItemImplied)
    return result('', checkErrText(fetched.visitError), true);
  const errs: KubeError[] = fetched.visitError ? [fetched.visitError] : [];
  let infos = flatten(fetched.infos);
  if (infos.length === 0 && req.ignoreNotFound === true) {
    const err = reduceFlatten(errs);
    return result('', checkErrText(err), err !== null);
  }
  let obj: GoValue;
  if (!fetched.singleItemImplied || infos.length !== 1) {
    // The sorting printer orders the items of the list it is given.
    if ((req.sortBy ?? '') !== '' && infos.length > 0) {
      try {
        infos = sortObjects(infos, (i) => i.object, req.sortBy as string);
      } catch (err) {
        if (!(err instanceof SortError)) throw err;
        errs.push(plainError(err.message));
        const e = reduceFlatten(errs);
        return result('', checkErrText(e), true);
      }
    }
    obj = goMap([
      ['apiVersion', 'v1'],
      ['items', infos.map((i) => i.object)],
      ['kind', 'List'],
      ['metadata', goMap([['resourceVersion', '']])],
    ]);
  } else {
    obj = (infos[0] as Info).object;
  }
  let stdout = '';
  if (req.output === 'name') {
    const objects =
      isGoMap(obj) && Array.isArray(obj.get('items')) ? (obj.get('items') as GoValue[]) : [obj];
    for (const o of objects) {
      try {
        stdout += isGoMap(o) ? nameLine(o) : '';
      } catch (err) {
        if (!(err instanceof MissingKindError)) throw err;
        errs.push(plainError(err.message));
        break;
      }
    }
  } else {
    const printable = req.showManagedFields === true ? obj : withoutManagedFields(obj);
    if (req.output === 'json') stdout = marshalIndentGo(printable);
    else {
      try {
        stdout = toKubectlYaml(printable);
      } catch (err) {
        if (!(err instanceof YamlControlCharacterError || err instanceof YamlScanError)) throw err;
        errs.push(plainError(err.message));
      }
    }
  }
  const err = reduceFlatten(errs);
  return result(stdout, checkErrText(err), err !== null);
}

/**
 * get's RuntimeSorter. It sees the server's Tables as plain (unstructured) objects, so it only
 * reorders the fetched objects among themselves, and only when there are several of them.
 */
function sortInfos(infos: Info[], sortBy: string): Info[] {
  if (infos.length <= 1) return infos;
  return sortObjects(infos, (i) => i.object, sortBy);
}

/** SortingPrinter on a Table of several rows: sorts them; false when the field is nowhere. */
function sortedForPrint(obj: GoValue, sortBy: string): boolean {
  const table = decodeTable(obj);
  if (table === null || table.rows.length <= 1 || !isGoMap(obj)) return true;
  try {
    sortTableRows(obj, sortBy);
    return true;
  } catch (err) {
    if (err instanceof SortError) return false;
    throw err;
  }
}

/** utilerrors.FilterOut(err, apierrors.IsNotFound), as --ignore-not-found applies it. */
function withoutNotFound(e: KubeError | null): KubeError | null {
  if (e === null) return null;
  if (e.type === 'aggregate') {
    const kept = e.errors.map(withoutNotFound).filter((x): x is KubeError => x !== null);
    return kept.length === 0 ? null : { type: 'aggregate', errors: kept };
  }
  const notFound =
    e.type === 'status' && (e.reason === 'NotFound' || (e.reason === '' && e.code === 404));
  return notFound ? null : e;
}

/** kubectl's complaint when no resource type is given. */
const NO_RESOURCE_TEXT =
  'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
  'error: Required resource not specified.\n' +
  'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
  "See 'kubectl get -h' for help and examples\n";

/** Runs `req` against the API through `kube` and returns exactly what kubectl v1.35 would print. */
export async function runGet(
  req: GetRequest,
  kube: KubeGet,
  opts: RunGetOptions,
): Promise<CommandOutput> {
  const now = opts.now ?? Date.now;
  if (req.showLabels && req.output !== 'table' && req.output !== 'wide') {
    return result(
      '',
      `error: --show-labels option cannot be used with ${req.output} printer\n`,
      true,
    );
  }
  if (req.resources.length === 0) return result('', NO_RESOURCE_TEXT, true);
  const displayNamespace = req.namespace ?? opts.defaultNamespace;
  const namespace = req.allNamespaces ? '' : displayNamespace;
  const human = req.output === 'table' || req.output === 'wide';
  const discovery = new Discovery(kube, opts.discoveryCache);
  let warnings = '';
  let fetched: Fetched;
  try {
    await discovery.load();
    fetched = await fetchAll(req, kube, discovery, namespace, human ? TABLE_ACCEPT : JSON_ACCEPT);
  } catch (err) {
    if (!(err instanceof DiscoveryError)) throw err;
    warnings = discovery.warnings.map((w) => `Warning: ${w}\n`).join('');
    return result('', warnings + checkErrText(err.error), true);
  }
  warnings = discovery.warnings.map((w) => `Warning: ${w}\n`).join('');
  if (req.ignoreNotFound === true)
    fetched = { ...fetched, visitError: withoutNotFound(fetched.visitError) };
  const out = human
    ? printHumanReadable(req, fetched, displayNamespace, now)
    : printGeneric(req, fetched);
  return { ...out, stderr: warnings + out.stderr };
}
