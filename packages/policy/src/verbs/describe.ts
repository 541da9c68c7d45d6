// `describe`: kinds and names (or name prefixes) as `get` takes them, with -n/-A, -l and --show-events.
import type { Context } from '../context.js';
import { invalid } from '../decision.js';
import type { Denial } from '../decision.js';
import { flagSet, isDenial, parseFlags } from '../flags.js';
import { parseResourceArgs } from '../resources/args.js';
import type { VerbResult } from './common.js';
import { namespaceArgs, readBool, readNamespace, readSelector } from './common.js';

const FLAGS = flagSet('describe', [
  { long: 'namespace', short: 'n', kind: 'string' },
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'show-events', kind: 'bool' },
]);

/** Evaluates the arguments after `describe`. */
export function evaluateDescribe(ctx: Context, args: readonly string[]): VerbResult | Denial {
  const f = parseFlags(FLAGS, args);
  if (isDenial(f)) return f;
  if (f.positionals.length === 0) {
    return invalid('resource', 'describe needs a resource type, e.g. "describe pod web-1"');
  }
  // describe matches a name as a prefix when no object has it exactly (`describe pods web-`).
  const resources = parseResourceArgs(ctx, f.positionals, { prefix: true });
  if (isDenial(resources)) return resources;
  const ns = readNamespace(f);
  if (isDenial(ns)) return ns;
  const label = readSelector(f, 'selector');
  if (isDenial(label)) return label;
  if (resources.named && label !== '') {
    return invalid('flag', 'selectors cannot be combined with resource names');
  }
  const namespaced = resources.targets.some((t) => t.resource.namespaced);
  if (ns.all && resources.named && namespaced) {
    return invalid(
      'namespace',
      'a resource cannot be described by name across all namespaces (-A)',
    );
  }
  const argv = ['describe', ...resources.args, ...namespaceArgs(ns, namespaced)];
  if (label !== '') argv.push('-l', label);
  // Events are shown by default; only turning them off changes the output.
  if (readBool(f, 'show-events') === false) argv.push('--show-events=false');
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
