// JSON as Go's encoding/json writes it: MarshalIndent with sorted keys (-o json) or a struct's field order, Go's float and string escaping.
import type { GoValue } from '../go/value.js';
import { sortedKeys } from '../go/value.js';

/** Go's encoding/json float64 text: shortest digits, exponent form below 1e-6 or from 1e21. */
export function goJsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new Error(`json: unsupported value: ${f}`);
  if (Object.is(f, -0)) return '-0';
  // JavaScript's Number#toString uses the same thresholds and shortest round-trip digits.
  return String(f);
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
