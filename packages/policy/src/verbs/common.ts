// Flag readers shared by the verb grammars: namespace, selectors, output, booleans, integers.
import { denied, invalid, show, withFix } from '../decision.js';
import type { Denial, Fix, Target } from '../decision.js';
import { isDns1123Label } from '../dns.js';
import type { ParsedFlags } from '../flags.js';
import { showValue } from '../flags.js';
import type { KubectlRequest } from '../request.js';
import { nearest } from '../nearest.js';
import { fieldSelectorError, labelSelectorError } from '../selectors.js';
import { parseBoundedInt } from '../values.js';

/** What a verb grammar returns for an allowed command; `evaluate` adds policy checks and the shared fields. */
export interface VerbResult {
  argv: string[];
  request: KubectlRequest;
  subcommand: string | null;
  namespace: string | null;
  allNamespaces: boolean;
  targets: Target[];
  readsObjects: boolean;
  /** Whether namespaced data is read, so namespace restrictions apply. */
  namespaced: boolean;
}

export interface NamespaceFlags {
  namespace: string | undefined;
  all: boolean;
}

/** `-n` must be a DNS-1123 label; `-n` with `-A` is refused (kubectl would silently ignore `-n`). */
export function readNamespace(f: ParsedFlags): NamespaceFlags | Denial {
  const namespace = f.values.get('namespace');
  const all = f.values.get('all-namespaces') === 'true';
  if (namespace !== undefined && !isDns1123Label(namespace)) {
    const d = invalid(
      'namespace',
      `namespace ${showValue(namespace)} is not a valid namespace name (DNS-1123 label)`,
    );
    const lower = namespace.toLowerCase();
    return isDns1123Label(lower)
      ? withFix(d, {
          type: 'set',
          long: 'namespace',
          value: lower,
          text: 'namespaces are lower-case',
        })
      : d;
  }
  if (namespace !== undefined && all) {
    return withFix(
      denied('namespace', 'use either -n/--namespace or -A/--all-namespaces, not both'),
      {
        type: 'drop',
        long: 'all-namespaces',
        shown: '-A',
        text: 'drop -A to read the one namespace',
      },
    );
  }
  return { namespace, all };
}

/**
 * The request's namespace and -A. Both are dropped for cluster-scoped reads, where kubectl
 * ignores them; null namespace means the agent's default.
 */
export function requestNamespace(
  ns: NamespaceFlags,
  namespaced: boolean,
): { namespace: string | null; allNamespaces: boolean } {
  return {
    namespace: namespaced ? (ns.namespace ?? null) : null,
    allNamespaces: namespaced && ns.all,
  };
}

/** `-n NS` or `-A` as the canonical argv writes them. */
export function namespaceWords(r: { namespace: string | null; allNamespaces: boolean }): string[] {
  if (r.namespace !== null) return ['-n', r.namespace];
  return r.allNamespaces ? ['-A'] : [];
}

/** A label (`selector`) or field selector, trimmed; null when absent or empty (kubectl ignores empty ones). */
export function readSelector(
  f: ParsedFlags,
  long: 'selector' | 'field-selector',
): string | null | Denial {
  const sel = f.values.get(long)?.trim() ?? '';
  if (sel === '') return null;
  const err = long === 'selector' ? labelSelectorError(sel) : fieldSelectorError(sel);
  return err ? invalid('flag', err) : sel;
}

/** A verb's `-o` formats: `lower` match case-insensitively, `exact` only as written. */
export interface Outputs<T extends string> {
  exact: readonly T[];
  lower: readonly T[];
}

/** Every format of a verb, as the policy summary and messages list them. */
export function outputNames(o: Outputs<string>): string[] {
  return [...new Set([...o.lower, ...o.exact])];
}

const TEMPLATES = new Set(['go-template', 'go-template-file', 'template', 'templatefile']);
const FILE_FORMATS = new Set(['jsonpath-file', 'custom-columns-file']);
const EXPRESSIONS = new Set(['jsonpath', 'jsonpath-as-json', 'custom-columns']);

