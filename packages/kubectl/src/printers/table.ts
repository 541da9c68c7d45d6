// kubectl's human-readable printer (cli-runtime HumanReadablePrinter): server Tables, decorated and tab-aligned.
import { sprintGo } from '../go/fmt.js';
import type { GoMap, GoValue } from '../go/value.js';
import { compareUtf8, isGoMap, nestedMap, nestedString } from '../go/value.js';
import type { TabWriter } from './tabwriter.js';
import { humanDuration } from '../go/time.js';

export interface GroupKind {
  group: string;
  kind: string;
}

/** The options kubectl's `get` derives per resource type (humanreadable_flags.go, get.go). */
export interface PrintOptions {
  noHeaders: boolean;
  wide: boolean;
  withNamespace: boolean;
  /** Prefix names with `kind[.group]/` (set when several kinds are printed in one call). */
  withKind: boolean;
  kind: GroupKind;
  showLabels: boolean;
  /** -L: label keys shown as extra columns, before LABELS. */
  columnLabels?: string[];
}

/** formatLabelHeaders: a column per label key, named after its last path segment. */
function labelHeaders(keys: readonly string[]): string[] {
  return keys.map((k) => (k.split('/').at(-1) ?? '').toUpperCase());
}

/** The label cells of a row: each -L key's value ('' when unset), then LABELS if shown. */
function labelCells(labels: GoMap | undefined, o: PrintOptions): string[] {
  const cells: string[] = [];
  const valid = labels !== undefined && [...labels.values()].every((v) => typeof v === 'string');
  for (const key of o.columnLabels ?? []) {
    const v = valid ? labels.get(key) : undefined;
    cells.push(typeof v === 'string' ? v : '');
  }
  if (o.showLabels) cells.push(formatLabels(labels));
  return cells;
}

interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

interface TableRow {
  cells: GoValue[];
  /** The row's object (PartialObjectMetadata by default), when the server sent one. */
  object: GoMap | null;
}

interface Table {
  columns: ColumnDefinition[];
  rows: TableRow[];
}

