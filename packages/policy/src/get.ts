// The `get` grammar: allowed flags, resource arguments, cross-checks and the canonical argv.
import { denied, invalid, show } from './decision.js';
import type { Decision, Denial } from './decision.js';
import { isDns1123Label, isDns1123Subdomain } from './dns.js';
import { flagDisplay, isDenial, parseFlags } from './flags.js';
import type { FlagSpec } from './flags.js';
import { ALLOWED_TYPES_TEXT, canonicalType, resolveType } from './resources.js';
import type { KindInfo } from './resources.js';
import { fieldSelectorError, labelSelectorError } from './selectors.js';

export const GET_FLAGS: readonly FlagSpec[] = [
  { long: 'namespace', short: 'n', takesValue: true },
  { long: 'all-namespaces', short: 'A', takesValue: false },
  { long: 'selector', short: 'l', takesValue: true },
  { long: 'field-selector', takesValue: true },
  { long: 'output', short: 'o', takesValue: true },
  { long: 'show-labels', takesValue: false },
  { long: 'no-headers', takesValue: false },
];

const OUTPUTS_TEXT = 'json, yaml, wide, name';

/** kubectl lowercases json/yaml/name (so `-o JSON` works) but matches `wide` exactly. */
function canonicalOutput(format: string): string | null {
  const lower = format.toLowerCase();
  if (lower === 'json' || lower === 'yaml' || lower === 'name') return lower;
  return format === 'wide' ? 'wide' : null;
}

/** One resolved positional: a type and, in `type/name` form, its name. */
interface Target {
  kind: KindInfo;
  name: string | null;
}

interface Resources {
  /** Canonical resource arguments, in the user's form (`types names...` or `type/name...`). */
  args: string[];
  kinds: KindInfo[];
  named: boolean;
}

function resolveOne(arg: string): KindInfo | Denial {
  const r = resolveType(arg);
  if (r.ok) return r.kind;
  if (r.reason === 'secrets')
    return denied('resource', 'resource "secrets" is denied by the read-only policy');
  if (r.reason === 'all') {
    return denied(
      'resource',
      `resource "all" is not allowed; name the types (allowed: ${ALLOWED_TYPES_TEXT})`,
    );
  }
  return denied(
    'resource',
    `resource ${show(arg)} is not allowed by the read-only policy (allowed: ${ALLOWED_TYPES_TEXT})`,
  );
}

/** Quotes a rejected value, but only the flag name if it looks like a flag (`-n --token=...`). */
function showValue(v: string): string {
  return v.startsWith('-') ? `${show(flagDisplay(v))} (a flag where a value belongs)` : show(v);
}

function checkName(name: string): Denial | null {
  if (isDns1123Subdomain(name)) return null;
  return invalid(
    'resource',
    `name ${showValue(name)} is not a valid Kubernetes name (lowercase DNS-1123 subdomain)`,
  );
}

/**
 * kubectl's ResourceTypeOrNameArgs: either every positional is `type/name` (exactly one '/',
 * both sides non-empty, a single type), or the first is a comma list of types and the rest are
 * names. Secrets anywhere are reported before any other problem, so every spelling gets the
 * same answer.
 */
function parseResources(positionals: readonly string[]): Resources | Denial {
  // In slash form everything before the last '/' is in type position (`pods/a,secrets/b`).
  const typeArgs = positionals.some((p) => p.includes('/'))
    ? positionals.flatMap((p) => p.split('/').slice(0, -1))
    : positionals.slice(0, 1);
  for (const t of typeArgs.flatMap((a) => a.split(','))) {
    const r = resolveType(t);
    if (!r.ok && r.reason === 'secrets') return resolveOne(t) as Denial;
  }
  if (positionals.some((p) => p.includes('/'))) {
    const targets: Target[] = [];
    for (const p of positionals) {
      const parts = p.split('/');
      if (parts.length === 1) {
        return invalid(
          'resource',
          `mixing "type/name" and "type name" forms is not allowed (found ${show(p)})`,
        );
      }
      const [type = '', name = ''] = parts;
      if (parts.length > 2 || type === '' || name === '' || type.includes(',')) {
        return invalid('resource', `${show(p)} must be one type and one name, as in "pod/web-1"`);
      }
      const kind = resolveOne(type);
      if ('rule' in kind) return kind;
      const bad = checkName(name);
      if (bad) return bad;
      targets.push({ kind, name });
    }
    return {
      args: targets.map((t) => `${canonicalType(t.kind)}/${t.name ?? ''}`),
      kinds: targets.map((t) => t.kind),
      named: true,
    };
  }
  const [types = '', ...names] = positionals;
  const kinds: KindInfo[] = [];
  for (const t of types.split(',')) {
    if (t === '') return invalid('resource', `resource list ${show(types)} has an empty entry`);
    const kind = resolveOne(t);
    if ('rule' in kind) return kind;
    // kubectl drops duplicates in some forms and prints them twice in others; refusing is simpler.
    if (kinds.includes(kind))
      return invalid('resource', `resource type ${show(kind.resource)} is listed more than once`);
    kinds.push(kind);
  }
  for (const n of names) {
    const bad = checkName(n);
    if (bad) return bad;
  }
  return { args: [kinds.map(canonicalType).join(','), ...names], kinds, named: names.length > 0 };
}

