// kubectl -o yaml fidelity: quoting, block scalars, folding, key order and escapes.
// Every expected text below is what kubectl v1.35 printed for the same value.
import { describe, expect, it } from 'vitest';
import type { GoValue } from '../go/value.js';
import { goMap } from '../go/value.js';
import { parseGoJson } from '../go/decode.js';
import { toKubectlYaml, YamlControlCharacterError } from './yaml.js';

const one = (v: GoValue): string => toKubectlYaml(goMap([['k', v]]));

describe('scalar styles', () => {
  it.each<[string, string]>([
    ['web', 'k: web\n'],
    ['true', 'k: "true"\n'],
    ['yes', 'k: "yes"\n'],
    ['on', 'k: "on"\n'],
    ['null', 'k: "null"\n'],
    ['~', 'k: "~"\n'],
    ['', 'k: ""\n'],
    ['1.5', 'k: "1.5"\n'],
    ['0x1F', 'k: "0x1F"\n'],
    ['1_000', 'k: "1_000"\n'],
    ['12:30', 'k: "12:30"\n'],
    ['2024-01-01', 'k: "2024-01-01"\n'],
    ['2024-01-01T00:00:00Z', 'k: "2024-01-01T00:00:00Z"\n'],
    ['2024-02-30', 'k: 2024-02-30\n'],
    ['-', "k: '-'\n"],
    ['- x', "k: '- x'\n"],
    ['a: b', "k: 'a: b'\n"],
    ['a:b', 'k: a:b\n'],
    ['#x', "k: '#x'\n"],
    ['x #y', "k: 'x #y'\n"],
    ['x#y', 'k: x#y\n'],
    ['*star', "k: '*star'\n"],
    ["it's", "k: it's\n"],
    ["'q'", "k: '''q'''\n"],
    [' lead', "k: ' lead'\n"],
    ['trail ', "k: 'trail '\n"],
    ['<&>', 'k: <&>\n'],
    ['tab\there', 'k: "tab\\there"\n'],
    ['emoji 😀', 'k: "emoji \\U0001F600"\n'],
    ['a\u0001b', 'k: "a\\x01b"\n'],
    ['\ufeffab', 'k: "\\uFEFF\\x61\\x62"\n'],
    ['multi\nline\n', 'k: |\n  multi\n  line\n'],
    ['multi\nline', 'k: |-\n  multi\n  line\n'],
    ['x\n\n', 'k: |+\n  x\n\n'],
    ['  x\ny', 'k: |2-\n    x\n  y\n'],
    ['\n', 'k: |2+\n\n'],
    ['x \ny', 'k: "x \\ny"\n'],
  ])('%j', (s, want) => {
    expect(one(s)).toBe(want);
  });

  it('keys are quoted by the same rules', () => {
    expect(
      toKubectlYaml(
        goMap([
          ['y', 'v'],
          ['n', ''],
          ['on', '1'],
        ]),
      ),
    ).toBe('"n": ""\n"on": "1"\n"y": v\n');
  });

  it('a key with a line break becomes an explicit "? key" entry', () => {
    expect(toKubectlYaml(goMap([['k\u2029', 'v']]))).toBe("? 'k\u2029'\n: v\n");
  });
});

describe('numbers and other values', () => {
  it('prints numbers as the JSON -> yaml.v2 round trip leaves them', () => {
    const v = parseGoJson(
      '{"nums":[1,1.0,1.5,1e3,1e21,1e-7,123456789.5,100000000000000000000,9223372036854775807,-0,0.000001,1e19]}',
    );
    expect(toKubectlYaml(v)).toBe(
      'nums:\n- 1\n- 1\n- 1.5\n- 1000\n- 1e+21\n- 1e-07\n- 1.234567895e+08\n- 1e+20\n- 9223372036854775807\n- 0\n- 1e-06\n- 10000000000000000000\n',
    );
  });

  it('writes empty collections inline and nests sequences without indenting them under keys', () => {
    const v = parseGoJson('{"a":{},"b":[],"c":null,"d":true,"e":[[1,2],{"a":1,"b":[]}]}');
    expect(toKubectlYaml(v)).toBe(
      'a: {}\nb: []\nc: null\nd: true\ne:\n- - 1\n  - 2\n- a: 1\n  b: []\n',
    );
  });
});

describe('layout', () => {
  it('folds long plain and quoted strings at 80 columns', () => {
    const words =
      'bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt uuuu vvvv';
    const v = goMap([
      [
        'spec',
        goMap([
          ['long', `aaaa ${words}`],
          ['longq', `aaaa: ${words}`],
        ]),
      ],
    ]);
    expect(toKubectlYaml(v)).toBe(
      'spec:\n' +
        '  long: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo\n' +
        '    pppp qqqq rrrr ssss tttt uuuu vvvv\n' +
        "  longq: 'aaaa: bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo\n" +
        "    pppp qqqq rrrr ssss tttt uuuu vvvv'\n",
    );
  });

  it('orders keys the yaml.v2 way: non-letters before letters, digit runs by value', () => {
    const v = goMap(['app', 'a10', 'a9', 'A', '_x', 'b'].map((k) => [k, 'v'] as [string, GoValue]));
    expect(toKubectlYaml(v)).toBe('_x: v\nA: v\na9: v\na10: v\napp: v\nb: v\n');
  });
});

describe('characters yaml.v2 refuses', () => {
  it.each(['a\u007fb', '\u0080', '\u009f', '\ufffe'])('%j fails like kubectl', (s) => {
    expect(() => one(s)).toThrow(YamlControlCharacterError);
    expect(() => toKubectlYaml(goMap([[s, 'v']]))).toThrow(
      'yaml: control characters are not allowed',
    );
  });

  it('a raw NEL folds like a line break in a quoted scalar', () => {
    expect(one('a \u0085 b')).toBe('k: a b\n');
    expect(one('a\u0085\u0085\u0085b')).toBe('k: |-\n  a\n\n  b\n');
  });

  it('a NEL followed by a document marker is a scan error with the line yaml.v2 counts', () => {
    expect(() =>
      toKubectlYaml(
        goMap([
          ['a', 'x\u0085y'],
          ['b', 'z\u0085--- w'],
        ]),
      ),
    ).toThrow('yaml: line 3: found unexpected document indicator');
  });
});
