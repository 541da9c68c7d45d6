// Names that announce a credential: env variables, ConfigMap and annotation keys, flags, map keys.
//
// A name is split into words (`DB_PASSWORD`, `db-password`, `example.com/db-password`,
// `clientSecret`); it names a credential when its last meaningful word is a credential word.
// `PASSWORD_FILE`, `secretName`, `TOKEN_TTL` and `tokenExpirationSeconds` name something
// about a credential (a path, a reference, a lifetime), not the credential itself.

/** Words that are a credential on their own. */
const CREDENTIAL_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pw',
  'pass',
  'passphrase',
  'passcode',
  'secret',
  'token',
  'creds',
  'cred',
  'credential',
  'credentials',
  'apikey',
  'privatekey',
  'secretkey',
  'accesskey',
  'accountkey',
  'sharedaccesskey',
  'signingkey',
  'masterkey',
  'encryptionkey',
  'sshkey',
  'auth',
  'authorization',
  'authtoken',
  'bearer',
  'dsn',
  'pat',
  'requirepass',
  'masterauth',
  'bindpw',
  'bindpassword',
]);

/** `key` is a credential only with one of these before it (`SSH_KEY`, `api-key`, `privateKey`). */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'account',
  'secret',
  'private',
  'signing',
  'sign',
  'ssh',
  'encryption',
  'encrypt',
  'master',
  'hmac',
  'jwt',
  'session',
  'client',
  'shared',
  'storage',
  'license',
  'licence',
  'deploy',
  'gpg',
  'pgp',
  'crypt',
  'cookie',
  'webhook',
  'service',
  'app',
  'auth',
  'admin',
  'root',
  'db',
  'tls',
]);

/** Trailing words that say how a credential is encoded, not what the name is about. */
const FILLER = new Set([
  'value',
  'data',
  'b64',
  'base64',
  'string',
  'str',
  'raw',
  'plain',
  'text',
  'hex',
  'pem',
  'base',
]);

const WORD_SPLIT = /[^A-Za-z0-9]+/;

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(WORD_SPLIT)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** Every credential word above contains one of these: most names are rejected without a split. */
const ANY_WORD = /pas|pw|secret|token|cred|key|auth|dsn|pat|bearer/i;
/** Object keys repeat (`name`, `image`, `labels`): answers are kept, up to a bound. */
const seen = new Map<string, boolean>();
const SEEN_MAX = 10_000;

/** True when a key, env or flag name names a credential whose value must not leave. */
export function isCredentialName(name: string): boolean {
  if (name.length > 128 || !ANY_WORD.test(name)) return false;
  const known = seen.get(name);
  if (known !== undefined) return known;
  const answer = classify(name);
  if (seen.size >= SEEN_MAX) seen.clear();
  seen.set(name, answer);
  return answer;
}

function classify(name: string): boolean {
  const ws = words(name);
  while (ws.length > 1 && FILLER.has(ws[ws.length - 1] as string)) ws.pop();
  const last = ws[ws.length - 1];
  if (last === undefined) return false;
  if (CREDENTIAL_WORDS.has(last)) return true;
  // `private_key_id` identifies the key that signs a service account's tokens.
  if (last === 'id' && ws[ws.length - 2] === 'key' && ws[ws.length - 3] === 'private') return true;
  if (last === 'key' || last === 'keys') {
    const before = ws[ws.length - 2];
    return before !== undefined && KEY_QUALIFIERS.has(before);
  }
  // Glued spellings: DBPASSWORD, mysqlrootpassword, clientsecret.
  return /(?:password|passwd|passphrase|secret|token|apikey|privatekey|secretkey|accesskey|credentials?)$/.test(
    last,
  );
}

/**
 * Values that say nothing secret even under a credential name: empty, booleans, placeholders,
 * references, paths and what a redaction already left.
 */
export function isInertValue(value: string): boolean {
  const v = value.trim();
  if (v === '' || v.includes('[redacted')) return true;
  if (
    /^(?:true|false|yes|no|on|off|null|nil|none|enabled|disabled|required|optional|enable|disable|\*+|x+|redacted|changeme-not-set|unset|n\/a|-)$/i.test(
      v,
    )
  )
    return true;
  // What another tool already masked: `[FILTERED]`, `[MASKED]`, `[hidden]`.
  if (/^\[[A-Za-z _-]{1,24}\]$/.test(v)) return true;
  // A shell substitution: `$(kubectl get secret …)`, backticks.
  if (/^(?:\$\(|`)/.test(v)) return true;
  if (/^(?:\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*|\{\{[^}]*\}\}|<[^>]*>|%[A-Z_]+%)$/.test(v)) return true;
  // Auth schemes and modes: `auth=oidc`, `authorization: Bearer` (the header rules take the token).
  if (
    /^(?:bearer|basic|token|digest|anonymous|oidc|ldap|saml|kerberos|jwt|oauth2?|x509|mtls|tls|webhook|rbac|password|none|ok|success|failed|denied)$/i.test(
      v,
    )
  )
    return true;
  // A path or a file: `/var/run/secrets/…`, `./token`, `file:///…`.
  if (/^(?:\/|\.\.?\/|file:)/.test(v)) return true;
  return false;
}

/** Words that name the object holding a credential (`secret: db-creds`), not the credential. */
const HOLDER_WORDS = new Set(['secret', 'secrets', 'credentials', 'creds']);

/**
 * True when `value` under `name` is a reference to a Kubernetes object (`existingSecret:
 * relay-credentials`, klog's `secret="ns/name"`): a DNS name with a dash, optionally namespaced.
 */
export function isObjectReference(name: string, value: string): boolean {
  const ws = words(name);
  if (!HOLDER_WORDS.has(ws[ws.length - 1] ?? '')) return false;
  const v = value.trim();
  // `ns/name`, or a name with a dash: what Kubernetes names look like, not what passwords do.
  return (
    /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?\/[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?$/.test(v) ||
    /^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(v)
  );
}

/** A value that reads like a secret rather than a word or a number: letters and digits, 8+. */
export function looksSecret(value: string): boolean {
  const v = value.trim();
  return v.length >= 8 && /[A-Za-z]/.test(v) && /[0-9]/.test(v) && !/^v?\d+(?:\.\d+)+$/.test(v);
}
