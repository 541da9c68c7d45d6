// `top pod` and `top node`: resource usage from metrics.k8s.io, by name or selector.
import type { Context } from '../context.js';
import { resolveType } from '../context.js';
import { invalid, show } from '../decision.js';
import type { Denial } from '../decision.js';
import { flagSet, isDenial, parseFlags } from '../flags.js';
import type { FlagSet } from '../flags.js';
import type { TopNodeRequest, TopPodRequest } from '../request.js';
import { checkName } from '../resources/args.js';
import type { VerbResult } from './common.js';
import {
  namespaceWords,
  readBool,
  readNamespace,
  readSelector,
  requestNamespace,
} from './common.js';

export const POD_FLAGS = flagSet('top pod', [
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

export const NODE_FLAGS = flagSet('top node', [
  { long: 'namespace', short: 'n', kind: 'string' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'sort-by', kind: 'string' },
  { long: 'no-headers', kind: 'bool' },
  { long: 'show-capacity', kind: 'bool' },
  { long: 'show-swap', kind: 'bool' },
]);

// kubectl's aliases for the subcommands.
export const SUBCOMMANDS = new Map<string, 'pod' | 'node'>([
  ['pod', 'pod'],
  ['pods', 'pod'],
  ['po', 'pod'],
  ['node', 'node'],
  ['nodes', 'node'],
  ['no', 'node'],
]);

/** The canonical argv, printed from the request; -n and -A only for pods. */
function topArgv(r: TopPodRequest | TopNodeRequest): string[] {
  const argv = ['top', r.subcommand];
  if (r.name !== null) argv.push(r.name);
  if (r.subcommand === 'pod') argv.push(...namespaceWords(r));
  if (r.labelSelector !== null) argv.push('-l', r.labelSelector);
  if (r.subcommand === 'pod' && r.fieldSelector !== null) {
    argv.push('--field-selector', r.fieldSelector);
  }
  if (r.sortBy !== null) argv.push(`--sort-by=${r.sortBy}`);
  if (r.subcommand === 'pod') {
    if (r.containers) argv.push('--containers');
    if (r.sum) argv.push('--sum');
  }
  if (r.noHeaders) argv.push('--no-headers');
  if (r.subcommand === 'node' && r.showCapacity) argv.push('--show-capacity');
  if (r.showSwap) argv.push('--show-swap');
  return argv;
}

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
  if (name !== undefined && (label !== null || field !== null)) {
    return invalid('flag', 'only one of NAME or selector can be provided');
  }
  if (name !== undefined && ns.all) {
    return invalid('namespace', 'a pod cannot be named across all namespaces (-A)');
  }
  const rawSort = f.values.get('sort-by');
  const sortBy = rawSort === 'cpu' || rawSort === 'memory' ? rawSort : null;
  if (rawSort !== undefined && rawSort !== '' && sortBy === null) {
    return invalid('flag', '--sort-by accepts only cpu or memory');
  }

  const noHeaders = readBool(f, 'no-headers') === true;
  const showSwap = readBool(f, 'show-swap') === true;
  // Nodes have no namespace: -n is dropped (kubectl ignores it) and -A is not a node flag.
  const request: TopPodRequest | TopNodeRequest =
    sub === 'pod'
      ? {
          verb: 'top',
          subcommand: 'pod',
          name: name ?? null,
          ...requestNamespace(ns, true),
          labelSelector: label,
          fieldSelector: field,
          sortBy,
          containers: readBool(f, 'containers') === true,
          sum: readBool(f, 'sum') === true,
          noHeaders,
          showSwap,
        }
      : {
          verb: 'top',
          subcommand: 'node',
          name: name ?? null,
          labelSelector: label,
          sortBy,
          noHeaders,
          showCapacity: readBool(f, 'show-capacity') === true,
          showSwap,
        };
  const pod = request.subcommand === 'pod';
  return {
    argv: topArgv(request),
    request,
    subcommand: sub,
    namespace: pod ? request.namespace : null,
    allNamespaces: pod && request.allNamespaces,
    targets: [{ resource: match.resolved, name: request.name }],
    readsObjects: true,
    namespaced: pod,
  };
}