/** GroupKind.String(), lowercased: the `deployment.apps` in `deployment.apps/web`. */
export function kindPrefix(gk: GroupKind): string {
  return (gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`).toLowerCase();
}

/** labels.FormatLabels: `k=v` pairs sorted by key, comma-joined; `<none>` when empty. */
export function formatLabels(labels: GoMap | undefined): string {
  if (!labels || labels.size === 0) return '<none>';
  // unstructured's GetLabels yields nothing when any value is not a string.
  for (const v of labels.values()) if (typeof v !== 'string') return '<none>';
  return [...labels.keys()]
    .sort(compareUtf8)
    .map((k) => `${k}=${labels.get(k) as string}`)
    .join(',');
}

function objectLabels(obj: GoMap): GoMap | undefined {
  return nestedMap(obj, 'metadata', 'labels');
}

/** kubectl's terminal escaper: ESC becomes ^[ and CR becomes \r, so cells cannot drive the terminal. */
export function escapeTerminal(s: string): string {
  return s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');
}

const TABLE_API_VERSIONS = new Set(['meta.k8s.io/v1', 'meta.k8s.io/v1beta1']);

function asString(v: GoValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

function asInt(v: GoValue | undefined): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return 0;
}

/**
 * Reads a metav1.Table out of a decoded response, as kubectl's decodeIntoTable does; null when
 * the object is not a Table or cannot be read as one (kubectl then prints it as a plain object).
 */
export function decodeTable(obj: GoValue): Table | null {
  if (!isGoMap(obj)) return null;
  if (obj.get('kind') !== 'Table' || !TABLE_API_VERSIONS.has(asString(obj.get('apiVersion'))))
    return null;
  const colsRaw = obj.get('columnDefinitions') ?? null;
  const rowsRaw = obj.get('rows') ?? null;
  if (
    (colsRaw !== null && !Array.isArray(colsRaw)) ||
    (rowsRaw !== null && !Array.isArray(rowsRaw))
  )
    return null;
  const columns: ColumnDefinition[] = [];
  for (const c of colsRaw ?? []) {
    if (!isGoMap(c)) return null;
    columns.push({
      name: asString(c.get('name')),
      type: asString(c.get('type')),
      format: asString(c.get('format')),
      description: asString(c.get('description')),
      priority: asInt(c.get('priority')),
    });
  }
  const rows: TableRow[] = [];
  for (const r of rowsRaw ?? []) {
    if (!isGoMap(r)) return null;
    const cells = r.get('cells') ?? null;
    if (cells !== null && !Array.isArray(cells)) return null;
    const o = r.get('object') ?? null;
    let object: GoMap | null = null;
    if (o !== null) {
      // The row object is decoded as unstructured, which requires a kind.
      if (!isGoMap(o) || asString(o.get('kind')) === '') return null;
      object = o;
    }
    rows.push({ cells: cells ?? [], object });
  }
  return { columns, rows };
}

function sameColumns(a: ColumnDefinition[] | null, b: ColumnDefinition[]): boolean {
  if (a === null || a.length !== b.length) return false;
  return a.every(
    (c, i) =>
      c.name === b[i]!.name &&
      c.type === b[i]!.type &&
      c.format === b[i]!.format &&
      c.description === b[i]!.description &&
      c.priority === b[i]!.priority,
  );
}

/** Adds the NAMESPACE and LABELS columns and the kind prefix, as cli-runtime's decorateTable does. */
function decorateTable(table: Table, o: PrintOptions): void {
  const columnLabels = o.columnLabels ?? [];
  let width = table.columns.length + columnLabels.length;
  if (o.withNamespace) width++;
  if (o.showLabels) width++;

  let nameColumn = -1;
  if (o.withKind && o.kind.kind !== '') {
    nameColumn = table.columns.findIndex((c) => c.format === 'name' && c.type === 'string');
  }

  if (width !== table.columns.length) {
    const columns: ColumnDefinition[] = [];
    const extra = (name: string): ColumnDefinition => ({
      name,
      type: 'string',
      format: '',
      description: '',
      priority: 0,
    });
    if (o.withNamespace) columns.push(extra('Namespace'));
    columns.push(...table.columns);
    for (const h of labelHeaders(columnLabels)) columns.push(extra(h));
    if (o.showLabels) columns.push(extra('Labels'));
    table.columns = columns;
  }

  const includeLabels = columnLabels.length > 0 || o.showLabels;
  if (!(includeLabels || o.withNamespace || nameColumn !== -1)) return;
  for (const row of table.rows) {
    if (nameColumn !== -1 && nameColumn < row.cells.length) {
      const cell = row.cells[nameColumn] as GoValue;
      row.cells[nameColumn] =
        `${kindPrefix(o.kind)}/${cell === null ? '%!s(<nil>)' : sprintGo(cell)}`;
    }
    const m = row.object;
    if (m === null) {
      if (o.withNamespace) row.cells.unshift(null);
      // Go's loop re-evaluates `width-len(row.Cells)` as it appends, so it adds only about half.
      for (let j = 0; j < width - row.cells.length; j++) row.cells.push(null);
      continue;
    }
    if (o.withNamespace) row.cells.unshift(nestedString(m, 'metadata', 'namespace'));
    if (includeLabels) row.cells.push(...labelCells(objectLabels(m), o));
  }
}

function formatCell(cell: GoValue): string {
  if (typeof cell === 'string') {
    // Only the first line is shown; tabwriter would treat \f as a line break too.
    const brk = cell.search(/[\f\n\r]/);
    return brk >= 0 ? escapeTerminal(cell.slice(0, brk)) + '...' : escapeTerminal(cell);
  }
  return escapeTerminal(sprintGo(cell));
}

function printTable(table: Table, w: TabWriter, o: PrintOptions): void {
  const visible = (c: ColumnDefinition): boolean => o.wide || c.priority === 0;
  if (!o.noHeaders) {
    // No header for an empty table.
    if (table.rows.length === 0) return;
    w.write(
      table.columns
        .filter(visible)
        .map((c) => c.name.toUpperCase())
        .join('\t') + '\n',
    );
  }
  for (const row of table.rows) {
    const parts: string[] = [];
    for (let i = 0; i < row.cells.length && i < table.columns.length; i++) {
      if (!visible(table.columns[i]!)) continue;
      const cell = row.cells[i] as GoValue;
      parts.push(cell === null ? '' : formatCell(cell));
    }
    w.write(parts.join('\t') + '\n');
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function age(obj: GoMap, now: number): string {
  const ts = nestedString(obj, 'metadata', 'creationTimestamp');
  const t = RFC3339.test(ts) ? Date.parse(ts) : NaN;
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

/**
 * Prints objects of one resource type. Like kubectl's, one instance is used per type, so a
 * second Table with the same columns continues the first without a new header.
 */
export class HumanReadablePrinter {
  private lastColumns: ColumnDefinition[] | null = null;
  private printedHeaders = false;
  private printedDefaultHeader = false;

  constructor(
    private readonly options: PrintOptions,
    private readonly now: () => number,
  ) {}

  printObj(obj: GoValue, w: TabWriter): void {
    const table = decodeTable(obj);
    if (table === null) {
      this.printPlainObject(obj, w);
      return;
    }
    const local: PrintOptions = { ...this.options };
    if (
      this.printedHeaders &&
      (table.columns.length === 0 || sameColumns(this.lastColumns, table.columns))
    ) {
      local.noHeaders = true;
    }
    if (table.columns.length === 0) table.columns = this.lastColumns ?? [];
    else if (!sameColumns(this.lastColumns, table.columns)) {
      this.lastColumns = table.columns;
      this.printedHeaders = false;
    }
    if (table.rows.length > 0) this.printedHeaders = true;
    decorateTable(table, local);
    printTable(table, w, local);
  }

  /** kubectl's fallback for a server that sent no Table: NAME and AGE from the object's metadata. */
  private printPlainObject(obj: GoValue, w: TabWriter): void {
    const o = this.options;
    const objects: GoMap[] = [];
    if (isGoMap(obj)) {
      const items = obj.get('items');
      if (Array.isArray(items)) {
        for (const it of items) if (isGoMap(it)) objects.push(it);
      } else {
        objects.push(obj);
      }
    }
    if (!this.printedDefaultHeader && !o.noHeaders) {
      const headers = ['NAME', 'AGE', ...labelHeaders(o.columnLabels ?? [])];
      if (o.showLabels) headers.push('LABELS');
      if (o.withNamespace) headers.unshift('NAMESPACE');
      w.write(headers.join('\t') + '\n');
    }
    this.printedDefaultHeader = true;
    for (const item of objects) {
      let line = '';
      if (o.withNamespace) line += nestedString(item, 'metadata', 'namespace') + '\t';
      const name = nestedString(item, 'metadata', 'name');
      line += o.withKind && o.kind.kind !== '' ? `${kindPrefix(o.kind)}/${name}` : name;
      line += '\t' + age(item, this.now());
      for (const cell of labelCells(objectLabels(item), o)) line += '\t' + cell;
      w.write(line + '\n');
    }
  }
}
