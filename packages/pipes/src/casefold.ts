// Case folding for grep -i as GNU grep does it in a UTF-8 locale (not RE2's Unicode case folding).
//
// GNU has two rules, and we follow both rather than RE2's (?i):
// - A character outside brackets (and a bracket of plain characters) matches its
//   "counterparts": towupper(c), towlower(towupper(c)), and the few lowercase letters whose
//   uppercase is shared (dfa.c's case_folded_counterparts). So `i` matches `ı`, but `k` does not
//   match the Kelvin sign and `ß` does not match `ẞ`, where RE2 would say otherwise.
// - Any other bracket expression is upper-cased as written and compared with the upper-cased
//   character (glibc regex): `[a-z]` reads as `[A-Z]`, so `-i '[0-z]'` does not match `_`.
// towupper and towlower are glibc's simple mappings; we take JavaScript's when it maps to one
// code point and patch the few characters whose only multi-character mapping hides a simple one.
import type { CodeSet } from './ctype.js';
import { codeSet, has, propertySet, subtract, union } from './ctype.js';

/** Simple uppercase mappings that JavaScript's toUpperCase hides behind a two-letter one. */
function upperException(cp: number): number | null {
  // Greek letters with ypogegrammeni: ᾀ..ᾇ, ᾐ..ᾗ, ᾠ..ᾧ map to their prosgegrammeni capitals.
  if (
    (cp >= 0x1f80 && cp <= 0x1f87) ||
    (cp >= 0x1f90 && cp <= 0x1f97) ||
    (cp >= 0x1fa0 && cp <= 0x1fa7)
  ) {
    return cp + 8;
  }
  if (cp === 0x1fb3 || cp === 0x1fc3 || cp === 0x1ff3) return cp + 9;
  return null;
}

/** towupper: glibc's simple uppercase mapping. */
export function upper1(cp: number): number {
  const up = String.fromCodePoint(cp).toUpperCase();
  const first = up.codePointAt(0) as number;
  if (up.length === (first > 0xffff ? 2 : 1)) return first;
  return upperException(cp) ?? cp;
}

/** towlower: glibc's simple lowercase mapping. */
export function lower1(cp: number): number {
  if (cp === 0x130) return 0x69; // İ: JavaScript's full mapping adds a combining dot
  const low = String.fromCodePoint(cp).toLowerCase();
  const first = low.codePointAt(0) as number;
  return low.length === (first > 0xffff ? 2 : 1) ? first : cp;
}

/** dfa.c's lonesome_lower: lowercase letters that are not towlower of their own uppercase. */
const LONESOME_LOWER = [
  0x00b5, 0x0131, 0x017f, 0x01c5, 0x01c8, 0x01cb, 0x01f2, 0x0345, 0x03c2, 0x03d0, 0x03d1, 0x03d5,
  0x03d6, 0x03f0, 0x03f1, 0x03f2, 0x03f5, 0x1e9b, 0x1fbe,
];

/** `cp` and the characters GNU's -i lets it match outside brackets. */
export function counterparts(cp: number): CodeSet {
  const uc = upper1(cp);
  const lc = lower1(uc);
  const out: [number, number][] = [[cp, cp]];
  if (uc !== cp) out.push([uc, uc]);
  if (lc !== uc && lc !== cp && upper1(lc) === uc) out.push([lc, lc]);
  for (const li of LONESOME_LOWER) {
    if (li !== lc && li !== uc && li !== cp && upper1(li) === uc) out.push([li, li]);
  }
  return codeSet(out);
}

interface Uppercasing {
  /** Every code point whose towupper is another one. */
  changed: CodeSet;
  /** Those code points with their towupper. */
  pairs: readonly (readonly [number, number])[];
}

let uppercasing: Uppercasing | null = null;

function changedByUpper(): Uppercasing {
  if (uppercasing) return uppercasing;
  const pairs: [number, number][] = [];
  const cwu = propertySet('\\p{Changes_When_Uppercased}');
  for (let i = 0; i < cwu.length; i += 2) {
    for (let cp = cwu[i] as number; cp <= (cwu[i + 1] as number); cp++) {
      const up = upper1(cp);
      if (up !== cp) pairs.push([cp, up]);
    }
  }
  uppercasing = { changed: codeSet(pairs.map(([cp]) => [cp, cp])), pairs };
  return uppercasing;
}

const byUppercaseCache = new WeakMap<CodeSet, CodeSet>();

/** The characters whose towupper is in `upperSet` (glibc's -i reading of a bracket expression). */
export function byUppercase(upperSet: CodeSet): CodeSet {
  let set = byUppercaseCache.get(upperSet);
  if (!set) {
    const { changed, pairs } = changedByUpper();
    const mapped = pairs.filter(([, up]) => has(upperSet, up)).map(([cp]) => [cp, cp] as const);
    set = union(subtract(upperSet, changed), codeSet(mapped));
    byUppercaseCache.set(upperSet, set);
  }
  return set;
}
