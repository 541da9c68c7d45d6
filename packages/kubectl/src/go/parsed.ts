// A JSON body decoded once: what JSON.parse returned (and redaction went over) turned into the
// GoValue parseGoJson would have made of the same text, without reading the text a second time.

import type { GoMap, GoValue } from './value.js';

/** parseGoJson refuses deeper nesting; past it the text is decoded again, to fail the same way. */
const MAX_DEPTH = 10_000;

/** Thrown inside the walk: the value holds something the two decoders could disagree on. */
class Differs extends Error {}

/**
 * The GoValue that parseGoJson(JSON.stringify(value)) returns, or null where the two could
 * differ (the caller then decodes the text). `value` comes from JSON.parse of a text whose
 * every number is an integer literal of at most 15 digits (`integers`: scanNumbers says so);
 * the walk itself refuses anything else: a non-integer, a key that JavaScript objects reorder
 * (one starting with a digit), an object that is not plain, nesting parseGoJson refuses or
 * deeper than the stack allows.
 */
export function goValueOfParsed(value: unknown, integers: boolean): GoValue | null {
  if (!integers) return null;
  try {
    return walk(value, 0);
  } catch (err) {
    // Nesting deeper than the stack: parseGoJson reports that as it always has.
    if (err instanceof Differs || err instanceof RangeError) return null;
    throw err;
  }
}

function walk(v: unknown, depth: number): GoValue {
  if (typeof v === 'string') return v.isWellFormed() ? v : v.toWellFormed();
  // An integer literal within 15 digits: exact as a double, and an int64 to Go.
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Differs();
    return BigInt(v);
  }
  if (v === null || typeof v === 'boolean') return v;
  if (depth >= MAX_DEPTH) throw new Differs();
  if (Array.isArray(v)) {
    const out: GoValue[] = new Array<GoValue>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = walk(v[i], depth + 1);
    return out;
  }
  if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) throw new Differs();
  const m: GoMap = new Map();
  const obj = v as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    // An integer-like key is listed first by JavaScript, not where the text had it.
    const c = key.charCodeAt(0);
    if (c >= 0x30 && c <= 0x39) throw new Differs();
    m.set(key.isWellFormed() ? key : key.toWellFormed(), walk(obj[key], depth + 1));
  }
  return m;
}
