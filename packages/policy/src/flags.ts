// Parses a verb's flags the way kubectl's pflag does, against a precompiled per-verb allowlist.
import { denied, invalid, show, withFix } from './decision.js';
import type { Denial, Fix } from './decision.js';
import { nearest } from './nearest.js';

/** `bool` takes no separate argument; `string` takes one; `list` takes one and may repeat (pflag StringSlice). */
export type FlagKind = 'bool' | 'string' | 'list';

export interface FlagSpec {
  long: string;
  short?: string;
  kind: FlagKind;
  /** How the policy summary lists it when only one value is accepted (`--watch=false`). */
  only?: string;
}

/** A verb's allowlist, indexed once at module load so parsing does no setup per call. */
export interface FlagSet {
  verb: string;
  /** The allowlist in its declared order (the policy summary lists it). */
  specs: readonly FlagSpec[];
  byLong: ReadonlyMap<string, FlagSpec>;
  byShort: ReadonlyMap<string, FlagSpec>;
  allowedText: string;
  /** Verb-specific reasons, e.g. `-f` is follow for logs, not a filename. */
  reasons: Readonly<Record<string, string>>;
}

export interface ParsedFlags {
  /** Scalar flags by long name; booleans are normalized to 'true' / 'false'. */
  values: Map<string, string>;
  /** List flags by long name: every occurrence, each split on ','. */
  lists: Map<string, string[]>;
  positionals: string[];
}

export function flagSet(
  verb: string,
  specs: readonly FlagSpec[],
  reasons: Readonly<Record<string, string>> = {},
): FlagSet {
  return {
    verb,
    specs,
    reasons,
    byLong: new Map(specs.map((s) => [s.long, s])),
    byShort: new Map(specs.flatMap((s) => (s.short ? [[s.short, s] as const] : []))),
    allowedText: specs.length
      ? specs.map((s) => (s.short ? `-${s.short}/--${s.long}` : `--${s.long}`)).join(', ')
      : 'none',
  };
}

// Why the flags people reach for most are refused. Anything not allowlisted is refused anyway;
// this table only makes the message useful.
const IDENTITY = 'it selects credentials, server or identity';
const FILES = 'reading or writing local files is not allowed';
const WATCH = 'watching is not allowed (one read per command)';
export const FOLLOW = 'streaming logs is not allowed (one read per command)';
const RAW = 'raw API paths are not allowed';
const VERBOSE = 'verbose client logging can print credentials';
const REASONS: Record<string, string> = {
  kubeconfig: IDENTITY,
  server: IDENTITY,
  s: IDENTITY,
  token: IDENTITY,
  as: IDENTITY,
  'as-group': IDENTITY,
  'as-uid': IDENTITY,
  'as-user-extra': IDENTITY,
  user: IDENTITY,
  username: IDENTITY,
  password: IDENTITY,
  cluster: IDENTITY,
  context: IDENTITY,
  'certificate-authority': IDENTITY,
  'client-certificate': IDENTITY,
  'client-key': IDENTITY,
  'insecure-skip-tls-verify': IDENTITY,
  'insecure-skip-tls-verify-backend': IDENTITY,
  'tls-server-name': IDENTITY,
  kuberc: IDENTITY,
  raw: RAW,
  filename: FILES,
  f: FILES,
  kustomize: FILES,
  k: FILES,
  recursive: FILES,
  R: FILES,
  'cache-dir': FILES,
  'log-file': FILES,
  'log-dir': FILES,
  profile: FILES,
  'profile-output': FILES,
  watch: WATCH,
  w: WATCH,
  'watch-only': WATCH,
  'output-watch-events': WATCH,
  follow: FOLLOW,
  v: VERBOSE,
  vmodule: VERBOSE,
  template: 'templates are not allowed; use -o json, yaml, wide or name',
};

// Refusals that are attempts at forbidden things (CONTRACT §5: credentials, server, identity, raw
// paths) or reach past the command (local files, verbose logs that print the bearer token).
// Watch, follow and templates are honest mistakes.
const UNAUTHORIZED_REASONS = new Set([IDENTITY, FILES, RAW, VERBOSE]);

// Flags that name local files to read objects from: the fix is to name the objects instead.
const OBJECT_FILES = new Set(['filename', 'f', 'kustomize', 'k', 'recursive', 'R']);

/** Whether refusing this flag (long name or shorthand letter) means an attempt at a forbidden thing. */
export function isUnauthorizedFlag(name: string): boolean {
  const reason = Object.hasOwn(REASONS, name) ? REASONS[name] : undefined;
  return reason !== undefined && UNAUTHORIZED_REASONS.has(reason);
}

