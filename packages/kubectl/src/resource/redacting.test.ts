// The agent's choke point: every answer of the Kubernetes API is redacted by what was asked for.
import { describe, expect, it } from 'vitest';
import { REDACTED, REDACTED_BASE64 } from '@porthole/redact';
import { parseGoJson } from '../go/decode.js';
import type { KubeGet } from './client.js';
import { RedactionTally, UnredactableAnswer, redactingKube } from './redacting.js';

const serve =
  (bodies: Record<string, string>, warnings?: string[]): KubeGet =>
  async (path) => ({
    status: 200,
    body: bodies[path.split('?')[0]!] ?? '',
    ...(warnings ? { warnings } : {}),
  });

// The real apiserver sends list items without `kind`.
const secretList = JSON.stringify({
  kind: 'SecretList',
  apiVersion: 'v1',
  items: [{ metadata: { name: 'db', namespace: 'x' }, data: { password: 'aHVudGVyMg==' } }],
});
const bareList = JSON.stringify({
  apiVersion: 'v1',
  items: [{ metadata: { name: 'db' }, data: { password: 'aHVudGVyMg==' }, stringData: { t: 'v' } }],
});

describe('redactingKube', () => {
  it('passes untouched JSON through byte for byte and redacts logs as text', async () => {
    const bodies: Record<string, string> = {
      '/api/v1/pods': '{ "kind":"PodList",  "items":[] }',
      '/api/v1/namespaces/a/pods/p/log': `started\nAuthorization: Bearer abcdefghijklmnop1\n`,
    };
    const tally = new RedactionTally();
    const kube = redactingKube(serve(bodies), tally);
    expect((await kube('/api/v1/pods', 'application/json')).body).toBe(bodies['/api/v1/pods']);
    const log = (await kube('/api/v1/namespaces/a/pods/p/log', 'text/plain')).body;
    expect(log).toBe(`started\nAuthorization: Bearer ${REDACTED}\n`);
    expect(tally.total).toBe(1);
  });

  it('hands the renderer the redacted body decoded, as parseGoJson decodes that body', async () => {
    const plain = JSON.stringify({ kind: 'PodList', items: [{ metadata: { name: 'a' }, n: 3 }] });
    const kube = redactingKube(
      serve({ '/api/v1/pods': plain, '/api/v1/secrets': secretList }),
      new RedactionTally(),
    );
    for (const path of ['/api/v1/pods', '/api/v1/secrets']) {
      const res = await kube(path, 'application/json');
      expect(res.decoded).toBeDefined();
      expect(res.decoded).toEqual(parseGoJson(res.body));
    }
    // What the renderer reads is the redacted value, never the one the cluster sent.
    const redacted = await kube('/api/v1/secrets', 'application/json');
    const items = (redacted.decoded as Map<string, unknown>).get('items') as Array<
      Map<string, Map<string, unknown>>
    >;
    expect(items[0]!.get('data')!.get('password')).toBe(REDACTED_BASE64);
    expect(redacted.body).not.toContain('aHVudGVyMg==');
  });

  it('never passes on a decoded value it did not make', async () => {
    const raw = new Map([['data', new Map([['password', 'hunter2']])]]);
    const kube = redactingKube(
      async (path) => ({
        status: 200,
        body: path === '/api/v1/log' ? 'plain text' : '{"kind":"X","ratio":1.5}',
        decoded: raw,
      }),
      new RedactionTally(),
    );
    for (const path of ['/api/v1/log', '/api/v1/x'])
      expect((await kube(path, 'application/json')).decoded).toBeUndefined();
  });

  it.each([
    ['a fraction', '{"kind":"X","ratio":1.0}'],
    ['an integer JSON.parse would round', '{"kind":"X","uid":9007199254740993}'],
    ['a key JavaScript reorders', '{"kind":"X","data":{"b":"1","2":"3"}}'],
  ])('leaves a body with %s to be decoded from its text', async (_, body) => {
    const kube = redactingKube(serve({ '/api/v1/x': body }), new RedactionTally());
    const res = await kube('/api/v1/x', 'application/json');
    expect(res.decoded).toBeUndefined();
    expect(res.body).toBe(body);
  });

  it.each([
    '/api/v1/secrets',
    '/api/v1/namespaces/x/secrets',
    '/api/v1/namespaces/x/secrets/db',
    '/api/v1/namespaces/x/secrets?labelSelector=a%3Db&limit=500',
    '/apis/example.com/v1/namespaces/x/secrets',
  ])('decides Secrets by the request (%s), whatever the items say', async (path) => {
    const tally = new RedactionTally();
    const kube = redactingKube(serve({ [path.split('?')[0]!]: bareList }), tally);
    const body = (await kube(path, 'application/json')).body;
    expect(body).not.toContain('aHVudGVyMg==');
    expect(body).not.toContain('"v"');
    expect(tally.byKind.secret_data).toBe(2);
  });

  it('decides Secrets by the list kind too', async () => {
    const tally = new RedactionTally();
    const kube = redactingKube(serve({ '/api/v1/things': secretList }), tally);
    expect((await kube('/api/v1/things', 'application/json')).body).not.toContain('aHVudGVyMg==');
  });

  it('redacts Secret objects inside Table rows', async () => {
    const table = JSON.stringify({
      kind: 'Table',
      rows: [
        { cells: ['db', 'Opaque', 1], object: { metadata: { name: 'db' }, data: { a: 'Yg==' } } },
      ],
    });
    const kube = redactingKube(
      serve({ '/api/v1/namespaces/x/secrets': table }),
      new RedactionTally(),
    );
    const body = (await kube('/api/v1/namespaces/x/secrets', 'application/json;as=Table')).body;
    expect(body).not.toContain('Yg==');
    expect(JSON.parse(body).rows[0].cells).toEqual(['db', 'Opaque', 1]);
  });

  it('keeps 64-bit integers exactly when it has to re-encode', async () => {
    const pod = `{"kind":"Pod","metadata":{"annotations":{"example.com/db-password":"hunter2"}},"spec":{"securityContext":{"runAsUser":9007199254740993},"x":1.5e3}}`;
    const kube = redactingKube(serve({ '/api/v1/namespaces/x/pods/p': pod }), new RedactionTally());
    const body = (await kube('/api/v1/namespaces/x/pods/p', 'application/json')).body;
    expect(body).toContain('"runAsUser":9007199254740993');
    expect(body).toContain('1.5e3');
    expect(body).not.toContain('hunter2');
  });

  it('redacts Warning headers', async () => {
    const tally = new RedactionTally();
    const kube = redactingKube(
      serve({ '/api/v1/pods': '{}' }, ['299 - "deprecated; password=hunter2"']),
      tally,
    );
    const res = await kube('/api/v1/pods', 'application/json');
    expect(res.warnings?.join('')).not.toContain('hunter2');
  });

  it.each([false, true])(
    'refuses JSON nested past the stack with a clear error, never showing it (lossless path: %s)',
    async (lossless) => {
      // On the lossless path (a 64-bit integer) the parser's overflow used to pass for "not
      // JSON", and the body went out through the text scrubber alone.
      const depth = 200_000;
      const leaf = `{"password":"hunter2secret"${lossless ? ',"n":9007199254740993' : ''}}`;
      const body = '['.repeat(depth) + leaf + ']'.repeat(depth);
      const kube = redactingKube(serve({ '/api/v1/pods': body }), new RedactionTally());
      await expect(kube('/api/v1/pods', 'application/json')).rejects.toThrow(
        new UnredactableAnswer().message,
      );
    },
  );
});

describe('an answer nested as deep as real objects go', () => {
  it('is redacted as usual, 64-bit integers kept', async () => {
    const depth = 200;
    const body = `{"kind":"SecretList","items":[{"data":{"password":"aHVudGVyMg=="},"deep":${'['.repeat(depth)}9007199254740993${']'.repeat(depth)}}]}`;
    const kube = redactingKube(serve({ '/api/v1/secrets': body }), new RedactionTally());
    const out = (await kube('/api/v1/secrets', 'application/json')).body;
    expect(out).toContain(REDACTED_BASE64);
    expect(out).not.toContain('aHVudGVyMg==');
    expect(out).toContain('9007199254740993');
  });
});
