// The human-readable printer on literal server Tables: columns, decorations, cells and the no-Table fallback.
import { describe, expect, it } from 'vitest';
import { parseGoJson } from '../go/decode.js';
import type { PrintOptions } from './table.js';
import { decodeTable, escapeTerminal, formatLabels, HumanReadablePrinter } from './table.js';
import { TabWriter } from './tabwriter.js';

const POD_COLUMNS = [
  { name: 'Name', type: 'string', format: 'name', description: 'name', priority: 0 },
  { name: 'Ready', type: 'string', format: '', description: 'ready', priority: 0 },
  { name: 'Restarts', type: 'integer', format: '', description: 'restarts', priority: 0 },
  { name: 'Age', type: 'string', format: '', description: 'age', priority: 0 },
  { name: 'IP', type: 'string', format: '', description: 'ip', priority: 1 },
];

function podRow(
  name: string,
  ns: string,
  labels: Record<string, string> | null,
  cells: unknown[],
): unknown {
  return {
    cells: [name, ...cells],
    object: {
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
    },
  };
}

function table(rows: unknown[], columns: unknown[] = POD_COLUMNS): string {
  return JSON.stringify({
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: columns,
    rows,
  });
}

const WEB = podRow('web-1', 'default', { app: 'web', tier: 'front' }, ['1/1', 0, '3d', '10.0.0.1']);
const DB = podRow('db-0', 'shop', null, ['0/1', 12, '5m', null]);

const BASE: PrintOptions = {
  noHeaders: false,
  wide: false,
  withNamespace: false,
  withKind: false,
  kind: { group: '', kind: 'Pod' },
  showLabels: false,
};

function print(tables: string[], opts: Partial<PrintOptions> = {}, now = 0): string {
  let out = '';
  const w = new TabWriter((s) => {
    out += s;
  });
  const p = new HumanReadablePrinter({ ...BASE, ...opts }, () => now);
  for (const t of tables) p.printObj(parseGoJson(t), w);
  w.flush();
  return out;
}

describe('HumanReadablePrinter with server Tables', () => {
  it.each<[string, Partial<PrintOptions>, string]>([
    [
      'default columns',
      {},
      'NAME    READY   RESTARTS   AGE\nweb-1   1/1     0          3d\ndb-0    0/1     12         5m\n',
    ],
    [
      'wide adds priority columns',
      { wide: true },
      'NAME    READY   RESTARTS   AGE   IP\nweb-1   1/1     0          3d    10.0.0.1\ndb-0    0/1     12         5m    \n',
    ],
    [
      'namespace column first',
      { withNamespace: true },
      'NAMESPACE   NAME    READY   RESTARTS   AGE\ndefault     web-1   1/1     0          3d\nshop        db-0    0/1     12         5m\n',
    ],
    [
      'labels column last',
      { showLabels: true },
      'NAME    READY   RESTARTS   AGE   LABELS\nweb-1   1/1     0          3d    app=web,tier=front\ndb-0    0/1     12         5m    <none>\n',
    ],
    [
      'kind prefix',
      { withKind: true },
      'NAME        READY   RESTARTS   AGE\npod/web-1   1/1     0          3d\npod/db-0    0/1     12         5m\n',
    ],
    [
      'kind prefix with a group',
      { withKind: true, kind: { group: 'apps', kind: 'Deployment' } },
      'NAME                    READY   RESTARTS   AGE\ndeployment.apps/web-1   1/1     0          3d\ndeployment.apps/db-0    0/1     12         5m\n',
    ],
    ['no headers', { noHeaders: true }, 'web-1   1/1   0     3d\ndb-0    0/1   12    5m\n'],
  ])('%s', (_name, opts, want) => {
    expect(print([table([WEB, DB])], opts)).toBe(want);
  });

  it('prints nothing at all for an empty table', () => {
    expect(print([table([])])).toBe('');
    expect(print([table([])], { noHeaders: true })).toBe('');
  });

  it('continues a second table with the same columns without another header', () => {
    expect(print([table([WEB]), table([DB])])).toBe(
      'NAME    READY   RESTARTS   AGE\nweb-1   1/1     0          3d\ndb-0    0/1     12         5m\n',
    );
  });

  it('prints a header for a table that follows an empty one', () => {
    expect(print([table([]), table([DB])])).toBe(
      'NAME   READY   RESTARTS   AGE\ndb-0   0/1     12         5m\n',
    );
  });

  it('formats cells like kubectl: first line only, terminal escapes defused, Go values', () => {
    const cols = [
      { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
      { name: 'Message', type: 'string', format: '', description: '', priority: 0 },
      { name: 'N', type: 'number', format: '', description: '', priority: 0 },
      { name: 'B', type: 'boolean', format: '', description: '', priority: 0 },
    ];
    const rows = [
      { cells: ['a', 'first\nsecond', 1.5, true], object: null },
      { cells: ['b', 'red \u001b[31m x', 2.5e-7, false], object: null },
      { cells: ['c', null, 3, null, 'extra'], object: null },
    ];
    expect(print([table(rows, cols)])).toBe(
      'NAME   MESSAGE        N         B\n' +
        'a      first...       1.5       true\n' +
        'b      red ^[[31m x   2.5e-07   false\n' +
        'c                     3         \n',
    );
  });

  it('leaves namespace and labels empty for rows without an object', () => {
    const rows = [{ cells: ['a', '1/1', 0, '1d', ''] }];
    expect(print([table(rows)], { withNamespace: true, showLabels: true })).toBe(
      'NAMESPACE   NAME   READY   RESTARTS   AGE   LABELS\n            a      1/1     0          1d    \n',
    );
  });
});

describe('HumanReadablePrinter without a Table', () => {
  it('falls back to NAME and AGE from object metadata', () => {
    const now = Date.parse('2024-01-10T00:00:00Z');
    const obj = JSON.stringify({
      kind: 'PodList',
      apiVersion: 'v1',
      items: [
        { metadata: { name: 'a', namespace: 'x', creationTimestamp: '2024-01-09T23:59:00Z' } },
        { metadata: { name: 'b', namespace: 'y' } },
      ],
    });
    expect(print([obj], { withNamespace: true }, now)).toBe(
      'NAMESPACE   NAME   AGE\nx           a      60s\ny           b      <unknown>\n',
    );
  });

  it('does not take an object with a kindless row object for a Table', () => {
    expect(
      decodeTable(parseGoJson(table([{ cells: ['a'], object: { metadata: {} } }]))),
    ).toBeNull();
    expect(decodeTable(parseGoJson(table([WEB])))).not.toBeNull();
  });
});

describe('helpers', () => {
  it('formats labels sorted, or <none>', () => {
    const m = parseGoJson('{"b":"2","a":"1","a.io/x":"3"}');
    expect(formatLabels(m instanceof Map ? m : undefined)).toBe('a=1,a.io/x=3,b=2');
    expect(formatLabels(undefined)).toBe('<none>');
  });

  it('escapes ESC and CR', () => {
    expect(escapeTerminal('a\u001bb\rc')).toBe('a^[b\\rc');
  });
});