/** Evaluates the arguments after `get`. */
export function evaluateGet(args: readonly string[]): Decision | Denial {
  const parsed = parseFlags('get', args, GET_FLAGS);
  if (isDenial(parsed)) return parsed;
  const { values, positionals } = parsed;
  if (positionals.length === 0) {
    return invalid(
      'resource',
      `get needs a resource type, e.g. "get pods" (allowed: ${ALLOWED_TYPES_TEXT})`,
    );
  }
  const resources = parseResources(positionals);
  if ('rule' in resources) return resources;

  const rawOutput = values.get('output');
  let output: string | null = null;
  if (rawOutput !== undefined && rawOutput !== '') {
    output = canonicalOutput(rawOutput);
    if (output === null) {
      // Only the format's name: a template or jsonpath expression is not echoed back.
      const name = rawOutput.split(/[={]/)[0] ?? '';
      return denied(
        'output',
        `output format ${show(name)} is not allowed (allowed: ${OUTPUTS_TEXT})`,
      );
    }
  }

  const namespace = values.get('namespace');
  const all = values.get('all-namespaces') === 'true';
  if (namespace !== undefined && !isDns1123Label(namespace)) {
    return invalid(
      'namespace',
      `namespace ${showValue(namespace)} is not a valid namespace name (DNS-1123 label)`,
    );
  }
  if (namespace !== undefined && all) {
    // kubectl would silently ignore -n; a scope check on the -n value would then be wrong.
    return denied('namespace', 'use either -n/--namespace or -A/--all-namespaces, not both');
  }

  // kubectl trims selectors and ignores empty ones; the canonical argv does the same.
  const label = values.get('selector')?.trim() ?? '';
  const field = values.get('field-selector')?.trim() ?? '';
  const labelErr = label === '' ? null : labelSelectorError(label);
  if (labelErr) return invalid('flag', labelErr);
  const fieldErr = field === '' ? null : fieldSelectorError(field);
  if (fieldErr) return invalid('flag', fieldErr);
  if (resources.named && (label !== '' || field !== '')) {
    return invalid('flag', 'selectors cannot be combined with resource names');
  }

  const showLabels = values.get('show-labels') === 'true';
  if (showLabels && output !== null && output !== 'wide') {
    return invalid('flag', `--show-labels cannot be used with -o ${output}`);
  }

  const namespaced = resources.kinds.some((k) => k.namespaced);
  if (all && resources.named && namespaced) {
    return invalid(
      'namespace',
      'a resource cannot be retrieved by name across all namespaces (-A)',
    );
  }

  // -n and -A change nothing for cluster-scoped kinds, so they are dropped from the canonical form.
  const argv = ['get', ...resources.args];
  if (namespaced && namespace !== undefined) argv.push('-n', namespace);
  if (namespaced && all) argv.push('-A');
  if (label !== '') argv.push('-l', label);
  if (field !== '') argv.push('--field-selector', field);
  if (output !== null) argv.push('-o', output);
  if (showLabels) argv.push('--show-labels');
  if (values.get('no-headers') === 'true') argv.push('--no-headers');
  return {
    allowed: true,
    argv,
    verb: 'get',
    namespace: namespaced ? (namespace ?? null) : null,
    allNamespaces: namespaced && all,
    clusterScoped: resources.kinds.some((k) => !k.namespaced),
  };
}
