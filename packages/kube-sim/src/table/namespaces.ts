// Namespace rows as the apiserver prints them (printNamespace).
import type { KubeObject, Namespace } from '../types.js';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns.js';
import { timestampSince } from './duration.js';
import type { Cell, Printer } from './printer.js';

export const namespaceColumns = [
  NAME_COLUMN,
  column('Status', 'string', 'The status of the namespace'),
  AGE_COLUMN,
];

function namespaceCells(object: KubeObject, now: Date): Cell[] {
  const ns = object as Namespace;
  return [
    ns.metadata.name,
    ns.status?.phase ?? '',
    timestampSince(ns.metadata.creationTimestamp, now),
  ];
}

export const namespacePrinter: Printer = { columns: namespaceColumns, cells: namespaceCells };
