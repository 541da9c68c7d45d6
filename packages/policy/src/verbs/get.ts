// `get`: allowed flags, resource arguments, cross-checks and the canonical argv.
import type { Context } from '../context.js';
import { invalid } from '../decision.js';
import type { Denial } from '../decision.js';
import { flagSet, isDenial, parseFlags } from '../flags.js';
import { parseResourceArgs } from '../resources/args.js';
import { labelKeyError } from '../selectors.js';
import type { VerbResult } from './common.js';
import {
  namespaceArgs,
  readBool,
  readList,
  readNamespace,
  readOutput,
  readSelector,
} from './common.js';

const FLAGS = flagSet('get', [
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

/** Evaluates the arguments after `get`. */
export function evaluateGet(ctx: Context, args: readonly string[]): VerbResult | Denial {
  const f = parseFlags(FLAGS, args);
  if (isDenial(f)) return f;
  if (f.positionals.length === 0) {
    return invalid('resource', 'get needs a resource type, e.g. "get pods"');
  }
  const resources = parseResourceArgs(ctx, f.positionals);
  if (isDenial(resources)) return resources;

  const output = readOutput(f, 'get', ['wide'], ['json', 'yaml', 'name']);
  if (isDenial(output)) return output;
  const ns = readNamespace(f);
  if (isDenial(ns)) return ns;
  const label = readSelector(f, 'selector');
  if (isDenial(label)) return label;
  const field = readSelector(f, 'field-selector');
  if (isDenial(field)) return field;
  if (resources.named && (label !== '' || field !== '')) {
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
  const argv = ['get', ...resources.args, ...namespaceArgs(ns, namespaced)];
  if (label !== '') argv.push('-l', label);
  if (field !== '') argv.push('--field-selector', field);
  if (output !== null) argv.push('-o', output);
  if (showLabels) argv.push('--show-labels');
  if (readBool(f, 'no-headers') === true) argv.push('--no-headers');
  if (columns.length > 0) argv.push(`--label-columns=${columns.join(',')}`);
  if (sort !== null) argv.push(`--sort-by=${sort}`);
  if (readBool(f, 'show-kind') === true) argv.push('--show-kind');
  if (readBool(f, 'ignore-not-found') === true) argv.push('--ignore-not-found');
  if (readBool(f, 'show-managed-fields') === true) argv.push('--show-managed-fields');
  return {
    argv,
    subcommand: null,
    namespace: namespaced ? (ns.namespace ?? null) : null,
    allNamespaces: namespaced && ns.all,
    targets: resources.targets,
    readsObjects: true,
    namespaced,
  };
}
