// Go-compatible JSON: decoding keeps int64 vs float64, encoding matches json.MarshalIndent byte for byte.
// Expected texts were taken from kubectl v1.35's -o json output for the same values.
import { describe, expect, it } from 'vitest';
import type { GoValue } from './json.js';
import {
  compareUtf8,
  goJsonFloat,
  goJsonString,
  goMap,
  marshalIndentGo,
  parseGoJson,
} from './json.js';

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

describe('Go float and string encoding', () => {
  it.each<[number, string]>([
    [1, '1'],
    [1.5, '1.5'],
    [1e21, '1e+21'],
    [1e20, '100000000000000000000'],
    [1e-7, '1e-7'],
    [0.000001, '0.000001'],
    [123456789.5, '123456789.5'],
    [-0, '-0'],
  ])('float %d', (f, want) => {
    expect(goJsonFloat(f)).toBe(want);
  });

  it.each<[string, string]>([
    ['<a>&', '"\\u003ca\\u003e\\u0026"'],
    ['a\bb\fc', '"a\\bb\\fc"'],
    ['\u0000\u001f', '"\\u0000\\u001f"'],
    ['\u2028\u2029', '"\\u2028\\u2029"'],
    ['\u007f\u0085é😀', '"\u007f\u0085é😀"'],
    ['q"\\', '"q\\"\\\\"'],
    ['\ud800', '"\\ufffd"'],
  ])('string %j', (s, want) => {
    expect(goJsonString(s)).toBe(want);
  });

  it('orders keys by UTF-8 bytes, as Go sorts them', () => {
    const keys = ['b', 'a', 'B', '\uffff', '😀', 'é', '_'];
    expect(keys.sort(compareUtf8)).toEqual(['B', '_', 'a', 'b', 'é', '\uffff', '😀']);
  });
});

describe('marshalIndentGo', () => {
  it('indents with four spaces, sorts keys, keeps empty collections inline', () => {
    const v = parseGoJson('{"spec":{"b":[],"a":{},"n":[[1,2],{"z":null,"y":true}]},"kind":"Pod"}');
    expect(marshalIndentGo(v)).toBe(
      [
        '{',
        '    "kind": "Pod",',
        '    "spec": {',
        '        "a": {},',
        '        "b": [],',
        '        "n": [',
        '            [',
        '                1,',
        '                2',
        '            ],',
        '            {',
        '                "y": true,',
        '                "z": null',
        '            }',
        '        ]',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('prints numbers as kubectl does after its int64/float64 round trip', () => {
    const v = parseGoJson(
      '[1,1.0,1.5,1e3,1e21,1e-7,123456789.5,100000000000000000000,9223372036854775807,-0,0.000001,1e19]',
    );
    expect(marshalIndentGo(v).replace(/\s+/g, '')).toBe(
      '[1,1,1.5,1000,1e+21,1e-7,123456789.5,100000000000000000000,9223372036854775807,0,0.000001,10000000000000000000]',
    );
  });
});
