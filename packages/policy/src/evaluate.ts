// Entry point of the policy: command in (string or argv), decision out.
import { MAX_ARGV, MAX_COMMAND_CHARS } from '@porthole/protocol';
import type { Context } from './context.js';
import { codePointName, denied, invalid, show } from './decision.js';
import type { Decision, Denial } from './decision.js';
import { flagDisplay, isDenial, isKnownForbidden } from './flags.js';
import { DEFAULT_POLICY, POLICY_VERBS } from './policy.js';
import type { Policy } from './policy.js';
import { BUILTIN_RESOURCES } from './resources/builtin.js';
import type { ApiResource } from './resources/table.js';
import { ResourceTable } from './resources/table.js';
import { isControl, tokenize } from './tokenize.js';
import { evaluateApiResources } from './verbs/api-resources.js';
import { evaluateApiVersions } from './verbs/api-versions.js';
import { evaluateClusterInfo } from './verbs/cluster-info.js';
import type { VerbResult } from './verbs/common.js';
import { evaluateDescribe } from './verbs/describe.js';
import { evaluateEvents } from './verbs/events.js';
import { evaluateExplain } from './verbs/explain.js';
import { evaluateGet } from './verbs/get.js';
import { evaluateLogs } from './verbs/logs.js';
import { evaluateRollout } from './verbs/rollout.js';
import { evaluateTop } from './verbs/top.js';
import { evaluateVersion } from './verbs/version.js';

export interface EvaluateOptions {
  /**
   * The cluster's API resources as discovery lists them (the agent reports them). Without it
   * the built-in table of standard kinds is used, so custom resources are unknown. Pass the same
   * array object again to reuse its index: it is built once per array and cached.
   */
  discovery?: readonly ApiResource[];
  /** From `parsePolicy`; defaults to the contract's policy. */
  policy?: Policy;
}

type Grammar = (ctx: Context, args: readonly string[]) => VerbResult | Denial;

const GRAMMARS: Record<string, Grammar> = {
  get: evaluateGet,
  describe: evaluateDescribe,
  logs: evaluateLogs,
  events: evaluateEvents,
  top: evaluateTop,
  explain: evaluateExplain,
  'api-resources': (_ctx, args) => evaluateApiResources(args),
  'api-versions': (_ctx, args) => evaluateApiVersions(args),
  version: (_ctx, args) => evaluateVersion(args),
  'cluster-info': evaluateClusterInfo,
  rollout: evaluateRollout,
};

/** The kubectl commands the read-only policy can allow (`rollout` only as history and status). */
export const ALLOWED_VERBS: readonly string[] = Object.keys(GRAMMARS);

// kubectl's own commands: a denied one is reported as the decision's `verb` (a bounded set,
// safe as a metric label); any other word is reported as null.
const KUBECTL_VERBS = new Set(
  (
    'annotate api-resources api-versions apply attach auth autoscale certificate ' +
    'cluster-info completion config cordon cp create debug delete describe diff drain edit ' +
    'events exec explain expose get help kustomize label logs options patch plugin ' +
    'port-forward proxy replace rollout run scale set taint top uncordon version wait alpha'
  ).split(' '),
);

const BUILTIN_TABLE = new ResourceTable(BUILTIN_RESOURCES);
const TABLES = new WeakMap<readonly ApiResource[], ResourceTable>();

function tableFor(discovery: readonly ApiResource[] | undefined): ResourceTable {
  if (discovery === undefined) return BUILTIN_TABLE;
  let table = TABLES.get(discovery);
  if (table === undefined) {
    table = new ResourceTable(discovery);
    TABLES.set(discovery, table);
  }
  return table;
}

function deny(d: Denial, verb: string | null): Decision {
  return { allowed: false, kind: d.kind, rule: d.rule, message: d.message, verb };
}

/**
 * Every element must be printable ASCII: kubectl's verbs, flags, kinds, names and selectors all
 * are, so a lookalike dash or a zero-width space can only be a mistake or a bypass attempt.
 */
function checkCharacters(argv: readonly string[]): Denial | null {
  for (const [n, arg] of argv.entries()) {
    for (let i = 0; i < arg.length; i++) {
      const code = arg.charCodeAt(i);
      if (isControl(code)) {
        return invalid(
          'syntax',
          `argument ${n + 1} contains control character ${codePointName(arg, i)} at offset ${i + 1}`,
        );
      }
      if (code > 0x7e) {
        return invalid(
          'syntax',
          `argument ${n + 1} contains non-ASCII character ${codePointName(arg, i)} at offset ${i + 1}; kubectl commands are plain ASCII`,
        );
      }
    }
  }
  return null;
}

