// Strict reading of a policy-approved argv for the verbs other than `get`: known flags only, each at most once.
//
// The policy emits canonical argv (flags as separate words), but its canonical form is still
// growing, so this reader accepts the spellings pflag accepts for the same flag (`--name value`,
// `--name=value`, `-n value`, `-n=value`, `--bool`, `--bool=false`) and refuses everything else:
// an unknown flag, a repeated flag, a missing value or combined short flags mean the policy and
// the agent read the command differently, and then nothing must run.

export class ArgvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgvError';
  }
}

export interface FlagSpec {
  /** Long name without dashes (`namespace`). */
  name: string;
  /** One-letter alias without the dash (`n`). */
  short?: string;
  kind: 'bool' | 'string';
}

export interface ParsedArgv {
  positionals: string[];
  /** Flags present, by long name: `true`/`false` for booleans, the text for strings. */
  flags: Map<string, string | boolean>;
}

/** strconv.ParseBool, as pflag reads `--flag=value` for booleans. */
function parseBool(v: string, flag: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw new ArgvError(`invalid boolean value for --${flag}`);
}

/** No whitespace or control characters in positionals or values: the policy never lets them through. */
function checkText(text: string, what: string): void {
  if (/[\p{Cc}]/u.test(text)) throw new ArgvError(`${what} holds a control character`);
}

/** Splits `argv` (without the verb words) into positionals and flags per `specs`; throws ArgvError. */
export function parseArgv(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgv {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const flags = new Map<string, string | boolean>();
  const positionals: string[] = [];
  let i = 0;
  const set = (spec: FlagSpec, value: string | boolean): void => {
    if (flags.has(spec.name)) throw new ArgvError(`flag --${spec.name} given twice`);
    flags.set(spec.name, value);
  };
  while (i < argv.length) {
    const a = argv[i] as string;
    checkText(a, 'an argument');
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      if (a === '') throw new ArgvError('empty argument');
      positionals.push(a);
      i++;
      continue;
    }
    let spec: FlagSpec | undefined;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      inline = eq >= 0 ? a.slice(eq + 1) : undefined;
      spec = byLong.get(name);
      if (!spec) throw new ArgvError(`unknown flag --${name}`);
    } else {
      const letter = a.slice(1, 2);
      const rest = a.slice(2);
      spec = byShort.get(letter);
      if (!spec) throw new ArgvError(`unknown flag -${letter}`);
      if (rest.startsWith('=')) inline = rest.slice(1);
      else if (rest !== '')
        throw new ArgvError(`combined short flags such as ${a.slice(0, 3)} are not accepted`);
    }
    if (spec.kind === 'bool') {
      set(spec, inline === undefined ? true : parseBool(inline, spec.name));
      i++;
      continue;
    }
    if (inline !== undefined) {
      set(spec, inline);
      i++;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) throw new ArgvError(`flag --${spec.name} needs a value`);
    checkText(value, `the value of --${spec.name}`);
    set(spec, value);
    i += 2;
  }
  return { positionals, flags };
}

export const NAMESPACE_FLAG: FlagSpec = { name: 'namespace', short: 'n', kind: 'string' };
export const ALL_NAMESPACES_FLAG: FlagSpec = { name: 'all-namespaces', short: 'A', kind: 'bool' };
export const SELECTOR_FLAG: FlagSpec = { name: 'selector', short: 'l', kind: 'string' };
export const OUTPUT_FLAG: FlagSpec = { name: 'output', short: 'o', kind: 'string' };

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Typed access to what parseArgv found. */
export class Flags {
  constructor(private readonly parsed: ParsedArgv) {}

  get positionals(): string[] {
    return this.parsed.positionals;
  }

  has(name: string): boolean {
    return this.parsed.flags.has(name);
  }

  bool(name: string, fallback = false): boolean {
    const v = this.parsed.flags.get(name);
    return typeof v === 'boolean' ? v : fallback;
  }

  string(name: string): string | null {
    const v = this.parsed.flags.get(name);
    return typeof v === 'string' ? v : null;
  }

  /** `-n`, checked as a namespace name (the policy validated it; this keeps paths safe regardless). */
  namespace(): string | null {
    const ns = this.string('namespace');
    if (ns === null) return null;
    if (ns.length > 63 || !DNS1123_LABEL.test(ns)) throw new ArgvError('invalid namespace');
    return ns;
  }

  /** A non-negative integer flag, as pflag's Int64 reads it. */
  int(name: string): number | null {
    const v = this.string(name);
    if (v === null) return null;
    if (!/^-?[0-9]+$/.test(v)) throw new ArgvError(`invalid integer value for --${name}`);
    const n = Number(v);
    if (!Number.isSafeInteger(n))
      throw new ArgvError(`integer value for --${name} is out of range`);
    return n;
  }
}

export function readArgv(argv: readonly string[], specs: readonly FlagSpec[]): Flags {
  return new Flags(parseArgv(argv, specs));
}
