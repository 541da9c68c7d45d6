// The stage grammar: what each spelling parses to, what is refused, why and of which kind, and canonical argv round trips.
// (The engine's check of pattern syntax is tested with the engine, in @porthole/pipes.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GrepStage, PipeStage, StageErrorKind } from './pipes.js';
import { canonicalStage, parseStage, PIPE_LIMITS } from './pipes.js';

const grep = (over: Partial<GrepStage>): GrepStage => ({
  tool: 'grep',
  patterns: [],
  fixed: false,
  extended: false,
  ignoreCase: false,
  invert: false,
  word: false,
  count: false,
  lineNumbers: false,
  before: null,
  after: null,
  ...over,
});

describe('parseStage: grep', () => {
  it.each<[string[], GrepStage]>([
    [['grep', 'crash'], grep({ patterns: ['crash'] })],
    [['grep', '-i', 'crash'], grep({ patterns: ['crash'], ignoreCase: true })],
    [['grep', '-iv', 'crash'], grep({ patterns: ['crash'], ignoreCase: true, invert: true })],
    [
      ['grep', '-ivwcn', 'x'],
      grep({
        patterns: ['x'],
        ignoreCase: true,
        invert: true,
        word: true,
        count: true,
        lineNumbers: true,
      }),
    ],
    [['grep', 'crash', '-i'], grep({ patterns: ['crash'], ignoreCase: true })],
    [['grep', '-E', 'a|b'], grep({ patterns: ['a|b'], extended: true })],
    [['grep', '-F', 'a.b'], grep({ patterns: ['a.b'], fixed: true })],
    [['grep', '-G', '-G', 'a'], grep({ patterns: ['a'] })],
    [['grep', '-A3', 'x'], grep({ patterns: ['x'], after: 3 })],
    [['grep', '-A', '3', 'x'], grep({ patterns: ['x'], after: 3 })],
    [['grep', '-iA3', 'x'], grep({ patterns: ['x'], after: 3, ignoreCase: true })],
    [['grep', '-B', '0', 'x'], grep({ patterns: ['x'], before: 0 })],
    [['grep', '-C', '2', 'x'], grep({ patterns: ['x'], before: 2, after: 2 })],
    [['grep', '-2', 'x'], grep({ patterns: ['x'], before: 2, after: 2 })],
    // -A and -B win over -C whatever the order, as in GNU.
    [['grep', '-A', '1', '-C', '4', 'x'], grep({ patterns: ['x'], before: 4, after: 1 })],
    [['grep', '-A', '1', '-A', '5', 'x'], grep({ patterns: ['x'], after: 5 })],
    [['grep', '-e', 'a', '-e', 'b'], grep({ patterns: ['a', 'b'] })],
    [['grep', '-ea', '-e-b'], grep({ patterns: ['a', '-b'] })],
    [['grep', '-e', ''], grep({ patterns: [''] })],
    [['grep', '-e', 'a\nb'], grep({ patterns: ['a', 'b'] })],
    [['grep', '--', '-v'], grep({ patterns: ['-v'] })],
    [['grep', '-i', '--', '-x'], grep({ patterns: ['-x'], ignoreCase: true })],
    [
      ['grep', '--ignore-case', '--invert-match', '--word-regexp', '--count', '--line-number', 'x'],
      grep({
        patterns: ['x'],
        ignoreCase: true,
        invert: true,
        word: true,
        count: true,
        lineNumbers: true,
      }),
    ],
    [
      ['grep', '--extended-regexp', '--regexp=a+', '--regexp', 'b'],
      grep({ patterns: ['a+', 'b'], extended: true }),
    ],
    [['grep', '--fixed-strings', 'x'], grep({ patterns: ['x'], fixed: true })],
    [
      ['grep', '--after-context=1', '--before-context', '2', '--context=9', 'x'],
      grep({ patterns: ['x'], after: 1, before: 2 }),
    ],
  ])('%j', (words, want) => {
    expect(parseStage(words)).toEqual(want);
  });

  it.each<[string[], string, StageErrorKind]>([
    [['grep'], 'a pattern is required', 'invalid'],
    [['grep', '-i'], 'a pattern is required', 'invalid'],
    [['grep', 'a', 'file.txt'], 'file operands are not allowed', 'file'],
    [['grep', '-e', 'a', 'file.txt'], 'file operands are not allowed', 'file'],
    [['grep', '-f', 'patterns.txt'], '-f is not supported', 'file'],
    [['grep', '-r', 'x'], '-r is not supported', 'file'],
    [['grep', '-R', 'x'], '-R is not supported', 'file'],
    [['grep', '--recursive', 'x'], '--recursive is not supported', 'file'],
    [['grep', '--file=p', 'x'], '--file is not supported', 'file'],
    [['grep', '--include=a', 'x'], '--include is not supported', 'file'],
    [['grep', '-o', 'x'], '-o is not supported', 'flag'],
    [['grep', '-ix', 'x'], '-x is not supported', 'flag'],
    [['grep', '-P', 'x'], '-P is not supported', 'flag'],
    [['grep', '--only-matching', 'x'], '--only-matching is not supported', 'flag'],
    [['grep', '--ignore', 'x'], '--ignore is not supported', 'flag'],
    [['grep', '--color=always', 'x'], '--color is not supported', 'flag'],
    [['grep', '--count=3', 'x'], '--count takes no value', 'invalid'],
    [['grep', '--constructor', 'x'], '--constructor is not supported', 'flag'],
    [['grep', '--__proto__', 'x'], 'a flag is not supported', 'flag'],
    [['grep', '-E', '-F', 'x'], '-E and -F cannot be combined', 'invalid'],
    [['grep', '-G', '-E', 'x'], '-G and -E cannot be combined', 'invalid'],
    [['grep', '-A'], '-A needs a number', 'invalid'],
    [['grep', '-A', 'x', 'y'], '-A needs a whole number from 0 to 100,000', 'invalid'],
    [['grep', '-A', '-1', 'y'], '-A needs a whole number', 'invalid'],
    [['grep', '-A', '100001', 'y'], '-A needs a whole number from 0 to 100,000', 'invalid'],
    [['grep', '-C', '1e3', 'y'], '-C needs a whole number', 'invalid'],
    [['grep', '-i2', 'y'], 'write -NUM context as its own word', 'invalid'],
    [['grep', '-e'], '-e needs a pattern', 'invalid'],
    [
      ['grep', '-e', 'x'.repeat(PIPE_LIMITS.patternLength + 1)],
      'at most 1024 characters',
      'invalid',
    ],
    [
      ['grep', ...Array.from({ length: 17 }, (_, i) => ['-e', `p${i}`]).flat()],
      'at most 16 patterns',
      'invalid',
    ],
    [
      ['grep', ...Array.from({ length: 5 }, () => ['-e', 'x'.repeat(1000)]).flat()],
      'patterns may total',
      'invalid',
    ],
    [['grep', '-e', 'a\u0000b'], 'a pattern holds a NUL character', 'invalid'],
  ])('refuses %j', (words, message, kind) => {
    const got = parseStage(words);
    expect(got).toHaveProperty('error');
    expect((got as { error: string }).error).toContain(message);
    expect(got).toHaveProperty('kind', kind);
  });

  it('leaves pattern syntax to the engine, which may pass its own check', () => {
    expect(parseStage(['grep', '[a'])).toMatchObject({ tool: 'grep', patterns: ['[a'] });
    expect(parseStage(['grep', '-E', '(a)\\2'])).toMatchObject({ patterns: ['(a)\\2'] });
    const checkPatterns = (stage: GrepStage): string | null =>
      stage.patterns.some((p) => p.includes('[')) ? 'Unmatched [, [^, [:, [., or [=' : null;
    expect(parseStage(['grep', '-i', '[a'], { checkPatterns })).toEqual({
      error: 'grep: Unmatched [, [^, [:, [., or [=',
      kind: 'invalid',
    });
    expect(parseStage(['grep', 'a'], { checkPatterns })).toMatchObject({ patterns: ['a'] });
  });

  it('never repeats a pattern or an odd flag back in its message', () => {
    const secret = 'hunter2-Secret';
    for (const words of [
      ['grep', 'x', `${secret}.txt`],
      ['grep', '-A', secret, 'x'],
      ['head', '-n', secret],
      ['tail', `/var/${secret}`],
      ['grep', `--${secret}=x`, 'y'],
      ['grep', `-${'\u0007'}`, 'y'],
      [`${secret} ;`, 'x'],
    ]) {
      const got = parseStage(words);
      expect(got).toHaveProperty('error');
      expect(JSON.stringify(got)).not.toContain(secret);
      expect(JSON.stringify(got)).not.toContain('\u0007');
    }
  });
});

