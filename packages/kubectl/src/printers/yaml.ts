// YAML exactly as kubectl's -o yaml writes it: sigs.k8s.io/yaml (JSON, then go.yaml.in/yaml/v2) with its quirks.
//
// kubectl marshals the object to JSON, decodes that JSON with yaml.v2 and marshals the result
// with yaml.v2's libyaml-derived emitter (2-space indent, 80-column folding, sequences under a
// key not indented). This module reproduces those steps on a decoded GoValue: the scalar
// resolution rules that decide quoting and yaml.v2's "natural" key order; yaml-emitter.ts has
// the emitter's style selection, line folding and escaping.
import { formatFloatG } from '../go/fmt.js';
import type { GoValue } from '../go/value.js';
import { sortedKeys } from '../go/value.js';
import { goJsonFloat } from './json.js';
import { cpsOf, Emitter, type Style, type YNode, type YScalar } from './yaml-emitter.js';

/** yaml.v2 refuses these raw characters, which Go's JSON encoder leaves unescaped. */
export class YamlControlCharacterError extends Error {
  constructor() {
    super('yaml: control characters are not allowed');
    this.name = 'YamlControlCharacterError';
  }
}

// ---------------------------------------------------------------------------------------------
// Scalar resolution (yaml.v2 resolve.go): what an unquoted string would be read back as.

const RESOLVE_MAP = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'true',
  'True',
  'TRUE',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'false',
  'False',
  'FALSE',
  'off',
  'Off',
  'OFF',
  '',
  '~',
  'null',
  'Null',
  'NULL',
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '<<',
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's strconv.ParseInt/ParseUint with base 0 (prefixes 0x, 0o, 0b, leading 0 = octal), after '_' removal. */
function parseGoInt(s: string, signed: boolean): bigint | null {
  let t = s;
  let neg = false;
  if (t.startsWith('+') || t.startsWith('-')) {
    if (!signed) return null;
    neg = t[0] === '-';
    t = t.slice(1);
  }
  let base = 10;
  if (t.length > 1 && t[0] === '0') {
    const p = t[1]?.toLowerCase();
    if (p === 'x') [base, t] = [16, t.slice(2)];
    else if (p === 'o') [base, t] = [8, t.slice(2)];
    else if (p === 'b') [base, t] = [2, t.slice(2)];
    else [base, t] = [8, t.slice(1)];
  }
  if (t === '') return null;
  const digitRe =
    base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!digitRe.test(t)) return null;
  let v = 0n;
  const b = BigInt(base);
  for (const ch of t) v = v * b + BigInt(parseInt(ch, 16));
  if (neg) v = -v;
  if (signed ? v < INT64_MIN || v > INT64_MAX : v > UINT64_MAX) return null;
  return v;
}

