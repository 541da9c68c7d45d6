// Go-compatible JSON: decoding the way apimachinery's unstructured decoder does, encoding the way encoding/json does.

/**
 * A decoded JSON value with Go's distinctions kept: integers that fit int64 are `bigint`
 * (Go's int64), every other number is a `number` (Go's float64), objects are `Map`s so any
 * key (even `__proto__`) is safe and insertion order never leaks into output.
 */
export type GoValue = null | boolean | string | bigint | number | GoValue[] | GoMap;
export type GoMap = Map<string, GoValue>;

export function isGoMap(v: GoValue | undefined): v is GoMap {
  return v instanceof Map;
}

export class JsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;

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

/** Go's encoding/json float64 text: shortest digits, exponent form below 1e-6 or from 1e21. */
export function goJsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new Error(`json: unsupported value: ${f}`);
  if (Object.is(f, -0)) return '-0';
  // JavaScript's Number#toString uses the same thresholds and shortest round-trip digits.
  return String(f);
}

/** Compares strings by their UTF-8 bytes, the order Go sorts map keys in. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const x = a.charCodeAt(k);
    const y = b.charCodeAt(k);
    if (x === y) continue;
    // Surrogates (astral code points) encode above every BMP character in UTF-8.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

export function sortedKeys(m: GoMap): string[] {
  return [...m.keys()].sort(compareUtf8);
}

const HEX = '0123456789abcdef';

/** A JSON string literal as Go writes it with HTML escaping on (its default). */
export function goJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    let esc: string | null = null;
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26) {
      switch (c) {
        case 0x22:
          esc = '\\"';
          break;
        case 0x5c:
          esc = '\\\\';
          break;
        case 0x08:
          esc = '\\b';
          break;
        case 0x0c:
          esc = '\\f';
          break;
        case 0x0a:
          esc = '\\n';
          break;
        case 0x0d:
          esc = '\\r';
          break;
        case 0x09:
          esc = '\\t';
          break;
        default:
          esc = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
      }
    } else if (c === 0x2028 || c === 0x2029) {
      esc = c === 0x2028 ? '\\u2028' : '\\u2029';
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const pairOk =
        c <= 0xdbff &&
        k + 1 < s.length &&
        s.charCodeAt(k + 1) >= 0xdc00 &&
        s.charCodeAt(k + 1) <= 0xdfff;
      if (pairOk) {
        k++;
        continue;
      }
      esc = '\\ufffd'; // invalid UTF-8 in Go
    }
    if (esc !== null) {
      out += s.slice(start, k) + esc;
      start = k + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** Go's json.MarshalIndent(v, "", "    ") followed by the newline kubectl's JSON printer adds. */
export function marshalIndentGo(v: GoValue): string {
  const parts: string[] = [];
  const write = (x: GoValue, indent: string): void => {
    if (x === null) parts.push('null');
    else if (typeof x === 'boolean') parts.push(x ? 'true' : 'false');
    else if (typeof x === 'bigint') parts.push(x.toString());
    else if (typeof x === 'number') parts.push(goJsonFloat(x));
    else if (typeof x === 'string') parts.push(goJsonString(x));
    else if (Array.isArray(x)) {
      if (x.length === 0) {
        parts.push('[]');
        return;
      }
      const inner = indent + '    ';
      parts.push('[\n');
      x.forEach((item, idx) => {
        parts.push(inner);
        write(item, inner);
        parts.push(idx === x.length - 1 ? '\n' : ',\n');
      });
      parts.push(indent + ']');
    } else {
      if (x.size === 0) {
        parts.push('{}');
        return;
      }
      const inner = indent + '    ';
      const keys = sortedKeys(x);
      parts.push('{\n');
      keys.forEach((k, idx) => {
        parts.push(inner + goJsonString(k) + ': ');
        write(x.get(k) as GoValue, inner);
        parts.push(idx === keys.length - 1 ? '\n' : ',\n');
      });
      parts.push(indent + '}');
    }
  };
  write(v, '');
  parts.push('\n');
  return parts.join('');
}

/** Builds a GoMap from plain entries (handy for wrappers kubectl synthesizes). */
export function goMap(entries: Array<[string, GoValue]>): GoMap {
  return new Map(entries);
}

/** Deep copy, so printers can drop fields without touching the caller's objects. */
export function cloneGo(v: GoValue): GoValue {
  if (Array.isArray(v)) return v.map(cloneGo);
  if (v instanceof Map) {
    const m: GoMap = new Map();
    for (const [k, x] of v) m.set(k, cloneGo(x));
    return m;
  }
  return v;
}

/** Reads a nested string field, or '' when absent or not a string (unstructured accessors do the same). */
export function nestedString(v: GoValue | undefined, ...path: string[]): string {
  let cur: GoValue | undefined = v;
  for (const p of path) {
    if (!(cur instanceof Map)) return '';
    cur = cur.get(p);
  }
  return typeof cur === 'string' ? cur : '';
}

export function nestedMap(v: GoValue | undefined, ...path: string[]): GoMap | undefined {
  let cur: GoValue | undefined = v;
  for (const p of path) {
    if (!(cur instanceof Map)) return undefined;
    cur = cur.get(p);
  }
  return cur instanceof Map ? cur : undefined;
}

/**
 * json.MarshalIndent of a typed Go struct: keys in the map's insertion order (the struct's
 * field order), `indent` per level, no trailing newline.
 */
export function marshalIndentOrdered(v: GoValue, indent = '    '): string {
  const parts: string[] = [];
  const write = (x: GoValue, cur: string): void => {
    if (x === null) parts.push('null');
    else if (typeof x === 'boolean') parts.push(x ? 'true' : 'false');
    else if (typeof x === 'bigint') parts.push(x.toString());
    else if (typeof x === 'number') parts.push(goJsonFloat(x));
    else if (typeof x === 'string') parts.push(goJsonString(x));
    else if (Array.isArray(x)) {
      if (x.length === 0) {
        parts.push('[]');
        return;
      }
      const inner = cur + indent;
      parts.push('[\n');
      x.forEach((item, idx) => {
        parts.push(inner);
        write(item, inner);
        parts.push(idx === x.length - 1 ? '\n' : ',\n');
      });
      parts.push(cur + ']');
    } else {
      if (x.size === 0) {
        parts.push('{}');
        return;
      }
      const inner = cur + indent;
      const keys = [...x.keys()];
      parts.push('{\n');
      keys.forEach((k, idx) => {
        parts.push(inner + goJsonString(k) + ': ');
        write(x.get(k) as GoValue, inner);
        parts.push(idx === keys.length - 1 ? '\n' : ',\n');
      });
      parts.push(cur + '}');
    }
  };
  write(v, '');
  return parts.join('');
}
