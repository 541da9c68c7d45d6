// What one kind's table printer provides: its column definitions and the cells of one row.
import type { KubeObject } from '../types.js';
import type { ColumnDefinition } from './columns.js';

/** A table cell; null is a missing value (custom resource columns). */
export type Cell = string | number | boolean | null;

export interface RowCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

export interface Printer {
  columns: ColumnDefinition[];
  /** All cells, wide ones included: the apiserver always prints wide and lets the client hide columns. */
  cells(object: KubeObject, now: Date): Cell[];
  conditions?(object: KubeObject): RowCondition[] | undefined;
}