function parseBinary(s: string, signed: boolean): bigint | null {
  let t = s;
  let neg = false;
  if (signed && t.startsWith('-')) [neg, t] = [true, t.slice(1)];
  if (!/^[01]+$/.test(t)) return null;
  let v = BigInt('0b' + t);
  if (neg) v = -v;
  if (signed ? v < INT64_MIN || v > INT64_MAX : v > UINT64_MAX) return null;
  return v;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/**
 * Go's time.Parse for the four layouts yaml.v2 tries: "2006-1-2T15:4:5.999999999Z07:00",
 * the same with a lower-case "t", "2006-1-2 15:4:5.999999999" and "2006-1-2".
 */
function matchesTimestampLayout(s: string, layout: 'T' | 't' | ' ' | 'date'): boolean {
  let v = s;
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  // getnum(value, false): one or two digits.
  const num = (): number | null => {
    if (!isDigit(v[0])) return null;
    if (!isDigit(v[1])) {
      const n = Number(v[0]);
      v = v.slice(1);
      return n;
    }
    const n = Number(v.slice(0, 2));
    v = v.slice(2);
    return n;
  };
  const lit = (c: string): boolean => {
    if (c === ' ') {
      // Go's skip: a layout space needs at least one space in the value (or its end), then eats all.
      if (v.length > 0 && v[0] !== ' ') return false;
      v = v.replace(/^ +/, '');
      return true;
    }
    if (v[0] !== c) return false;
    v = v.slice(1);
    return true;
  };
  if (v.length < 4 || !isDigit(v[0])) return false;
  const year = Number(v.slice(0, 4));
  if (!/^[0-9]{4}$/.test(v.slice(0, 4))) return false;
  v = v.slice(4);
  if (!lit('-')) return false;
  const month = num();
  if (month === null || month < 1 || month > 12) return false;
  if (!lit('-')) return false;
  const day = num();
  if (day === null) return false;
  if (layout !== 'date') {
    if (!lit(layout === ' ' ? ' ' : layout)) return false;
    const hour = num();
    if (hour === null || hour >= 24) return false;
    if (!lit(':')) return false;
    const min = num();
    if (min === null || min >= 60) return false;
    if (!lit(':')) return false;
    const sec = num();
    if (sec === null || sec >= 60) return false;
    // ".999999999": optional fraction, '.' or ',' then any number of digits.
    if (v.length >= 2 && (v[0] === '.' || v[0] === ',') && isDigit(v[1])) {
      let k = 1;
      while (isDigit(v[k])) k++;
      v = v.slice(k);
    }
    if (layout !== ' ') {
      if (v[0] === 'Z') v = v.slice(1);
      else {
        if (v.length < 6 || v[3] !== ':') return false;
        const [sign, hh, mm] = [v[0], v.slice(1, 3), v.slice(4, 6)];
        if (!/^[0-9]{2}$/.test(hh) || !/^[0-9]{2}$/.test(mm)) return false;
        if (Number(hh) > 24 || Number(mm) > 60) return false;
        if (sign !== '+' && sign !== '-') return false;
        v = v.slice(6);
      }
    }
  }
  if (v.length > 0) return false;
  const dim = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
  return day >= 1 && day <= dim;
}

function isTimestamp(s: string): boolean {
  let i = 0;
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
  if (i !== 4 || i === s.length || s[i] !== '-') return false;
  return (['T', 't', ' ', 'date'] as const).some((l) => matchesTimestampLayout(s, l));
}

type Resolved =
  | { tag: 'str' }
  | { tag: 'int'; value: bigint }
  | { tag: 'float'; value: number }
  | { tag: 'other' };

/** yaml.v2 resolve("", s): the type an unquoted scalar `s` would be read as. */
function resolvePlain(s: string): Resolved {
  const first = s.length === 0 ? 'N' : s[0]!;
  const hint =
    first === '+' || first === '-'
      ? 'S'
      : first >= '0' && first <= '9'
        ? 'D'
        : 'yYnNtTfFoO~'.includes(first)
          ? 'M'
          : first === '.'
            ? '.'
            : '';
  if (hint === '') return { tag: 'str' };
  if (RESOLVE_MAP.has(s)) return { tag: 'other' };
  if (hint === '.') {
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) && Number.isFinite(Number(s)))
      return { tag: 'float', value: Number(s) };
    return { tag: 'str' };
  }
  if (hint === 'D' || hint === 'S') {
    if (isTimestamp(s)) return { tag: 'other' };
    const plain = s.replaceAll('_', '');
    const i = parseGoInt(plain, true) ?? parseGoInt(plain, false);
    if (i !== null) return { tag: 'int', value: i };
    if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain)))
      return { tag: 'float', value: Number(plain) };
    if (plain.startsWith('0b')) {
      const b = parseBinary(plain.slice(2), true) ?? parseBinary(plain.slice(2), false);
      if (b !== null) return { tag: 'int', value: b };
    } else if (plain.startsWith('-0b')) {
      const b = parseBinary('-' + plain.slice(3), true);
      if (b !== null) return { tag: 'int', value: b };
    }
  }
  return { tag: 'str' };
}

function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0]!;
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

/** yaml.v2 encoder.stringv: the style a string is offered to the emitter with. */
function stringNode(s: string): YScalar {
  const canUsePlain = resolvePlain(s).tag === 'str' && !isBase60Float(s);
  const style: Style = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
  return { t: 'scalar', value: s, style };
}

const plainNode = (s: string): YScalar => ({ t: 'scalar', value: s, style: 'plain' });

