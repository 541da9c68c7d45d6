// The output budget.
import { describe, expect, it } from 'vitest';
import { capOutput } from './cap.js';

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
