// The shape of a policy decision and small helpers that build denials.

export type DenyRule = 'verb' | 'resource' | 'flag' | 'output' | 'syntax' | 'namespace';

export type DenyKind = 'invalid_request' | 'command_denied';

export type Decision =
  | {
      allowed: true;
      /** Canonical argv, without a leading `kubectl`; `evaluate(argv)` returns it unchanged. */
      argv: string[];
      verb: string;
      /** The namespace given with `-n`, or null (the agent's default applies, or the kinds are cluster-scoped). */
      namespace: string | null;
      allNamespaces: boolean;
      /** True when at least one requested kind is cluster-scoped (nodes, namespaces): scope checks need it. */
      clusterScoped: boolean;
    }
  | { allowed: false; kind: DenyKind; rule: DenyRule; message: string; verb: string | null };

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
 * Quotes user input for a message: capped so a long (possibly secret-bearing) argument is never
 * echoed in full, and with anything outside printable ASCII shown as an escape so lookalike or
 * invisible characters are visible to whoever reads the message.
 */
export function show(s: string): string {
  const cut = s.length > MAX_SHOWN ? s.slice(0, MAX_SHOWN) : s;
  let out = '';
  for (const ch of cut) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else out += `\\u{${code.toString(16).toUpperCase()}}`;
  }
  return `"${out}${s.length > MAX_SHOWN ? '…' : ''}"`;
}

/** `U+000A` style name of the code point starting at `s[i]`. */
export function codePointName(s: string, i: number): string {
  const code = s.codePointAt(i) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
