// Exit codes: every API error code maps to a documented code.
import { ErrorCode } from '@porthole/protocol';
import { describe, expect, it } from 'vitest';
import { EXIT, exitCodesHelp, exitForErrorCode, exitForResult } from './exit-codes.js';

describe('exit codes', () => {
  it.each([
    ['invalid_request', 2],
    ['payload_too_large', 2],
    ['unauthenticated', 3],
    ['forbidden', 3],
    ['command_denied', 4],
    ['agent_unavailable', 5],
    ['store_unavailable', 5],
    ['queue_full', 5],
    ['rate_limited', 5],
    ['timeout', 5],
    ['cluster_not_found', 6],
    ['command_not_found', 6],
    ['internal', 7],
    ['a_code_from_a_newer_api', 7],
  ])('%s exits %i', (code, exit) => {
    expect(exitForErrorCode(code)).toBe(exit);
  });

  it('maps every error code of the contract to a documented exit code', () => {
    const documented = new Set<number>(Object.values(EXIT).map((e) => e.code));
    for (const code of Object.values(ErrorCode)) {
      const exit = exitForErrorCode(code);
      expect(documented.has(exit), code).toBe(true);
      expect(exit, code).not.toBe(EXIT.ok.code);
    }
  });

  it('gives each meaning its own code, and --help lists them all', () => {
    const codes = Object.values(EXIT).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    const help = exitCodesHelp();
    for (const { code, meaning } of Object.values(EXIT))
      expect(help).toContain(`${code}  ${meaning}`);
  });

  it("folds kubectl's non-zero codes into 1, so they never read as porthole's own", () => {
    expect(exitForResult(0)).toBe(0);
    expect(exitForResult(1)).toBe(1);
    expect(exitForResult(2)).toBe(1);
    expect(exitForResult(255)).toBe(1);
  });
});
