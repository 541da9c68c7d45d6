// Parses a verb's flags the way kubectl's pflag does, against a precompiled per-verb allowlist.
import { denied, invalid, show } from './decision.js';
import type { Denial } from './decision.js';

/** `bool` takes no separate argument; `string` takes one; `list` takes one and may repeat (pflag StringSlice). */
export type FlagKind = 'bool' | 'string' | 'list';

export interface FlagSpec {
  long: string;
  short?: string;
  kind: FlagKind;
}

/** A verb's allowlist, indexed once at module load so parsing does no setup per call. */
export interface FlagSet {
  verb: string;
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
  raw: 'raw API paths are not allowed',
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
  v: 'verbose client logging can print credentials',
  vmodule: 'verbose client logging can print credentials',
  template: 'templates are not allowed; use -o json, yaml, wide or name',
};

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
  return denied('flag', `flag ${show(shown)}${origin} is not allowed for ${set.verb}${tail}`);
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

/**
 * pflag semantics, kept exact for what is accepted: flags may appear anywhere after the verb;
 * `--long=v`, `--long v`, `-sv`, `-s=v`, `-s v`; combined shorthands (`-Aowide`, `-pc app`);
 * a value flag takes the next argument even if it starts with '-'; booleans take no separate
 * argument but accept `=value`; everything after `--` is positional. Refused rather than
 * guessed: a scalar flag given twice (pflag would keep the last one silently).
 */
export function parseFlags(set: FlagSet, args: readonly string[]): ParsedFlags | Denial {
  const values = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const positionals: string[] = [];
  const store = (spec: FlagSpec, value: string): Denial | null => {
    if (spec.kind === 'list') {
      const prev = lists.get(spec.long) ?? [];
      lists.set(spec.long, value === '' ? prev : [...prev, ...value.split(',')]);
      return null;
    }
    if (values.has(spec.long)) {
      const both = spec.short ? `-${spec.short}/--${spec.long}` : `--${spec.long}`;
      return invalid('flag', `flag ${both} is given more than once`);
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
      const spec = set.byLong.get(name);
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
      const spec = set.byShort.get(letter);
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
