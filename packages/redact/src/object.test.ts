// Object redaction: decided by the request and the list kind, keys as well as values.
import { describe, expect, it } from 'vitest';
import { parseLossless, stringifyLossless } from './json.js';
import { redactObject } from './object.js';
import { REDACTED, REDACTED_BASE64, RedactionTally } from './tally.js';

const redact = (value: unknown, secrets = false) => {
  const tally = new RedactionTally();
  const out = redactObject(value, tally, { secrets });
  return { json: JSON.stringify(out.value), changed: out.changed, tally };
};

describe('Secrets', () => {
  const items = [
    { metadata: { name: 'db' }, data: { password: 'aHVudGVyMg==' }, stringData: { t: 'hunter2' } },
  ];
  it.each([
    [
      'a list read from the secrets resource, items without kind',
      { apiVersion: 'v1', items },
      true,
    ],
    ['a SecretList', { kind: 'SecretList', items }, false],
    ['a List holding a Secret', { kind: 'List', items: [{ kind: 'Secret', ...items[0] }] }, false],
    ['one Secret', { kind: 'Secret', ...items[0] }, false],
    [
      'a Table with whole objects',
      { kind: 'Table', rows: [{ cells: ['db'], object: items[0] }] },
      true,
    ],
  ])('%s', (_name, value, secrets) => {
    const { json, tally } = redact(structuredClone(value), secrets);
    expect(json).not.toContain('aHVudGVyMg==');
    expect(json).not.toContain('hunter2');
    expect(json).toContain(REDACTED_BASE64);
    expect(tally.byKind.secret_data).toBe(2);
  });

  it('leaves a Status from the secrets resource readable', () => {
    const status = {
      kind: 'Status',
      message: 'secrets "x" not found',
      reason: 'NotFound',
      code: 404,
    };
    expect(redact(status, true).changed).toBe(false);
  });
});

describe('values under credential names', () => {
  it('env, ConfigMap data, annotations and labels', () => {
    const obj = {
      kind: 'ConfigMap',
      metadata: {
        annotations: { 'example.com/db-password': 'plainwords', 'example.com/owner': 'team-a' },
      },
      data: {
        DB_PASSWORD: 'plainwords',
        SSH_KEY: 'plainwords',
        LOG_LEVEL: 'debug',
        KEY_FILE: '/etc/key',
        client_secret: 'plainwords',
      },
    };
    const { json } = redact(obj);
    expect(json).not.toContain('plainwords');
    expect(json).toContain('"LOG_LEVEL":"debug"');
    expect(json).toContain('"KEY_FILE":"/etc/key"');
    expect(json).toContain('"example.com/owner":"team-a"');
  });

  it('env entries by name, references kept', () => {
    const pod = {
      spec: {
        containers: [
          {
            env: [
              { name: 'DB_PWD', value: 'plainwords' },
              { name: 'CREDS', value: 'plainwords' },
              { name: 'SIGNING_KEY', value: 'plainwords' },
              { name: 'SECRET_NAME', value: 'db' },
              { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'password' } } },
            ],
          },
        ],
      },
    };
    const { json } = redact(pod);
    expect(json).not.toContain('plainwords');
    expect(json).toContain('"value":"db"');
    expect(json).toContain('"key":"password"');
  });

  it('container args, one string or two', () => {
    const c = {
      args: [
        '--db-password',
        'plainwords',
        '--client-secret=plainwords',
        '--port',
        '8080',
        '--token',
        '--verbose',
      ],
      command: ['sh', '-c', 'mysql --password plainwords'],
    };
    const { json } = redact(c);
    expect(json).not.toContain('plainwords');
    expect(json).toContain('"8080"');
    expect(json).toContain('"--verbose"');
  });

  it('keys split by escapes are normalised before they are read', () => {
    const { json } = redact({ data: { 'DB_PASS\u001b[0mWORD': 'plainwords' } });
    expect(json).not.toContain('plainwords');
    expect(json).not.toContain('\\u001b');
  });

  it('says when nothing changed', () => {
    expect(redact({ kind: 'Pod', metadata: { name: 'web' } }).changed).toBe(false);
  });
});

describe('numbers survive', () => {
  it.each([
    '9007199254740993',
    '-9223372036854775808',
    '18446744073709551615',
    '1.5e3',
    '0.1',
    '1E+21',
    '12345678901234567890.5',
  ])('%s', (n) => {
    const text = `{"spec":{"securityContext":{"runAsUser":${n}}},"metadata":{"annotations":{"db-password":"x1y2z3"}}}`;
    const tally = new RedactionTally();
    const out = redactObject(parseLossless(text), tally, { secrets: false });
    const back = stringifyLossless(out.value);
    expect(back).toContain(`"runAsUser":${n}`);
    expect(back).toContain(REDACTED);
  });

  it('parses what JSON.parse parses', () => {
    const text = '{"a":[1,2.5,-3,true,false,null,"\\u00e9\\n"],"__proto__":{"x":1},"b":{}}';
    expect(stringifyLossless(parseLossless(text))).toBe(text.replace('\\u00e9', 'é'));
    expect(() => parseLossless('{"a":1,}')).toThrow();
    expect(() => parseLossless('{"a":1} x')).toThrow();
  });
});
