// Lossless JSON: which texts need it, and that the fast path never changes a number.
import { describe, expect, it } from 'vitest';
import { needsLossless, parseLossless, scanNumbers, stringifyLossless } from './json.js';

describe('scanNumbers', () => {
  it.each([
    ['{"replicas": 3, "items": [1, -2, 0]}', { lossless: false, integers: true }],
    ['{"ratio": 0.25}', { lossless: false, integers: false }],
    ['{"ratio": 1.0}', { lossless: false, integers: false }],
    ['{"a": 1e5}', { lossless: true, integers: false }],
    ['{"runAsUser": 9007199254740993}', { lossless: true, integers: false }],
    // Digits inside strings are not numbers, unless they look like one where one could be.
    ['{"uid":"5e3f.9a1b", "v": "1.5"}', { lossless: false, integers: true }],
    ['{"note":"x: 1.5, y"}', { lossless: false, integers: false }],
  ])('%s → %o', (text, expected) => {
    expect(scanNumbers(text)).toEqual(expected);
  });
});

describe('needsLossless', () => {
  it.each([
    ['{"runAsUser": 9007199254740993}', true],
    ['[1, 2, 12345678901234567]', true],
    ['{"a":-1234567890123456}', true],
    ['{"a": 1e5}', true],
    ['{"a":1.5E-3}', true],
    ['{"a":123456789012345.6}', true],
    // Inside a string: not a number, whatever its digits.
    ['{"note":"x: 12345678901234567"}', false],
    ['{"note":"x: 12345678901234567, y"}', true],
    ['{"uid":"5e3f9a1b-0c2d-4e5f-8a9b-1c2d3e4f5a6b"}', false],
    ['{"digest":"sha256:1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f"}', false],
    ['{"replicas": 3, "ratio": 0.25, "big": 123456789012345}', false],
    ['{"name":"web-1e5"}', false],
  ])('%s → %s', (text, expected) => {
    expect(needsLossless(text)).toBe(expected);
  });

  it('whenever it says no, JSON.parse keeps every number as written', () => {
    const numbers = ['0', '-7', '3.25', '123456789012345', '-0.5', '42'];
    for (const n of numbers) {
      const text = `{"a":${n},"b":[${n}, ${n}],"uid":"5e${n}"}`;
      expect(needsLossless(text)).toBe(false);
      expect(JSON.stringify(JSON.parse(text))).toBe(stringifyLossless(parseLossless(text)));
    }
  });
});