/** How to do without a refused flag, keyed by its reason; `shown` is the flag as kubectl names it. */
function fixFor(set: FlagSet, name: string, shown: string, reason: string): Fix | undefined {
  const without = `run it without ${shown}`;
  switch (reason) {
    case WATCH:
      return {
        type: 'drop',
        long: name,
        shown,
        bool: true,
        text: `${without}; Porthole returns one snapshot`,
      };
    case FOLLOW:
      return {
        type: 'drop',
        long: name,
        shown,
        bool: true,
        text: `use --tail=N or --since=DURATION instead of ${shown}`,
      };
    case IDENTITY:
      return {
        type: 'drop',
        long: name,
        shown,
        text: `${without}; Porthole reaches the cluster with the agent's own read-only identity`,
      };
    case VERBOSE:
      return { type: 'drop', long: name, shown, text: without };
    case FILES:
      return OBJECT_FILES.has(name)
        ? {
            type: 'text',
            text: `name the objects instead of a file, e.g. ${set.verb === 'logs' ? 'logs POD' : `${set.verb} TYPE NAME`}`,
          }
        : { type: 'drop', long: name, shown, text: without };
    case RAW:
      return { type: 'text', text: 'name the resource instead, e.g. get TYPE NAME -o json' };
    default:
      return reason === REASONS.template
        ? { type: 'text', text: 'use -o jsonpath=… or -o custom-columns=… (inline), or -o json' }
        : undefined;
  }
}

/** The allowlisted long flag a misspelt one most likely meant (`--namspace` → namespace). */
function misspelt(set: FlagSet, name: string): Fix | undefined {
  const near = nearest(name, set.byLong.keys());
  if (near.length === 0) return undefined;
  const [only] = near;
  if (near.length === 1 && only !== undefined) return { type: 'rename', from: name, to: only };
  return {
    type: 'text',
    text: `did you mean ${near
      .slice(0, 3)
      .map((n) => `--${n}`)
      .join(' or ')}?`,
  };
}

const BOOL_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const BOOL_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** strconv.ParseBool, which pflag uses for `--flag=value` on boolean flags. */
function parseBool(v: string): 'true' | 'false' | null {
  if (BOOL_TRUE.has(v)) return 'true';
  if (BOOL_FALSE.has(v)) return 'false';
  return null;
}

/** kubectl normalizes `_` to `-` in long flag names (`--all_namespaces` is `--all-namespaces`). */
function normalizeLong(name: string): string {
  return name.includes('_') ? name.replaceAll('_', '-') : name;
}

/**
 * The message for a flag that is not on the allowlist; never includes the flag's value.
 * `name` is the long name or the shorthand letter found at `at` inside `arg`.
 */
function notAllowed(set: FlagSet, name: string, isLong: boolean, arg: string, at = 1): Denial {
  const shown = isLong ? `--${name}` : `-${name}`;
  if (name === 'output' || name === 'o') {
    return denied('output', `output formats are not available for ${set.verb}`);
  }
  let origin = '';
  const head = arg.split('=')[0] ?? '';
  if (!isLong && head !== shown) {
    // `-kubeconfig` is pflag's `-k` with a value: say so, since it looks like a long flag. Any
    // other text after the letter may be a value (`-shttps://user:pass@host`) and is not shown.
    const word = head.slice(1);
    origin =
      Object.hasOwn(REASONS, word) || set.byLong.has(word)
        ? ` (read from ${show(head)})`
        : ` (read from ${show(arg.length > at + 1 ? `${arg.slice(0, at + 1)}...` : arg)})`;
  }
  const reason = Object.hasOwn(set.reasons, name)
    ? set.reasons[name]
    : Object.hasOwn(REASONS, name)
      ? REASONS[name]
      : undefined;
  const tail = reason ? `: ${reason}` : ` (allowed: ${set.allowedText})`;
  const d = denied(
    'flag',
    `flag ${show(shown)}${origin} is not allowed for ${set.verb}${tail}`,
    reason !== undefined && UNAUTHORIZED_REASONS.has(reason),
  );
  const fix = reason ? fixFor(set, name, shown, reason) : isLong ? misspelt(set, name) : undefined;
  return fix ? withFix(d, fix) : d;
}

/** The flag an argument starting with '-' names (`--token`, `-s`), without any value. */
export function flagDisplay(arg: string): string {
  return arg.startsWith('--') ? `--${arg.slice(2).split('=')[0] ?? ''}` : arg.slice(0, 2);
}

/** Whether an argument names one of the explicitly refused flags (credentials, files, watch, ...). */
export function isKnownForbidden(arg: string): boolean {
  const name = flagDisplay(arg).replace(/^--?/, '');
  return Object.hasOwn(REASONS, normalizeLong(name));
}

/** The refusal of a known-forbidden flag where no verb's allowlist applies (no verb follows it). */
export function forbiddenWithoutVerb(arg: string): Denial {
  const name = normalizeLong(flagDisplay(arg).replace(/^--?/, ''));
  const reason = Object.hasOwn(REASONS, name) ? REASONS[name] : undefined;
  return denied(
    'flag',
    `flag ${show(flagDisplay(arg))} is not allowed${reason ? `: ${reason}` : ''}`,
    isUnauthorizedFlag(name),
  );
}