/** What to write instead of a refused format (its name only, never its expression). */
function outputFix(name: string, allowed: readonly string[]): Fix | undefined {
  const l = name.toLowerCase();
  if (TEMPLATES.has(l)) {
    return { type: 'text', text: 'use -o jsonpath=… or -o custom-columns=… (inline), or -o json' };
  }
  if (FILE_FORMATS.has(l)) {
    return { type: 'text', text: 'use the inline form: -o jsonpath=… or -o custom-columns=…' };
  }
  if (EXPRESSIONS.has(l) && allowed.includes('json')) {
    return { type: 'set', long: 'output', value: 'json', text: 'use -o json' };
  }
  const [near, ...more] = nearest(name, allowed);
  if (near === undefined) return undefined;
  if (more.length > 0) return { type: 'text', text: `use -o ${[near, ...more].join(' or -o ')}` };
  return { type: 'set', long: 'output', value: near, text: `use -o ${near}` };
}

/**
 * `-o`: '' or absent means the default printer (null). `lower` formats match case-insensitively
 * (kubectl's generic printers lower-case json/yaml/name); the others only exactly.
 */
export function readOutput<T extends string>(
  f: ParsedFlags,
  verb: string,
  outputs: Outputs<T>,
  listed: readonly string[] = outputNames(outputs),
): T | null | Denial {
  const raw = f.values.get('output');
  if (raw === undefined || raw === '') return null;
  const given = outputs.exact.find((o) => o === raw);
  if (given !== undefined) return given;
  const l = raw.toLowerCase();
  const lowered = outputs.lower.find((o) => o === l);
  if (lowered !== undefined) return lowered;
  // Only the format's name: a template or jsonpath expression is not echoed back.
  const name = raw.split(/[={]/)[0] ?? '';
  const d = denied(
    'output',
    `output format ${show(name)} is not allowed for ${verb} (allowed: ${listed.join(', ')})`,
  );
  const fix = outputFix(name, outputNames(outputs));
  return fix ? withFix(d, fix) : d;
}

export function readBool(f: ParsedFlags, long: string): boolean | undefined {
  const v = f.values.get(long);
  return v === undefined ? undefined : v === 'true';
}

/** A bounded decimal integer flag, or undefined when absent. */
export function readInt(
  f: ParsedFlags,
  long: string,
  min: number,
  max: number,
  hint = '',
): number | undefined | Denial {
  const raw = f.values.get(long);
  if (raw === undefined) return undefined;
  const n = parseBoundedInt(raw, min, max);
  if (n === null) {
    return invalid(
      'flag',
      `--${long} must be a whole number from ${min} to ${max}${hint}, got ${showValue(raw)}`,
    );
  }
  return n;
}

/** Refuses positionals for verbs that take none (kubectl would ignore or reject them). */
export function noPositionals(verb: string, positionals: readonly string[]): Denial | null {
  if (positionals.length === 0) return null;
  return invalid('syntax', `${verb} takes no arguments (found ${show(positionals[0] ?? '')})`);
}

/** `a,b` lists from list flags (every occurrence), each checked; a value given twice is refused. */
export function readList(
  f: ParsedFlags,
  long: string,
  check: (v: string) => string | null,
): string[] | Denial {
  const out: string[] = [];
  for (const v of f.lists.get(long) ?? []) {
    const err = check(v);
    if (err) return invalid('flag', `--${long}: ${err}`);
    if (out.includes(v)) return invalid('flag', `--${long}: ${show(v)} is given more than once`);
    out.push(v);
  }
  return out;
}

/** The result for verbs that read only discovery, OpenAPI or the version: no namespace, no targets. */
export function discoveryOnly(argv: string[], request: KubectlRequest): VerbResult {
  return {
    argv,
    request,
    subcommand: null,
    namespace: null,
    allNamespaces: false,
    targets: [],
    readsObjects: false,
    namespaced: false,
  };
}
