// The Go value model: JSON as apimachinery's unstructured decoder holds it (int64 apart from float64, maps), read and ordered as Go does.

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
