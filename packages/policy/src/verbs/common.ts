// Flag readers shared by the verb grammars: namespace, selectors, output, booleans, integers.
import { denied, invalid, show } from '../decision.js';
import type { Denial, Target } from '../decision.js';
import { isDns1123Label } from '../dns.js';
import type { ParsedFlags } from '../flags.js';
import { showValue } from '../flags.js';
import type { KubectlRequest } from '../request.js';
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
    return invalid(
      'namespace',
      `namespace ${showValue(namespace)} is not a valid namespace name (DNS-1123 label)`,
    );
  }
  if (namespace !== undefined && all) {
    return denied('namespace', 'use either -n/--namespace or -A/--all-namespaces, not both');
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

/**
 * `-o`: '' or absent means the default printer (null). `lower` formats match case-insensitively
 * (kubectl's generic printers lower-case json/yaml/name); the others only exactly.
 */
export function readOutput<T extends string>(
  f: ParsedFlags,
  verb: string,
  exact: readonly T[],
  lower: readonly T[] = [],
): T | null | Denial {
  const raw = f.values.get('output');
  if (raw === undefined || raw === '') return null;
  const given = exact.find((o) => o === raw);
  if (given !== undefined) return given;
  const l = raw.toLowerCase();
  const lowered = lower.find((o) => o === l);
  if (lowered !== undefined) return lowered;
  // Only the format's name: a template or jsonpath expression is not echoed back.
  const name = raw.split(/[={]/)[0] ?? '';
  const all = [...new Set([...lower, ...exact])].join(', ');
  return denied(
    'output',
    `output format ${show(name)} is not allowed for ${verb} (allowed: ${all})`,
  );
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
