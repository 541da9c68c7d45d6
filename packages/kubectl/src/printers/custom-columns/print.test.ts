// kubectl's custom-columns table: header, one row per item, <none>, comma-joined values, tabwriter alignment, errors after the header.
import { describe, expect, it } from 'vitest';
import { parseGoJson } from '../../go/decode.js';
import type { GoValue } from '../../go/value.js';
import { compileCustomColumns } from './index.js';
import type { CustomColumnsOptions } from './index.js';

const LIST =
  parseGoJson(`{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[
  {"kind":"Pod","metadata":{"name":"alpha","labels":{"b":"2","a":"1"}},
   "spec":{"containers":[{"name":"c1","image":"i1"},{"name":"c2","image":"i2"}],"n":null,"f":1e6}},
  {"kind":"Pod","metadata":{"name":"b"},"spec":{"containers":[{"name":"c3","image":"i3\\u001b[31m\\r"}]}}
]}`);

function table(spec: string, obj: GoValue = LIST, options: CustomColumnsOptions = {}) {
  const c = compileCustomColumns(spec, options);
  if (!c.ok) throw new Error(c.error);
  return c.print(obj);
}

describe('custom columns', () => {
  it('aligns a header and a row per item, with <none> for missing values', () => {
    expect(
      table('NAME:.metadata.name,IMAGES:.spec.containers[*].image,NODE:.spec.nodeName'),
    ).toEqual({
      stdout:
        'NAME    IMAGES       NODE\n' +
        'alpha   i1,i2        <none>\n' +
        'b       i3^[[31m\\r   <none>\n',
      error: null,
    });
  });

  it('prints values as fmt.Sprint does: maps, nulls, floats', () => {
    expect(table('L:.metadata.labels,N:.spec.n,F:.spec.f', LIST).stdout).toBe(
      'L              N        F\n' +
        'map[a:1 b:2]   <nil>    1e+06\n' +
        '<none>         <none>   <none>\n',
    );
  });

  it('leaves the header out with noHeaders', () => {
    expect(table('N:.metadata.name', LIST, { noHeaders: true }).stdout).toBe('alpha\nb\n');
  });

  it('prints a single object as one row, and an empty list as the header alone', () => {
    const items = LIST instanceof Map ? (LIST.get('items') as GoValue[]) : [];
    expect(table('N:.metadata.name', items[1] ?? null).stdout).toBe('N\nb\n');
    expect(table('N:.metadata.name', parseGoJson('{"kind":"List","items":[]}')).stdout).toBe('N\n');
  });

  it('a bad column path fails after the header is printed', () => {
    expect(table('N:.metadata.name,J:.metadata[')).toEqual({
      stdout: 'N     J\n',
      error: 'unterminated array',
    });
  });

  it('a column failing on an item keeps the rows before it', () => {
    expect(table('N:.metadata.name,I:.spec.containers[1].image')).toEqual({
      stdout: 'N       I\nalpha   i2\n',
      error: 'array index out of bounds: index 1, length 1',
    });
  });

  it('refuses a bad spec before printing anything', () => {
    expect(compileCustomColumns('NAME')).toEqual({
      ok: false,
      error: 'unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>',
    });
  });

  it('bounds the work of a hostile column', () => {
    const out = table('X:..', LIST, { limits: { maxSteps: 10 } });
    expect(out).toMatchObject({ error: 'jsonpath evaluation exceeded 10 steps', limited: true });
  });
});
