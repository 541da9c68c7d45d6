// Credentials in free text: logs, annotation and ConfigMap values, messages, rendered output.
//
// The text is normalised first (normalize.ts), so nothing a terminal hides can split a
// credential, and it is never rejoined afterwards. Multi-line shapes (PEM blocks, key bodies
// without their BEGIN or END, YAML block scalars under a credential key) are found on whole
// lines and replaced line by line, so a log keeps its line count and a later cut (`--tail`,
// `--limit-bytes`) cannot bring back what was removed. Then each line passes the one-line rules.
import { isCredentialName, isInertValue, isObjectReference, looksSecret } from './names.js';
import { normalize } from './normalize.js';
import { REDACTED, type RedactionKind, type RedactionTally } from './tally.js';

/** The kubelet's `--timestamps` prefix: kept apart so the rules see each line as written. */
const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) /;

const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/;
const PEM_END = /-----END ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/;
/** Public material (certificates, public keys, CSRs): their bodies are not key bodies. */
const PUBLIC_BEGIN =
  /-----BEGIN [A-Z0-9 ]*(?:CERTIFICATE|PUBLIC KEY|PUBLIC KEY BLOCK|CERTIFICATE REQUEST|X509 CRL|PARAMETERS|SIGNATURE|MESSAGE)-----/;
const PUBLIC_END =
  /-----END [A-Z0-9 ]*(?:CERTIFICATE|PUBLIC KEY|PUBLIC KEY BLOCK|CERTIFICATE REQUEST|X509 CRL|PARAMETERS|SIGNATURE|MESSAGE)-----/;
