// Elastic tabstops exactly as kubectl's printers.GetNewTabWriter (liggitt/tabwriter, RememberWidths) aligns columns.
//
// kubectl writes table cells separated by '\t' into a tabwriter configured with minwidth 6,
// tabwidth 4, padding 3, pad character ' ' and the RememberWidths flag. Columns are aligned
// per block of consecutive lines that have a cell in that column; the last cell of a line is
// never padded; a line with a single cell flushes everything buffered so far; widths are
// counted in code points; with RememberWidths a column never shrinks below the widest seen
// since the last SetRememberedWidths.

interface Cell {
  text: string;
  /** Width in code points (Go counts runes, not display columns). */
  width: number;
  /** Terminated by '\t' (as opposed to '\v', '\n' or '\f'). */
  htab: boolean;
}

export interface TabWriterOptions {
  minWidth: number;
  tabWidth: number;
  padding: number;
  rememberWidths: boolean;
}

/** kubectl's settings (cli-runtime printers/tabwriter.go). */
export const KUBECTL_TABWRITER: TabWriterOptions = {
  minWidth: 6,
  tabWidth: 4,
  padding: 3,
  rememberWidths: true,
};

const codePointCount = (s: string): number => {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff && k + 1 < s.length) {
      const d = s.charCodeAt(k + 1);
      if (d >= 0xdc00 && d <= 0xdfff) k++;
    }
    n++;
  }
  return n;
};

export class TabWriter {
  private lines: Cell[][] = [[]];
  private cellText = '';
  private widths: number[] = [];
  private maxWidths: number[] = [];

  constructor(
    private readonly sink: (chunk: string) => void,
    private readonly opts: TabWriterOptions = KUBECTL_TABWRITER,
  ) {}

  write(text: string): void {
    let start = 0;
    for (let k = 0; k < text.length; k++) {
      const ch = text[k];
      if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') continue;
      this.cellText += text.slice(start, k);
      start = k + 1;
      const ncells = this.terminateCell(ch === '\t');
      if (ch === '\n' || ch === '\f') {
        this.lines.push([]);
        if (ch === '\f' || ncells === 1) this.flush();
      }
    }
    this.cellText += text.slice(start);
  }

  flush(): void {
    if (this.cellText.length > 0) this.terminateCell(false);
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.cellText = '';
    this.widths = [];
  }

  setRememberedWidths(widths: number[] | null): void {
    this.maxWidths = widths ? [...widths] : [];
  }

  private terminateCell(htab: boolean): number {
    const line = this.lines[this.lines.length - 1] as Cell[];
    line.push({ text: this.cellText, width: codePointCount(this.cellText), htab });
    this.cellText = '';
    return line.length;
  }

  private emit(s: string): void {
    if (s.length > 0) this.sink(s);
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i] as Cell[];
      line.forEach((c, j) => {
        if (c.text.length > 0) this.emit(c.text);
        if (j < this.widths.length) this.emit(' '.repeat((this.widths[j] as number) - c.width));
      });
      // The last buffered line is the incomplete one: it has no newline yet.
      if (i + 1 === this.lines.length) this.emit(this.cellText);
      else this.emit('\n');
    }
  }

  /** Aligns column `widths.length` for each block of lines that have a cell in it, recursively. */
  private format(line0In: number, line1: number): void {
    let line0 = line0In;
    const column = this.widths.length;
    for (let row = line0; row < line1; row++) {
      if (column >= (this.lines[row] as Cell[]).length - 1) continue;
      // This line starts a block of lines with a cell in `column`.
      this.writeLines(line0, row);
      line0 = row;
      let width = this.opts.minWidth;
      for (; row < line1; row++) {
        const line = this.lines[row] as Cell[];
        if (column >= line.length - 1) break;
        const c = line[column] as Cell;
        const w = c.width + this.opts.padding;
        if (w > width) width = w;
      }
      if (this.opts.rememberWidths) {
        if (this.maxWidths.length < this.widths.length) {
          this.maxWidths.push(...this.widths.slice(this.maxWidths.length));
        }
        const remembered = this.maxWidths[this.widths.length];
        if (remembered === undefined) this.maxWidths.push(width);
        else if (remembered > width) width = remembered;
        else if (remembered < width) this.maxWidths[this.widths.length] = width;
      }
      this.widths.push(width);
      this.format(line0, row);
      this.widths.pop();
      line0 = row;
    }
    this.writeLines(line0, line1);
  }
}
