// Go-compatible JSON encoding: json.MarshalIndent byte for byte, Go's float and string texts, UTF-8 key order.
// Expected texts were taken from kubectl v1.35's -o json output for the same values.
import { describe, expect, it } from 'vitest';
import { compareUtf8 } from '../go/value.js';
import { goJsonFloat, goJsonString, marshalIndentGo } from './json.js';
import { parseGoJson } from '../go/decode.js';

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
