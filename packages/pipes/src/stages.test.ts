// The engine's reading of the stage grammar: grep patterns it cannot run are refused with GNU's words, and every stage it runs round-trips.
// (The grammar itself, flags, counts and limits, is the policy's and is tested there.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GrepStage, PipeStage } from './stages.js';
import { canonicalStage, checkPatterns, parseStage, PIPE_LIMITS } from './stages.js';

describe('parseStage: grep patterns', () => {
  it.each<[string[], string]>([
    [['grep', '\\1'], 'back-references (\\1) are not supported'],
    [['grep', '-E', '(a)\\2'], 'back-references (\\2) are not supported'],
    [['grep', '-E', '(a'], 'Unmatched ( or \\('],
    [['grep', 'a\\)'], 'Unmatched ) or \\)'],
    [['grep', '[a'], 'Unmatched [, [^, [:, [., or [='],
    [['grep', '[[:alfa:]]'], 'Invalid character class name'],
    [['grep', '[:space:]'], 'character class syntax is [[:space:]], not [:space:]'],
    [['grep', 'a\\{1'], 'Unmatched \\{'],
    [['grep', '-E', 'a{2,1}'], 'Invalid content of \\{\\}'],
    [['grep', '-E', 'a{256}'], 'repetition count above 255 is not supported'],
    [['grep', 'a\\{1,256\\}'], 'repetition count above 255 is not supported'],
    [['grep', '-E', 'a{40000}'], 'Regular expression too big'],
    [['grep', '-E', '(a{16}){16}'], 'nested repetition counts multiply past 255'],
    [['grep', '-E', '((a{5}b)+){60}'], 'nested repetition counts multiply past 255'],
    [['grep', 'x\\'], 'Trailing backslash'],
    [['grep', '-E', '*a'], "'*' with nothing before it to repeat is not supported"],
    [['grep', '-E', 'a|+b'], "'+' with nothing before it to repeat is not supported"],
    [['grep', '-E', '{"level"'], "'{' at the start of an expression is read inconsistently"],
    [['grep', '-wE', 'a)'], "an unmatched ')' with -w is read inconsistently"],
    [['grep', '[é-ú]'], 'Invalid collation character'],
  ])('refuses %j', (words, message) => {
    const got = parseStage(words);
    expect(got).toHaveProperty('error');
    expect((got as { error: string }).error).toContain(message);
    expect(got).toHaveProperty('kind', 'invalid');
  });

  it('is the grammar plus checkPatterns', () => {
    expect(parseStage(['grep', '-i', 'crash'])).toMatchObject({ patterns: ['crash'] });
    const stage = parseStage(['grep', 'ok']) as GrepStage;
    expect(checkPatterns(stage)).toBeNull();
    expect(checkPatterns({ ...stage, patterns: ['[a'] })).toBe('Unmatched [, [^, [:, [., or [=');
  });

  it('never repeats a pattern or an odd flag back in its message', () => {
    const secret = 'hunter2-Secret';
    for (const words of [
      ['grep', '-E', `(${secret}`],
      ['grep', `${secret}\\1`],
      ['grep', `--${secret}=x`, 'y'],
      ['grep', `-${'\u0007'}`, 'y'],
      [`${secret} ;`, 'x'],
    ]) {
      const got = parseStage(words);
      expect(JSON.stringify(got)).not.toContain(secret);
      expect(JSON.stringify(got)).not.toContain('\u0007');
    }
  });
});

describe('canonicalStage', () => {
  /** Patterns valid in BRE and ERE alike, with and without -i. */
  const regexPattern = fc
    .array(
      fc.constantFrom(
        'a',
        'b',
        'é',
        'Ж',
        ' ',
        '-',
        '_',
        '.',
        'x*',
        '[a-c]',
        '[^0-9]',
        '\\w',
        '\\<',
        'z\\>',
        '$',
      ),
      {
        maxLength: 8,
      },
    )
    .map((parts) => parts.join(''));
  const count = fc.integer({ min: 0, max: PIPE_LIMITS.count });
  const grepStage: fc.Arbitrary<GrepStage> = fc
    .record({
      matcher: fc.constantFrom('G', 'E', 'F'),
      ignoreCase: fc.boolean(),
      invert: fc.boolean(),
      word: fc.boolean(),
      count: fc.boolean(),
      lineNumbers: fc.boolean(),
      before: fc.option(count),
      after: fc.option(count),
      regexes: fc.array(regexPattern, { minLength: 1, maxLength: 4 }),
      fixedStrings: fc.array(
        fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !/[\n\0]/.test(s)),
        {
          minLength: 1,
          maxLength: 4,
        },
      ),
    })
    .map(({ matcher, regexes, fixedStrings, ...flags }) => ({
      tool: 'grep',
      patterns: matcher === 'F' ? fixedStrings : regexes,
      fixed: matcher === 'F',
      extended: matcher === 'E',
      ...flags,
    }));
  const stage: fc.Arbitrary<PipeStage> = fc.oneof(
    grepStage,
    count.map((lines) => ({ tool: 'head', lines }) as const),
    count.map((lines) => ({ tool: 'tail', lines }) as const),
    fc
      .integer({ min: 1, max: PIPE_LIMITS.count })
      .map((fromLine) => ({ tool: 'tail', fromLine }) as const),
    fc.constant({ tool: 'wc', lines: true } as const),
  );

  it('parses back to the same stage', () => {
    fc.assert(
      fc.property(stage, (s) => {
        expect(parseStage(canonicalStage(s))).toEqual(s);
      }),
      { numRuns: 300 },
    );
  });
});
