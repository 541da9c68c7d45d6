// Entry point of the policy: command in (string or argv), decision out.
import { MAX_ARGV, MAX_COMMAND_CHARS } from '@porthole/protocol';
import { codePointName, denied, invalid, show } from './decision.js';
import type { Decision, Denial } from './decision.js';
import { flagDisplay, isKnownForbidden } from './flags.js';
import { evaluateGet } from './get.js';
import { isControl, tokenize } from './tokenize.js';

export const ALLOWED_VERBS: readonly string[] = ['get'];

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

/** Tokenizes a string, strips one leading `kubectl`, parses the verb's grammar and checks it. */
export function evaluate(command: string | readonly string[]): Decision {
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
  if (!ALLOWED_VERBS.includes(verb)) {
    return deny(
      denied(
        'verb',
        `verb ${show(verb)} is not allowed (read-only policy allows: ${ALLOWED_VERBS.join(', ')})`,
      ),
      known,
    );
  }
  const d = evaluateGet(rest);
  return 'allowed' in d ? d : deny(d, verb);
}
