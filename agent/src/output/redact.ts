// Redaction inside the cluster, before any renderer sees a byte: every Kubernetes response
// passes through here, so describe, get -o yaml, tables and logs are covered at one choke point.
import type { KubeGet } from '../kube/transport.js';

export type RedactionKind =
  'secret_data' | 'last_applied' | 'env_credential' | 'log_credential' | 'private_key' | 'token';

/** Counts what was removed, by kind, for the result's `redactions` and the API's metric. */
export class RedactionTally {
  readonly byKind: Partial<Record<RedactionKind, number>> = {};
  add(kind: RedactionKind, n = 1): void {
    this.byKind[kind] = (this.byKind[kind] ?? 0) + n;
  }
  get total(): number {
    return Object.values(this.byKind).reduce((a, b) => a + b, 0);
  }
}

export const REDACTED = '[redacted by porthole]';
/** Secret data must stay valid base64 for kubectl's describe to decode: base64("REDACTED"). */
const REDACTED_BASE64 = 'UkVEQUNURUQ=';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Env variable names that announce a credential. */
const CREDENTIAL_NAME =
  /pass(word|wd)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth/i;

const PATTERNS: Array<{
  kind: RedactionKind;
  re: RegExp;
  replace: string | ((...m: string[]) => string);
}> = [
  {
    kind: 'private_key',
    re: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g,
    replace: (_m, type) =>
      `-----BEGIN ${type}PRIVATE KEY----- ${REDACTED} -----END ${type}PRIVATE KEY-----`,
  },
  // user:password@ in URLs (JDBC, Redis, AMQP…): the password goes, the rest stays readable.
  {
    kind: 'log_credential',
    re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)(?!\[redacted)([^\s@/]+)@/gi,
    replace: (_m, head) => `${head}${REDACTED}@`,
  },
  {
    kind: 'token',
    re: /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/g,
    replace: REDACTED,
  },
  {
    kind: 'token',
    re: /\b(bearer)\s+[A-Za-z0-9._~+/-]{8,}=*/gi,
    replace: (_m, word) => `${word} ${REDACTED}`,
  },
  { kind: 'token', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/g, replace: REDACTED },
  {
    kind: 'log_credential',
    re: /\b((?:[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key))["']?\s*[:=]\s*["']?)(?!\[redacted)([^\s"',;&]{3,})/gi,
    replace: (_m, key) => `${key}${REDACTED}`,
  },
];

/** Scrub credential-shaped substrings out of free text (logs, annotation values, cells). */
export function scrubText(text: string, tally: RedactionTally): string {
  let out = text;
  for (const { kind, re, replace } of PATTERNS) {
    out = out.replace(re, (...m: string[]) => {
      tally.add(kind);
      return typeof replace === 'string' ? replace : replace(...m);
    });
  }
  return out;
}

/** Redact a decoded API object (or list, or Table) in place; the tally says what changed. */
export function redactObject(value: unknown, tally: RedactionTally): unknown {
  const walk = (node: unknown, parentKey: string | null): unknown => {
    if (typeof node === 'string') return scrubText(node, tally);
    if (Array.isArray(node)) {
      if (parentKey === 'env') return node.map((e) => redactEnv(e, tally));
      return node.map((item) => walk(item, null));
    }
    if (node === null || typeof node !== 'object') return node;
    const obj = node as Record<string, unknown>;
    if (obj.kind === 'Secret') redactSecret(obj, tally);
    const meta = obj.metadata as { annotations?: Record<string, unknown> } | undefined;
    if (meta?.annotations && typeof meta.annotations[LAST_APPLIED] === 'string') {
      meta.annotations[LAST_APPLIED] = REDACTED;
      tally.add('last_applied');
    }
    for (const [k, v] of Object.entries(obj)) obj[k] = walk(v, k);
    return obj;
  };
  return walk(value, null);
}

function redactSecret(secret: Record<string, unknown>, tally: RedactionTally): void {
  for (const field of ['data', 'stringData'] as const) {
    const data = secret[field];
    if (data === null || typeof data !== 'object') continue;
    for (const key of Object.keys(data)) {
      (data as Record<string, unknown>)[key] = field === 'data' ? REDACTED_BASE64 : REDACTED;
      tally.add('secret_data');
    }
  }
}

function redactEnv(entry: unknown, tally: RedactionTally): unknown {
  if (entry === null || typeof entry !== 'object') return entry;
  const env = entry as { name?: unknown; value?: unknown };
  if (
    typeof env.value === 'string' &&
    typeof env.name === 'string' &&
    CREDENTIAL_NAME.test(env.name) &&
    env.value !== ''
  ) {
    env.value = REDACTED;
    tally.add('env_credential');
    return env;
  }
  if (typeof env.value === 'string') env.value = scrubText(env.value, tally);
  return env;
}

/**
 * A KubeGet whose every answer is redacted: JSON bodies as objects (re-encoded only when
 * something changed, so untouched output stays byte-identical), everything else as text.
 */
export function redactingKube(kube: KubeGet, tally: RedactionTally): KubeGet {
  return async (path, accept) => {
    const res = await kube(path, accept);
    const trimmed = res.body.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(res.body);
      } catch {
        // Not JSON after all: treat it as text below, like a log.
        return { ...res, body: scrubText(res.body, tally) };
      }
      const before = tally.total;
      const redacted = redactObject(parsed, tally);
      return tally.total === before ? res : { ...res, body: JSON.stringify(redacted) };
    }
    return { ...res, body: scrubText(res.body, tally) };
  };
}
