// `get`: allowed flags, resource arguments, cross-checks and the canonical argv.
import type { Context } from '../context.js';
import { denied, invalid, show, withFix } from '../decision.js';
import type { Denial } from '../decision.js';
import { flagSet, isDenial, parseFlags } from '../flags.js';
import type { ParsedFlags } from '../flags.js';
import type { GetProjection, GetRequest } from '../request.js';
import { parseResourceArgs, resourceWords } from '../resources/args.js';
import { labelKeyError } from '../selectors.js';
import type { VerbResult } from './common.js';
import {
  namespaceWords,
  outputNames,
  readBool,
  readList,
  readNamespace,
  readOutput,
  readSelector,
  requestNamespace,
} from './common.js';

/** `-o` for get: json, yaml and name case-insensitively (kubectl lower-cases them), wide exactly. */
export const GET_OUTPUTS = { exact: ['wide'], lower: ['json', 'yaml', 'name'] } as const;

/**
 * The formats that print a user's template, each written `NAME=TEMPLATE` (inline only). kubectl
 * matches their names by prefix and case-sensitively, and so does the policy.
 */
export const GET_PROJECTIONS: readonly GetProjection[] = [
  'jsonpath',
  'jsonpath-as-json',
  'custom-columns',
];

/** Every `-o` format of get as the policy summary and messages list them, each projection with its argument. */
export const GET_OUTPUT_NAMES: readonly string[] = [
  ...outputNames(GET_OUTPUTS),
  ...GET_PROJECTIONS.map((p) => `${p}=${p === 'custom-columns' ? 'SPEC' : 'TEMPLATE'}`),
];

/**
 * The longest template or column spec accepted, in characters: the agent's printers refuse longer
 * ones too. (A command is capped at 4096 characters in all, so today that cap binds first.)
 */
export const MAX_TEMPLATE_LENGTH = 4096;

/** Whether an `-o` format name (or a GetRequest's `output`) is one of the projections. */
export const isProjection = (name: string): name is GetProjection =>
  (GET_PROJECTIONS as readonly string[]).includes(name);

const EXAMPLE: Record<GetProjection, string> = {
  jsonpath: "-o 'jsonpath={.items[*].metadata.name}'",
  'jsonpath-as-json': "-o 'jsonpath-as-json={.items[*].metadata.name}'",
  'custom-columns': '-o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName',
};

/**
 * The template of a projection, checked only for what the policy can judge without parsing it:
 * present and bounded (its characters are printable ASCII, as every argument is). Its syntax is
 * kubectl's to judge when it prints, and the agent reports kubectl's exact parse error then: the
 * parsers live in the renderer (@porthole/kubectl, which depends on this package), and a second
 * parser here could disagree with it.
 */
export function templateError(output: GetProjection, template: string): Denial | null {
  const what = output === 'custom-columns' ? 'column specs' : 'a template';
  if (template === '') {
    return withFix(invalid('output', `-o ${output} needs ${what} after "="`), {
      type: 'text',
      text: `e.g. ${EXAMPLE[output]}`,
    });
  }
  if (template.length > MAX_TEMPLATE_LENGTH) {
    return invalid(
      'output',
      `the -o ${output} ${output === 'custom-columns' ? 'spec' : 'template'} is ${template.length} characters long; the limit is ${MAX_TEMPLATE_LENGTH}`,
    );
  }
  return null;
}

interface GetOutput {
  output: GetRequest['output'];
  template: string | null;
}

/** `-o`: a plain format, or a projection with its template (`jsonpath=TEMPLATE`, `custom-columns=SPEC`). */
function readGetOutput(f: ParsedFlags): GetOutput | Denial {
  const raw = f.values.get('output');
  const eq = raw === undefined ? -1 : raw.indexOf('=');
  const name = raw === undefined ? '' : eq < 0 ? raw : raw.slice(0, eq);
  if (raw !== undefined && isProjection(name)) {
    const template = eq < 0 ? '' : raw.slice(eq + 1);
    const err = templateError(name, template);
    return err ?? { output: name, template };
  }
  const lower = name.toLowerCase();
  if (raw !== undefined && isProjection(lower)) {
    // kubectl knows these names only in lower case.
    return withFix(
      denied(
        'output',
        `output format ${show(name)} is not allowed for get; formats are lower-case`,
      ),
      { type: 'text', text: `write -o ${lower}=… in lower case` },
    );
  }
  const output = readOutput(f, 'get', GET_OUTPUTS, GET_OUTPUT_NAMES);
  if (isDenial(output)) return output;
  return { output: output ?? 'table', template: null };
}

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
  { long: 'allow-missing-template-keys', kind: 'bool' },
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
  if (r.template !== null) argv.push('-o', `${r.output}=${r.template}`);
  else if (r.output !== 'table') argv.push('-o', r.output);
  if (!r.allowMissingTemplateKeys) argv.push('--allow-missing-template-keys=false');
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

  const out = readGetOutput(f);
  if (isDenial(out)) return out;
  const { output } = out;
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
  if (showLabels && output !== 'table' && output !== 'wide') {
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
    output,
    template: out.template,
    // Only the jsonpath printers read it; for any other output it changes nothing.
    allowMissingTemplateKeys:
      !(output === 'jsonpath' || output === 'jsonpath-as-json') ||
      readBool(f, 'allow-missing-template-keys') !== false,
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
