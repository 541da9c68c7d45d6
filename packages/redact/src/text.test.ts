// Free-text redaction: every spelling of a class loses its secret, and diagnostic text survives.
import { describe, expect, it } from 'vitest';
import { REDACTED, RedactionTally } from './tally.js';
import { scrubText } from './text.js';

const scrub = (text: string): { out: string; tally: RedactionTally } => {
  const tally = new RedactionTally();
  return { out: scrubText(text, tally), tally };
};

const SECRET = 'Zq9vX2mLpT4w';

/** Everything a terminal hides, put inside a word. */
const SPLITTERS = [
  '\u001b[0m',
  '\u001b[1m',
  '\u001b]0;x\u0007',
  '\u0007',
  '\u0000',
  '\u200b',
  '\u00ad',
  '\u202e',
  '\r',
];

describe('normalise first, then redact, never rejoin', () => {
  const words = ['password', 'token', 'passwd', 'secret', 'api_key'];
  const rows = words.flatMap((w) =>
    SPLITTERS.map((s) => [`${w.slice(0, 3)}${s}${w.slice(3)}=${SECRET}`] as const),
  );
  it.each(rows)('%j', (text) => {
    const { out } = scrub(text);
    expect(out).not.toContain(SECRET);
    // eslint-disable-next-line no-control-regex -- what normalisation must have removed
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u00ad\u202e]/);
  });

  it.each(SPLITTERS)('a PEM header split by %j still hides the key', (s) => {
    const pem = `-----BEGIN RSA PRIV${s}ATE KEY-----\nMIIEowIBAAKCAQEAq2t1YmUtc2ltLWZha2Uta2V5LW5vdC11c2FibGUtZm9yLWFu\n-----END RSA PRIVATE KEY-----`;
    expect(scrub(pem).out).not.toContain('MIIEowIBAAKCAQEA');
  });
});

describe('keys that name a credential', () => {
  const names = [
    'DB_PASSWORD',
    'db-password',
    'example.com/db-password',
    'DB_PWD',
    'SSH_KEY',
    'SIGNING_KEY',
    'CREDS',
    'client_secret',
    'clientSecret',
    'API_TOKEN',
    'apiKey',
    'api-key',
    'PASSPHRASE',
    'AWS_SECRET_ACCESS_KEY',
    'aws_session_token',
    'MYSQL_ROOT_PASSWORD',
    'SECRET_KEY_BASE',
    'spring.datasource.password',
    'privateKey',
    'ENCRYPTION_KEY',
    'auth',
  ];
  const forms = [
    (k: string) => `${k}=${SECRET}`,
    (k: string) => `${k}="${SECRET}"`,
    (k: string) => `${k}='${SECRET}'`,
    (k: string) => `"${k}":"${SECRET}"`,
    (k: string) => `{"${k}": "${SECRET}", "user": "app"}`,
    (k: string) => `${k}: ${SECRET}`,
    (k: string) => `  ${k}: ${SECRET}`,
    (k: string) => `- ${k}: ${SECRET}`,
    (k: string) => `'${k}' => '${SECRET}'`,
    (k: string) => `:${k} => "${SECRET}"`,
    (k: string) => `level=info ${k}=${SECRET} user=app`,
    (k: string) => `--${k}=${SECRET}`,
    (k: string) => `run --${k} ${SECRET} --verbose`,
    (k: string) => `export ${k}=${SECRET}`,
  ];
  const rows = names.flatMap((n) => forms.map((f) => [f(n)] as const));
  it.each(rows)('%s', (text) => {
    const { out, tally } = scrub(text);
    expect(out).not.toContain(SECRET);
    expect(out).toContain(REDACTED);
    expect(tally.total).toBeGreaterThan(0);
  });

  it('a YAML block scalar under a credential key', () => {
    const { out } = scrub(`db:\n  password: |\n    ${SECRET}\n    second-line\n  host: db\n`);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain('second-line');
    expect(out).toContain('host: db');
  });
});

