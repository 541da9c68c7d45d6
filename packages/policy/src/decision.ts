// The shape of a policy decision and small helpers that build denials.
import { normalize, scrubCredentials } from '@porthole/redact';
import type { PipeStage } from './pipes.js';
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
  /**
   * Canonical argv, without a leading `kubectl`; `evaluate(argv)` returns this same decision.
   * Pipe stages follow the kubectl command, each after a `|` element (no other element is `|`).
   */
  argv: string[];
  /** The command as the agent runs it, typed per verb; built from the same values as `argv`. */
  request: KubectlRequest;
  /**
   * The pipe stages the agent applies, in order, to what the command prints on stdout (after
   * redaction, before the output cap); empty when the command has none. Not part of `request`:
   * the renderer runs the same request with or without them.
   */
  pipes: PipeStage[];
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
  /**
   * True only for attempts at forbidden things: a write or otherwise forbidden verb, credential,
   * server, identity, file or verbosity flags, Secrets, raw API paths, shell operators, control
   * or invisible characters. False for honest mistakes (a misspelt flag, `-w`, an output format,
   * a bad value, an unknown type). `porthole_unauthorized_commands_total` counts only these.
   */
  unauthorized: boolean;
  /**
   * How to get what was meant within the policy, when there is a way: short, imperative, often a
   * complete command (canonical, itself allowed). Never a credential; user text only scrubbed and
   * capped, as `show()` quotes it.
   */
  suggestion?: string;
}

export type Decision = AllowedDecision | DeniedDecision;

/**
 * What a grammar knows about fixing its denial; `evaluate` turns it into a suggestion, with a
 * whole command when the fixed command is allowed. Flag names are the grammar's own (never
 * user text); `text` is fixed wording.
 */
export type Fix =
  /**
   * Run it without this flag: `long` is the parser's name for it (a long name, or the shorthand
   * letter), `shown` how messages name it; `bool` when it takes no value whatever its usual kind
   * (`-f` is follow for logs).
   */
  | { type: 'drop'; long: string; shown: string; text: string; bool?: boolean }
  /** A misspelt flag: the user's name (long, without dashes) read as the allowed `to`. */
  | { type: 'rename'; from: string; to: string }
  /** Set a value flag (`output` to `json`, `namespace` to its lower-case form). */
  | { type: 'set'; long: string; value: string; text: string }
  /** A scalar flag given twice: keep the last, as kubectl does. */
  | { type: 'once'; long: string; shown: string }
  /** Decide this command instead; suggest it when allowed (else `fallback`, if any). */
  | { type: 'retry'; argv: string[]; text: string; fallback?: string }
  /** A resource type that is not known: the user's word, for the nearest known one. */
  | { type: 'type'; word: string }
  /** Secrets refused: describe the workload that mounts one instead. */
  | { type: 'secrets' }
  | { type: 'text'; text: string };

/** A denial before the verb is known to the caller; `evaluate` attaches the verb. */
export interface Denial {
  kind: DenyKind;
  rule: DenyRule;
  message: string;
  /** See DeniedDecision.unauthorized; set where the forbidden thing is recognized. */
  unauthorized: boolean;
  fix?: Fix;
}

/** Malformed: `invalid_request`. `unauthorized` only for forbidden syntax (shell operators, control characters). */
export function invalid(rule: DenyRule, message: string, unauthorized = false): Denial {
  return { kind: 'invalid_request', rule, message, unauthorized };
}

/** Well-formed, not permitted: `command_denied`; `unauthorized` when it is an attempt at a forbidden thing. */
export function denied(rule: DenyRule, message: string, unauthorized = false): Denial {
  return { kind: 'command_denied', rule, message, unauthorized };
}

/** The same denial with a fix attached. */
export function withFix(d: Denial, fix: Fix): Denial {
  return { kind: d.kind, rule: d.rule, message: d.message, unauthorized: d.unauthorized, fix };
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

/** A decision and what suggestions need to know about how it was reached. */
export interface Outcome {
  decision: Decision;
  /** The grammar's fix for a denial, if it offered one. */
  fix: Fix | null;
  /** The argv after a leading `kubectl`, once the command got that far. */
  argv: string[] | null;
  /** For a string the tokenizer refused: the 0-based offset of the offending character, else -1. */
  at: number;
  /**
   * The command's pipe stages in canonical words (each after a `|`) when they are allowed, else
   * empty: a suggestion for the kubectl command keeps them.
   */
  tail: string[];
}
