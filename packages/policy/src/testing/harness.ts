// Row helpers for the attack corpus: a command, the decision expected, and why (tests only).
import type { DenyRule, EvaluateOptions } from '../index.js';

export interface Allow {
  /** Canonical argv; a string is split on single spaces. */
  argv: string[];
  namespace?: string | null;
  all?: boolean;
  clusterScoped?: boolean;
  readsObjects?: boolean;
  readsSecrets?: boolean;
  subcommand?: string | null;
}

export interface Deny {
  kind: 'invalid_request' | 'command_denied';
  rule: DenyRule;
  message?: RegExp;
}

/** [command, expected decision, reason, options]. */
export type Row = [
  command: string | string[],
  expected: Allow | Deny,
  why: string,
  options?: EvaluateOptions,
];

export const ok = (argv: string | string[], extra: Omit<Allow, 'argv'> = {}): Allow => ({
  argv: typeof argv === 'string' ? argv.split(' ') : argv,
  ...extra,
});

/** Well-formed but not permitted: `command_denied`. */
export const no = (rule: DenyRule, message?: RegExp): Deny => ({
  kind: 'command_denied',
  rule,
  ...(message ? { message } : {}),
});

/** Malformed: `invalid_request`. */
export const bad = (rule: DenyRule, message?: RegExp): Deny => ({
  kind: 'invalid_request',
  rule,
  ...(message ? { message } : {}),
});

export const SECRETS = /^resource "secrets" is denied by the read-only policy$/;
export const IDENTITY = /credentials, server or identity/;
export const WATCH = /watching is not allowed/;
