// explain's word wrapping: go-wordwrap as kubectl's plaintext template uses it.
import { describe, expect, it } from 'vitest';
import { wrapString } from './explain.js';

describe('wrapString (go-wordwrap v1.0.1)', () => {
  it.each([
    ['short text', 10, 'short text'],
    ['one two three four', 9, 'one two\nthree\nfour'],
    ['averyveryverylongword fits', 8, 'averyveryverylongword\nfits'],
    ['keep\nnewlines  here', 20, 'keep\nnewlines  here'],
    ['non\u00a0breaking space', 10, 'non\u00a0breaking\nspace'],
  ])('%j at %d', (text, lim, want) => {
    expect(wrapString(text, lim)).toBe(want);
  });
});
