// PodMetrics and NodeMetrics rows as metrics-server prints them: summed usage per resource and the window.
import { addQuantities, formatQuantity, parseQuantity } from '../quantity.js';
import type { KubeObject, NodeMetrics, PodMetrics } from '../types.js';
import { NAME_COLUMN, column } from './columns.js';
import type { Cell, Printer } from './printer.js';

function usageCells(usages: Record<string, string>[]): string[] {
  return ['cpu', 'memory'].map((resource) =>
    formatQuantity(
      addQuantities(
        usages.flatMap((u) => (u[resource] !== undefined ? [parseQuantity(u[resource])] : [])),
      ),
    ),
  );
}

const columns = [
  NAME_COLUMN,
  column('CPU', 'string', 'The CPU usage summed over the containers.', 0, 'quantity'),
  column('Memory', 'string', 'The memory usage summed over the containers.', 0, 'quantity'),
  column('Window', 'string', 'The interval the usage was measured over.', 0, 'duration'),
];

export const podMetricsPrinter: Printer = {
  columns,
  cells(object: KubeObject): Cell[] {
    const metrics = object as PodMetrics;
    const usages = (metrics.containers ?? []).map((c) => c.usage);
    return [metrics.metadata.name, ...usageCells(usages), metrics.window ?? ''];
  },
};

export const nodeMetricsPrinter: Printer = {
  columns,
  cells(object: KubeObject): Cell[] {
    const metrics = object as NodeMetrics;
    return [metrics.metadata.name, ...usageCells([metrics.usage ?? {}]), metrics.window ?? ''];
  },
};
