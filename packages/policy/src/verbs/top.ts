// `top pod` and `top node`: resource usage from metrics.k8s.io, by name or selector.
import type { Context } from '../context.js';
import { resolveType } from '../context.js';
import { invalid, show } from '../decision.js';
import type { Denial } from '../decision.js';
import { flagSet, isDenial, parseFlags } from '../flags.js';
import type { FlagSet } from '../flags.js';
import { checkName } from '../resources/args.js';
import type { VerbResult } from './common.js';
import { namespaceArgs, readBool, readNamespace, readSelector } from './common.js';

const POD_FLAGS = flagSet('top pod', [
  { long: 'namespace', short: 'n', kind: 'string' },
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'field-selector', kind: 'string' },
  { long: 'containers', kind: 'bool' },
  { long: 'sort-by', kind: 'string' },
  { long: 'sum', kind: 'bool' },
  { long: 'no-headers', kind: 'bool' },
  { long: 'show-swap', kind: 'bool' },
]);

const NODE_FLAGS = flagSet('top node', [
  { long: 'namespace', short: 'n', kind: 'string' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'sort-by', kind: 'string' },
  { long: 'no-headers', kind: 'bool' },
  { long: 'show-capacity', kind: 'bool' },
  { long: 'show-swap', kind: 'bool' },
]);

// kubectl's aliases for the subcommands.
const SUBCOMMANDS = new Map<string, 'pod' | 'node'>([
  ['pod', 'pod'],
  ['pods', 'pod'],
  ['po', 'pod'],
  ['node', 'node'],
  ['nodes', 'node'],
  ['no', 'node'],
]);

// Boolean flags in canonical order, per subcommand.
const BOOLS: Record<'pod' | 'node', readonly string[]> = {
  pod: ['containers', 'sum', 'no-headers', 'show-swap'],
  node: ['no-headers', 'show-capacity', 'show-swap'],
};

/** Evaluates the arguments after `top`; the first must be the subcommand. */
export function evaluateTop(ctx: Context, args: readonly string[]): VerbResult | Denial {
  const [word, ...rest] = args;
  const sub = word === undefined ? undefined : SUBCOMMANDS.get(word);
  if (sub === undefined) {
    const found = word === undefined ? '' : ` (found ${show(word)})`;
    return invalid('verb', `top needs a subcommand: "top pod" or "top node"${found}`);
  }
  const set: FlagSet = sub === 'pod' ? POD_FLAGS : NODE_FLAGS;
  const f = parseFlags(set, rest);
  if (isDenial(f)) return f;
  const [name, ...extra] = f.positionals;
  if (extra.length > 0) return invalid('resource', `top ${sub} takes at most one name`);
  const kind = resolveType(ctx, sub === 'pod' ? 'pods' : 'nodes');
  if (isDenial(kind)) return kind;
  const match = kind.matches[0];
  if (!match) return invalid('resource', `top ${sub} is not available`);
  if (name !== undefined) {
    const bad = checkName(match.entry, name);
    if (bad) return bad;
  }
  const ns = readNamespace(f);
  if (isDenial(ns)) return ns;
  const label = readSelector(f, 'selector');
  if (isDenial(label)) return label;
  const field = readSelector(f, 'field-selector');
  if (isDenial(field)) return field;
  if (name !== undefined && (label !== '' || field !== '')) {
    return invalid('flag', 'only one of NAME or selector can be provided');
  }
  if (name !== undefined && ns.all) {
    return invalid('namespace', 'a pod cannot be named across all namespaces (-A)');
  }
  const sort = f.values.get('sort-by');
  if (sort !== undefined && sort !== '' && sort !== 'cpu' && sort !== 'memory') {
    return invalid('flag', '--sort-by accepts only cpu or memory');
  }

  const pod = sub === 'pod';
  const argv = ['top', sub];
  if (name !== undefined) argv.push(name);
  argv.push(...namespaceArgs(ns, pod));
  if (label !== '') argv.push('-l', label);
  if (field !== '') argv.push('--field-selector', field);
  if (sort !== undefined && sort !== '') argv.push(`--sort-by=${sort}`);
  for (const b of BOOLS[sub]) if (readBool(f, b) === true) argv.push(`--${b}`);
  return {
    argv,
    subcommand: sub,
    namespace: pod ? (ns.namespace ?? null) : null,
    allNamespaces: pod && ns.all,
    targets: [{ resource: match.resolved, name: name ?? null }],
    readsObjects: true,
    namespaced: pod,
  };
}
