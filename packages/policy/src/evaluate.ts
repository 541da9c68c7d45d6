// Entry point of the policy: command in (string or argv), decision out.
import { MAX_ARGV, MAX_COMMAND_CHARS } from '@porthole/protocol';
import {
  foldToAscii,
  hasHidingCharacter,
  isKubectlWrapper,
  isUnauthorizedVerb,
  smugglesForbiddenFlag,
  withoutWrappers,
} from './classify.js';
import type { Context } from './context.js';
import { codePointName, denied, invalid, show } from './decision.js';
import type { Decision, DeniedDecision, Denial, Fix, Outcome } from './decision.js';
import { forbiddenWithoutVerb, isDenial, isKnownForbidden, parseFlags } from './flags.js';
import type { FlagSpec } from './flags.js';
import { GRAMMARS, flagSetFor } from './grammars.js';
import { BEFORE_VERB, arrange } from './leading.js';
import { DEFAULT_POLICY, POLICY_VERBS } from './policy.js';
import type { Policy } from './policy.js';
import { BUILTIN_RESOURCES } from './resources/builtin.js';
import type { ApiResource } from './resources/table.js';
import { ResourceTable } from './resources/table.js';
import { suggest } from './suggest.js';
import { decideStages, runsSomething, splitPipes } from './pipeline.js';
import { isControl, tokenize } from './tokenize.js';
import type { VerbResult } from './verbs/common.js';

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

/** The kubectl commands the read-only policy can allow (`rollout` only as history and status). */
export const ALLOWED_VERBS: readonly string[] = Object.keys(GRAMMARS);

// kubectl's own commands: a denied one is reported as the decision's `verb` (a bounded set,
// safe as a metric label); any other word is reported as null.
const KUBECTL_VERBS: ReadonlySet<string> = new Set(
  (
    'annotate api-resources api-versions apply attach auth autoscale certificate ' +
    'cluster-info completion config cordon cp create debug delete describe diff drain edit ' +
    'events exec explain expose get help kustomize label logs options patch plugin ' +
    'port-forward proxy replace rollout run scale set taint top uncordon version wait alpha'
  ).split(' '),
);

const BUILTIN_TABLE = new ResourceTable(BUILTIN_RESOURCES);
const TABLES = new WeakMap<readonly ApiResource[], ResourceTable>();

export function tableFor(discovery: readonly ApiResource[] | undefined): ResourceTable {
  if (discovery === undefined) return BUILTIN_TABLE;
  let table = TABLES.get(discovery);
  if (table === undefined) {
    table = new ResourceTable(discovery);
    TABLES.set(discovery, table);
  }
  return table;
}

function deny(d: Denial, verb: string | null, argv: string[] | null = null, at = -1): Outcome {
  const decision: DeniedDecision = {
    allowed: false,
    kind: d.kind,
    rule: d.rule,
    message: d.message,
    verb,
    unauthorized: d.unauthorized,
  };
  return { decision, fix: d.fix ?? null, argv, at, tail: [] };
}

const NON_ASCII = /[\u007f-\uffff]/;

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7e) return false;
  return true;
}

/**
 * Every element must be printable ASCII: kubectl's verbs, flags, kinds, names and selectors all
 * are, so a lookalike dash or a zero-width space can only be a mistake or a bypass attempt.
 * `control` tells which: control characters are always an attempt; other characters are judged
 * by what the command means once they are folded to ASCII.
 */
