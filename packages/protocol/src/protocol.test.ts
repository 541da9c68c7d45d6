// The contract's error table and request schemas.
import { describe, expect, it } from 'vitest';
import { ErrorCode, errorStatus, ExecRequest, PortholeError, Result } from './index.js';

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
  ])('%j valid=%s', (body, valid) => {
    expect(ExecRequest.safeParse(body).success).toBe(valid);
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