/** Known kinds of the refused flags, for finding where the verb starts (`--token x get`). */
export const REFUSED_SPECS: readonly FlagSpec[] = [
  { long: 'filename', short: 'f', kind: 'string' },
  { long: 'kustomize', short: 'k', kind: 'string' },
  { long: 'recursive', short: 'R', kind: 'bool' },
  { long: 'raw', kind: 'string' },
  { long: 'watch', short: 'w', kind: 'bool' },
  { long: 'watch-only', kind: 'bool' },
  { long: 'output-watch-events', kind: 'bool' },
  { long: 'follow', kind: 'bool' },
  { long: 'template', kind: 'string' },
];

export { normalizeLong };

/**
 * How suggestions re-read a refused command: names read as other specs (a misspelt flag as the
 * right one, a refused flag as one to leave out), and repeats read as pflag reads them (the last
 * wins), to show what kubectl would have run.
 */
export interface Reread {
  aliases: ReadonlyMap<string, FlagSpec>;
  lastWins: boolean;
}

/**
 * pflag semantics, kept exact for what is accepted: flags may appear anywhere after the verb;
 * `--long=v`, `--long v`, `-sv`, `-s=v`, `-s v`; combined shorthands (`-Aowide`, `-pc app`);
 * a value flag takes the next argument even if it starts with '-'; booleans take no separate
 * argument but accept `=value`; everything after `--` is positional. Refused rather than
 * guessed: a scalar flag given twice (pflag would keep the last one silently).
 */
export function parseFlags(
  set: FlagSet,
  args: readonly string[],
  reread?: Reread,
): ParsedFlags | Denial {
  const lastWins = reread?.lastWins === true;
  const aliases = reread?.aliases;
  const values = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const positionals: string[] = [];
  const store = (spec: FlagSpec, value: string): Denial | null => {
    if (spec.kind === 'list') {
      const prev = lists.get(spec.long) ?? [];
      lists.set(spec.long, value === '' ? prev : [...prev, ...value.split(',')]);
      return null;
    }
    if (values.has(spec.long) && !lastWins) {
      const both = spec.short ? `-${spec.short}/--${spec.long}` : `--${spec.long}`;
      return withFix(invalid('flag', `flag ${both} is given more than once`), {
        type: 'once',
        long: spec.long,
        shown: both,
      });
    }
    values.set(spec.long, value);
    return null;
  };
  const boolValue = (spec: FlagSpec, inline: string): string | Denial =>
    parseBool(inline) ?? invalid('flag', `flag --${spec.long} takes only true or false`);

  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = normalizeLong(eq < 0 ? arg.slice(2) : arg.slice(2, eq));
      const spec = aliases?.get(name) ?? set.byLong.get(name);
      if (!spec) return notAllowed(set, name, true, arg);
      let value: string | Denial;
      if (spec.kind === 'bool') {
        value = eq < 0 ? 'true' : boolValue(spec, arg.slice(eq + 1));
      } else if (eq >= 0) {
        value = arg.slice(eq + 1);
      } else {
        const next = args[++i];
        value = next ?? invalid('flag', `flag --${spec.long} needs a value`);
      }
      if (typeof value !== 'string') return value;
      const err = store(spec, value);
      if (err) return err;
      continue;
    }
    // Shorthands, one letter at a time, as pflag's parseSingleShortArg reads them.
    let rest = arg.slice(1);
    while (rest.length > 0) {
      const letter = rest.charAt(0);
      const spec = aliases?.get(letter) ?? set.byShort.get(letter);
      if (!spec) {
        const at = arg.length - rest.length;
        if (letter === '=') {
          return denied('flag', `in ${show(arg.slice(0, at + 1))}, "=" is not a flag`);
        }
        return notAllowed(set, letter, false, arg, at);
      }
      let value: string | Denial;
      if (rest.length > 2 && rest.charAt(1) === '=') {
        // `-n=x`, `-A=false`: the rest of the argument is the value.
        const inline = rest.slice(2);
        value = spec.kind === 'bool' ? boolValue(spec, inline) : inline;
        rest = '';
      } else if (spec.kind === 'bool') {
        value = 'true';
        rest = rest.slice(1);
      } else if (rest.length > 1) {
        // `-nfoo`, and pflag's quirk: `-n=` means the value "=".
        value = rest.slice(1);
        rest = '';
      } else {
        const next = args[++i];
        value = next ?? invalid('flag', `flag -${letter}/--${spec.long} needs a value`);
        rest = '';
      }
      if (typeof value !== 'string') return value;
      const err = store(spec, value);
      if (err) return err;
    }
  }
  return { values, lists, positionals };
}

export function isDenial(x: unknown): x is Denial {
  return typeof x === 'object' && x !== null && 'rule' in x && 'kind' in x && !('allowed' in x);
}

/** Quotes a rejected value, but only the flag name if it looks like a flag (`-n --token=...`). */
export function showValue(v: string): string {
  return v.startsWith('-') ? `${show(flagDisplay(v))} (a flag where a value belongs)` : show(v);
}