describe('parseStage: head, tail, wc', () => {
  it.each<[string[], PipeStage]>([
    [['head'], { tool: 'head', lines: 10 }],
    [['head', '-n', '5'], { tool: 'head', lines: 5 }],
    [['head', '-n5'], { tool: 'head', lines: 5 }],
    [['head', '-5'], { tool: 'head', lines: 5 }],
    [['head', '--lines=0'], { tool: 'head', lines: 0 }],
    [['head', '--lines', '7', '-n', '2'], { tool: 'head', lines: 2 }],
    [['tail'], { tool: 'tail', lines: 10 }],
    [['tail', '-n', '3'], { tool: 'tail', lines: 3 }],
    [['tail', '-3'], { tool: 'tail', lines: 3 }],
    [['tail', '-n', '-3'], { tool: 'tail', lines: 3 }],
    [['tail', '-n', '+3'], { tool: 'tail', fromLine: 3 }],
    [['tail', '-n+3'], { tool: 'tail', fromLine: 3 }],
    [['tail', '--lines=+1'], { tool: 'tail', fromLine: 1 }],
    [['tail', '-n', '+0'], { tool: 'tail', fromLine: 1 }],
    [['wc', '-l'], { tool: 'wc', lines: true }],
    [['wc', '--lines'], { tool: 'wc', lines: true }],
    [['wc', '-l', '-ll'], { tool: 'wc', lines: true }],
  ])('%j', (words, want) => {
    expect(parseStage(words)).toEqual(want);
  });

  it.each<[string[], string, StageErrorKind]>([
    [['head', '-n'], 'head: -n needs a number', 'invalid'],
    [['head', '-n', '-2'], 'with a sign is not supported', 'invalid'],
    [['head', '-n', '+2'], 'with a sign is not supported', 'invalid'],
    [['head', '-n', '1K'], 'head: -n needs a whole number from 0 to 100,000', 'invalid'],
    [['head', '-c', '5'], 'head: -c is not supported', 'flag'],
    [['head', 'file'], 'file operands are not allowed', 'file'],
    [['tail', '-f'], 'tail: -f is not supported', 'flag'],
    [['tail', '+5'], 'tail: reads the piped input only; write the count as -n N', 'invalid'],
    [['tail', '5'], 'write the count as -n N', 'invalid'],
    [['tail', '/var/log/syslog'], 'file operands are not allowed', 'file'],
    [['tail', '-n', '200000'], 'from 0 to 100,000', 'invalid'],
    [['wc'], 'only wc -l is supported', 'flag'],
    [['wc', '-w'], 'wc: -w is not supported', 'flag'],
    [['wc', '-l', 'file'], 'file operands are not allowed', 'file'],
    [['sort'], "'sort' is not an allowed pipe command (allowed: grep, head, tail, wc)", 'tool'],
    [['sh', '-c', 'x'], "'sh' is not an allowed pipe command", 'tool'],
    [['egrep', 'x'], "'egrep' is not an allowed pipe command", 'tool'],
    [['/bin/sh'], 'that command is not an allowed pipe command', 'tool'],
    [[], 'that command is not an allowed pipe command', 'tool'],
  ])('refuses %j', (words, message, kind) => {
    const got = parseStage(words);
    expect((got as { error: string }).error).toContain(message);
    expect(got).toHaveProperty('kind', kind);
  });
});

