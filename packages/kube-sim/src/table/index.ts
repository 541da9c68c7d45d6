// Builds a meta.k8s.io Table for a list or a single object, with the row objects includeObject asks for.
import type { KubeObject } from '../types.js';
import type { Cell, Printer, RowCondition } from './printer.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableRow {
  cells: Cell[];
  conditions?: RowCondition[];
  object?: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: Printer['columns'];
  rows: TableRow[];
}

export interface TableOptions {
  now: Date;
  /** meta.k8s.io/v1 or meta.k8s.io/v1beta1, whichever the client accepted first. */
  apiVersion: string;
  includeObject: IncludeObject;
  metadata: Table['metadata'];
  /** How row objects are rendered (a resource's present()), identity by default. */
  present?: (object: KubeObject) => KubeObject;
}

export function partialObjectMetadata(object: KubeObject, apiVersion: string): unknown {
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: object.metadata };
}

export function buildTable(printer: Printer, objects: KubeObject[], options: TableOptions): Table {
  const rows = objects.map((object): TableRow => {
    const row: TableRow = { cells: printer.cells(object, options.now) };
    const conditions = printer.conditions?.(object);
    if (conditions) row.conditions = conditions;
    if (options.includeObject === 'Object') row.object = options.present?.(object) ?? object;
    else if (options.includeObject === 'Metadata')
      row.object = partialObjectMetadata(object, options.apiVersion);
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: options.apiVersion,
    metadata: options.metadata,
    columnDefinitions: printer.columns,
    rows,
  };
}
