// Decoding keeps Go's distinctions: int64 apart from float64, every key, Go's rejections.
// Expected values are what kubectl v1.35's decoder made of the same texts.
import { describe, expect, it } from 'vitest';
import type { GoValue } from './value.js';
import { goMap } from './value.js';
import { parseGoJson } from './decode.js';

describe('parseGoJson', () => {
  it.each<[string, GoValue]>([
    ['1', 1n],
    ['-0', 0n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
    ['9223372036854775808', 9223372036854775808], // beyond int64: float64
    ['1.0', 1],
    ['1e3', 1000],
    ['1.5', 1.5],
    ['"\\u00e9\\ud83d\\ude00"', 'é😀'],
    ['"\\ud800x"', '\ufffdx'],
    ['"a\\/b\\b\\f\\n\\r\\t"', 'a/b\b\f\n\r\t'],
    ['true', true],
    ['null', null],
    ['[]', []],
  ])('%s', (text, want) => {
    expect(parseGoJson(text)).toEqual(want);
  });

  it('keeps every key of an object, including __proto__', () => {
    const v = parseGoJson('{"__proto__": 1, "b": {"c": [1, 2.5]}}');
    expect(v).toEqual(
      goMap([
        ['__proto__', 1n],
        ['b', goMap([['c', [1n, 2.5]]])],
      ]),
    );
  });

  it.each(['', '{', '{"a" 1}', '[1,]', '01', 'tru', '"\u0001"', '1 2'])('rejects %j', (text) => {
    expect(() => parseGoJson(text)).toThrow();
  });
});