function checkShape(input: unknown): Denial | string[] {
  if (!Array.isArray(input) || !input.every((a): a is string => typeof a === 'string')) {
    return invalid('syntax', 'command must be a string or an array of strings');
  }
  if (input.length > MAX_ARGV)
    return invalid('syntax', `command has more than ${MAX_ARGV} arguments`);
  const chars = input.reduce((sum, a) => sum + a.length, 0);
  if (chars > MAX_COMMAND_CHARS) {
    return invalid(
      'syntax',
      `command is ${chars} characters long; the limit is ${MAX_COMMAND_CHARS}`,
    );
  }
  return input;
}

/** The policy's name for what is being run: `rollout history`, else the verb. */
function policyVerb(verb: string, rest: readonly string[]): string {
  return verb === 'rollout' && rest[0] !== undefined ? `rollout ${rest[0]}` : verb;
}

/** Namespace restrictions of the policy, for commands that read namespaced objects. */
function checkNamespace(policy: Policy, r: VerbResult): Denial | null {
  if (!r.namespaced || !policy.namespacesRestricted) return null;
  if (r.allNamespaces)
    return denied('namespace', '-A is not allowed: the policy limits namespaces');
  if (r.namespace === null) {
    return denied('namespace', 'name a namespace with -n: the policy limits namespaces');
  }
  if (!policy.allowsNamespace(r.namespace)) {
    return denied('namespace', `namespace ${show(r.namespace)} is denied by the policy`);
  }
  return null;
}

/** Tokenizes a string, strips one leading `kubectl`, parses the verb's grammar and applies the policy. */
export function evaluate(
  command: string | readonly string[],
  options: EvaluateOptions = {},
): Decision {
  let argv: string[];
  if (typeof command === 'string') {
    const t = tokenize(command);
    if (!t.ok) return deny(invalid('syntax', t.message), null);
    argv = t.argv;
  } else {
    const shaped = checkShape(command);
    if (!Array.isArray(shaped)) return deny(shaped, null);
    argv = shaped;
  }
  const bad = checkCharacters(argv);
  if (bad) return deny(bad, null);

  if (argv[0] === 'kubectl') argv = argv.slice(1);
  const [verb, ...rest] = argv;
  if (verb === undefined) {
    return deny(invalid('verb', 'the command has no verb (e.g. "get pods")'), null);
  }
  if (verb.startsWith('-') && verb !== '-') {
    const name = show(flagDisplay(verb));
    if (isKnownForbidden(verb)) return deny(denied('flag', `flag ${name} is not allowed`), null);
    return deny(
      invalid(
        'syntax',
        `the command must start with a verb (e.g. "get"); flags such as ${name} go after it`,
      ),
      null,
    );
  }
  const known = KUBECTL_VERBS.has(verb) ? verb : null;
  const policy = options.policy ?? DEFAULT_POLICY;
  const grammar = Object.hasOwn(GRAMMARS, verb) ? GRAMMARS[verb] : undefined;
  if (grammar === undefined) {
    const enabled = [...new Set(policy.verbs.map((v) => v.split(' ')[0]))].join(', ');
    // Only a word that looks like a command is quoted back: a pasted token is not.
    const shown =
      known !== null || /^[A-Za-z][A-Za-z0-9-]{0,30}$/.test(verb)
        ? `verb ${show(verb)}`
        : 'the first word';
    return deny(
      denied('verb', `${shown} is not allowed (read-only policy allows: ${enabled})`),
      known,
    );
  }
  const key = policyVerb(verb, rest);
  if (POLICY_VERBS.includes(key) && !policy.allowsVerb(key)) {
    return deny(denied('verb', `verb "${key}" is disabled by the policy`), verb);
  }
  const ctx: Context = {
    table: tableFor(options.discovery),
    policy,
    discovered: options.discovery !== undefined,
  };
  const r = grammar(ctx, rest);
  if (isDenial(r)) return deny(r, verb);
  const scope = checkNamespace(policy, r);
  if (scope) return deny(scope, verb);
  return {
    allowed: true,
    argv: r.argv,
    request: r.request,
    verb,
    subcommand: r.subcommand,
    namespace: r.namespace,
    allNamespaces: r.allNamespaces,
    clusterScoped: r.readsObjects && r.targets.some((t) => !t.resource.namespaced),
    readsObjects: r.readsObjects,
    targets: r.targets,
    // Any resource called secrets, in any group: the agent redacts rather than guesses.
    readsSecrets: r.readsObjects && r.targets.some((t) => t.resource.resource === 'secrets'),
    secretsAllowed: policy.secretsAllowed,
  };
}