describe('credential shapes anywhere', () => {
  const jwt = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.c2lnbmF0dXJl`;
  const rows: Array<[string, string]> = [
    ['jwt', `token refreshed: ${jwt}`],
    ['aws key id', 'using AKIAIOSFODNN7EXAMPLE'],
    ['aws sts key id', 'ASIAY34FZKBOKMUTVV7A in use'],
    ['github classic', 'ghp_R8x2kLmN4pQ7sT1vW9yZ3bC6dF0gH5jK8mP2'],
    ['github app', 'ghs_R8x2kLmN4pQ7sT1vW9yZ3bC6dF0gH5jK8mP2'],
    ['porthole api key', 'key=phk_R8x2kLmN4pQ7sT1vW9yZ3bC6dF0gH5jK8mP2a1B2c3 get pods'],
    ['porthole agent token', 'pha_R8x2kLmN4pQ7sT1vW9yZ3bC6dF0gH5jK8mP2a1B2c3'],
    [
      'github fine-grained',
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ',
    ],
    ['slack bot', 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx'],
    ['slack user', 'xoxp-1234567890-0987654321-AbCdEfGhIjKl'],
    ['stripe', 'charging with sk_live_51HqLyjAbCdEfGhIjKlMnOpQr'],
    ['stripe restricted', 'rk_live_51HqLyjAbCdEfGhIjKlMnOpQr'],
    [
      'gcp private_key',
      '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n"}',
    ],
    [
      'azure',
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zq9vX2mLpT4wAbCd+/==;EndpointSuffix=core.windows.net',
    ],
    ['basic', 'Authorization: Basic ' + Buffer.from('admin:Zq9vX2mLpT4w').toString('base64')],
    ['bearer', 'Authorization: Bearer Zq9vX2mLpT4wAbCdEf'],
    ['bearer in a map', 'headers={Authorization=Bearer Zq9vX2mLpT4wAbCdEf, Accept=*/*}'],
    ['custom scheme', 'authorization: ApiKey Zq9vX2mLpT4w'],
    [
      'docker auth',
      '{"auths":{"registry.example.com":{"auth":"' +
        Buffer.from('u:Zq9vX2mLpT4w').toString('base64') +
        '"}}}',
    ],
    ['url password', 'postgres://app:Zq9vX2mLpT4w@db:5432/app'],
    ['url password with /', 'postgres://app:Zq9v/X2mLpT4w@db:5432/app'],
    ['url password with @', 'mongodb://app:Zq9v@X2mLpT4w@db:27017/app'],
    ['url password with %', 'amqp://app:Zq9v%40X2mLpT4w@mq:5672/'],
    ['url password, no user', 'redis://:Zq9vX2mLpT4w@cache:6379/0'],
    ['ruby hash', "config = { :password => 'Zq9vX2mLpT4w' }"],
    ['json password', '{"user":"app","password":"Zq9vX2mLpT4w"}'],
    [
      'base64 of a url password',
      `DATABASE: ${Buffer.from('postgres://app:Zq9vX2mLpT4w@db/app').toString('base64')}`,
    ],
    ['base64 of key=value', `blob ${Buffer.from('password=Zq9vX2mLpT4w').toString('base64')}`],
    [
      'pgp',
      '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF1Zq9vX2mLpT4wAbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIj\n=Zq9v\n-----END PGP PRIVATE KEY BLOCK-----',
    ],
    [
      'openssh',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nZq9vX2mLpT4w\n-----END OPENSSH PRIVATE KEY-----',
    ],
    [
      'encrypted pkcs8',
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQIZq9vX2mLpT4wAgIIAD\n-----END ENCRYPTED PRIVATE KEY-----',
    ],
  ];
  it.each(rows)('%s', (_name, text) => {
    const { out, tally } = scrub(text);
    for (const part of [
      'Zq9vX2mLpT4w',
      'Zq9v/X2mLpT4w',
      'Zq9v@X2mLpT4w',
      'Zq9v%40X2mLpT4w',
      'MIIEvQIBADANBgkqhkiG9w0',
      'b3BlbnNzaC1rZXktdjEAAAA',
      'MIIFHDBOBgkqhkiG9w0',
      'lQOYBF1Zq9vX2mLpT4w',
      'R8x2kLmN4pQ7',
      jwt,
      'AKIAIOSFODNN7EXAMPLE',
      'ASIAY34FZKBOKMUTVV7A',
      '1234567890-0987654321',
      '51HqLyjAbCdEf',
    ])
      expect(out).not.toContain(part);
    expect(tally.total).toBeGreaterThan(0);
  });

  it('a key body without its BEGIN, without its END, or without both', () => {
    const body = [
      'MIIEowIBAAKCAQEAq2t1YmUtc2ltLWZha2Uta2V5LW5vdC11c2FibGUtZm9yLWFu',
      'eXRoaW5nLWJ1dC1yZWRhY3Rpb24tdGVzdHMta3ViZS1zaW0tZmFrZS1rZXktbm90',
      'LXVzYWJsZS1mb3ItYW55dGhpbmctYnV0LXJlZGFjdGlvbi10ZXN0cy1rdWJlLXNp',
      'bS1mYWtl',
    ];
    for (const text of [
      [...body, '-----END RSA PRIVATE KEY-----'].join('\n'),
      ['-----BEGIN RSA PRIVATE KEY-----', ...body].join('\n'),
      body.join('\n'),
      body.slice(1).join('\n'),
    ]) {
      const { out } = scrub(text);
      for (const line of body.slice(0, 3)) expect(out).not.toContain(line.slice(4, 30));
    }
  });

  it('keeps the line count, so a later cut cannot bring anything back', () => {
    const text = `a\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIAbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKloAoGCCqGSM49\nAwEHoUQDQgAE\n-----END EC PRIVATE KEY-----\nb`;
    expect(scrub(text).out.split('\n')).toHaveLength(text.split('\n').length);
  });

  it('keeps kubelet timestamps in front of each line', () => {
    const stamp = '2026-01-01T00:00:00.123456789Z ';
    const { out } = scrub(`${stamp}password=${SECRET}\n${stamp}ok`);
    expect(out).toBe(`${stamp}password=${REDACTED}\n${stamp}ok`);
  });
});

describe('precision: diagnostic text comes back unchanged', () => {
  const benign = [
    'failed to fetch anonymous token: unexpected status from GET request',
    'Secret "db-creds" not found',
    'password authentication failed for user "app"',
    'Using token file /var/run/secrets/kubernetes.io/serviceaccount/token',
    'secretRef: db-secret',
    'secretName: tls-cert',
    'KEY_FILE=/etc/tls/tls.key',
    'TOKEN_TTL=3600',
    'auth: enabled',
    'auth=oidc',
    'using Bearer authentication',
    'missing Bearer token in request',
    'Basic auth is disabled',
    'tokenExpirationSeconds: 3607',
    "password: <set to the key 'password' in secret 'db'>",
    'DB_PASSWORD: ${DB_PASSWORD}',
    'MountVolume.SetUp failed for volume "kube-api-access-x": object "default"/"kube-root-ca.crt" not registered',
    'MountVolume.SetUp failed for volume "db-creds" : secret "db-creds" not found',
    "Error: couldn't find key password in Secret shop/db-creds",
    'https://registry.npmjs.org:443/@types/node',
    'http://host:8080/path@v2',
    'image: nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31',
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host',
    'uid: 7d0b6b6c-7f3c-4b6f-9d51-2a8d5c1e9f30',
    'commit 3f2a9c1e7b41d8f6a0c5e2b7d4a1f8c3e9b2d6a4',
    `greeting ${Buffer.from('hello world, nothing to see here').toString('base64')}`,
    '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----',
    'token: |\n',
    'password=',
    'the tokenizer ran',
    'passwordless login enabled',
    'GET /healthz 200 in 3ms',
  ];
  it.each(benign)('%j', (text) => {
    const { out, tally } = scrub(text);
    expect(out).toBe(text);
    expect(tally.total).toBe(0);
  });

  it('a CA certificate bundle keeps every byte', () => {
    const line = 'MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ';
    const cert = `-----BEGIN CERTIFICATE-----\n${line}\n${line}\n${line}\nAbC=\n-----END CERTIFICATE-----\n`;
    expect(scrub(cert + cert).out).toBe(cert + cert);
  });
});

describe('rendered objects are not values', () => {
  it.each([
    '      "serviceAccountToken": {',
    '  "secrets": [',
    '  token: (',
    'password: [redacted by porthole]',
  ])('%j', (text) => {
    expect(scrub(text).out).toBe(text);
  });
});
