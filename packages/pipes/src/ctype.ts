// Code point sets and the C.UTF-8 character classes GNU grep matches with (glibc's iswalpha & co.).
//
// glibc derives its classes from Unicode data; we derive the same rules from the runtime's Unicode
// tables (JavaScript property escapes), so the sets agree with glibc 2.36 for every character both
// Unicode versions know. glibc 2.36 ships Unicode 14: characters assigned later, and 38 combining
// marks made Alphabetic later, are where the two differ (`ctype.test.ts` names the rules).

/** Sorted, disjoint, non-adjacent inclusive ranges, flattened: `[lo0, hi0, lo1, hi1, ...]`. */
export type CodeSet = readonly number[];

export const MAX_CODE_POINT = 0x10ffff;

/** Normalises any list of inclusive ranges into a CodeSet. */
export function codeSet(ranges: readonly (readonly [number, number])[]): CodeSet {
  const sorted = ranges.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of sorted) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] as number) + 1) {
      out[last] = Math.max(out[last] as number, hi);
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

function pairs(set: CodeSet): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < set.length; i += 2) out.push([set[i] as number, set[i + 1] as number]);
  return out;
}

export function union(...sets: CodeSet[]): CodeSet {
  const nonEmpty = sets.filter((s) => s.length > 0);
  // The same set back, not a copy: callers cache by identity (classSet's sets are shared).
  if (nonEmpty.length === 1) return nonEmpty[0] as CodeSet;
  return codeSet(nonEmpty.flatMap(pairs));
}

export function complement(set: CodeSet): CodeSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of pairs(set)) {
    out.push([next, lo - 1]);
    next = hi + 1;
  }
  out.push([next, MAX_CODE_POINT]);
  return codeSet(out);
}

export function subtract(set: CodeSet, minus: CodeSet): CodeSet {
  return complement(union(complement(set), minus));
}

export function has(set: CodeSet, cp: number): boolean {
  let lo = 0;
  let hi = set.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < (set[2 * mid] as number)) hi = mid - 1;
    else if (cp > (set[2 * mid + 1] as number)) lo = mid + 1;
    else return true;
  }
  return false;
}

export const CLASS_NAMES = [
  'alpha',
  'upper',
  'lower',
  'digit',
  'xdigit',
  'space',
  'print',
  'punct',
  'graph',
  'cntrl',
  'blank',
  'alnum',
] as const;
export type ClassName = (typeof CLASS_NAMES)[number];

export function isClassName(name: string): name is ClassName {
  return (CLASS_NAMES as readonly string[]).includes(name);
}

/**
 * The planes a property escape is scanned over. Planes 4-13 hold no character in any Unicode
 * version so far and planes 15-16 are private use, so they are filled in by rule below instead
 * of being scanned: scanning all 1.1 million code points would cost a quarter of a second.
 */
const SCANNED: readonly (readonly [number, number])[] = [
  [0x0, 0xd7ff],
  [0xe000, 0x3ffff],
  [0xe0000, 0xeffff],
];

let universes: string[] | null = null;

function scanUniverses(): string[] {
  if (universes) return universes;
  universes = SCANNED.map(([lo, hi]) => {
    const chunks: string[] = [];
    for (let start = lo; start <= hi; start += 4096) {
      const cps: number[] = [];
      for (let cp = start; cp <= Math.min(hi, start + 4095); cp++) cps.push(cp);
      chunks.push(String.fromCodePoint(...cps));
    }
    return chunks.join('');
  });
  return universes;
}

/** The code points (in the scanned planes) that `/[${body}]/u` matches. */
function scan(body: string): CodeSet {
  const ranges: [number, number][] = [];
  const re = new RegExp(`[${body}]+`, 'gu');
  for (const text of scanUniverses()) {
    for (const m of text.matchAll(re)) {
      const run = m[0];
      const lo = run.codePointAt(0) as number;
      const last = run.charCodeAt(run.length - 1);
      const tail = last >= 0xdc00 && last <= 0xdfff ? 2 : 1;
      ranges.push([lo, run.codePointAt(run.length - tail) as number]);
    }
  }
  return codeSet(ranges);
}

const cache = new Map<string, CodeSet>();

function memo(key: string, build: () => CodeSet): CodeSet {
  let set = cache.get(key);
  if (!set) {
    set = build();
    cache.set(key, set);
  }
  return set;
}

const DIGITS: CodeSet = [0x30, 0x39];
/** glibc's space: Unicode White_Space without NEL and the no-break spaces. */
const SPACE: CodeSet = codeSet([
  [0x09, 0x0d],
  [0x20, 0x20],
  [0x1680, 0x1680],
  [0x2000, 0x2006],
  [0x2008, 0x200a],
  [0x2028, 0x2029],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
]);
const BLANK: CodeSet = codeSet([
  [0x09, 0x09],
  [0x20, 0x20],
  [0x1680, 0x1680],
  [0x2000, 0x2006],
  [0x2008, 0x200a],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
]);
/** C0, DEL, C1, and the line and paragraph separators. */
const CNTRL: CodeSet = codeSet([
  [0x00, 0x1f],
  [0x7f, 0x9f],
  [0x2028, 0x2029],
]);

/** Not printable: controls, surrogates, unassigned (planes 4-13 and plane ends included). */
function nonPrintable(): CodeSet {
  return union(
    scan('\\p{Cc}\\p{Cs}\\p{Cn}\\p{Zl}\\p{Zp}'),
    [0xd800, 0xdfff, 0x40000, 0xdffff],
    [0xefffe, 0xeffff, 0xffffe, 0xfffff, 0x10fffe, 0x10ffff],
  );
}

/** The code points a JavaScript property escape body (`\\p{Lu}`) matches, outside planes 4-13 and 15-16. */
export function propertySet(body: string): CodeSet {
  return memo(`property ${body}`, () => scan(body));
}

/** A POSIX class as glibc's C.UTF-8 locale defines it. */
export function classSet(name: ClassName): CodeSet {
  return memo(name, () => {
    switch (name) {
      case 'digit':
        return DIGITS;
      case 'xdigit':
        return codeSet([
          [0x30, 0x39],
          [0x41, 0x46],
          [0x61, 0x66],
        ]);
      case 'space':
        return SPACE;
      case 'blank':
        return BLANK;
      case 'cntrl':
        return CNTRL;
      case 'alnum':
        // glibc counts every decimal digit as alphanumeric, the non-ASCII ones as alpha.
        return scan('\\p{Alphabetic}\\p{Nd}');
      case 'alpha':
        return subtract(classSet('alnum'), DIGITS);
      case 'upper':
        return scan('\\p{Uppercase}\\p{Lt}');
      case 'lower':
        return scan('\\p{Lowercase}');
      case 'print':
        return complement(nonPrintable());
      case 'graph':
        return subtract(classSet('print'), SPACE);
      case 'punct':
        return subtract(classSet('graph'), classSet('alnum'));
    }
  });
}

/** Word constituents for `-w`, `\w`, `\b`, `\<` and `\>`: alphanumerics and `_`. */
export function wordSet(): CodeSet {
  return memo('word', () => union(classSet('alnum'), [0x5f, 0x5f]));
}

export function spaceSet(): CodeSet {
  return SPACE;
}

export function isWordChar(cp: number): boolean {
  if (cp < 0x80) {
    return (
      (cp >= 0x30 && cp <= 0x39) ||
      (cp >= 0x41 && cp <= 0x5a) ||
      (cp >= 0x61 && cp <= 0x7a) ||
      cp === 0x5f
    );
  }
  return has(wordSet(), cp);
}
