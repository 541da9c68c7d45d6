// Custom resource rows as the apiextensions apiserver prints them: NAME plus the CRD's printer columns.
import type { CustomResourceColumn, KubeObject } from '../types.js';
import { NAME_COLUMN, column } from './columns.js';
import { timestampSince } from './duration.js';
import type { Cell, Printer } from './printer.js';

/** CRDs without printer columns get an Age column, as serveDefaultColumnsIfEmpty gives them. */
export const DEFAULT_CUSTOM_COLUMNS: CustomResourceColumn[] = [
  {
    name: 'Age',
    type: 'date',
    jsonPath: '.metadata.creationTimestamp',
    description:
      'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  },
];

type Step = { key: string } | { index: number } | { filterKey: string; filterValue: string };

export class JsonPathError extends Error {
  override readonly name = 'JsonPathError';
}

/** The simple JSONPath subset CRD columns use: .a.b, [n] and [?(@.key=="value")]. */
export function parseJsonPath(path: string): Step[] {
  const steps: Step[] = [];
  const pattern =
    /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\[\?\(@\.([A-Za-z0-9_-]+)\s*==\s*["']([^"']*)["']\)\]/gy;
  let at = 0;
  while (at < path.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(path);
    if (!match) throw new JsonPathError(`unrecognized column definition "${path}"`);
    if (match[1] !== undefined) steps.push({ key: match[1] });
    else if (match[2] !== undefined) steps.push({ index: Number(match[2]) });
    else steps.push({ filterKey: match[3] ?? '', filterValue: match[4] ?? '' });
    at = pattern.lastIndex;
  }
  return steps;
}

export function evaluateJsonPath(steps: Step[], value: unknown): unknown {
  let current: unknown = value;
  for (const step of steps) {
    if (current === null || current === undefined) return undefined;
    if ('key' in step) {
      current =
        typeof current === 'object' ? (current as Record<string, unknown>)[step.key] : undefined;
    } else if ('index' in step) {
      current = Array.isArray(current) ? current[step.index] : undefined;
    } else {
      current = Array.isArray(current)
        ? current.find(
            (item) =>
              item !== null &&
              typeof item === 'object' &&
              String((item as Record<string, unknown>)[step.filterKey]) === step.filterValue,
          )
        : undefined;
    }
  }
  return current;
}

/** cellForJSONValue: typed cells, null when the value is missing or of the wrong type. */
function cell(type: string, value: unknown, now: Date): Cell {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'string':
      // Scalars print as their text and objects as JSON, like the JSONPath printer.
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return JSON.stringify(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      if (typeof value !== 'string') return null;
      return Number.isNaN(Date.parse(value)) ? '<invalid>' : timestampSince(value, now);
    default:
      return null;
  }
}

export function customResourcePrinter(columns: CustomResourceColumn[]): Printer {
  const effective = columns.length > 0 ? columns : DEFAULT_CUSTOM_COLUMNS;
  const paths = effective.map((c) => parseJsonPath(c.jsonPath));
  return {
    columns: [
      NAME_COLUMN,
      ...effective.map((c) =>
        column(
          c.name,
          c.type,
          c.description ?? `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
          c.priority ?? 0,
          c.format ?? '',
        ),
      ),
    ],
    cells(object: KubeObject, now: Date): Cell[] {
      const cells = effective.map((c, i) =>
        cell(c.type, evaluateJsonPath(paths[i] ?? [], object), now),
      );
      return [object.metadata.name, ...cells];
    },
  };
}
