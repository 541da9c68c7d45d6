// Validates label and field selectors against a strict subset of the Kubernetes selector grammar.
import { isDns1123Subdomain } from './dns.js';
import { show } from './decision.js';

export const MAX_SELECTOR_CHARS = 1024;

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IDENT_CHAR = /[A-Za-z0-9._/-]/;

function isLabelValue(v: string): boolean {
  return v === '' || (v.length <= 63 && QUALIFIED_NAME.test(v));
}

export function labelKeyError(key: string): string | null {
  const parts = key.split('/');
  if (parts.length > 2) return `label key ${show(key)} has more than one "/"`;
  const name = parts[parts.length - 1] ?? '';
  const prefix = parts.length === 2 ? (parts[0] ?? '') : null;
  if (prefix !== null && !isDns1123Subdomain(prefix)) {
    return `label key prefix ${show(prefix)} must be a DNS-1123 subdomain`;
  }
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `label key ${show(key)} is not a valid name (alphanumerics, "-", "_", ".", at most 63)`;
  }
  // The Kubernetes lexer reads these words as operators, so they can never be keys.
  if (prefix === null && (name === 'in' || name === 'notin'))
    return `label key ${show(key)} is a reserved word`;
  return null;
}

type Token = { t: 'ident'; v: string } | { t: 'op'; v: string };

function lex(sel: string): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < sel.length) {
    const ch = sel.charAt(i);
    if (ch === ' ') {
      i++;
    } else if (ch === '!' || ch === '=') {
      const two = sel.slice(i, i + 2);
      const op = two === '!=' || two === '==' ? two : ch;
      out.push({ t: 'op', v: op });
      i += op.length;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ t: 'op', v: ch });
      i++;
    } else if (IDENT_CHAR.test(ch)) {
      let j = i;
      while (j < sel.length && IDENT_CHAR.test(sel.charAt(j))) j++;
      out.push({ t: 'ident', v: sel.slice(i, j) });
      i = j;
    } else {
      const hint = ch === '<' || ch === '>' ? ' (the < and > operators are not supported)' : '';
      return `character ${show(ch)} at position ${i + 1} is not allowed in a label selector${hint}`;
    }
  }
  return out;
}

/**
 * Label selector: comma-separated requirements `key`, `!key`, `key=v`, `key==v`, `key!=v`,
 * `key in (v1,v2)`, `key notin (v1,v2)`; keys are `[prefix/]name`. Returns an error message or null.
 */
export function labelSelectorError(sel: string): string | null {
  if (sel.length > MAX_SELECTOR_CHARS)
    return `label selector is longer than ${MAX_SELECTOR_CHARS} characters`;
  const tokens = lex(sel);
  if (typeof tokens === 'string') return tokens;
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const atEnd = (): boolean => i >= tokens.length || tokens[i]?.v === ',';
  for (;;) {
    const first = tokens[i++];
    if (first === undefined) return 'label selector ends where a requirement was expected';
    if (first.t === 'op' && first.v === '!') {
      const key = tokens[i++];
      if (key?.t !== 'ident') return 'label selector: "!" must be followed by a key';
      const err = labelKeyError(key.v);
      if (err) return err;
    } else if (first.t === 'ident') {
      const err = labelKeyError(first.v);
      if (err) return err;
      const op = peek();
      if (!atEnd() && op) {
        i++;
        if (op.t === 'op' && (op.v === '=' || op.v === '==' || op.v === '!=')) {
          const value = peek();
          if (value?.t === 'ident') {
            i++;
            if (!isLabelValue(value.v)) return `label value ${show(value.v)} is not valid`;
          } else if (!atEnd()) {
            return `label selector: unexpected ${show(value?.v ?? '')} after ${show(first.v + op.v)}`;
          }
        } else if (op.t === 'ident' && (op.v === 'in' || op.v === 'notin')) {
          if (tokens[i++]?.v !== '(') return `label selector: "${op.v}" must be followed by "("`;
          for (;;) {
            const value = tokens[i++];
            if (value?.t !== 'ident' || value.v === '')
              return `label selector: "${op.v} (...)" needs non-empty values`;
            if (!isLabelValue(value.v)) return `label value ${show(value.v)} is not valid`;
            const sep = tokens[i++];
            if (sep?.v === ')') break;
            if (sep?.v !== ',') return `label selector: "${op.v} (...)" is not closed`;
          }
        } else {
          return `label selector: unexpected ${show(op.v)} after key ${show(first.v)}`;
        }
      }
    } else {
      return `label selector: unexpected ${show(first.v)} where a key was expected`;
    }
    if (i >= tokens.length) return null;
    if (tokens[i]?.v !== ',')
      return `label selector: expected "," before ${show(tokens[i]?.v ?? '')}`;
    i++;
  }
}

const FIELD_KEY = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;
// A value never starts with '-', so a flag (`--token=...`) cannot pass as one.
const FIELD_VALUE = /^([A-Za-z0-9._:@+/][A-Za-z0-9._:@+/-]*)?$/;

/**
 * Field selector: comma-separated `key=value`, `key==value`, `key!=value` with dotted keys
 * (`metadata.name`, `status.phase`, `spec.nodeName`). No escapes, no spaces; the value may be
 * empty (`spec.nodeName=` finds unscheduled pods). Returns an error message or null.
 */
export function fieldSelectorError(sel: string): string | null {
  if (sel.length > MAX_SELECTOR_CHARS)
    return `field selector is longer than ${MAX_SELECTOR_CHARS} characters`;
  for (const term of sel.split(',')) {
    const at = term.search(/!=|=/);
    if (at <= 0)
      return `field selector term ${show(term)} must be key=value, key==value or key!=value`;
    const key = term.slice(0, at);
    const opLen = term.startsWith('!=', at) || term.startsWith('==', at) ? 2 : 1;
    const value = term.slice(at + opLen);
    if (!FIELD_KEY.test(key))
      return `field selector key ${show(key)} is not valid (e.g. metadata.name, status.phase)`;
    if (!FIELD_VALUE.test(value)) return `field selector value ${show(value)} is not valid`;
  }
  return null;
}
