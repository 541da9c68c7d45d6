// Code point sets, and the C.UTF-8 classes built from them for the characters kubectl output carries.
import { describe, expect, it } from 'vitest';
import { byUppercase, counterparts, lower1, upper1 } from './casefold.js';
import type { ClassName } from './ctype.js';
import {
  classSet,
  codeSet,
  complement,
  has,
  isWordChar,
  MAX_CODE_POINT,
  subtract,
  union,
} from './ctype.js';

const cp = (ch: string): number => ch.codePointAt(0) as number;

describe('code sets', () => {
  it('normalises, merges and subtracts ranges', () => {
    expect(
      codeSet([
        [5, 9],
        [1, 2],
        [3, 3],
        [20, 10],
      ]),
    ).toEqual([1, 3, 5, 9]);
    expect(union([1, 3], [4, 4, 10, 12])).toEqual([1, 4, 10, 12]);
    expect(complement([0, 9, 20, 30])).toEqual([10, 19, 31, MAX_CODE_POINT]);
    expect(complement([])).toEqual([0, MAX_CODE_POINT]);
    expect(subtract([0, 100], [10, 20, 50, 200])).toEqual([0, 9, 21, 49]);
    expect([0, 1, 2, 9, 10, 11, 30].map((n) => has([1, 2, 10, 10, 20, 30], n))).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
      true,
    ]);
  });
});

describe('C.UTF-8 classes', () => {
  it.each<[ClassName, string, string]>([
    ['alpha', 'aZéЖωあ中ª٣', '1_-\u0301 '],
    ['digit', '0123456789', '٣a'],
    ['alnum', 'a1٣é', '_- '],
    ['upper', 'AÉЖΩǅ', 'aéжω1'],
    ['lower', 'aéжωß', 'AÉ1'],
    ['space', ' \t\r\v\f\u2003\u3000\u2028', '\u00a0\u2007\u202f\u0085x'],
    ['blank', ' \t\u2003', '\r\u00a0'],
    ['punct', '!-_~€©\u0301\ue000', 'a1 \u2003'],
    ['print', 'a \u00a0€\ue000', '\u0007\u2028\u0378'],
    ['graph', 'a€\u00a0', ' \u2003'],
    ['cntrl', '\u0000\u001f\u007f\u0085\u2028', 'a '],
    ['xdigit', '09afAF', 'gG٣'],
  ])('[:%s:] holds %j and not %j', (name, yes, no) => {
    const set = classSet(name);
    for (const ch of yes) expect(has(set, cp(ch)), `${name} ${ch}`).toBe(true);
    for (const ch of no) expect(has(set, cp(ch)), `${name} ${ch}`).toBe(false);
  });

  it('takes letters, digits of any script and _ as word characters', () => {
    expect(Array.from('aZ09_éЖ中٣', (ch) => isWordChar(cp(ch)))).not.toContain(false);
    expect(Array.from('-. \t/\u0301€', (ch) => isWordChar(cp(ch)))).not.toContain(true);
  });
});

describe('GNU case folding', () => {
  it('maps to one code point, using the simple mappings behind multi-letter ones', () => {
    expect(upper1(cp('ß'))).toBe(cp('ß'));
    expect(upper1(cp('ᾳ'))).toBe(cp('ᾼ'));
    expect(upper1(cp('ı'))).toBe(cp('I'));
    expect(lower1(cp('İ'))).toBe(cp('i'));
    expect(lower1(cp('Σ'))).toBe(cp('σ'));
  });

  it('gives the counterparts GNU does', () => {
    const chars = (ch: string): string[] => {
      const set = counterparts(cp(ch));
      const out: string[] = [];
      for (let i = 0; i < set.length; i += 2) {
        for (let c = set[i] as number; c <= (set[i + 1] as number); c++)
          out.push(String.fromCodePoint(c));
      }
      return out;
    };
    expect(chars('i')).toEqual(['I', 'i', 'ı']);
    expect(chars('s')).toEqual(['S', 's', 'ſ']);
    expect(chars('k')).toEqual(['K', 'k']);
    expect(chars('σ')).toEqual(['Σ', 'ς', 'σ']);
    expect(chars('1')).toEqual(['1']);
  });

  it('reads a set by the upper case of its characters', () => {
    const set = byUppercase(codeSet([[cp('A'), cp('Z')]]));
    expect(['a', 'Z', 'ı', 'ſ'].every((ch) => has(set, cp(ch)))).toBe(true);
    expect(['_', '\u212a', 'é'].some((ch) => has(set, cp(ch)))).toBe(false);
  });
});
