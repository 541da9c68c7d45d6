// The apiserver's default table for kinds without a printer: NAME and CREATED AT (RFC 3339, UTC).
import type { KubeObject } from '../types.js';
import { CREATED_AT_COLUMN, NAME_COLUMN } from './columns.js';
import type { Cell, Printer } from './printer.js';

/** metav1.Time in RFC 3339 at whole seconds, UTC; Go's zero time when unset. */
export function rfc3339(timestamp: string | null | undefined): string {
  const at = timestamp ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(at)) return '0001-01-01T00:00:00Z';
  return `${new Date(at).toISOString().slice(0, 19)}Z`;
}

function defaultCells(object: KubeObject): Cell[] {
  return [object.metadata.name, rfc3339(object.metadata.creationTimestamp)];
}

export const defaultPrinter: Printer = {
  columns: [NAME_COLUMN, CREATED_AT_COLUMN],
  cells: defaultCells,
};