describe('canonicalStage', () => {
  it('prints flags in a fixed order and several patterns each behind -e', () => {
    expect(
      canonicalStage(parseStage(['grep', '-nC1', '-vi', '-e', '-x', '-e', 'y']) as PipeStage),
    ).toEqual(['grep', '-i', '-v', '-n', '-B', '1', '-A', '1', '-e', '-x', '-e', 'y']);
    expect(canonicalStage({ tool: 'tail', fromLine: 4 })).toEqual(['tail', '-n', '+4']);
    expect(canonicalStage({ tool: 'head', lines: 10 })).toEqual(['head', '-n', '10']);
    expect(canonicalStage({ tool: 'wc', lines: true })).toEqual(['wc', '-l']);
  });

  it('writes one pattern as the operand, unless it is empty or looks like a flag', () => {
    expect(canonicalStage(parseStage(['grep', '-ie', 'crash']) as PipeStage)).toEqual([
      'grep',
      '-i',
      'crash',
    ]);
    expect(canonicalStage(parseStage(['grep', '--', '-v']) as PipeStage)).toEqual([
      'grep',
      '-e',
      '-v',
    ]);
    expect(canonicalStage(parseStage(['grep', '']) as PipeStage)).toEqual(['grep', '-e', '']);
    expect(canonicalStage(parseStage(['grep', '-E', 'a|b']) as PipeStage)).toEqual([
      'grep',
      '-E',
      'a|b',
    ]);
  });

  it('never writes a lone | (in an argv it separates stages): a | pattern is --regexp=|', () => {
    const stage = parseStage(['grep', '-e', '|', '-e', 'a|b']) as PipeStage;
    expect(canonicalStage(stage)).toEqual(['grep', '--regexp=|', '-e', 'a|b']);
    expect(parseStage(canonicalStage(stage))).toEqual(stage);
  });

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

  it('is a fixed point of parse for any argv the grammar accepts', () => {
    const word = fc.oneof(
      fc.constantFrom(
        '-i',
        '-v',
        '-w',
        '-c',
        '-n',
        '-E',
        '-F',
        '-G',
        '-e',
        '-A',
        '-B',
        '-C',
        '-iv',
        '-A2',
        '-3',
        '--',
        '--count',
        '--regexp=x',
        '-n',
        '+2',
        '-2',
        '0',
        '7',
        'x',
        'a|b',
        '\\(a\\)',
        '-l',
        '-o',
        '|',
      ),
      fc.string({ maxLength: 6 }),
    );
    const argv = fc.tuple(
      fc.constantFrom('grep', 'head', 'tail', 'wc'),
      fc.array(word, { maxLength: 6 }),
    );
    fc.assert(
      fc.property(argv, ([tool, rest]) => {
        const parsed = parseStage([tool, ...rest]);
        if ('error' in parsed) return;
        const words = canonicalStage(parsed);
        expect(words).not.toContain('|');
        expect(parseStage(words)).toEqual(parsed);
      }),
      { numRuns: 2000 },
    );
  });
});