function checkCharacters(argv: readonly string[]): { denial: Denial; control: boolean } | null {
  for (const [n, arg] of argv.entries()) {
    for (let i = 0; i < arg.length; i++) {
      const code = arg.charCodeAt(i);
      if (isControl(code)) {
        return {
          control: true,
          denial: invalid(
            'syntax',
            `argument ${n + 1} contains control character ${codePointName(arg, i)} at offset ${i + 1}`,
            true,
          ),
        };
      }
      if (code > 0x7e) {
        return {
          control: false,
          denial: invalid(
            'syntax',
            `argument ${n + 1} contains non-ASCII character ${codePointName(arg, i)} at offset ${i + 1}; kubectl commands are plain ASCII`,
          ),
        };
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

const ENABLED = new WeakMap<Policy, string>();

/** The policy's verbs as a denial lists them (`rollout` once), worked out once per policy. */
function enabledText(policy: Policy): string {
  let text = ENABLED.get(policy);
  if (text === undefined) {
    text = [...new Set(policy.verbs.map((v) => v.split(' ')[0]))].join(', ');
    ENABLED.set(policy, text);
  }
  return text;
}

const display = (s: FlagSpec): string => (s.short ? `-${s.short}/--${s.long}` : `--${s.long}`);

/** The command after `kubectl`: find the verb (past flags before it), check it, run its grammar. */
function decideArgv(argv: string[], options: EvaluateOptions): Outcome {
  const a = arrange(argv);
  if (a.dashdash) {
    const d = invalid(
      'syntax',
      '"--" before the verb ends kubectl\'s flags, so no verb follows it',
    );
    const rest = argv.filter((_, i) => i !== a.verbAt);
    return deny({ ...d, fix: { type: 'retry', argv: rest, text: 'drop the "--"' } }, null, argv);
  }
  const { verb } = a;
  if (verb === undefined) {
    const forbidden = a.pre.find((w) => w.startsWith('-') && isKnownForbidden(w));
    if (forbidden !== undefined) return deny(forbiddenWithoutVerb(forbidden), null, argv);
    return deny(invalid('verb', 'the command has no verb (e.g. "get pods")'), null, argv);
  }
  const known = KUBECTL_VERBS.has(verb) ? verb : null;
  const policy = options.policy ?? DEFAULT_POLICY;
  const grammar = Object.hasOwn(GRAMMARS, verb) ? GRAMMARS[verb] : undefined;
  if (grammar === undefined) {
    const enabled = enabledText(policy);
    // Only a word that looks like a command is quoted back: a pasted token is not.
    const shown =
      known !== null || /^[A-Za-z][A-Za-z0-9-]{0,30}$/.test(verb)
        ? `verb ${show(verb)}`
        : 'the first word';
    let unauthorized = isUnauthorizedVerb(verb, known !== null);
    if (!unauthorized && known === null && isKubectlWrapper(verb)) {
      // `kubectl kubectl delete pod x` is as much an attempt as `delete pod x`.
      const rest = withoutWrappers(argv.slice(a.verbAt));
      const d = rest.length > 0 ? decideArgv(rest, options).decision : null;
      unauthorized = d !== null && !d.allowed && d.unauthorized;
    }
    const message = `${shown} is not allowed (read-only policy allows: ${enabled})`;
    return deny(denied('verb', message, unauthorized), known, argv);
  }
  const key = verb === 'rollout' && a.sub !== undefined ? `rollout ${a.sub}` : verb;
  if (POLICY_VERBS.includes(key) && !policy.allowsVerb(key)) {
    return deny(denied('verb', `verb "${key}" is disabled by the policy`), verb, argv);
  }
  const ctx: Context = {
    table: tableFor(options.discovery),
    policy,
    discovered: options.discovery !== undefined,
  };
  const head = a.sub === undefined ? [] : [a.sub];
  let args = [...head, ...a.pre, ...a.rest];
  // A verb flag before the verb other than -n/-A: refused once the command is otherwise allowed.
  let misplaced: string | undefined;
  if (a.pre.length > 0) {
    const set = flagSetFor(verb, a.sub);
    if (set === undefined) {
      // top or rollout without a subcommand it knows: the grammar says what is missing.
      const forbidden = a.pre.find((w) => w.startsWith('-') && isKnownForbidden(w));
      if (forbidden !== undefined) return deny(forbiddenWithoutVerb(forbidden), verb, argv);
      args = [...head, ...a.rest];
    } else {
      // Flags before the verb are read by the verb's own table: refused exactly as after it.
      const f = parseFlags(set, a.pre);
      if (isDenial(f)) return deny(f, verb, argv);
      const stray = f.positionals[0];
      if (stray !== undefined) {
        return deny(invalid('syntax', `${show(stray)} before "${key}" is not a flag`), verb, argv);
      }
      const name = [...f.values.keys(), ...f.lists.keys()].find((n) => !BEFORE_VERB.has(n));
      const spec = name === undefined ? undefined : set.byLong.get(name);
      if (spec !== undefined) {
        const may = set.specs.filter((s) => BEFORE_VERB.has(s.long)).map(display);
        misplaced = `flags such as "${display(spec)}" go after "${key}"; only ${may.join(' and ')} may come before it`;
      }
    }
  }
  const r = grammar(ctx, args);
  if (isDenial(r)) return deny(r, verb, argv);
  const scope = checkNamespace(policy, r);
  if (scope) return deny(scope, verb, argv);
  if (misplaced !== undefined) {
    // Only kubectl's global -n (and -A) stand before the verb; the same command, moved, is the fix.
    const fix: Fix = { type: 'retry', argv: r.argv, text: 'put it after the verb' };
    return deny({ ...invalid('syntax', misplaced), fix }, verb, argv);
  }
  return {
    decision: {
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
      pipes: [],
    },
    fix: null,
    argv,
    at: -1,
    tail: [],
  };
}

/**
 * A lookalike or invisible character: hiding characters are an attempt; otherwise the command is
 * judged by what it says in plain ASCII (`get ｓecrets` is a Secrets read, `ｇｅｔ pods` a slip),
 * and that plain command is the fix when it is allowed.
 */
function judgeNonAscii(
  command: string | readonly string[],
  argv: readonly string[],
  denial: Denial,
  options: EvaluateOptions,
): Outcome {
  const folded = typeof command === 'string' ? foldToAscii(command) : argv.map(foldToAscii);
  const plain = typeof folded === 'string' ? isAscii(folded) : folded.every(isAscii);
  const o = plain ? decideInput(folded, options) : null;
  const unauthorized =
    argv.some(hasHidingCharacter) || (o !== null && !o.decision.allowed && o.decision.unauthorized);
  const fix: Fix | undefined = o?.decision.allowed
    ? { type: 'retry', argv: o.decision.argv, text: 'use plain ASCII characters' }
    : undefined;
  return deny({ ...denial, unauthorized, ...(fix ? { fix } : {}) }, null);
}

/** The kubectl verb of the command before the first separator, as denials report it, or null. */
function verbBefore(argv: readonly string[], separators: readonly number[] | null): string | null {
  const end = separators?.[0] ?? argv.indexOf('|');
  const command = argv.slice(argv[0] === 'kubectl' ? 1 : 0, end < 0 ? argv.length : end);
  const { verb } = arrange(command);
  return verb !== undefined && KUBECTL_VERBS.has(verb) ? verb : null;
}

/** The decision, classified, without a suggestion (suggestions decide other commands with it). */
export function decideInput(
  command: string | readonly string[],
  options: EvaluateOptions,
): Outcome {
  let argv: string[];
  let separators: number[] | null = null;
  // A string's words have no control characters (the tokenizer refuses them): when it is all
  // ASCII too, there is nothing left for the character check to find.
  let plain = false;
  if (typeof command === 'string') {
    const t = tokenize(command);
    if (!t.ok) return deny(invalid('syntax', t.message, t.unauthorized), null, null, t.at);
    argv = t.argv;
    separators = t.pipes;
    plain = !NON_ASCII.test(command);
  } else {
    const shaped = checkShape(command);
    if (!Array.isArray(shaped)) return deny(shaped, null);
    argv = shaped;
  }
  const split = splitPipes(argv, separators);
  if (isDenial(split)) return deny(split, verbBefore(argv, separators), argv);
  const { stages } = split;
  let kubectl = split.command;
  // Stage words are checked by the stage grammar (a pattern may be any printable text).
  const bad = plain ? null : checkCharacters(kubectl);
  if (bad)
    return bad.control ? deny(bad.denial, null) : judgeNonAscii(command, argv, bad.denial, options);

  if (kubectl[0] === 'kubectl') kubectl = kubectl.slice(1);
  const o = decideArgv(kubectl, options);
  const d = o.decision;
  // A credential or server flag hidden in a value or a name makes any denial an attempt.
  if (!d.allowed && !d.unauthorized && smugglesForbiddenFlag(kubectl)) {
    d.unauthorized = true;
  }
  if (stages.length === 0) return o;
  const decided = decideStages(stages);
  if (!d.allowed) {
    // So is a pipe into a shell (or anything else that runs something), whatever else is wrong.
    if (!d.unauthorized && stages.some(runsSomething)) d.unauthorized = true;
    if (!isDenial(decided)) o.tail = decided.words;
    return o;
  }
  if (isDenial(decided)) return deny(decided, d.verb, kubectl);
  if (d.argv.includes('|')) {
    // Only a quoted word can be a lone `|` here; in the canonical argv it would split the command.
    return deny(
      invalid('syntax', 'a lone "|" is a pipe separator; it cannot be an argument of the command'),
      d.verb,
      kubectl,
    );
  }
  d.argv = [...d.argv, ...decided.words];
  d.pipes = decided.pipes;
  o.tail = decided.words;
  return o;
}

/**
 * Tokenizes a string, splits off its pipe stages, strips one leading `kubectl`, finds the verb
 * past any flags before it (kubectl's global -n, and -A, may stand there), parses the verb's
 * grammar, applies the policy, then decides each stage with the stage grammar. A denial says whether it was an attempt at a forbidden thing and, when there is one,
 * how to get what was meant.
 */
export function evaluate(
  command: string | readonly string[],
  options: EvaluateOptions = {},
): Decision {
  const o = decideInput(command, options);
  if (o.decision.allowed) return o.decision;
  const { tail } = o;
  const suggestion = suggest(o, command, {
    // A command suggested instead keeps the stages the user piped it into.
    decide:
      tail.length === 0
        ? (c) => decideInput(c, options)
        : (c) => decideInput(typeof c === 'string' ? c : [...c, ...tail], options),
    table: tableFor(options.discovery),
    policy: options.policy ?? DEFAULT_POLICY,
  });
  if (suggestion !== null) o.decision.suggestion = suggestion;
  return o.decision;
}
