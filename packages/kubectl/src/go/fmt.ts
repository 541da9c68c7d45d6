// Go's default text for values: strconv.FormatFloat(f, 'g', -1, 64) and fmt's %v, as kubectl's printers use them.
import type { GoValue } from './value.js';
import { compareUtf8 } from './value.js';

/** strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form when the exponent is below -4 or at least 6. */
export function formatFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const sign = f < 0 ? '-' : '';
  // toExponential() without an argument yields the shortest digits that round-trip, like Go.
  const [mant = '', expText = '0'] = Math.abs(f).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  // With shortest formatting Go decides on precision 6: exponent form below 1e-4 or from 1e6.
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? '.' + digits.slice(1) : '';
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${digits[0] ?? '0'}${frac}e${exp < 0 ? '-' : '+'}${e}`;
  }
  const dp = exp + 1;
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= digits.length) return sign + digits + '0'.repeat(dp - digits.length);
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}

/** fmt.Sprint(v) for a value decoded from JSON into interface{} (maps print as map[k:v ...], sorted). */
export function sprintGo(v: GoValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return formatFloatG(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return '[' + v.map(sprintGo).join(' ') + ']';
  const keys = [...v.keys()].sort(compareUtf8);
  return 'map[' + keys.map((k) => `${k}:${sprintGo(v.get(k) as GoValue)}`).join(' ') + ']';
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** strconv.Quote (fmt's %q for strings): printable characters kept, others escaped Go-style. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\v') out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}
