// kubectl's printing of JSONPath results: compact JSON, Go's scalars, jsonpath-as-json arrays, and the %#v dump.
import { describe, expect, it } from 'vitest';
import { parseGoJson } from '../../go/decode.js';
import { JsonPathLimitError } from './evaluate.js';
import { OutputBudget, goSyntax, marshalCompactGo, printResults } from './print.js';
import { GoByte, GoInt, INVALID } from './value.js';

const big = new OutputBudget(1 << 20);

describe('marshalCompactGo (json.Marshal)', () => {
  it('sorts keys by their UTF-8 bytes and escapes as Go does', () => {
    const v = parseGoJson(
      '{"b":[1,1.5,1e21,1e-7,null,true],"a":"<&>\\u2028\\u001b","\\ud83d\\ude00":{},"\\uffff":[]}',
    );
    expect(marshalCompactGo(v)).toBe(
      '{"a":"\\u003c\\u0026\\u003e\\u2028\\u001b","b":[1,1.5,1e+21,1e-7,null,true],"\uffff":[],"😀":{}}',
    );
  });

  it('keeps integers beyond 2^53 exact', () => {
    expect(marshalCompactGo(parseGoJson('[9223372036854775807,18446744073709551616]'))).toBe(
      '[9223372036854775807,18446744073709552000]',
    );
  });

  it('stops at its budget', () => {
    expect(() => marshalCompactGo(parseGoJson('["aaaaaaaaaa"]'), new OutputBudget(5))).toThrow(
      JsonPathLimitError,
    );
  });
});

describe('printResults', () => {
  it('joins a group with spaces and groups with nothing', () => {
    const groups = [[1n, 'x', null], ['!'], [], [parseGoJson('{"k":[]}')]];
    expect(printResults(groups, false, big)).toBe('1 x null!{"k":[]}');
  });

  it('prints Go ints, bytes, floats and the zero Value', () => {
    expect(
      printResults([[new GoInt(-3n), new GoByte(104), 1e6, 0.0001, 0.00001, INVALID]], false, big),
    ).toBe('-3 104 1e+06 0.0001 1e-05 <no value>');
  });

  it('prints each group as an indented JSON array for jsonpath-as-json', () => {
    const groups = [['a', 2n, parseGoJson('{"k":[1]}')], [], ['\n']];
    expect(printResults(groups, true, big)).toBe(
      '[\n    "a",\n    2,\n    {\n        "k": [\n            1\n        ]\n    }\n]\n[]\n[\n    "\\n"\n]\n',
    );
  });
});

describe('goSyntax (%#v)', () => {
  it('writes Go syntax with types, sorted keys and quoted strings', () => {
    const v = parseGoJson('{"s":"a\\"b\\n","n":null,"f":1e6,"i":-2,"t":false,"l":[1,{}],"e":[]}');
    expect(goSyntax(v)).toBe(
      'map[string]interface {}{"e":[]interface {}{}, "f":1e+06, "i":-2, "l":[]interface {}{1, map[string]interface {}{}}, "n":interface {}(nil), "s":"a\\"b\\n", "t":false}',
    );
  });
});