/** A line of base64 as PEM, OpenSSH and PGP armour wrap it. */
const BODY = /^[A-Za-z0-9+/]{40,}={0,2}$/;
const BODY_TAIL = /^(?:[A-Za-z0-9+/]{4,}={0,2}|=[A-Za-z0-9+/]{4})$/;
const ARMOUR_HEADER = /^(?:Proc-Type|DEK-Info|Comment|Version|Hash|Charset):/;
/** `password: |` — a YAML block scalar whose lines are the value. */
const BLOCK_SCALAR = /^(\s*)(?:-\s+)?(["']?)([A-Za-z0-9_.\-/]+)\2\s*:\s*[|>][-+0-9]*\s*$/;
/** `- name: DB_TOKEN` then `value: x`: an env list inside text. */
const ENV_NAME = /^\s*(?:-\s+)?name:\s*["']?([A-Za-z_][\w.-]*)["']?\s*$/;
const ENV_VALUE = /^(\s*value:\s*)(["']?)(.+?)\2\s*$/;

/** How deep base64 may nest before decoding stops (a token inside base64 inside base64). */
const MAX_DEPTH = 2;

interface Line {
  stamp: string;
  text: string;
}

export interface ScrubOptions {
  /**
   * Redact runs of base64 lines that decode to binary even without a BEGIN or END line. On for
   * whole answers; off for text already cut (a `--tail` that begins inside a certificate would
   * otherwise lose public bytes: the whole window was scrubbed with this on before the cut).
   */
  orphanBodies?: boolean;
}

/**
 * Texts already found clean. Scrubbing is a pure function of the text, so a clean verdict holds
 * for every later call: the names, statuses, images and Table column descriptions an answer
 * repeats on every read skip the rules. Bounded in texts and in characters; emptied when full.
 */
class CleanTexts {
  private readonly texts = new Set<string>();
  private chars = 0;

  has(text: string): boolean {
    return this.texts.has(text);
  }

  add(text: string): void {
    if (this.texts.size >= CLEAN_TEXTS_MAX || this.chars + text.length > CLEAN_CHARS_MAX) {
      this.texts.clear();
      this.chars = 0;
    }
    this.texts.add(text);
    this.chars += text.length;
  }
}
/** Longest text kept: hashing it on a lookup stays far cheaper than the rules. */
const CLEAN_TEXT_CHARS = 4096;
const CLEAN_TEXTS_MAX = 20_000;
const CLEAN_CHARS_MAX = 2_000_000;
/** One-line texts scrubText left alone (a multi-line verdict depends on orphanBodies). */
const cleanTexts = new CleanTexts();
/**
 * Lines of multi-line texts that scrubLine left alone at depth 0, their stamp already cut off: a
 * command run again renders the same lines. Apart from cleanTexts, whose verdict is scrubText's.
 */
const cleanLines = new CleanTexts();

/** Scrub every credential out of `text`; the tally counts each one by kind. */
export function scrubText(text: string, tally: RedactionTally, options: ScrubOptions = {}): string {
  const cacheable = text.length <= CLEAN_TEXT_CHARS && !text.includes('\n');
  if (cacheable && cleanTexts.has(text)) return text;
  const before = tally.total;
  const out = scrub(text, tally, options.orphanBodies ?? true, 0);
  if (cacheable && out === text && tally.total === before) cleanTexts.add(text);
  return out;
}

function scrub(text: string, tally: RedactionTally, orphans: boolean, depth: number): string {
  const normal = normalize(text);
  if (normal.length < 6) return normal;
  if (!normal.includes('\n')) {
    const m = STAMP.exec(normal);
    const stamp = m ? m[0] : '';
    return stamp + scrubLine(normal.slice(stamp.length), tally, depth);
  }
  const lines: Line[] = normal.split('\n').map((raw) => {
    const m = STAMP.exec(raw);
    return m ? { stamp: m[0], text: raw.slice(m[0].length) } : { stamp: '', text: raw };
  });
  const done = scrubBlocks(normal, lines, tally, orphans);
  // Big outputs repeat lines (`"status": "True",`), and so does a command run again: a line
  // found clean once is clean again. Kept across calls only at depth 0 and up to a length.
  const local = new Set<string>();
  // Every edit scrubBlocks makes marks its line done: with no line done and none changed below,
  // the lines joined again would be `normal`, so it is returned without that copy.
  let changed = done.size > 0;
  const out = lines.map((l, i) => {
    const clean: Pick<CleanTexts, 'has' | 'add'> =
      depth === 0 && l.text.length <= CLEAN_TEXT_CHARS ? cleanLines : local;
    if (done.has(i) || clean.has(l.text)) return l.stamp + l.text;
    const before = tally.total;
    const scrubbed = scrubLine(l.text, tally, depth);
    if (scrubbed !== l.text) changed = true;
    else if (tally.total === before) clean.add(l.text);
    return l.stamp + scrubbed;
  });
  return changed ? out.join('\n') : normal;
}

/** Replaces a whole line's value, keeping its indentation. */
function blank(line: Line): void {
  const indent = /^\s*/.exec(line.text)?.[0] ?? '';
  line.text = line.text.trim() === '' ? line.text : `${indent}${REDACTED}`;
}

const isBody = (s: string): boolean => {
  const t = s.trim();
  return BODY.test(t) && /[A-Z]/.test(t) && /[a-z]/.test(t) && /[0-9]/.test(t);
};
const isBodyTail = (s: string): boolean => BODY_TAIL.test(s.trim()) && /[0-9+/=]/.test(s);

/** Multi-line shapes in `text`, split into `lines`; returns the indexes of lines already final. */
function scrubBlocks(
  text: string,
  lines: Line[],
  tally: RedactionTally,
  orphans: boolean,
): Set<number> {
  const done = new Set<number>();
  const publicLines = new Set<number>();
  // What every match of a rule below holds, looked for once in the whole text: a text without
  // it (a JSON answer has no `name:`) skips the rule on each of its lines.
  const armoured = text.includes('-----'); // every BEGIN and END line, private or public
  const envLists = text.includes('name:');
  const scalars = text.includes('|') || text.includes('>');
  // Public blocks first: their bodies must survive the orphan-body rule below.
  for (let i = 0; i < lines.length; i++) {
    if (!armoured || !PUBLIC_BEGIN.test(lines[i]!.text)) continue;
    let j = i + 1;
    while (j < lines.length && !PUBLIC_END.test(lines[j]!.text) && j - i < 2000) j++;
    for (let k = i; k <= Math.min(j, lines.length - 1); k++) publicLines.add(k);
    i = j;
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (done.has(i)) continue;
    const begin = armoured ? PEM_BEGIN.exec(line.text) : null;
    if (begin && !PEM_END.test(line.text.slice(begin.index))) {
      // The header stays; everything after it up to END (or while it looks like key) goes.
      line.text = line.text.slice(0, begin.index + begin[0].length);
      done.add(i);
      tally.add('private_key');
      let j = i + 1;
      while (j < lines.length && j - i < 2000) {
        const t = lines[j]!.text;
        const end = PEM_END.exec(t);
        if (end) {
          lines[j]!.text = t.slice(end.index);
          done.add(j);
          break;
        }
        const trimmed = t.trim();
        const armour = trimmed === '' || ARMOUR_HEADER.test(trimmed);
        if (!armour && !isBody(t) && !isBodyTail(t) && !/^[A-Za-z0-9+/=]+$/.test(trimmed)) break;
        blank(lines[j]!);
        done.add(j);
        j++;
      }
      i = j;
      continue;
    }
    const end = armoured ? PEM_END.exec(line.text) : null;
    if (end && !PEM_BEGIN.test(line.text)) {
      // END without its BEGIN (a cut removed it): the base64 run before it is the key.
      let k = i - 1;
      let any = false;
      while (
        k >= 0 &&
        !done.has(k) &&
        !publicLines.has(k) &&
        (isBody(lines[k]!.text) || isBodyTail(lines[k]!.text))
      ) {
        blank(lines[k]!);
        done.add(k);
        any = true;
        k--;
      }
      const before = line.text.slice(0, end.index);
      if (before.trim() !== '' && /^[A-Za-z0-9+/=\s]+$/.test(before)) {
        line.text = line.text.slice(end.index);
        any = true;
      }
      if (any) tally.add('private_key');
      done.add(i);
      continue;
    }
    // `- name: DB_TOKEN` then `value: x` (an env list inside text): the value line goes.
    const envName = envLists ? ENV_NAME.exec(line.text) : null;
    const valueLine = lines[i + 1];
    if (envName && valueLine && isCredentialName(envName[1]!)) {
      const v = ENV_VALUE.exec(valueLine.text);
      if (v && !isInertValue(v[3]!)) {
        valueLine.text = `${v[1]}${v[2]}${REDACTED}${v[2]}`;
        done.add(i + 1);
        tally.add('env_credential');
        continue;
      }
    }
    const scalar = scalars ? BLOCK_SCALAR.exec(line.text) : null;
    if (scalar && isCredentialName(scalar[3]!)) {
      const indent = (scalar[1] ?? '').length;
      let j = i + 1;
      let any = false;
      for (; j < lines.length; j++) {
        const t = lines[j]!.text;
        if (t.trim() === '') continue;
        if ((/^\s*/.exec(t)?.[0].length ?? 0) <= indent) break;
        blank(lines[j]!);
        done.add(j);
        any = true;
      }
      if (any) tally.add('log_credential');
      done.add(i);
      i = j - 1;
    }
  }
  // Key bodies with neither BEGIN nor END (a cut removed both): a run of base64 lines that
  // decodes to binary, outside any certificate or public key.
  for (let i = 0; orphans && i < lines.length; i++) {
    if (done.has(i) || publicLines.has(i) || !isBody(lines[i]!.text)) continue;
    let j = i;
    while (j < lines.length && !done.has(j) && !publicLines.has(j) && isBody(lines[j]!.text)) j++;
    if (j < lines.length && !done.has(j) && !publicLines.has(j) && isBodyTail(lines[j]!.text)) j++;
    const run = lines.slice(i, j).map((l) => l.text.trim());
    if (run.length >= 2 && (decodesToBinary(run.join('')) || pemWrapped(run))) {
      for (let k = i; k < j; k++) {
        blank(lines[k]!);
        done.add(k);
      }
      tally.add('private_key');
    }
    i = j - 1;
  }
  return done;
}

/** Wrapped as PEM (64 columns) or OpenSSH (70) wraps: every line but the last that wide. */
function pemWrapped(run: string[]): boolean {
  const width = run[0]!.length;
  return (width === 64 || width === 70) && run.slice(0, -1).every((l) => l.length === width);
}

function decodesToBinary(b64: string): boolean {
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length < 24) return false;
  let odd = 0;
  for (const b of bytes) if (b < 9 || (b > 13 && b < 32) || b > 126) odd++;
  return odd / bytes.length > 0.2;
}

/** Printable text a base64 token decodes to, or null when it is binary or too short. */
function decodedText(token: string): string | null {
  const bytes = Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length < 12) return null;
  for (const b of bytes) if (b < 9 || (b > 13 && b < 32) || b === 127) return null;
  const text = bytes.toString('utf8');
  return text.includes('\ufffd') ? null : text;
}

interface Rule {
  kind: RedactionKind;
  re: RegExp;
  /** The replacement, or null to leave the match as it was. */
  replace: (m: RegExpExecArray) => string | null;
}

const whole = (): string => REDACTED;

/** Provider tokens with a recognisable shape. */
const SHAPES: RegExp[] = [
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|ABIA|ACCA)[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{30,}\b/g,
  /\bph[ka]_[A-Za-z0-9_-]{20,}/g, // Porthole's own API keys and agent tokens (api/src/auth/key-format.ts)
  /\bglpat-[A-Za-z0-9_-]{20,}/g,
  /\bxox[abposre]-[A-Za-z0-9-]{10,}/g,
  /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g,
  /\bwhsec_[A-Za-z0-9+/]{16,}/g,
  /\bhv[sbr]\.[A-Za-z0-9_-]{20,}/g,
  /\bs[qa]?[upa]_[0-9a-f]{40}\b/g,
  /\bdiscord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{20,}/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g,
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{32,}/g,
  /\bhooks\.slack\.com\/services\/[A-Za-z0-9/]{20,}/g,
];

/** True for a word that can be a credential, not an English word after `Bearer`. */
const tokenLike = (s: string): boolean => /[0-9]/.test(s) || s.length >= 24;

const RULES: Rule[] = [
  {
    kind: 'private_key',
    re: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----.*?(?:-----END \1PRIVATE KEY\2-----|$)/g,
    replace: (m) =>
      `-----BEGIN ${m[1] ?? ''}PRIVATE KEY${m[2] ?? ''}----- ${REDACTED} -----END ${m[1] ?? ''}PRIVATE KEY${m[2] ?? ''}-----`,
  },
  {
    // An AWS secret access key next to its key id: `AKIA… / wJalrXUtnFEMI…`.
    kind: 'token',
    re: /\b((?:AKIA|ASIA)[0-9A-Z]{16}\b[^\n]{0,40}?)(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g,
    replace: (m) => `${m[1]}${REDACTED}`,
  },
  ...SHAPES.map((re): Rule => ({ kind: 'token', re, replace: whole })),
  {
    // Authorization: <scheme> <credential>, whatever the scheme.
    kind: 'token',
    re: /\b(authorization["']?\s*[:=]\s*["']?)([A-Za-z][A-Za-z0-9_-]*)(\s+)([^\s"',;}]+)/gi,
    replace: (m) => (isInertValue(m[4]!) ? null : `${m[1]}${m[2]}${m[3]}${REDACTED}`),
  },
  {
    kind: 'token',
    re: /(?<![/\w.-])(Bearer|Basic|Token|Digest)(\s+)([A-Za-z0-9._~+/-]{8,}=*)/gi,
    replace: (m) =>
      /^HTTP\//.test(m[3]!)
        ? null
        : tokenLike(m[3]!) || (/^basic$/i.test(m[1]!) && (decodedText(m[3]!) ?? '').includes(':'))
          ? `${m[1]}${m[2]}${REDACTED}`
          : null,
  },
  {
    kind: 'log_credential',
    re: /\b(AccountKey|SharedAccessKey|SharedAccessSignature|sig|X-Amz-Signature|X-Amz-Credential|X-Goog-Signature)=([^;\s"'&<>]+)/g,
    replace: (m) => (m[2]!.startsWith('[redacted') ? null : `${m[1]}=${REDACTED}`),
  },
  {
    // user:password@ in URLs; the password may hold `/`, `@` or `%`: the last `@` ends it.
    kind: 'log_credential',
    re: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@"'<>]*):([^\s"'<>]+)@(?=[^\s@"'<>]*(?:[\s"'<>]|$))/gi,
    replace: (m) => {
      const pw = m[3]!;
      if (/^\d+(?:\/|$)/.test(pw) || isInertValue(pw)) return null;
      return `${m[1]}${m[2]}:${REDACTED}@`;
    },
  },
  {
    // key=value, key: value, "key": "value", key => 'value' under a credential name.
    kind: 'log_credential',
    re: /(?<![A-Za-z0-9_./])(["']?)([A-Za-z0-9_][A-Za-z0-9_.\-/]{0,80})\1(\s*(?:=>|=|:)\s*)("(?:[^"\\\n]|\\.){0,4096}"|'[^'\n]{0,4096}'|<[^>\n]{0,200}>|\$\{[^}\n]{0,200}\}|[^\s"',;&{}()[\]][^\s"',;&})\]]*)/g,
    replace: (m) => {
      const [, quote, key, sep, value] = m as unknown as [string, string, string, string, string];
      if (!isCredentialName(key)) return null;
      const quoted = value.startsWith('"') || value.startsWith("'");
      const inner = quoted ? value.slice(1, -1) : value;
      const next = m.input[m.index + m[0].length] ?? '';
      // `token = req.headers.authorization?.split(' ')`, `Password = os.Getenv("X")`: code.
      if (!quoted && (next === '(' || /^[A-Za-z_$][\w$.?]*\($/.test(inner))) return null;
      if (isInertValue(inner)) return null;
      // `secret=relay-hmac` names a Secret; `?secret=shhh-its-a-deploy-9` is a query value.
      const inQuery = /[?&]$/.test(m.input.slice(0, m.index));
      if (!inQuery && isObjectReference(key, inner)) return null;
      if (sep.trim() === ':' && !quoted) {
        // `password: x` alone on its line is YAML, `password:x` is glued; in prose
        // (`token: unexpected status`, `"db-creds" : secret "x"`, `password:  16 bytes`) only a
        // value that reads like a secret goes.
        const before = m.input.slice(0, m.index);
        const after = m.input.slice(m.index + m[0].length);
        const yaml = /^\s*(?:-\s+)?$/.test(before) && /^\s*(?:#.*)?$/.test(after);
        // `password:hunter2`, not `INFO:relay.auth:Loaded`.
        const glued =
          quote === '' && !/\s/.test(sep) && inner.length >= 6 && /[0-9!@#$%^&*+=~]/.test(inner);
        if (!yaml && !glued && !looksSecret(inner)) return null;
      }
      const q = quoted ? value[0] : '';
      return `${quote}${key}${quote}${sep}${q}${REDACTED}${q}`;
    },
  },
  {
    // Cookie headers: every value; Set-Cookie: the cookie's own value, not its attributes.
    kind: 'token',
    re: /\b(Set-Cookie|(?<!Set-)Cookie)(:\s*)([^\n]*)/gi,
    replace: (m) => {
      const set = /^set/i.test(m[1]!);
      const pairs = m[3]!.split(';');
      const values = pairs
        .map((pair, i) => {
          if (set && i > 0) return pair;
          const eq = /^(\s*[^\s=;]+=)(\S+)$/.exec(pair);
          return eq && !isInertValue(eq[2]!) ? `${eq[1]}${REDACTED}` : pair;
        })
        .join(';');
      return values === m[3] ? null : `${m[1]}${m[2]}${values}`;
    },
  },
  {
    // A session id in a log line: `session=<long token>`, `sid=<long token>`.
    kind: 'token',
    re: /\b((?:session(?:[_-]?id)?|sid|sessid|_[a-z]*session)=)([A-Za-z0-9+/=_.-]{16,})/gi,
    replace: (m) => (looksSecret(m[2]!) ? `${m[1]}${REDACTED}` : null),
  },
  {
    // curl -u user:password, --user user:password.
    kind: 'log_credential',
    re: /(\bcurl\b[^\n]*?\s(?:-u|--user)[ =]?["']?[^\s:"']*:)([^\s"']+)/g,
    replace: (m) => (isInertValue(m[2]!) ? null : `${m[1]}${REDACTED}`),
  },
  {
    // htpasswd -b FILE USER PASSWORD: the password is positional.
    kind: 'log_credential',
    re: /(\bhtpasswd\s+(?:-[a-zA-Z]*\s+)*?-[a-zA-Z]*b[a-zA-Z]*\s+(?:-[a-zA-Z]+\s+)*\S+\s+\S+\s+)(\S+)/g,
    replace: (m) => `${m[1]}${REDACTED}`,
  },
  {
    // Hikari's aligned dump: `dataSource.password............value`.
    kind: 'log_credential',
    re: /\b([A-Za-z0-9_.-]*(?:password|passwd|secret|token))(\.{3,})(\S+)/gi,
    replace: (m) => (isInertValue(m[3]!) ? null : `${m[1]}${m[2]}${REDACTED}`),
  },
  {
    // A quoted value after a credential word: `keystore password 'x'`, SQL `WITH PASSWORD 'x'`.
    kind: 'log_credential',
    re: /\b(password|passwd|passphrase|secret|token|identified by|requirepass|masterauth)(\s+)(['"])([^'"\n]{4,200})\3/gi,
    replace: (m) =>
      isInertValue(m[4]!) || isObjectReference(m[1]!, m[4]!)
        ? null
        : `${m[1]}${m[2]}${m[3]}${REDACTED}${m[3]}`,
  },
  {
    // mysql -pSECRET: the password glued to -p.
    kind: 'log_credential',
    re: /(\bmysql(?:admin|dump|check|import|show|binlog)?\b[^\n]*?\s-p)([^\s"']+)/g,
    replace: (m) => `${m[1]}${REDACTED}`,
  },
  {
    // ssl_passphrase_command=echo SECRET, password_command='echo SECRET'.
    kind: 'log_credential',
    re: /((?:passphrase|password|passwd|secret|token)[A-Za-z_]*(?:command|cmd)\s*=\s*["']?echo\s+)([^\s"']+)/gi,
    replace: (m) => `${m[1]}${REDACTED}`,
  },
  {
    // private_key_id 0123abcd… in prose.
    kind: 'log_credential',
    re: /(\bprivate_key_id["']?\s*[:=]?\s*["']?)([0-9a-f]{32,})/g,
    replace: (m) => `${m[1]}${REDACTED}`,
  },
  {
    // --password hunter2 in a command line.
    kind: 'log_credential',
    re: /(?<![\w-])(--?[A-Za-z][A-Za-z0-9_./-]*)( +)([^\s-][^\s]*)/g,
    replace: (m) =>
      isCredentialName(m[1]!.replace(/^-+/, '')) &&
      !isInertValue(m[3]!) &&
      // `Using --password via the CLI is insecure`: a function word is prose.
      !PROSE_WORDS.has(m[3]!)
        ? `${m[1]}${m[2]}${REDACTED}`
        : null,
  },
  {
    // Tools whose password flag names nothing: redis-cli -a, cqlsh/mongo -p, docker login -p,
    // ldapsearch -w.
    kind: 'log_credential',
    re: /(\b(?:redis-cli\b[^\n]*?\s-a|(?:cqlsh|mongo(?:sh|dump|restore)?)\b[^\n]*?\s-p|(?:docker|podman|buildah|nerdctl|oras|skopeo) login\b[^\n]*?\s-p|ldap(?:search|add|modify|delete|passwd|whoami|compare)\b[^\n]*?\s-w)\s+["']?)([^\s"']+)/g,
    replace: (m) => `${m[1]}${REDACTED}`,
  },
  {
    // netrc: `machine HOST login USER password SECRET`, or `password SECRET` alone on its line.
    kind: 'log_credential',
    re: /(\bmachine\s+\S+\s+login\s+\S+\s+password\s+|^\s*(?:password|passwd)\s+)(\S+)(?=\s*$|\s+(?:machine|login|account)\b)/g,
    replace: (m) => (isInertValue(m[2]!) ? null : `${m[1]}${REDACTED}`),
  },
  {
    // Redis MONITOR and AUTH: `"AUTH" "user" "secret"`.
    kind: 'log_credential',
    re: /("AUTH"(?:\s+"[^"\n]*")?\s+")([^"\n]+)(")/g,
    replace: (m) => `${m[1]}${REDACTED}${m[3]}`,
  },
  {
    // Credentials passed by position: requests' auth=('user', 'pw'), PDO's new PDO(dsn, user, pw).
    kind: 'log_credential',
    re: /(\b(?:auth\s*=\s*\(|new PDO\([^)\n]*?,)\s*(['"])[^'"\n]*\2\s*,\s*(['"]))([^'"\n]+)(\3)/g,
    replace: (m) => (isInertValue(m[4]!) ? null : `${m[1]}${REDACTED}${m[5]}`),
  },
  {
    // A Twilio account SID followed by its auth token.
    kind: 'token',
    re: /(\bAC[0-9a-f]{32}\b["']?\s*[,:]\s*["']?)([0-9a-f]{32})\b/g,
    replace: (m) => `${m[1]}${REDACTED}`,
  },
  {
    // ODBC braces: Pwd={a;b}.
    kind: 'log_credential',
    re: /\b((?:pwd|password)=\{)([^}\n]+)(\})/gi,
    replace: (m) => `${m[1]}${REDACTED}${m[3]}`,
  },
  {
    // XML: <password>x</password>, <apiKey>x</apiKey>.
    kind: 'log_credential',
    re: /<([A-Za-z][\w.-]{0,40})>([^<\n]{1,400})<\/\1>/g,
    replace: (m) =>
      isCredentialName(m[1]!) && !isInertValue(m[2]!) ? `<${m[1]}>${REDACTED}</${m[1]}>` : null,
  },
  {
    // .pgpass: host:port:database:user:password.
    kind: 'log_credential',
    re: /^([^:\s]+:\d{1,5}:[^:\s]+:[^:\s]+:)(\S+)$/g,
    replace: (m) => (isInertValue(m[2]!) ? null : `${m[1]}${REDACTED}`),
  },
  {
    // A change shown as `old -> new` (Terraform): the new value of a redacted one goes too.
    kind: 'log_credential',
    re: /(\[redacted by porthole\]["']?\s*->\s*["']?)([^\s"']+)/g,
    replace: (m) => (isInertValue(m[2]!) ? null : `${m[1]}${REDACTED}`),
  },
];

/** Words that follow a flag in prose about it, never as its value. */
const PROSE_WORDS = new Set(
  'via is and or to from with for flag option on in the a an was not must should instead when if as at by of'.split(
    ' ',
  ),
);

const BASE64_TOKEN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])/g;

function scrubLine(line: string, tally: RedactionTally, depth: number): string {
  if (line.length < 6) return line;
  let out = line;
  for (const rule of RULES) out = applyRule(rule, out, tally);
  if (depth < MAX_DEPTH) {
    out = out.replace(BASE64_TOKEN, (token) => {
      const decoded = decodedText(token);
      if (decoded === null) return token;
      const before = tally.total;
      scrub(decoded, tally, true, depth + 1);
      return tally.total === before ? token : REDACTED;
    });
  }
  return out;
}

/**
 * Every match of a rule replaced. A match the rule leaves alone is retried one character on, so
 * `--from-literal=password=x` is read as `password=x` after `from-literal=` is not a credential.
 */
function applyRule(rule: Rule, text: string, tally: RedactionTally): string {
  const re = rule.re;
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  let replaced = false;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const next = rule.replace(m);
    if (next === null) {
      re.lastIndex = m.index + 1;
      continue;
    }
    tally.add(rule.kind);
    replaced = true;
    out += text.slice(last, m.index) + next;
    last = m.index + m[0].length;
    re.lastIndex = m[0].length === 0 ? last + 1 : last;
  }
  return replaced ? out + text.slice(last) : text;
}
