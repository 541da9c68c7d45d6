// Normalisation: what a terminal would hide is gone before any rule reads the text.
import { describe, expect, it } from 'vitest';
import { normalize } from './normalize.js';

describe('normalize', () => {
  it.each([
    ['plain\ttext\n', 'plain\ttext\n'],
    ['\u001b[31mred\u001b[0m', 'red'],
    ['title\u001b]0;evil\u0007done', 'titledone'],
    ['bell\u0007 nul\u0000 del\u007f c1\u009b31m', 'bell nul del c1'],
    ['cr\r\nline', 'cr\nline'],
    ['\u001bc reset', ' reset'],
    ['ünïcødé ✓', 'ünïcødé ✓'],
    ['pass\u200bword', 'password'],
    ['soft\u00adhyphen', 'softhyphen'],
    ['bidi\u202eevil\u202c', 'bidievil'],
    ['zero\ufeffwidth', 'zerowidth'],
  ])('%j → %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });
});
