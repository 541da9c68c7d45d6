// Redaction: no secret byte survives, in objects, tables or logs, and the tally says what went.
import { describe, expect, it } from 'vitest';
import { REDACTED, RedactionTally, redactObject, redactingKube, scrubText } from './redact.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlMTIz';
const PEM =
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nabc\n-----END RSA PRIVATE KEY-----';

describe('scrubText', () => {
  it.each([
    ['Authorization: Bearer abcdefghijkl12345', 'abcdefghijkl12345', 'token'],
    [`token=${JWT}`, JWT, 'token'],
    ['using key AKIAIOSFODNN7EXAMPLE now', 'AKIAIOSFODNN7EXAMPLE', 'token'],
    [`key follows\n${PEM}\nend`, 'MIIEowIBAAKCAQEA7', 'private_key'],
    [
      `2026-01-01T00:00:00Z ${PEM.split('\n').join('\n2026-01-01T00:00:00Z ')}`,
      'MIIEowIBAAKCAQEA7',
      'private_key',
    ],
    ['db password=hunter2 connecting', 'hunter2', 'log_credential'],
    ['{"api_key": "sk-live-123456"}', 'sk-live-123456', 'log_credential'],
    ['AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG', 'wJalrXUtnFEMI/K7MDENG', 'log_credential'],
    ['failed for jdbc:postgresql://billing:S3cr3t!x@db:5432/billing', 'S3cr3t!x', 'log_credential'],
    ['redis://:hunter22@cache:6379/0', 'hunter22', 'log_credential'],
  ])('%j loses its secret', (text, secret, kind) => {
    const tally = new RedactionTally();
    const out = scrubText(text, tally);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
    expect(tally.byKind[kind as keyof typeof tally.byKind]).toBeGreaterThanOrEqual(1);
  });

  it.each([
    'GET /healthz 200 in 3ms',
    'Started container web',
    'the tokenizer ran',
    'passwordless login enabled',
  ])('leaves ordinary text alone: %j', (text) => {
    const tally = new RedactionTally();
    expect(scrubText(text, tally)).toBe(text);
    expect(tally.total).toBe(0);
  });
});

describe('redactObject', () => {
  it('redacts Secret data, keeping it valid base64, and stringData', () => {
    const tally = new RedactionTally();
    const secret = {
      kind: 'Secret',
      data: { password: 'aHVudGVyMg==', user: 'YWRtaW4=' },
      stringData: { token: 'x' },
    };
    const out = redactObject(secret, tally) as typeof secret;
    expect(out.data).toEqual({ password: 'UkVEQUNURUQ=', user: 'UkVEQUNURUQ=' });
    expect(out.stringData.token).toBe(REDACTED);
    expect(tally.byKind.secret_data).toBe(3);
  });

  it('redacts Secrets inside lists and Table rows', () => {
    const tally = new RedactionTally();
    const list = {
      kind: 'Table',
      rows: [{ cells: ['db', 'Opaque', 1], object: { kind: 'Secret', data: { a: 'Yg==' } } }],
    };
    expect(JSON.stringify(redactObject(list, tally))).not.toContain('Yg==');
  });

  it('redacts the last-applied-configuration annotation anywhere', () => {
    const tally = new RedactionTally();
    const pod = {
      kind: 'Deployment',
      metadata: {
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"password":"hunter2"}',
          keep: 'me',
        },
      },
    };
    const out = JSON.stringify(redactObject(pod, tally));
    expect(out).not.toContain('hunter2');
    expect(out).toContain('"keep":"me"');
    expect(tally.byKind.last_applied).toBe(1);
  });

  it('redacts env values whose names announce a credential, and credential-shaped values', () => {
    const tally = new RedactionTally();
    const pod = {
      spec: {
        containers: [
          {
            env: [
              { name: 'DB_PASSWORD', value: 'hunter2' },
              { name: 'AWS_SECRET_ACCESS_KEY', value: 'wJalrXUtnFEMI' },
              { name: 'LOG_LEVEL', value: 'debug' },
              { name: 'UPSTREAM', value: `Bearer ${JWT}` },
              { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
            ],
          },
        ],
      },
    };
    const out = JSON.stringify(redactObject(pod, tally));
    for (const secret of ['hunter2', 'wJalrXUtnFEMI', JWT]) expect(out).not.toContain(secret);
    expect(out).toContain('"value":"debug"');
    expect(out).toContain('secretKeyRef');
    expect(tally.byKind.env_credential).toBe(2);
  });
});

describe('redactingKube', () => {
  it('passes untouched JSON through byte for byte and redacts logs as text', async () => {
    const bodies: Record<string, string> = {
      '/api/v1/pods': '{ "kind":"PodList",  "items":[] }',
      '/api/v1/namespaces/a/pods/p/log': `started\nAuthorization: Bearer abcdefghijklmnop\n`,
    };
    const tally = new RedactionTally();
    const kube = redactingKube(async (path) => ({ status: 200, body: bodies[path]! }), tally);
    expect((await kube('/api/v1/pods', 'application/json')).body).toBe(bodies['/api/v1/pods']);
    const log = (await kube('/api/v1/namespaces/a/pods/p/log', 'text/plain')).body;
    expect(log).toBe(`started\nAuthorization: Bearer ${REDACTED}\n`);
    expect(tally.total).toBe(1);
  });
});
