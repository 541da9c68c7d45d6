// The contract's error table and request schemas.
import { describe, expect, it } from 'vitest';
import {
  boundedExecRequest,
  boundedFleetExecRequest,
  ClusterSelector,
  CommandEnvelope,
  ErrorBody,
  ErrorCode,
  errorStatus,
  ExecRequest,
  ExecResult,
  FleetExecResponse,
  PolicyCheckRequest,
  PortholeError,
  Result,
  WhoAmI,
} from './index.js';

describe('error codes', () => {
  it('give the contract statuses', () => {
    expect(errorStatus).toMatchObject({
      invalid_request: 400,
      unauthenticated: 401,
      forbidden: 403,
      command_denied: 403,
      cluster_not_found: 404,
      command_not_found: 404,
      session_not_found: 404,
      payload_too_large: 413,
      rate_limited: 429,
      agent_unavailable: 503,
      store_unavailable: 503,
      timeout: 504,
      internal: 500,
    });
    for (const code of Object.values(ErrorCode))
      expect(errorStatus[code]).toBeGreaterThanOrEqual(400);
  });

  it('PortholeError carries code, status and extra fields', () => {
    const err = new PortholeError('timeout', 'late', { extra: { commandId: 'c1' } });
    expect([err.code, err.status, err.extra.commandId, err.message]).toEqual([
      'timeout',
      504,
      'c1',
      'late',
    ]);
  });

  it('PortholeError carries the rule and suggestion shown inside `error`', () => {
    const err = new PortholeError('command_denied', 'no', {
      detail: { rule: 'verb', suggestion: 'get pods' },
    });
    expect(err.detail).toEqual({ rule: 'verb', suggestion: 'get pods' });
    expect(new PortholeError('internal', 'x').detail).toEqual({});
  });

  it('an error body keeps what it carries beside `error`', () => {
    const body = { error: { code: 'timeout', message: 'late' }, commandId: 'c1' };
    expect(ErrorBody.parse(body)).toEqual(body);
    expect(ErrorBody.safeParse({ error: { code: 'nope', message: 'x' } }).success).toBe(false);
  });
});

describe('ExecRequest', () => {
  it.each([
    [{ command: 'get pods' }, true],
    [{ command: ['get', 'pods'], timeoutSeconds: 300, sessionId: 's' }, true],
    [{ command: '' }, false],
    [{ command: [] }, false],
    [{ command: 'x'.repeat(4097) }, false],
    [{ command: Array(65).fill('a') }, false],
    [{ command: 'get pods', timeoutSeconds: 0 }, false],
    [{ command: 'get pods', timeoutSeconds: 1.5 }, false],
    [{ command: 'get pods', other: true }, false],
    [{ command: 42 }, false],
    [null, false],
    [{ command: 'get pods', maxOutputBytes: 1 }, true],
    [{ command: 'get pods', maxOutputBytes: 0 }, false],
    [{ command: 'get pods', maxOutputBytes: -1 }, false],
    [{ command: 'get pods', maxOutputBytes: 1.5 }, false],
    [{ command: 'get pods', maxOutputBytes: '100' }, false],
  ])('%j valid=%s', (body, valid) => {
    expect(ExecRequest.safeParse(body).success).toBe(valid);
  });

  it('bounded by an API, maxOutputBytes names itself when out of range', () => {
    const schema = boundedExecRequest(4096);
    expect(schema.safeParse({ command: 'get pods', maxOutputBytes: 4096 }).success).toBe(true);
    const huge = schema.safeParse({ command: 'get pods', maxOutputBytes: 4097 });
    expect(huge.success).toBe(false);
    expect(huge.error?.issues[0]?.path).toEqual(['maxOutputBytes']);
    // Still strict: an unknown field is refused.
    expect(schema.safeParse({ command: 'get pods', extra: 1 }).success).toBe(false);
    const fleet = boundedFleetExecRequest(4096);
    expect(fleet.safeParse({ clusters: ['prod-*'], command: 'get ns' }).success).toBe(true);
    expect(
      fleet.safeParse({ clusters: ['a'], command: 'get ns', maxOutputBytes: 5000 }).success,
    ).toBe(false);
    expect(fleet.safeParse({ clusters: [], command: 'get ns' }).success).toBe(false);
  });

  it('Result requires every contract field', () => {
    const result = {
      id: 'a',
      clusterId: 'c',
      command: ['get', 'pods'],
      status: 'succeeded',
      exitCode: 0,
      output: '',
      error: null,
      truncated: false,
      outputBytes: 0,
      redactions: 0,
      durationMs: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      completedAt: '2026-01-01T00:00:00.001Z',
    };
    expect(Result.safeParse(result).success).toBe(true);
    const { redactions: _r, ...missing } = result;
    expect(Result.safeParse(missing).success).toBe(false);
  });
});

describe('discovery and fleet shapes', () => {
  it.each([
    ['prod-*', true],
    ['a?c', true],
    ['*', true],
    ['alpha', true],
    ['Prod-*', false],
    ['prod/*', false],
    ['[ab]', false],
    ['', false],
    ['x'.repeat(64), false],
  ])('cluster selector %j valid=%s', (selector, valid) => {
    expect(ClusterSelector.safeParse(selector).success).toBe(valid);
  });

  it('a fleet answer holds Results and per-cluster errors', () => {
    const result = {
      id: 'a',
      clusterId: 'alpha',
      command: ['get', 'ns'],
      status: 'succeeded',
      exitCode: 0,
      output: 'x\n',
      error: null,
      truncated: false,
      outputBytes: 2,
      redactions: 0,
      durationMs: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      completedAt: '2026-01-01T00:00:00.001Z',
      nextCursor: null,
    };
    expect(ExecResult.safeParse(result).success).toBe(true);
    const body = {
      results: [
        result,
        { clusterId: 'beta', error: { code: 'agent_unavailable', message: 'offline' } },
      ],
    };
    expect(FleetExecResponse.parse(body)).toEqual(body);
  });

  it('whoami names the kind of credential, never the credential', () => {
    const ok = { principal: 'sre', credential: 'static_key', scopes: FULL };
    expect(WhoAmI.safeParse(ok).success).toBe(true);
    expect(WhoAmI.safeParse({ ...ok, credential: 'api_key' }).success).toBe(false);
  });

  it('policy check takes a command and an optional cluster id', () => {
    expect(PolicyCheckRequest.safeParse({ command: 'get pods' }).success).toBe(true);
    expect(PolicyCheckRequest.safeParse({ command: 'get pods', clusterId: 'a' }).success).toBe(
      true,
    );
    expect(PolicyCheckRequest.safeParse({ command: 'get pods', clusterId: 'A!' }).success).toBe(
      false,
    );
  });

  it('an envelope keeps the client page budget through the store', () => {
    const envelope = {
      id: 'c1',
      clusterId: 'alpha',
      argv: ['get', 'pods'],
      principal: 'sre',
      createdAt: 1,
      deadline: 2,
      maxOutputBytes: 1024,
      pageBytes: 100,
      signature: 's',
    };
    expect(CommandEnvelope.parse(JSON.parse(JSON.stringify(envelope)))).toEqual(envelope);
  });
});

const FULL = { clusters: null, namespaces: null, admin: false };
