// `describe`: kinds and names (or name prefixes) as `get` takes them, with -n/-A, -l and --show-events.
import type { Context } from '../context.js';
import { invalid } from '../decision.js';
import type { Denial } from '../decision.js';
import { flagSet, isDenial, parseFlags } from '../flags.js';
import type { DescribeRequest } from '../request.js';
import { parseResourceArgs, resourceWords } from '../resources/args.js';
import type { VerbResult } from './common.js';
import {
  namespaceWords,
  readBool,
  readNamespace,
  readSelector,
  requestNamespace,
} from './common.js';

export const FLAGS = flagSet('describe', [
  { long: 'namespace', short: 'n', kind: 'string' },
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'show-events', kind: 'bool' },
]);

/** The canonical argv, printed from the request. */
function describeArgv(r: DescribeRequest): string[] {
  const argv = ['describe', ...resourceWords(r), ...namespaceWords(r)];
  if (r.labelSelector !== null) argv.push('-l', r.labelSelector);
  // Events are shown by default; only turning them off changes the output.
  if (!r.showEvents) argv.push('--show-events=false');
  return argv;
}

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
  if (resources.named && label !== null) {
    return invalid('flag', 'selectors cannot be combined with resource names');
  }
  const namespaced = resources.targets.some((t) => t.resource.namespaced);
  if (ns.all && resources.named && namespaced) {
    return invalid(
      'namespace',
      'a resource cannot be described by name across all namespaces (-A)',
    );
  }
  const request: DescribeRequest = {
    verb: 'describe',
    resources: resources.resources,
    form: resources.form,
    ...requestNamespace(ns, namespaced),
    labelSelector: label,
    showEvents: readBool(f, 'show-events') !== false,
  };
  return {
    argv: describeArgv(request),
    request,
    subcommand: null,
    namespace: request.namespace,
    allNamespaces: request.allNamespaces,
    targets: resources.targets,
    readsObjects: true,
    namespaced,
  };
}
