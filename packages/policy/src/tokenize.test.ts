// Shell-style splitting without shell features: what becomes argv and what is refused.
import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.js';

const split: [string, string[]][] = [
  ['get pods', ['get', 'pods']],
  ['', []],
  ['   ', []],
  ['\t get \t pods \t', ['get', 'pods']],
  ["'a b' c", ['a b', 'c']],
  ['"a b" c', ['a b', 'c']],
  ["''", ['']],
  ['""', ['']],
  ["a'' b", ['a', 'b']],
  ['x\'y\'"z"', ['xyz']],
  ['\'a "b" c\'', ['a "b" c']],
  ['"a \'b\' c"', ["a 'b' c"]],
  ['"a \\"b\\" c"', ['a "b" c']],
  ['"a\\\\b"', ['a\\b']],
  ['"a\\nb"', ['a\\nb']],
  ["'a\\b'", ['a\\b']],
  ['a\\ b', ['a b']],
  ['a\\\\b', ['a\\b']],
  ['\\|', ['|']],
  ['\\~x', ['~x']],
  ["'a|b;c&d<e>f(g)h*i?j[k]l{m}n~o#p'", ['a|b;c&d<e>f(g)h*i?j[k]l{m}n~o#p']],
  ['"x|y"', ['x|y']],
  ['a~b', ['a~b']],
  ['a#b', ['a#b']],
  ['!app', ['!app']],
  ['-l=app=x', ['-l=app=x']],
  ['-o "jsonpath={.x}"', ['-o', 'jsonpath={.x}']],
  ['é', ['é']],
];

const refused: [string, RegExp][] = [
  ['a || b', /"\|\|" at position 3 is not allowed: no command lists/],
  ['a|||b', /"\|\|" at position 2/],
  ['a |& b', /"&" at position 4/],
  ['a | b > c', /">" at position 7/],
  ['a | b; c', /";" at position 6/],
  ['a | $(b)', /"\$" at position 5/],
  ['a | `b`', /"`" at position 5/],
  ['a | b*', /"\*" at position 6/],
  ['a;b', /";" at position 2/],
  ['a && b', /"&" at position 3/],
  ['a > b', /">"/],
  ['a < b', /"<"/],
  ['(a)', /"\(" at position 1/],
  ['a)', /"\)"/],
  ['a*', /"\*" at position 2 is not allowed unquoted/],
  ['a?', /"\?"/],
  ['[a]', /"\["/],
  ['a]', /"\]"/],
  ['{a,b}', /"\{"/],
  ['a}', /"\}"/],
  ['~/x', /"~" at position 1 is not allowed at the start of a word/],
  ['a #x', /"#" at position 3/],
  ['$HOME', /"\$" at position 1 is not allowed: no variable or command substitution/],
  ["'$HOME'", /"\$" at position 2/],
  ['"$HOME"', /"\$"/],
  ['\\$HOME', /"\$" at position 2/],
  ['`id`', /"`" at position 1/],
  ["'`id`'", /"`"/],
  ['"a\\`"', /"`"/],
  ['a\nb', /control character U\+000A at position 2/],
  ['a\rb', /U\+000D/],
  ['a\u0000', /U\+0000 at position 2/],
  ["'a\tb'", /U\+0009 at position 3/],
  ['"a\tb"', /U\+0009/],
  ['a\\\tb', /U\+0009 at position 3/],
  ['a\u001b[0m', /U\+001B/],
  ['a\u007f', /U\+007F/],
  ['a\u009b', /U\+009B/],
  ["'abc", /unterminated single quote starting at position 1/],
  ['x "abc', /unterminated double quote starting at position 3/],
  ['"a\\"', /unterminated double quote/],
  ['abc\\', /backslash at position 4 escapes nothing/],
  ['a'.repeat(4097), /4097 characters long; the limit is 4096/],
  ['a '.repeat(65), /more than 64 arguments/],
];

const piped: [string, string[], number[]][] = [
  ['a | b', ['a', '|', 'b'], [1]],
  ['a|b', ['a', '|', 'b'], [1]],
  [
    'get pods -A | grep -i crash | head -n 5',
    ['get', 'pods', '-A', '|', 'grep', '-i', 'crash', '|', 'head', '-n', '5'],
    [3, 7],
  ],
  ['| a', ['|', 'a'], [0]],
  ['a |', ['a', '|'], [1]],
  ['a | | b', ['a', '|', '|', 'b'], [1, 2]],
  ["a | grep '|'", ['a', '|', 'grep', '|'], [1]],
  ['a | grep "x|y" \\| z', ['a', '|', 'grep', 'x|y', '|', 'z'], [1]],
  ["a | grep 'a b'|wc -l", ['a', '|', 'grep', 'a b', '|', 'wc', '-l'], [1, 4]],
];

describe('tokenize', () => {
  it.each(piped)('%j separates pipe stages', (input, argv, pipes) => {
    expect(tokenize(input)).toEqual({ ok: true, argv, pipes });
  });

  it.each(split)('%j splits', (input, argv) => {
    expect(tokenize(input)).toEqual({ ok: true, argv, pipes: [] });
  });

  it.each(refused)('%j is refused', (input, message) => {
    const r = tokenize(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('accepts exactly 64 arguments and 4096 characters', () => {
    expect(tokenize('a '.repeat(64))).toMatchObject({ ok: true });
    expect(tokenize('a'.repeat(4096))).toEqual({ ok: true, argv: ['a'.repeat(4096)], pipes: [] });
  });

  it('never echoes the input in a message', () => {
    const r = tokenize(`get pods --token=${'s'.repeat(30)};x`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).not.toContain('sss');
  });
});
