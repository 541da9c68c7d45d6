// The pipe engine: what each stage prints and returns, on small inputs whose GNU output is known.
import { describe, expect, it } from 'vitest';
import { applyStages, PipeStageError } from './apply.js';
import type { GrepStage, PipeStage } from './stages.js';
import { parseStage } from './stages.js';

function stage(words: string[]): PipeStage {
  const parsed = parseStage(words);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

/** stdout of `printf '%s' text | a | b …`. */
function run(text: string, ...stages: string[][]): string {
  return applyStages(text, stages.map(stage)).text;
}

const SEQ = 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\n';

describe('grep lines', () => {
  it('adds the newline a last unterminated line lacks, and reads no line from empty input', () => {
    expect(run('a\nb', ['grep', 'b'])).toBe('b\n');
    expect(run('', ['grep', '-v', 'x'])).toBe('');
    expect(run('\n', ['grep', '-c', ''])).toBe('1\n');
    expect(run('', ['grep', '-c', ''])).toBe('0\n');
  });

  it('keeps a carriage return as part of the line', () => {
    expect(run('foo\r\nbar\n', ['grep', 'foo$'])).toBe('');
    expect(run('foo\r\nbar\n', ['grep', '-c', 'foo.$'])).toBe('1\n');
    expect(run('foo\r\n', ['grep', 'foo'])).toBe('foo\r\n');
  });

  it('reports no selected line as status 1, and -c prints 0 then', () => {
    const none = applyStages('a\n', [stage(['grep', 'z'])]);
    expect(none).toMatchObject({ text: '', selected: false, statuses: [1], exitStatus: 1 });
    const zero = applyStages('a\n', [stage(['grep', '-c', 'z'])]);
    expect(zero).toMatchObject({ text: '0\n', selected: false, exitStatus: 1 });
  });

  it('inverts with -v, and counts the inverted selection with -c -v', () => {
    expect(run('a\nb\nab\n', ['grep', '-v', 'a'])).toBe('b\n');
    expect(run('a\nb\nab\n', ['grep', '-cv', 'a'])).toBe('1\n');
    expect(run('a\nb\n', ['grep', '-cv', ''])).toBe('0\n');
  });
});

describe('grep context', () => {
  it('separates groups that are not adjacent with --', () => {
    expect(run(SEQ, ['grep', '-A1', '-e', 'l2$', '-e', 'l6'])).toBe('l2\nl3\n--\nl6\nl7\n');
    expect(run(SEQ, ['grep', '-B1', '-e', 'l3', '-e', 'l4'])).toBe('l2\nl3\nl4\n');
  });

  it('merges overlapping context without repeating lines', () => {
    expect(run(SEQ, ['grep', '-C2', '-e', 'l3', '-e', 'l5'])).toBe('l1\nl2\nl3\nl4\nl5\nl6\nl7\n');
  });

  it('prints separators for -A 0, and none when no context was asked for', () => {
    expect(run(SEQ, ['grep', '-A0', '-e', 'l3', '-e', 'l5'])).toBe('l3\n--\nl5\n');
    expect(run(SEQ, ['grep', '-e', 'l3', '-e', 'l5'])).toBe('l3\nl5\n');
    expect(run(SEQ, ['grep', '-C0', '-e', 'l3', '-e', 'l4'])).toBe('l3\nl4\n');
  });

  it('numbers selected lines N: and context lines N-', () => {
    expect(run(SEQ, ['grep', '-n', '-C1', 'l5'])).toBe('4-l4\n5:l5\n6-l6\n');
    expect(run(SEQ, ['grep', '-n', '-A1', '-e', 'l1$', '-e', 'l9'])).toBe(
      '1:l1\n2-l2\n--\n9:l9\n10-l10\n',
    );
  });

  it('takes the matching lines as context under -v', () => {
    expect(run('a\nx\na\na\nx\n', ['grep', '-v', '-n', '-B1', 'a'])).toBe(
      '1-a\n2:x\n--\n4-a\n5:x\n',
    );
  });

  it('ignores context and -n under -c', () => {
    expect(run(SEQ, ['grep', '-c', '-n', '-C3', 'l1'])).toBe('2\n');
  });
});

describe('grep patterns', () => {
  it('reads + ? | { } ( ) as literals in a basic expression, and their escapes as operators', () => {
    expect(run('a+b\naab\n', ['grep', 'a+b'])).toBe('a+b\n');
    expect(run('a+b\naab\n', ['grep', 'a\\+b'])).toBe('aab\n');
    expect(run('a|b\nb\n', ['grep', 'a|b'])).toBe('a|b\n');
    expect(run('a|b\nb\n', ['grep', 'a\\|b'])).toBe('a|b\nb\n');
    expect(run('ab\nabab\n', ['grep', '^\\(ab\\)\\{2\\}$'])).toBe('abab\n');
    expect(run('ab\nabab\n', ['grep', '-E', '^(ab){2}$'])).toBe('abab\n');
    expect(run('x{1}\n', ['grep', '-E', 'x\\{1}'])).toBe('x{1}\n');
  });

  it('reads a leading * as a literal in a basic expression', () => {
    expect(run('*a\na\n', ['grep', '*a'])).toBe('*a\n');
    expect(run('x*a\nxa\n', ['grep', 'x\\(*a\\)'])).toBe('x*a\n');
  });

  it('anchors ^ and $ only at the edges of a basic expression', () => {
    expect(run('a^b\nab\n', ['grep', 'a^b'])).toBe('a^b\n');
    expect(run('a$b\nab\n', ['grep', 'a$b'])).toBe('a$b\n');
    expect(run('a^b\nab\n', ['grep', '-E', 'a^b'])).toBe('');
  });

  it('ORs every -e pattern and every line of one', () => {
    expect(run('a\nb\nc\n', ['grep', '-e', 'a', '-e', 'c'])).toBe('a\nc\n');
    expect(run('a\nb\nc\n', ['grep', '-e', 'a\nc'])).toBe('a\nc\n');
    expect(run('a\nb\n', ['grep', '-e', 'a\n'])).toBe('a\nb\n');
  });

  it('matches -F patterns as text', () => {
    expect(run('a.b\naxb\n', ['grep', '-F', 'a.b'])).toBe('a.b\n');
    expect(run('[x]\n', ['grep', '-F', '[x]'])).toBe('[x]\n');
    expect(run('A.B\n', ['grep', '-Fi', 'a.b'])).toBe('A.B\n');
  });

  it('matches \\w, \\s and classes with Unicode letters, as in C.UTF-8', () => {
    expect(run('é\n1\n_\n-\n', ['grep', '-c', '^\\w$'])).toBe('3\n');
    expect(run('Ж\nж\n1\n', ['grep', '^[[:upper:]]$'])).toBe('Ж\n');
    expect(run('\u00a0\n\u2003\n', ['grep', '-c', '[[:space:]]'])).toBe('1\n');
    expect(run('٣\n3\n', ['grep', '-c', '[[:digit:]]'])).toBe('1\n');
    expect(run('٣\n3\n', ['grep', '-c', '[[:alnum:]]'])).toBe('2\n');
  });

  it('notes a stray backslash the way GNU grep 3.8 does, matching the character itself', () => {
    const got = applyStages('d1\n', [stage(['grep', '\\d'])]);
    expect(got.text).toBe('d1\n');
    expect(got.warnings).toEqual(['grep: stray \\ before d']);
  });
});

describe('grep -w and word assertions', () => {
  it('retries later matches on the line', () => {
    expect(run('foobar foo\n', ['grep', '-w', 'foo'])).toBe('foobar foo\n');
    expect(run('foobar\nx_foo\n', ['grep', '-w', 'foo'])).toBe('');
  });

  it('retries shorter matches at the same place', () => {
    expect(run('ab-c\n', ['grep', '-wE', 'ab|ab-c'])).toBe('ab-c\n');
    expect(run('ab-cd\n', ['grep', '-wE', 'ab-c|ab'])).toBe('ab-cd\n');
  });

  it('counts letters of every script, digits and _ as word characters', () => {
    expect(run('café\n', ['grep', '-w', 'caf'])).toBe('');
    expect(run('日本語 テスト\n日本語テスト\n', ['grep', '-w', 'テスト'])).toBe('日本語 テスト\n');
    expect(run('pod-1 x\npod-12\n', ['grep', '-w', 'pod-1'])).toBe('pod-1 x\n');
  });

  it('reads \\< \\> \\b \\B with Unicode word characters', () => {
    expect(run('éclair\nxéclair\n', ['grep', '\\<éclair'])).toBe('éclair\n');
    expect(run('naïve\nnaïveté\n', ['grep', 'naïve\\>'])).toBe('naïve\n');
    expect(run('a-b\nab\n', ['grep', 'a\\bb'])).toBe('');
    expect(run('a-b\nab\n', ['grep', 'a\\B.'])).toBe('ab\n');
    expect(run('x\n\n', ['grep', '-c', '\\B'])).toBe('1\n');
  });

  it('still finds word boundaries when the input holds the code points it would mark with', () => {
    const text = 'a\ufdd0\ufdd1b word\n\ufdd5x\n';
    expect(run(text, ['grep', '-c', '\\bword\\b'])).toBe('1\n');
    expect(run(text, ['grep', '\\<x'])).toBe('\ufdd5x\n');
  });

  it('warns where -w may differ from GNU: a pattern matching both empty and non-empty text', () => {
    const got = applyStages('a\n', [stage(['grep', '-w', 'x*'])]);
    expect(got.warnings).toEqual([
      'grep: -w with a pattern that matches both empty and non-empty text may select lines GNU grep does not',
    ]);
    expect(applyStages('a\n', [stage(['grep', '-w', ''])]).warnings).toEqual([]);
  });
});

describe('grep -i', () => {
  it('folds case the way GNU grep does in C.UTF-8, not as RE2 would', () => {
    expect(run('ÉCHEC\n', ['grep', '-i', 'échec'])).toBe('ÉCHEC\n');
    expect(run('ı\n', ['grep', '-i', 'i'])).toBe('ı\n');
    expect(run('ſ\n', ['grep', '-i', 's'])).toBe('ſ\n');
    expect(run('\u212a\n', ['grep', '-i', 'k'])).toBe('');
    expect(run('ẞ\n', ['grep', '-i', 'ß'])).toBe('');
  });

  it('upper-cases a bracket with ranges or classes as written', () => {
    expect(run('B\nb\n_\n', ['grep', '-ci', '[a-z]'])).toBe('2\n');
    expect(run('_\n', ['grep', '-i', '[0-z]'])).toBe('');
    expect(run('ª\nb\n', ['grep', '-ci', '[[:upper:]]'])).toBe('2\n');
    expect(run('a\nA\nb\n', ['grep', '-i', '[^a]'])).toBe('b\n');
  });
});

describe('binary input', () => {
  it('prints no line for input holding NUL, but says a line matched', () => {
    const got = applyStages('a\0b\nab\nc\n', [stage(['grep', 'c'])]);
    expect(got).toMatchObject({ text: '', exitStatus: 0 });
    expect(got.warnings).toEqual(['grep: (standard input): binary file matches']);
    expect(applyStages('a\0\n', [stage(['grep', 'z'])])).toMatchObject({
      text: '',
      exitStatus: 1,
      warnings: [],
    });
    expect(run('a\0b\nab\nc\n', ['grep', '-c', 'a'])).toBe('2\n');
  });
});

describe('head, tail, wc', () => {
  it('keeps bytes as they are, adding no newline', () => {
    expect(run('a\nb', ['head', '-n', '5'])).toBe('a\nb');
    expect(run('a\nb', ['tail', '-n', '1'])).toBe('b');
    expect(run('a\nb\n', ['head', '-n', '1'])).toBe('a\n');
    expect(run('a\nb\nc\n', ['tail', '-n', '2'])).toBe('b\nc\n');
  });

  it('handles counts of zero and above the line count', () => {
    expect(run('a\nb\n', ['head', '-n', '0'])).toBe('');
    expect(run('a\nb\n', ['tail', '-n', '0'])).toBe('');
    expect(run('a\nb\n', ['tail', '-n', '9'])).toBe('a\nb\n');
    expect(run('', ['head'])).toBe('');
    expect(run('', ['tail'])).toBe('');
  });

  it('starts tail -n +N at line N', () => {
    expect(run('a\nb\nc\n', ['tail', '-n', '+2'])).toBe('b\nc\n');
    expect(run('a\nb\nc\n', ['tail', '-n', '+1'])).toBe('a\nb\nc\n');
    expect(run('a\nb\nc\n', ['tail', '-n', '+4'])).toBe('');
    expect(run('a\nb\nc', ['tail', '-n', '+3'])).toBe('c');
  });

  it('counts newlines for wc -l', () => {
    expect(run('a\nb\n', ['wc', '-l'])).toBe('2\n');
    expect(run('a\nb', ['wc', '-l'])).toBe('1\n');
    expect(run('', ['wc', '-l'])).toBe('0\n');
  });
});

describe('applyStages', () => {
  it('feeds each stage the previous one’s output and reports every status', () => {
    const got = applyStages(SEQ, [
      stage(['grep', 'l1']),
      stage(['head', '-n', '1']),
      stage(['wc', '-l']),
    ]);
    expect(got).toEqual({
      text: '1\n',
      selected: true,
      statuses: [0, 0, 0],
      exitStatus: 0,
      warnings: [],
    });
  });

  it('says when a grep in the middle selected nothing, as pipefail would', () => {
    const got = applyStages(SEQ, [stage(['grep', 'zzz']), stage(['wc', '-l'])]);
    expect(got).toMatchObject({ text: '0\n', selected: false, statuses: [1, 0], exitStatus: 0 });
  });

  it('returns the input unchanged for no stages', () => {
    expect(applyStages('x', [])).toMatchObject({
      text: 'x',
      selected: true,
      statuses: [],
      exitStatus: 0,
    });
  });

  it('refuses more than four stages and stages the grammar would refuse', () => {
    const head = stage(['head']);
    expect(() => applyStages('', [head, head, head, head, head])).toThrow(PipeStageError);
    expect(() => applyStages('', [{ tool: 'head', lines: 2.5 }])).toThrow(
      'head: -n needs a whole number',
    );
    const grep = stage(['grep', 'x']) as GrepStage;
    expect(() => applyStages('', [{ ...grep, fixed: true, extended: true }])).toThrow(
      'cannot be combined',
    );
    expect(() => applyStages('', [{ ...grep, patterns: ['\\1'] }])).toThrow('back-references');
  });
});
