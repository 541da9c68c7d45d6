// GET /openapi.json (CONTRACT §3b): a valid OpenAPI 3.1 document, generated from the zod schemas,
// that describes exactly the routes the app registers — a new route without a row fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { routeKeys } from './openapi/document.js';
import { operations } from './openapi/operations.js';
import { json, startTestApi, type TestApi } from './testing/harness.js';

let t: TestApi;
let doc: any;
beforeAll(async () => {
  t = await startTestApi({ maxOutputBytes: 8192 });
  const res = await t.req('GET', '/openapi.json', null);
  expect(res.status).toBe(200);
  doc = await json(res);
});
afterAll(() => t.close());

const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('GET /openapi.json', () => {
  it('is served without a credential and validates as OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('the validator is not a rubber stamp', async () => {
    const broken = structuredClone(doc);
    broken.paths['/v1/whoami'].get.responses = { 200: { content: {} } };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('describes every route the app registers', () => {
    const missing: string[] = [];
    for (const key of routeKeys(t.app.routes)) {
      const [method = '', path = ''] = key.split(' ');
      const item = doc.paths[openApiPath(path)];
      // An any-method entry (middleware on one path) needs the path; a route needs its method.
      if (!item || (method !== 'ALL' && !item[method.toLowerCase()])) missing.push(key);
    }
    expect(missing).toEqual([]);
  });

  it('describes no route the app does not have', () => {
    const keys = routeKeys(t.app.routes);
    const extra = operations({ maxOutputBytes: 8192 })
      .filter((op) => !keys.has(`${op.method.toUpperCase()} ${op.path}`))
      .map((op) => `${op.method} ${op.path}`);
    expect(extra).toEqual([]);
  });

  it('carries the schemas: the exec body with this deployment’s budget bound, the Result', () => {
    const exec = doc.paths['/v1/clusters/{clusterId}/exec'].post;
    const body = exec.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['command']);
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.maxOutputBytes).toMatchObject({ minimum: 1, maximum: 8192 });
    expect(exec.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Result',
    });
    expect(doc.components.schemas.Result.required).toContain('nextCursor');
    expect(exec.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/openapi.json'].get.security).toEqual([]);
    expect(doc.paths['/v1/agent/commands'].get.security).toEqual([{ agentToken: [] }]);
    const output = doc.paths['/v1/commands/{id}/output'].get;
    expect(output.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(
      ['path:id', 'query:cursor', 'query:maxBytes'],
    );
  });

  it('is the same document on every request', async () => {
    expect(await json(await t.req('GET', '/openapi.json', null))).toEqual(doc);
  });
});
