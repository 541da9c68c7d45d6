// How user input is quoted inside messages.
import { describe, expect, it } from 'vitest';
import { show } from './decision.js';

describe('show', () => {
  it.each([
    ['pods', '"pods"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\u200bx', '"\\u{200B}x"'],
    ['\u2014n', '"\\u{2014}n"'],
    ['\n', '"\\u{A}"'],
    ['x'.repeat(41), `"${'x'.repeat(40)}…"`],
    ['y'.repeat(5000), `"${'y'.repeat(40)}…"`],
  ])('%j → %s', (input, shown) => {
    expect(show(input)).toBe(shown);
  });
});
