// Credentials in decoded API objects, decided by what was asked for as well as by what came back.
//
// The real apiserver sends list items without `kind`, so "is this a Secret" is answered by the
// request (the `secrets` resource) and by the list's kind, never by the item alone.
import { JsonNumber } from './json.js';
import { isCredentialName, isInertValue, isObjectReference } from './names.js';
import { normalize } from './normalize.js';
import { REDACTED, REDACTED_BASE64, type RedactionTally } from './tally.js';
import { scrubText } from './text.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Arrays of strings that hold a command line: `["--password", "v"]` splits a credential. */
const ARGV_KEYS = new Set(['args', 'command']);
const FLAG = /^--?([A-Za-z][A-Za-z0-9_.-]*)$/;
/** Commands whose password flag names nothing: [the command, needs `login`, the flag]. */
const TOOL_PASSWORD_FLAGS: Array<[RegExp, boolean, string]> = [
  [/(?:^|\/)redis-cli$/, false, '-a'],
  [/(?:^|\/)ldap\w+$/, false, '-w'],
  [/(?:^|\/)(?:cqlsh|mongo\w*)$/, false, '-p'],
  [/(?:^|\/)(?:docker|podman|buildah|nerdctl)$/, true, '-p'],
];

export interface RedactContext {
  /** The request read Secrets: every `data`/`stringData` in the answer is secret. */
  secrets: boolean;
}

export interface Redacted {
  value: unknown;
  /** False when the value came back exactly as it was: callers may keep the original bytes. */
  changed: boolean;
}

/**
 * Redact a decoded API object (or list, or Table), in place: the value must be one decoded for
 * this call. The tally says what went.
 */
export function redactObject(value: unknown, tally: RedactionTally, ctx: RedactContext): Redacted {
  let changed = false;
  // Lists repeat values (`Running`, `True`, image names): a value found clean once is clean.
  const clean = new Set<string>();
  const cleanKeys = new Set<string>();
  const text = (s: string): string => {
    if (clean.has(s)) return s;
    const before = tally.total;
    const out = scrubText(s, tally);
    if (out !== s) changed = true;
    else if (tally.total === before) clean.add(s);
    return out;
  };
  const replace = (kind: 'secret_data' | 'env_credential' | 'last_applied', to: string): string => {
    tally.add(kind);
    changed = true;
    return to;
  };

  const walk = (node: unknown, parentKey: string | null, secrets: boolean): unknown => {
    if (typeof node === 'string') return text(node);
    if (node === null || typeof node !== 'object' || node instanceof JsonNumber) return node;
    if (Array.isArray(node)) {
      if (parentKey !== null && ARGV_KEYS.has(parentKey)) return argv(node, secrets);
      // In place, as objects are: the value was decoded for this pass and nobody else holds it.
      const isEnv = parentKey === 'env';
      for (let i = 0; i < node.length; i++)
        node[i] = isEnv ? env(node[i], secrets) : walk(node[i], null, secrets);
      return node;
    }
    const obj = node as Record<string, unknown>;
    const keys = renameKeys(obj);
    const kind = typeof obj.kind === 'string' ? obj.kind : '';
    const isSecret = kind === 'Secret' || (secrets && kind !== 'Status' && kind !== 'Table');
    const inner = secrets || kind === 'SecretList';
    if (isSecret) {
      for (const field of ['data', 'stringData'] as const) {
        const data = obj[field];
        if (data === null || typeof data !== 'object' || Array.isArray(data)) continue;
        const map = data as Record<string, unknown>;
        for (const key of Object.keys(map))
          map[key] = replace('secret_data', field === 'data' ? REDACTED_BASE64 : REDACTED);
      }
    }
    const meta = obj.metadata as { annotations?: Record<string, unknown> } | undefined;
    if (meta?.annotations && typeof meta.annotations[LAST_APPLIED] === 'string')
      meta.annotations[LAST_APPLIED] = replace('last_applied', REDACTED);
    for (const k of keys) {
      const v = obj[k];
      if (
        typeof v === 'string' &&
        v !== REDACTED_BASE64 &&
        isCredentialName(k) &&
        !isInertValue(normalize(v)) &&
        !isObjectReference(k, v)
      )
        obj[k] = replace('env_credential', REDACTED);
      else obj[k] = walk(v, k, inner);
    }
    return obj;
  };

  const env = (entry: unknown, secrets: boolean): unknown => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
      return walk(entry, null, secrets);
    const e = entry as { name?: unknown; value?: unknown };
    if (
      typeof e.name === 'string' &&
      typeof e.value === 'string' &&
      isCredentialName(normalize(e.name)) &&
      !isInertValue(normalize(e.value))
    ) {
      e.value = replace('env_credential', REDACTED);
    }
    return walk(entry, null, secrets);
  };

  const argv = (items: unknown[], secrets: boolean): unknown[] => {
    const out = items.map((item) => walk(item, null, secrets));
    // Tools whose password flag names nothing: the argument after it goes.
    const has = (re: RegExp) => out.some((a) => typeof a === 'string' && re.test(a));
    const toolFlag =
      TOOL_PASSWORD_FLAGS.find(
        ([re, login]) => has(re) && (!login || out.includes('login')),
      )?.[2] ?? null;
    if (toolFlag)
      for (let i = 0; i + 1 < out.length; i++)
        if (out[i] === toolFlag && typeof out[i + 1] === 'string')
          out[i + 1] = replace('env_credential', REDACTED);
    // mysql and its tools take the password glued to -p, in its own argument.
    if (out.some((a) => typeof a === 'string' && /(?:^|\/)mysql[a-z]*$/.test(a)))
      for (let i = 0; i < out.length; i++)
        if (typeof out[i] === 'string' && /^-p[^\s]+$/.test(out[i] as string))
          out[i] = `-p${replace('env_credential', REDACTED)}`;
    for (let i = 0; i + 1 < out.length; i++) {
      const flag = typeof out[i] === 'string' ? FLAG.exec(out[i] as string) : null;
      const next = out[i + 1];
      if (!flag || typeof next !== 'string' || next.startsWith('-')) continue;
      if (isCredentialName(flag[1]!) && !isInertValue(next))
        out[i + 1] = replace('env_credential', REDACTED);
    }
    return out;
  };

  /**
   * Keys are text too: a key split by escapes is normalised before any rule reads it. Returns
   * the keys in order afterwards (a renamed key moves to the end).
   */
  const renameKeys = (obj: Record<string, unknown>): string[] => {
    const keys = Object.keys(obj);
    let renamed = false;
    for (const key of keys) {
      // Lists repeat their keys in every item: one found clean once is clean.
      if (cleanKeys.has(key)) continue;
      const clean = normalize(key);
      if (clean === key) {
        cleanKeys.add(key);
        continue;
      }
      const v = obj[key];
      delete obj[key];
      Object.defineProperty(obj, clean, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      changed = true;
      renamed = true;
    }
    return renamed ? Object.keys(obj) : keys;
  };

  const out = walk(value, null, ctx.secrets);
  return { value: out, changed };
}
