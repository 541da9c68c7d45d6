// The output budget.
import { describe, expect, it } from 'vitest';
import { MAX_ERROR_BYTES, capError, capOutput } from './cap.js';

describe('capOutput', () => {
  it('leaves output within the budget alone', () => {
    expect(capOutput('abc', 10, 'hint')).toEqual({ text: 'abc', truncated: false, bytes: 3 });
  });

  it('keeps head and tail, says what was cut, and stays within the budget', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n');
    const capped = capOutput(lines, 2048, 'narrow it');
    expect(capped.truncated).toBe(true);
    expect(capped.bytes).toBe(Buffer.byteLength(lines));
    expect(Buffer.byteLength(capped.text)).toBeLessThanOrEqual(2048);
    expect(capped.text.startsWith('line 0\n')).toBe(true);
    expect(capped.text.endsWith('line 1999')).toBe(true);
    expect(capped.text).toContain('narrow it');
  });

  it('never splits a UTF-8 character', () => {
    for (let max = 200; max < 260; max++) {
      const capped = capOutput('€'.repeat(400), max, 'h');
      expect(capped.text).not.toContain('\ufffd');
      expect(Buffer.byteLength(capped.text)).toBeLessThanOrEqual(max);
    }
  });
});

describe('capError', () => {
  it('leaves an error within the budget alone', () => {
    expect(capError('error: x')).toBe('error: x');
    const exact = 'e'.repeat(MAX_ERROR_BYTES);
    expect(capError(exact)).toBe(exact);
  });

  it('keeps the head, says it was cut and how long it was, and stays within the budget', () => {
    const text = `error: boom\n${'x'.repeat(200_000)}`;
    const capped = capError(text);
    expect(capped.startsWith('error: boom\nxxx')).toBe(true);
    expect(capped).toMatch(/\n… \(truncated: 200012 bytes of error text\)$/);
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(MAX_ERROR_BYTES);
  });

  it('never splits a UTF-8 character', () => {
    for (let max = 100; max < 140; max++) {
      const capped = capError('é€😀'.repeat(100), max);
      expect(capped).not.toContain('\ufffd');
      expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(max);
    }
  });
});
