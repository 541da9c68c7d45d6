// Reading decoded API objects the way kubectl's typed structs see them: absent fields read as Go zero values.
import { sprintGo } from './fmt.js';
import type { GoMap, GoValue } from './value.js';
import { compareUtf8, isGoMap } from './value.js';

type Path = readonly (string | number)[];

export function at(v: GoValue | undefined, ...path: Path): GoValue | undefined {
  let cur: GoValue | undefined = v;
  for (const p of path) {
    if (typeof p === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[p];
    } else {
      if (!isGoMap(cur)) return undefined;
      cur = cur.get(p);
    }
  }
  return cur;
}

/** A string field ('' when absent: Go's zero value). */
export function str(v: GoValue | undefined, ...path: Path): string {
  const x = at(v, ...path);
  return typeof x === 'string' ? x : '';
}

/** An integer field (0 when absent). */
export function int(v: GoValue | undefined, ...path: Path): number {
  const x = at(v, ...path);
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'number') return Math.trunc(x);
  return 0;
}

export function bool(v: GoValue | undefined, ...path: Path): boolean {
  return at(v, ...path) === true;
}

/** A pointer field is set: present and not null. */
export function has(v: GoValue | undefined, ...path: Path): boolean {
  const x = at(v, ...path);
  return x !== undefined && x !== null;
}

export function map(v: GoValue | undefined, ...path: Path): GoMap | undefined {
  const x = at(v, ...path);
  return isGoMap(x) ? x : undefined;
}

export function list(v: GoValue | undefined, ...path: Path): GoValue[] {
  const x = at(v, ...path);
  return Array.isArray(x) ? x : [];
}

export function maps(v: GoValue | undefined, ...path: Path): GoMap[] {
  return list(v, ...path).filter(isGoMap);
}

export function strings(v: GoValue | undefined, ...path: Path): string[] {
  return list(v, ...path).map((x) => (typeof x === 'string' ? x : ''));
}

/** A map[string]string as sorted entries (Go prints maps sorted by key). */
export function stringMap(v: GoValue | undefined, ...path: Path): Array<[string, string]> {
  const m = map(v, ...path);
  if (!m) return [];
  return [...m.keys()]
    .sort(compareUtf8)
    .map((k) => [k, typeof m.get(k) === 'string' ? (m.get(k) as string) : ''] as [string, string]);
}

/** fmt's %v of any decoded value. */
export const goValue = (v: GoValue | undefined): string =>
  v === undefined ? '<nil>' : sprintGo(v);

/** An IntOrString field as its String(): the number or the text. */
export function intOrString(v: GoValue | undefined, ...path: Path): string {
  const x = at(v, ...path);
  if (typeof x === 'bigint') return x.toString();
  if (typeof x === 'number') return String(Math.trunc(x));
  if (typeof x === 'string') return x;
  return '0';
}

/** metav1.GetControllerOf: the owner reference marked controller. */
export function controllerOf(obj: GoValue | undefined): GoMap | undefined {
  return maps(obj, 'metadata', 'ownerReferences').find((r) => r.get('controller') === true);
}
