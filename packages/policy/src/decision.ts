// The shape of a policy decision and small helpers that build denials.
import { normalize, scrubCredentials } from '@porthole/redact';
import type { KubectlRequest } from './request.js';

export type DenyRule = 'verb' | 'resource' | 'flag' | 'output' | 'syntax' | 'namespace';

export type DenyKind = 'invalid_request' | 'command_denied';

/** One API resource a command reads, resolved against discovery (or the built-in table). */
export interface ResolvedResource {
  /** Plural resource name, as in the API path (`deployments`). */
  resource: string;
  /** API group; '' is the core group. */
  group: string;
  /** The version the command reads: the one the user named, else the preferred one. */
  version: string;
  kind: string;
  namespaced: boolean;
}

/** What the command reads: a resource and, when the command names one, an object name. */
export interface Target {
  resource: ResolvedResource;
  /** Object name (for `describe`, a name prefix), or null for "every object" (selectors apply). */
  name: string | null;
}

export interface AllowedDecision {
  allowed: true;
  /** Canonical argv, without a leading `kubectl`; `evaluate(argv)` returns this same decision. */
  argv: string[];
  /** The command as the agent runs it, typed per verb; built from the same values as `argv`. */
  request: KubectlRequest;
  /** The kubectl command: get, describe, logs, events, top, explain, api-resources, api-versions, version, cluster-info, rollout. */
  verb: string;
  /** `pod`/`node` for top, `history`/`status` for rollout, else null. */
  subcommand: string | null;
  /**
   * The namespace the command reads: the `-n` value, `kube-system` for `cluster-info` without
   * `-n`, or null (the agent's default namespace applies, or nothing namespaced is read).
   */
  namespace: string | null;
  allNamespaces: boolean;
  /** True when at least one target is cluster-scoped (nodes, namespaces, PVs...): scope checks need it. */
  clusterScoped: boolean;
  /**
   * False for commands that read no cluster objects, only discovery, OpenAPI or the version
   * (api-resources, api-versions, version, explain): namespace scope checks do not apply to them.
   */
  readsObjects: boolean;
  /** Every target in command order; categories (`all`) are expanded. Empty when readsObjects is false, except for explain. */
  targets: Target[];
  /** True when a target is a resource named secrets (core or not): only when the policy allows it; the agent must redact. */
  readsSecrets: boolean;
  /** The policy's `secrets.allow`: when true the agent must redact Secret values in every output. */
  secretsAllowed: boolean;
}

export interface DeniedDecision {
  allowed: false;
  kind: DenyKind;
  rule: DenyRule;
  message: string;
  /** A kubectl command name from a fixed list (safe as a metric label), or null. */
  verb: string | null;
}

export type Decision = AllowedDecision | DeniedDecision;

/** A denial before the verb is known to the caller; `evaluate` attaches the verb. */
export interface Denial {
  kind: DenyKind;
  rule: DenyRule;
  message: string;
}

export function invalid(rule: DenyRule, message: string): Denial {
  return { kind: 'invalid_request', rule, message };
}

export function denied(rule: DenyRule, message: string): Denial {
  return { kind: 'command_denied', rule, message };
}

const MAX_SHOWN = 40;

/**
 * Quotes user input for a message, the one way every message does: a credential (a known
 * shape, or any random-looking token) is replaced whole before anything is cut, the quote is
 * capped so a long argument is never echoed in full, and anything outside printable ASCII is
 * shown as an escape so lookalike or invisible characters are visible to whoever reads it.
 */
export function show(s: string): string {
  // Scrubbed first and whole: a cut first could leave a credential's head that no rule knows.
  const scrubbed = scrubCredentials(s, Number.MAX_SAFE_INTEGER);
  // Untouched input is quoted as given, its invisible characters escaped rather than dropped.
  const text = scrubbed === normalize(s) ? s : scrubbed;
  const cut = text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN) : text;
  let out = '';
  for (const ch of cut) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else out += `\\u{${code.toString(16).toUpperCase()}}`;
  }
  return `"${out}${text.length > MAX_SHOWN ? '…' : ''}"`;
}

/** `U+000A` style name of the code point starting at `s[i]`. */
export function codePointName(s: string, i: number): string {
  const code = s.codePointAt(i) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