// ---------------------------------------------------------------------------------------------
// yaml.v2's key order (sorter.go): letters before other characters, digit runs compared as numbers.

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const isLetter = (c: number): boolean =>
  c < 0x80
    ? (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
    : LETTER.test(String.fromCodePoint(c));
const isDigit = (c: number): boolean =>
  c < 0x80 ? c >= 0x30 && c <= 0x39 : DIGIT.test(String.fromCodePoint(c));
/** Anything but printable ASCII, tab and line breaks takes the general (code point) path. */
const NON_ASCII = /[^ -~\t\n\r]/;

/** A key's code points; for ASCII, its code units (the same numbers, cheaper to get). */
function keyChars(s: string): ArrayLike<number> & { length: number } {
  if (NON_ASCII.test(s)) return cpsOf(s);
  const out = new Uint16Array(s.length);
  for (let k = 0; k < s.length; k++) out[k] = s.charCodeAt(k);
  return out;
}

function keyLess(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const al = isLetter(x);
    const bl = isLetter(y);
    if (al && bl) return x < y;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (x === 0x30 || y === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(a[j]!); j--) {
        if (a[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < a.length && isDigit(a[ai]!); ai++)
      an = BigInt.asIntN(64, an * 10n + BigInt(a[ai]! - 0x30));
    let bi = i;
    for (; bi < b.length && isDigit(b[bi]!); bi++)
      bn = BigInt.asIntN(64, bn * 10n + BigInt(b[bi]! - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return x < y;
  }
  return a.length < b.length;
}

// ---------------------------------------------------------------------------------------------
// GoValue -> nodes, following JSON -> yaml.v2 decode -> yaml.v2 encode.

/** Characters Go's JSON encoder writes raw but yaml.v2's reader rejects. */
const FORBIDDEN_RAW = /[\x7f-\x84\x86-\x9f\ufffe\uffff]/;
const hasForbiddenRaw = (s: string): boolean => FORBIDDEN_RAW.test(s);

function floatNode(f: number): YScalar {
  // The JSON text of the float is what yaml.v2 reads back: integral floats come back as ints.
  const text = goJsonFloat(f);
  const r = resolvePlain(text);
  if (r.tag === 'int') return plainNode(r.value.toString());
  return plainNode(formatFloatG(f));
}

/**
 * yaml.v2 reads the JSON text as YAML, and in a double-quoted scalar a raw line break folds:
 * NEL (U+0085, the one break Go's JSON encoder leaves unescaped) and the spaces around it
 * become one space, or n-1 newlines for a run of n breaks.
 */
function foldRawBreaks(s: string): string {
  if (!s.includes('\u0085')) return s;
  return s.replace(/ *\u0085[ \u0085]*/g, (run) => {
    const breaks = run.split('\u0085').length - 1;
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  });
}

function toNode(v: GoValue): YNode {
  if (v === null) return plainNode('null');
  if (typeof v === 'boolean') return plainNode(v ? 'true' : 'false');
  if (typeof v === 'bigint') return plainNode(v.toString());
  if (typeof v === 'number') return floatNode(v);
  if (typeof v === 'string') {
    if (hasForbiddenRaw(v)) throw new YamlControlCharacterError();
    return stringNode(foldRawBreaks(v));
  }
  if (Array.isArray(v)) return { t: 'seq', items: v.map(toNode) };
  const keys = [...v.keys()];
  for (const k of keys) if (hasForbiddenRaw(k)) throw new YamlControlCharacterError();
  // Keys are folded before sorting: yaml.v2 sorts what it read back.
  const withCps = keys.map((k) => {
    const folded = foldRawBreaks(k);
    return { k, folded, chars: keyChars(folded) };
  });
  // Map keys are distinct, so "not less" means "greater".
  withCps.sort((p, q) => (keyLess(p.chars, q.chars) ? -1 : 1));
  return {
    t: 'map',
    entries: withCps.map(
      ({ k, folded }) => [stringNode(folded), toNode(v.get(k) as GoValue)] as [YScalar, YNode],
    ),
  };
}

/** A scanner error yaml.v2 reports while reading kubectl's JSON back (with its line number). */
export class YamlScanError extends Error {
  constructor(line: number, problem: string) {
    super(`yaml: line ${line}: ${problem}`);
    this.name = 'YamlScanError';
  }
}

/**
 * In the JSON text a raw NEL starts a new YAML line, and a quoted scalar may not continue
 * there with a document marker (`---` or `...` then a blank). Walks strings in JSON order,
 * counting NELs for the line number yaml.v2 reports.
 */
function checkDocumentIndicators(v: GoValue): void {
  let breaks = 0;
  const scan = (s: string): void => {
    for (let i = s.indexOf('\u0085'); i >= 0; i = s.indexOf('\u0085', i + 1)) {
      breaks++;
      if (/^(---|\.\.\.)[ \u0085]/.test(s.slice(i + 1, i + 5))) {
        throw new YamlScanError(breaks + 1, 'found unexpected document indicator');
      }
    }
  };
  const walk = (x: GoValue): void => {
    if (typeof x === 'string') scan(x);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x instanceof Map) {
      for (const k of sortedKeys(x)) {
        scan(k);
        walk(x.get(k) as GoValue);
      }
    }
  };
  walk(v);
}

/**
 * The bytes kubectl's YAML printer writes for `v` (a decoded object). Throws
 * YamlControlCharacterError or YamlScanError where kubectl fails instead.
 */
export function toKubectlYaml(v: GoValue): string {
  const root = toNode(v);
  checkDocumentIndicators(v);
  const e = new Emitter();
  e.emitNode(root, false, false);
  // Implicit document end: finish the last line.
  e.writeIndent();
  return e.result();
}
