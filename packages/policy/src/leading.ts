// Flags before the verb (and between `top`/`rollout` and their subcommand): where the verb starts, and which flags may stand there.
import { REFUSED_SPECS, flagSet, normalizeLong } from './flags.js';
import type { FlagSpec } from './flags.js';
import { SUBCOMMAND_VERBS, VERB_FLAGS } from './grammars.js';

const string = (long: string, short?: string): FlagSpec =>
  short === undefined ? { long, kind: 'string' } : { long, short, kind: 'string' };
const bool = (long: string): FlagSpec => ({ long, kind: 'bool' });

/**
 * kubectl's global flags (`kubectl options`, v1.35): persistent flags of the root command, so
 * kubectl reads them before the verb as well as after it. Only `-n` is ever allowed; the others
 * are here so the verb is found where kubectl finds it (`--token x get pods`).
 */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  string('namespace', 'n'),
  string('server', 's'),
  string('v', 'v'),
  ...[
    'as',
    'as-uid',
    'cache-dir',
    'certificate-authority',
    'client-certificate',
    'client-key',
    'cluster',
    'context',
    'kubeconfig',
    'kuberc',
    'log-flush-frequency',
    'password',
    'profile',
    'profile-output',
    'request-timeout',
    'tls-server-name',
    'token',
    'user',
    'username',
    'vmodule',
  ].map((long) => string(long)),
  { long: 'as-group', kind: 'list' },
  { long: 'as-user-extra', kind: 'list' },
  ...[
    'disable-compression',
    'insecure-skip-tls-verify',
    'match-server-version',
    'warnings-as-errors',
  ].map(bool),
];

/**
 * Of the flags a verb allows, those that may come before it: kubectl's global `-n`, and `-A`.
 * kubectl itself reads a bare `-A get pods` as `-A` taking `get` for its value (cobra only knows
 * the global flags there) and fails, while `-A=true get pods` works; the meaning is plain, so
 * Porthole reads it as `get pods -A`. Other verb flags before the verb (`-o json get pods`) are
 * refused with the command rewritten, though kubectl runs some of them.
 */
export const BEFORE_VERB: ReadonlySet<string> = new Set(['namespace', 'all-namespaces']);

// What each flag name takes, to find the verb: every verb's flags, the refused ones, then the
// global ones (last, so they win). Unknown flags follow cobra: a value unless written with `=`.
const SCAN = flagSet('kubectl', [
  ...[...VERB_FLAGS.values()].flatMap((v) => v.flags.specs),
  ...REFUSED_SPECS,
  ...GLOBAL_FLAGS,
]);

/** Whether a flag word takes the next word as its value (`-n`, `--token`, `-Ao`), as pflag reads it. */
export function takesNextWord(arg: string): boolean {
  if (arg.startsWith('--')) {
    if (arg.includes('=')) return false;
    const spec = SCAN.byLong.get(normalizeLong(arg.slice(2)));
    return spec === undefined || spec.kind !== 'bool';
  }
  for (let i = 1; i < arg.length; i++) {
    const spec = SCAN.byShort.get(arg.charAt(i));
    // cobra's rule for an unknown shorthand: a value only when the word is just `-x`.
    if (spec === undefined) return arg.length === 2;
    if (spec.kind !== 'bool') return i === arg.length - 1;
    if (arg.charAt(i + 1) === '=') return false;
  }
  return false;
}

/** The kind of a flag by name (long, or a shorthand letter), as far as any table knows it. */
export function knownSpec(name: string, isLong: boolean): FlagSpec | undefined {
  return isLong ? SCAN.byLong.get(name) : SCAN.byShort.get(name);
}

export interface Leading {
  /** The flag words and their values, in order. */
  flags: string[];
  /** Index of the first word that is not a flag or a flag's value (the verb or subcommand). */
  next: number;
  /** A `--` stopped the scan at `next`: kubectl then sees no verb at all. */
  dashdash: boolean;
}

/** The flags from `from` on, up to the first word that is neither a flag nor a flag's value. */
export function leadingFlags(argv: readonly string[], from: number): Leading {
  const flags: string[] = [];
  let i = from;
  while (i < argv.length) {
    const arg = argv[i] ?? '';
    if (arg === '--') return { flags, next: i, dashdash: true };
    if (!arg.startsWith('-') || arg === '-') break;
    flags.push(arg);
    i++;
    const value = argv[i];
    if (value !== undefined && takesNextWord(arg)) {
      flags.push(value);
      i++;
    }
  }
  return { flags, next: i, dashdash: false };
}

/** A command split where kubectl splits it: flags before the verb, the verb, its subcommand, the rest. */
export interface Arranged {
  /** The first word that is not a flag (undefined when there is none). */
  verb: string | undefined;
  verbAt: number;
  /** For top and rollout: the first word after the verb that is not a flag. */
  sub: string | undefined;
  /** Flags (with their values) before the verb, and between top/rollout and the subcommand. */
  pre: string[];
  /** Everything after the verb, or after the subcommand. */
  rest: string[];
  /** A `--` came before any verb. */
  dashdash: boolean;
}

export function arrange(argv: readonly string[]): Arranged {
  const lead = leadingFlags(argv, 0);
  const verb = lead.dashdash ? undefined : argv[lead.next];
  const arranged: Arranged = {
    verb,
    verbAt: lead.next,
    sub: undefined,
    pre: lead.flags,
    rest: argv.slice(lead.next + 1),
    dashdash: lead.dashdash,
  };
  if (verb === undefined || !SUBCOMMAND_VERBS.has(verb)) return arranged;
  // cobra finds the subcommand past global flags too (`rollout -n shop history deploy/web`).
  const between = leadingFlags(arranged.rest, 0);
  const sub = between.dashdash ? undefined : arranged.rest[between.next];
  arranged.pre = [...lead.flags, ...between.flags];
  arranged.sub = sub;
  arranged.rest = arranged.rest.slice(sub === undefined ? between.next : between.next + 1);
  return arranged;
}
