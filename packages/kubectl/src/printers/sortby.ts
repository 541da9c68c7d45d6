// get --sort-by: kubectl's relaxed JSONPath field, read from each object, compared as kubectl's sorter compares.
import { goSort } from '../go/sort.js';
import { QuantityError, cmp, parseQuantity } from '../go/quantity.js';
import type { GoMap, GoValue } from '../go/value.js';
import { compareUtf8, isGoMap } from '../go/value.js';

export class SortError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SortError';
  }
}

/** RelaxedJSONPathExpression: `metadata.name`, `.metadata.name`, `{metadata.name}` → `{.metadata.name}`. */
export function relaxedPath(expr: string): string {
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expr);
  if (!m)
    throw new SortError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  return `{.${m[1] ?? m[2] ?? ''}}`;
}

/** The segments of a relaxed path: field names, each optionally indexed (`containers[0]`). */
function segments(relaxed: string): Array<{ field: string; index: number | null }> {
  return relaxed
    .slice(2, -1)
    .split('.')
    .map((s) => {
      const m = /^([^[\]]+)(?:\[(\d+)\])?$/.exec(s);
      if (!m) throw new SortError(`sorting error: unrecognized field path ${relaxed}`);
      return { field: m[1] as string, index: m[2] === undefined ? null : Number(m[2]) };
    });
}

/** The first JSONPath result (AllowMissingKeys): undefined when the path leads nowhere. */
export function fieldValue(obj: GoValue | undefined, relaxed: string): GoValue | undefined {
  let cur: GoValue | undefined = obj;
  for (const s of segments(relaxed)) {
    if (!isGoMap(cur) || !cur.has(s.field)) return undefined;
    cur = cur.get(s.field);
    if (s.index !== null) {
      if (!Array.isArray(cur) || s.index >= cur.length) return undefined;
      cur = cur[s.index];
    }
  }
  return cur;
}

function asQuantity(s: string): ReturnType<typeof parseQuantity> | null {
  try {
    return parseQuantity(s);
  } catch (err) {
    if (err instanceof QuantityError) return null;
    throw err;
  }
}

/** isLess for values decoded from JSON; missing values sort first, as kubectl's Less does. */
function less(field: string, a: GoValue | undefined, b: GoValue | undefined): boolean {
  if (a === undefined) return true;
  if (b === undefined) return false;
  if (a === null && b === null) return false;
  if (a === null) return true;
  if (b === null) return false;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b;
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = asQuantity(a);
    const qb = asQuantity(b);
    if (qa !== null && qb !== null) return cmp(qa, qb) < 0;
    return compareUtf8(a, b) < 0;
  }
  throw new SortError(`Field ${field} is an unsortable type`);
}

/** The "no object has this field" check kubectl makes before sorting. */
function requireField(values: Array<GoValue | undefined>, field: string): void {
  if (values.length > 0 && values.every((v) => v === undefined))
    throw new SortError(`couldn't find any field with path "${field}" in the list of objects`);
}

/** SortObjects: objects reordered by `sortBy` (sort.Sort, so ties land where Go puts them). */
export function sortObjects<T>(
  items: T[],
  objectOf: (t: T) => GoValue | undefined,
  sortBy: string,
): T[] {
  const field = relaxedPath(sortBy);
  const keyed = items.map((item) => ({ item, value: fieldValue(objectOf(item), field) }));
  requireField(
    keyed.map((k) => k.value),
    field,
  );
  goSort(keyed, (a, b) => less(field, a.value, b.value));
  return keyed.map((k) => k.item);
}

/** TableSorter: the rows of a server-side Table (objects included) reordered in place. */
export function sortTableRows(table: GoMap, sortBy: string): void {
  const rows = table.get('rows');
  if (!Array.isArray(rows) || rows.length === 0) return;
  const sorted = sortObjects(rows, (row) => (isGoMap(row) ? row.get('object') : undefined), sortBy);
  rows.splice(0, rows.length, ...sorted);
}
