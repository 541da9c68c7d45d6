// `get`: allowed flags, resource arguments, cross-checks and the canonical argv.
import type { Context } from '../context.js';
import { invalid } from '../decision.js';
import type { Denial } from '../decision.js';
import { flagSet, isDenial, parseFlags } from '../flags.js';
import type { GetRequest } from '../request.js';
import { parseResourceArgs, resourceWords } from '../resources/args.js';
import { labelKeyError } from '../selectors.js';
import type { VerbResult } from './common.js';
import {
  namespaceWords,
  readBool,
  readList,
  readNamespace,
  readOutput,
  readSelector,
  requestNamespace,
} from './common.js';

/** `-o` for get: json, yaml and name case-insensitively (kubectl lower-cases them), wide exactly. */
export const GET_OUTPUTS = { exact: ['wide'], lower: ['json', 'yaml', 'name'] } as const;

export const FLAGS = flagSet('get', [
  { long: 'namespace', short: 'n', kind: 'string' },
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'field-selector', kind: 'string' },
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'show-labels', kind: 'bool' },
  { long: 'no-headers', kind: 'bool' },
  { long: 'label-columns', short: 'L', kind: 'list' },
  { long: 'sort-by', kind: 'string' },
  { long: 'show-kind', kind: 'bool' },
  { long: 'ignore-not-found', kind: 'bool' },
  { long: 'show-managed-fields', kind: 'bool' },
]);

const MAX_LABEL_COLUMNS = 20;
const FIELD = '[A-Za-z_][A-Za-z0-9_-]*(?:\\[[0-9]{1,4}\\])?';
const SORT_PATH = new RegExp(`^(?:${FIELD})(?:\\.${FIELD}){0,15}$`);

/**
 * `--sort-by` is a JSONPath in kubectl; only a plain field path is accepted (`.metadata.name`,
 * `{.status.containerStatuses[0].restartCount}`), canonical without braces and with a leading dot,
 * the forms kubectl's relaxed JSONPath treats as the same expression.
 */
function sortPath(raw: string): string | null {
  let p = raw.startsWith('{') && raw.endsWith('}') ? raw.slice(1, -1) : raw;
  if (p.startsWith('.')) p = p.slice(1);
  return p.length <= 256 && SORT_PATH.test(p) ? `.${p}` : null;
}

/** The canonical argv, printed from the request. */
function getArgv(r: GetRequest): string[] {
  const argv = ['get', ...resourceWords(r), ...namespaceWords(r)];
  if (r.labelSelector !== null) argv.push('-l', r.labelSelector);
  if (r.fieldSelector !== null) argv.push('--field-selector', r.fieldSelector);
  if (r.output !== 'table') argv.push('-o', r.output);
  if (r.showLabels) argv.push('--show-labels');
  if (r.noHeaders) argv.push('--no-headers');
  if (r.labelColumns.length > 0) argv.push(`--label-columns=${r.labelColumns.join(',')}`);
  if (r.sortBy !== null) argv.push(`--sort-by=${r.sortBy}`);
  if (r.showKind) argv.push('--show-kind');
  if (r.ignoreNotFound) argv.push('--ignore-not-found');
  if (r.showManagedFields) argv.push('--show-managed-fields');
  return argv;
}

/** Evaluates the arguments after `get`. */
export function evaluateGet(ctx: Context, args: readonly string[]): VerbResult | Denial {
  const f = parseFlags(FLAGS, args);
  if (isDenial(f)) return f;
  if (f.positionals.length === 0) {
    return invalid('resource', 'get needs a resource type, e.g. "get pods"');
  }
  const resources = parseResourceArgs(ctx, f.positionals);
  if (isDenial(resources)) return resources;

  const output = readOutput(f, 'get', GET_OUTPUTS);
  if (isDenial(output)) return output;
  const ns = readNamespace(f);
  if (isDenial(ns)) return ns;
  const label = readSelector(f, 'selector');
  if (isDenial(label)) return label;
  const field = readSelector(f, 'field-selector');
  if (isDenial(field)) return field;
  if (resources.named && (label !== null || field !== null)) {
    return invalid('flag', 'selectors cannot be combined with resource names');
  }

  const showLabels = readBool(f, 'show-labels') === true;
  if (showLabels && output !== null && output !== 'wide') {
    return invalid('flag', `--show-labels cannot be used with -o ${output}`);
  }
  const columns = readList(f, 'label-columns', labelKeyError);
  if (isDenial(columns)) return columns;
  if (columns.length > MAX_LABEL_COLUMNS) {
    return invalid('flag', `-L/--label-columns takes at most ${MAX_LABEL_COLUMNS} labels`);
  }
  const rawSort = f.values.get('sort-by');
  const sort = rawSort === undefined || rawSort === '' ? null : sortPath(rawSort);
  if (rawSort !== undefined && rawSort !== '' && sort === null) {
    return invalid(
      'flag',
      '--sort-by takes a field path such as .metadata.name or .status.containerStatuses[0].restartCount',
    );
  }

  const namespaced = resources.targets.some((t) => t.resource.namespaced);
  if (ns.all && resources.named && namespaced) {
    return invalid(
      'namespace',
      'a resource cannot be retrieved by name across all namespaces (-A)',
    );
  }

  // -n and -A change nothing for cluster-scoped kinds, so they are dropped from the canonical form.
  const request: GetRequest = {
    verb: 'get',
    resources: resources.resources,
    form: resources.form,
    ...requestNamespace(ns, namespaced),
    labelSelector: label,
    fieldSelector: field,
    output: output ?? 'table',
    showLabels,
    noHeaders: readBool(f, 'no-headers') === true,
    labelColumns: columns,
    sortBy: sort,
    showKind: readBool(f, 'show-kind') === true,
    ignoreNotFound: readBool(f, 'ignore-not-found') === true,
    showManagedFields: readBool(f, 'show-managed-fields') === true,
  };
  return {
    argv: getArgv(request),
    request,
    subcommand: null,
    namespace: request.namespace,
    allNamespaces: request.allNamespaces,
    targets: resources.targets,
    readsObjects: true,
    namespaced,
  };
}
