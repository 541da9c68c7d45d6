// runGet: runs the policy's typed `kubectl get` request against the API through a GET-only transport and prints what kubectl prints.
//
// The flow follows kubectl's get.go and cli-runtime's resource.Builder: resolve every type
// through discovery, then either list each type (with `limit=500` chunks and `continue`
// tokens) or GET each named object, collecting errors without stopping; then print with the
// human-readable table printer (server-side Tables) or the generic printers (json, yaml, name,
// and the templates: jsonpath, jsonpath-as-json, custom-columns).
import type { GetRequest } from '@porthole/policy';
import { isGetProjection } from '@porthole/policy';
import type { Mapping } from '../resource/discovery.js';
import { Discovery, DiscoveryError } from '../resource/discovery.js';
import type { KubeError } from '../resource/errors.js';
import { checkErrText, newAggregate, plainError, reduceFlatten } from '../resource/errors.js';
import { JSON_ACCEPT, TABLE_ACCEPT } from '../resource/rest.js';
import type { GoValue } from '../go/value.js';
import { cloneGo, goMap, isGoMap, nestedMap } from '../go/value.js';
import { marshalIndentGo } from '../printers/json.js';
import { MissingKindError, nameLine } from '../printers/name.js';
import { HumanReadablePrinter, decodeTable } from '../printers/table.js';
import type { ProjectionPrinter } from '../printers/projection.js';
import { projectionPrinter } from '../printers/projection.js';
import { SortError, sortObjects, sortTableRows } from '../printers/sortby.js';
import { TabWriter } from '../printers/tabwriter.js';
import { toKubectlYaml, YamlControlCharacterError, YamlScanError } from '../printers/yaml.js';
import type { CommandOutput, RunGetOptions } from '../types.js';
import type { KubeGet } from '../resource/client.js';
import type { Info, Fetched } from '../resource/builder.js';
import { sameGvk, flatten, fetchAll } from '../resource/builder.js';

const sameGvr = (a: Mapping, b: Mapping): boolean =>
  a.group === b.group && a.version === b.version && a.resource === b.resource;

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

function printHumanReadable(
  req: GetRequest,
  fetched: Fetched,
  displayNamespace: string,
  now: () => number,
): CommandOutput {
  // Servers that answer without a Table send lists, which kubectl flattens into their items.
  let infos = flatten(fetched.infos);
  const allErrs = fetched.visitError ? [fetched.visitError] : [];
  const printWithKind = multipleGvks(infos) || req.showKind;
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
          columnLabels: req.labelColumns,
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
  if (written === 0 && allErrs.length === 0 && !req.ignoreNotFound) {
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
  if (infos.length === 0 && req.ignoreNotFound) {
    const err = reduceFlatten(errs);
    return result('', checkErrText(err), err !== null);
  }
  // o.ToPrinter: a template that does not parse is the only error reported, nothing is printed.
  let projection: ProjectionPrinter | null = null;
  if (req.template !== null && isGetProjection(req.output)) {
    const printer = projectionPrinter(req.output, req.template, {
      allowMissingKeys: req.allowMissingTemplateKeys,
      noHeaders: req.noHeaders,
    });
    if ('error' in printer) return result('', checkErrText(plainError(printer.error)), true);
    projection = printer;
  }
  let obj: GoValue;
  if (!fetched.singleItemImplied || infos.length !== 1) {
    // The sorting printer orders the items of the list it is given.
    if (req.sortBy !== null && req.sortBy !== '' && infos.length > 0) {
      try {
        infos = sortObjects(infos, (i) => i.object, req.sortBy);
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
  if (projection !== null) {
    // Projections see the object as fetched (and redacted): managedFields are not dropped for them.
    const out = projection.print(obj);
    stdout = out.stdout;
    if (out.error !== null) errs.push(plainError(out.error));
  } else if (req.output === 'name') {
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
    const printable = req.showManagedFields ? obj : withoutManagedFields(obj);
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
  if (req.ignoreNotFound) fetched = { ...fetched, visitError: withoutNotFound(fetched.visitError) };
  const out = human
    ? printHumanReadable(req, fetched, displayNamespace, now)
    : printGeneric(req, fetched);
  return { ...out, stderr: warnings + out.stderr };
}
