// Decoding once: what JSON.parse made of a text, turned into a GoValue, is exactly what
// parseGoJson makes of the same text, or nothing (and the text is decoded again).
import { describe, expect, it } from 'vitest';
import { scanNumbers } from '@porthole/redact';
import { parseGoJson } from './decode.js';
import { goValueOfParsed } from './parsed.js';

/** goValueOfParsed as redacting.ts calls it on `text`. */
const once = (text: string) => goValueOfParsed(JSON.parse(text), scanNumbers(text).integers);

describe('goValueOfParsed', () => {
  it.each([
    '{"kind":"PodList","items":[{"metadata":{"name":"a","generation":3}}]}',
    '[1,-2,0,-0,123456789012345,-123456789012345,true,false,null,"x",[],{}]',
    '{"__proto__":{"polluted":1},"constructor":"c","toString":2}',
    // The last of a repeated key wins, in either decoder.
    '{"a":1,"b":2,"a":3}',
    '{"s":"\\u00e9\\ud83d\\ude00 \\"q\\" \\\\ \\/ \\n\\t","e":""}',
    // Lone surrogates: Go makes them U+FFFD, in values and in keys.
    '{"lone":"a\\ud800b\\udc00","\\udbffk":"v"}',
    // A string that looks like a number where one could be: only the safe side.
    '{"note":"x: 12, y","n":[ 1 , 2 ]}',
    ' \n{"padded" : [ 1 ,\r\n 2 ] } \t',
  ])('decodes %s as parseGoJson does', (text) => {
    const decoded = once(text);
    expect(decoded).not.toBeNull();
    expect(decoded).toEqual(parseGoJson(text));
  });

  it.each([
    // Not integer literals: 1.0 is a float64 to Go, and JSON.parse cannot tell it from 1.
    '{"ratio":1.0}',
    '{"ratio":0.25}',
    // JavaScript lists integer-like keys first, not where the text had them.
    '{"b":1,"10":2,"2":3}',
    '{"labels":{"1app":"x"}}',
  ])('leaves %s to parseGoJson', (text) => {
    expect(once(text)).toBeNull();
  });

  it('leaves nesting too deep for it to parseGoJson, which refuses it', () => {
    const deep = '['.repeat(10_002) + ']'.repeat(10_002);
    expect(once(deep)).toBeNull();
    expect(() => parseGoJson(deep)).toThrow();
  });

  it('refuses values JSON.parse never makes', () => {
    expect(goValueOfParsed({ when: new Date(0) }, true)).toBeNull();
    expect(goValueOfParsed({ n: 1.5 }, true)).toBeNull();
    expect(goValueOfParsed({ n: 2 ** 60 }, true)).toBeNull();
  });

  it('agrees with parseGoJson on generated documents whenever it answers', () => {
    // A fixed-seed generator: every run checks the same thousand documents.
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const strings = [
      '',
      'a',
      'Running',
      'é',
      '😀',
      '\ud800',
      'x"y',
      'line\nbreak',
      '__proto__',
      '7up',
    ];
    const value = (depth: number): unknown => {
      const pick = depth > 4 ? rand(5) : rand(7);
      if (pick === 0) return rand(2) === 0;
      if (pick === 1) return null;
      if (pick === 2) return rand(2) === 0 ? rand(1_000_000) - 500_000 : 10 ** rand(15);
      if (pick === 3 || pick === 4) return strings[rand(strings.length)];
      if (pick === 5) return Array.from({ length: rand(4) }, () => value(depth + 1));
      const obj: Record<string, unknown> = {};
      for (let i = rand(5); i > 0; i--) obj[strings[rand(strings.length)]!] = value(depth + 1);
      return obj;
    };
    let answered = 0;
    for (let i = 0; i < 1000; i++) {
      const text = JSON.stringify(value(0));
      const decoded = once(text);
      if (decoded === null) continue;
      answered += 1;
      expect(decoded).toEqual(parseGoJson(text));
    }
    expect(answered).toBeGreaterThan(500);
  });
});
