// Column alignment as kubectl's tabwriter does it: minwidth 6, padding 3, last cell unpadded, remembered widths.
import { describe, expect, it } from 'vitest';
import { TabWriter } from './tabwriter.js';

function render(
  writes: string[],
  opts: { resetBetween?: boolean; flushBetween?: boolean } = {},
): string {
  let out = '';
  const w = new TabWriter((s) => {
    out += s;
  });
  for (const chunk of writes) {
    w.write(chunk);
    if (opts.flushBetween) w.flush();
    if (opts.resetBetween) w.setRememberedWidths(null);
  }
  w.flush();
  return out;
}

describe('TabWriter', () => {
  it.each<[string, string[], string]>([
    [
      'pads columns to the widest cell plus 3',
      ['NAME\tREADY\tAGE\nweb-1\t1/1\t3d\n'],
      'NAME    READY   AGE\nweb-1   1/1     3d\n',
    ],
    ['never makes a column narrower than 6', ['A\tB\nC\tD\n'], 'A     B\nC     D\n'],
    ['does not pad the last cell of a line', ['a\tb   \n'], 'a     b   \n'],
    ['pads empty cells', ['\tb\nxx\tc\n'], '      b\nxx    c\n'],
    ['counts code points, not bytes', ['é日\tx\nab\ty\n'], 'é日    x\nab    y\n'],
    [
      'a one-cell line ends a block; the width is remembered',
      ['aaaaaaaa\tb\nc\nd\te\n'],
      'aaaaaaaa   b\nc\nd          e\n',
    ],
    [
      'aligns each block of lines sharing a column on its own',
      ['a\tbbbbbbbbbb\tc\nd\te\n'],
      'a     bbbbbbbbbb   c\nd     e\n',
    ],
    ['treats \\v as a cell end too', ['a\vb\n'], 'a     b\n'],
    ['keeps text without a final newline', ['a\tb\nc'], 'a     b\nc'],
  ])('%s', (_name, writes, want) => {
    expect(render(writes)).toBe(want);
  });

  it('remembers column widths across flushes until they are reset', () => {
    expect(render(['LONGNAME\tX\n', 'a\tb\n'], { flushBetween: true })).toBe(
      'LONGNAME   X\na          b\n',
    );
    expect(render(['LONGNAME\tX\n', 'a\tb\n'], { flushBetween: true, resetBetween: true })).toBe(
      'LONGNAME   X\na     b\n',
    );
  });

  it('flushes at a line with a single cell', () => {
    const chunks: string[] = [];
    const w = new TabWriter((s) => chunks.push(s));
    w.write('a\tb\n');
    expect(chunks.join('')).toBe('');
    w.write('single\n');
    expect(chunks.join('')).toBe('a     b\nsingle\n');
  });
});
