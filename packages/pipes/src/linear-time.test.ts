// Patterns that take exponential time in a backtracking engine return promptly here: RE2 is linear.
import { describe, expect, it } from 'vitest';
import { applyStages } from './apply.js';
import { parseStage } from './stages.js';
import type { PipeStage } from './stages.js';

function stage(words: string[]): PipeStage {
  const parsed = parseStage(words);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

const A_LINE = `${'a'.repeat(50_000)}b\n`;
const WORDS_LINE = `${'x '.repeat(25_000)}\n`;

describe('catastrophic backtracking patterns on a 50 KB line', () => {
  it.each<[string, string[], string]>([
    ['(a+)+$', ['grep', '-E', '(a+)+$'], A_LINE],
    ['\\(a*\\)*c', ['grep', '\\(a*\\)*c'], A_LINE],
    ['(a|aa)+$ with -w', ['grep', '-wE', '(a|aa)+$'], A_LINE],
    ['^(\\S+\\s*)+!$', ['grep', '-E', '^(\\S+\\s*)+!$'], WORDS_LINE],
    ['(\\<x\\s*)+!$, with word assertions', ['grep', '-E', '(\\<x\\s*)+!$'], WORDS_LINE],
    ['(.*a){20}c, case-insensitive', ['grep', '-iE', '(.*a){20}c'], A_LINE],
  ])('%s selects nothing', (_name, words, text) => {
    const got = applyStages(text, [stage(words)]);
    expect(got).toMatchObject({ text: '', exitStatus: 1 });
  });

  it('still selects the line when the same shapes match', () => {
    expect(applyStages(A_LINE, [stage(['grep', '-cE', '(a+)+b$'])]).text).toBe('1\n');
    expect(
      applyStages(`${WORDS_LINE.trimEnd()}!\n`, [stage(['grep', '-cE', '^(\\S+\\s*)+!$'])]).text,
    ).toBe('1\n');
  });
});
