// Parses a verb's flags the way kubectl's pflag does, against a per-verb allowlist.
import { denied, invalid, show } from './decision.js';
import type { Denial } from './decision.js';

export interface FlagSpec {
  long: string;
  short?: string;
  /** Value flags consume the next argument (whatever it looks like) unless given `=value`/attached. */
  takesValue: boolean;
}

export interface ParsedFlags {
  /** Keyed by long name; booleans are normalized to 'true' / 'false'. */
  values: Map<string, string>;
  positionals: string[];
}

// Why the flags people reach for most are refused. Anything not allowlisted is refused anyway;
// this table only makes the message useful.
const IDENTITY = 'it selects credentials, server or identity';
const FILES = 'reading or writing local files is not allowed';
const WATCH = 'watching is not allowed (one read per command)';
const REASONS: Record<string, string> = {
  kubeconfig: IDENTITY,
  server: IDENTITY,
  s: IDENTITY,
  token: IDENTITY,
  as: IDENTITY,
  'as-group': IDENTITY,
  'as-uid': IDENTITY,
  user: IDENTITY,
  username: IDENTITY,
  password: IDENTITY,
  cluster: IDENTITY,
  context: IDENTITY,
  'certificate-authority': IDENTITY,
  'client-certificate': IDENTITY,
  'client-key': IDENTITY,
  'insecure-skip-tls-verify': IDENTITY,
  'tls-server-name': IDENTITY,
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

function allowedText(specs: readonly FlagSpec[]): string {
  return specs.map((s) => (s.short ? `-${s.short}/--${s.long}` : `--${s.long}`)).join(', ');
}

/** The message for a flag that is not on the allowlist; never includes the flag's value. */
export function flagNotAllowed(verb: string, arg: string, specs: readonly FlagSpec[]): Denial {
  const long = arg.startsWith('--');
  const name = long ? (arg.slice(2).split('=')[0] ?? '') : arg.charAt(1);
  const shown = long ? `--${name}` : `-${name}`;
  // `-kubeconfig` is pflag's `-k` with a value: say so, or the message looks wrong.
  const head = arg.split('=')[0] ?? '';
  const origin = !long && head !== shown ? ` (read from ${show(head)})` : '';
  const reason = Object.hasOwn(REASONS, name) ? REASONS[name] : undefined;
  const tail = reason ? `: ${reason}` : ` (allowed: ${allowedText(specs)})`;
  return denied('flag', `flag ${show(shown)}${origin} is not allowed for ${verb}${tail}`);
}

/** The flag an argument starting with '-' names (`--token`, `-s`), without any value. */
export function flagDisplay(arg: string): string {
  return arg.startsWith('--') ? `--${arg.slice(2).split('=')[0] ?? ''}` : arg.slice(0, 2);
}

/** Whether an argument names one of the explicitly refused flags (credentials, files, watch, ...). */
export function isKnownForbidden(arg: string): boolean {
  return Object.hasOwn(REASONS, flagDisplay(arg).replace(/^--?/, ''));
}

/**
 * pflag semantics, kept exact for what is accepted: flags may appear anywhere after the verb;
 * `--long=v`, `--long v`, `-sv`, `-s=v`, `-s v`; a value flag takes the next argument even if
 * it starts with '-'; booleans take no separate argument but accept `=value`; everything after
 * `--` is positional. Refused rather than guessed: combined short flags (`-Ao`), repeated flags.
 */
export function parseFlags(
  verb: string,
  args: readonly string[],
  specs: readonly FlagSpec[],
): ParsedFlags | Denial {
  const values = new Map<string, string>();
  const positionals: string[] = [];
  const set = (spec: FlagSpec, value: string): Denial | null => {
    if (values.has(spec.long)) {
      const both = spec.short ? `-${spec.short}/--${spec.long}` : `--${spec.long}`;
      return invalid('flag', `flag ${both} is given more than once`);
    }
    values.set(spec.long, value);
    return null;
  };
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
    let spec: FlagSpec | undefined;
    let inline: string | null;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? null : arg.slice(eq + 1);
      spec = specs.find((s) => s.long === name);
      if (!spec) return flagNotAllowed(verb, arg, specs);
    } else {
      const letter = arg.charAt(1);
      const rest = arg.slice(2);
      spec = specs.find((s) => s.short === letter);
      if (!spec) return flagNotAllowed(verb, arg, specs);
      if (spec.takesValue) {
        // pflag: `-n=x` → "x", but `-n=` → "=" (it only strips '=' when something follows).
        inline =
          rest === '' ? null : rest.startsWith('=') && rest.length > 1 ? rest.slice(1) : rest;
      } else if (rest === '') {
        inline = null;
      } else if (rest.startsWith('=') && rest.length > 1) {
        inline = rest.slice(1);
      } else {
        return denied(
          'flag',
          `combined short flags such as ${show(arg.slice(0, 3))} are not supported; write each flag separately`,
        );
      }
    }
    let value: string;
    if (spec.takesValue) {
      if (inline !== null) {
        value = inline;
      } else {
        const next = args[i + 1];
        if (next === undefined) return invalid('flag', `flag --${spec.long} needs a value`);
        value = next;
        i++;
      }
    } else if (inline === null) {
      value = 'true';
    } else {
      const b = parseBool(inline);
      if (b === null) return invalid('flag', `flag --${spec.long} takes only true or false`);
      value = b;
    }
    const err = set(spec, value);
    if (err) return err;
  }
  return { values, positionals };
}

export function isDenial(x: ParsedFlags | Denial): x is Denial {
  return 'rule' in x;
}
