// `cluster-info` (never `dump`): the control plane address and the cluster-service Services.
import type { Context } from '../context.js';
import { resolveType } from '../context.js';
import { denied, invalid } from '../decision.js';
import type { Denial } from '../decision.js';
import { flagSet, isDenial, parseFlags } from '../flags.js';
import type { VerbResult } from './common.js';
import { noPositionals, readNamespace } from './common.js';

export const FLAGS = flagSet('cluster-info', [{ long: 'namespace', short: 'n', kind: 'string' }]);

const DUMP = denied(
  'verb',
  'verb "cluster-info dump" is not allowed: it dumps every object and log',
  true,
);

/**
 * Reads the Services labelled kubernetes.io/cluster-service=true in the -n namespace, which is
 * kube-system by default (not the context's namespace, unlike every other verb).
 */
export function evaluateClusterInfo(ctx: Context, args: readonly string[]): VerbResult | Denial {
  if (args[0] === 'dump') return DUMP;
  const f = parseFlags(FLAGS, args);
  if (isDenial(f)) return f;
  // cobra finds the `dump` subcommand after flags too (`cluster-info -n x dump`).
  if (f.positionals[0] === 'dump') return DUMP;
  const extra = noPositionals('cluster-info', f.positionals);
  if (extra) return extra;
  const ns = readNamespace(f);
  if (isDenial(ns)) return ns;
  const services = resolveType(ctx, 'services');
  if (isDenial(services)) return services;
  const match = services.matches[0];
  if (!match) return invalid('resource', 'services are not served by this cluster');
  const namespace = ns.namespace ?? 'kube-system';
  return {
    // `-n kube-system` stays when given: the request says the same either way.
    argv: ns.namespace === undefined ? ['cluster-info'] : ['cluster-info', '-n', namespace],
    request: { verb: 'cluster-info', namespace },
    subcommand: null,
    namespace,
    allNamespaces: false,
    targets: [{ resource: match.resolved, name: null }],
    readsObjects: true,
    namespaced: true,
  };
}
