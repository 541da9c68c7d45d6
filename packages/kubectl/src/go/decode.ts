// Decoding JSON the way apimachinery's unstructured decoder does: int64 integers as bigint, other numbers as float64, Go's escapes.
import type { GoValue, GoMap } from './value.js';

export class JsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
/** Characters a string holds as they are (sticky: matches from lastIndex, possibly nothing). */
// eslint-disable-next-line no-control-regex -- control characters end the run: Go refuses them
const PLAIN = /[^"\\\u0000-\u001f]*/y;

/**
 * Parses JSON text as apimachinery's unstructured decoder does: integer literals within int64
 * become `bigint`, other numbers float64, lone surrogate escapes become U+FFFD (as Go does).
 */
export function parseGoJson(text: string): GoValue {
  let i = 0;
  const n = text.length;

  const fail = (what: string): never => {
    throw new JsonSyntaxError(`invalid JSON at offset ${i}: ${what}`);
  };
  const skipWs = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const hex4 = (at: number): number => {
    const h = text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('bad \\u escape');
    return parseInt(h, 16);
  };

  const parseString = (): string => {
    i++; // opening quote
    let out = '';
    let start = i;
    for (;;) {
      // The run up to the next quote, backslash or control character, in one step.
      PLAIN.lastIndex = i;
      PLAIN.test(text);
      i = PLAIN.lastIndex;
      if (i >= n) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c < 0x20) fail('control character in string');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(start, i);
      const e = text[i + 1];
      i += 2;
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const cu = hex4(i);
          i += 4;
          if (cu >= 0xd800 && cu <= 0xdbff && text[i] === '\\' && text[i + 1] === 'u') {
            const lo = hex4(i + 2);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
              out += String.fromCharCode(cu, lo);
              i += 6;
              break;
            }
          }
          // Go replaces an unpaired surrogate with U+FFFD.
          out += cu >= 0xd800 && cu <= 0xdfff ? '\ufffd' : String.fromCharCode(cu);
          break;
        }
        default:
          fail('bad escape');
      }
      start = i;
    }
  };

  const parseNumber = (): GoValue => {
    NUMBER_RE.lastIndex = i;
    const m = NUMBER_RE.exec(text);
    if (!m) return fail('bad number');
    const lit = m[0];
    i += lit.length;
    if (!/[.eE]/.test(lit)) {
      const b = BigInt(lit);
      if (b >= INT64_MIN && b <= INT64_MAX) return b;
    }
    return Number(lit);
  };

  const parseValue = (depth: number): GoValue => {
    if (depth > 10000) fail('nesting too deep');
    skipWs();
    if (i >= n) fail('unexpected end');
    const c = text[i];
    if (c === '{') {
      i++;
      const m: GoMap = new Map();
      skipWs();
      if (text[i] === '}') {
        i++;
        return m;
      }
      for (;;) {
        skipWs();
        if (text[i] !== '"') fail('expected object key');
        const k = parseString();
        skipWs();
        if (text[i] !== ':') fail('expected colon');
        i++;
        m.set(k, parseValue(depth + 1));
        skipWs();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return m;
        }
        fail('expected , or }');
      }
    }
    if (c === '[') {
      i++;
      const a: GoValue[] = [];
      skipWs();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(parseValue(depth + 1));
        skipWs();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return a;
        }
        fail('expected , or ]');
      }
    }
    if (c === '"') return parseString();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    return parseNumber();
  };

  const v = parseValue(0);
  skipWs();
  if (i !== n) fail('trailing data');
  return v;
}
