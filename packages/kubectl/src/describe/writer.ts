// describe's output machinery: a prefix writer (two spaces per level) over Go's text/tabwriter (0, 8, 2, ' ', 0).
import { TabWriter } from '../printers/tabwriter.js';

/** tabbedString's tabwriter: minwidth 0, tabwidth 8, padding 2, no flags. */
const DESCRIBE_TABWRITER = { minWidth: 0, tabWidth: 8, padding: 2, rememberWidths: false };

/** printers.WriteEscaped: ESC and CR cannot reach the terminal. */
const escape = (s: string): string => s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');

export interface PrefixWriter {
  /** Writes `text` (already formatted) after `level` × two spaces. */
  write(level: number, text: string): void;
  /** fmt.Sprintln of the arguments, with no indentation. */
  writeLine(...parts: string[]): void;
  /** Ends the current aligned block (DescribeEvents does this before its table). */
  flush(): void;
}

class TabPrefixWriter implements PrefixWriter {
  constructor(private readonly tw: { write(s: string): void; flush(): void }) {}

  write(level: number, text: string): void {
    this.tw.write(escape('  '.repeat(level) + text));
  }

  writeLine(...parts: string[]): void {
    this.tw.write(escape(parts.join(' ') + '\n'));
  }

  flush(): void {
    this.tw.flush();
  }
}

/** NewNestedPrefixWriter: every level shifted by `indent`. */
export class NestedPrefixWriter implements PrefixWriter {
  constructor(
    private readonly inner: PrefixWriter,
    private readonly indent: number,
  ) {}

  write(level: number, text: string): void {
    this.inner.write(level + this.indent, text);
  }

  writeLine(...parts: string[]): void {
    this.inner.write(this.indent, parts.join(' ') + '\n');
  }

  flush(): void {
    this.inner.flush();
  }
}

/** tabbedString: runs `fn` against a tab-aligned prefix writer and returns the text. */
export function tabbedString(fn: (w: PrefixWriter) => void): string {
  let out = '';
  const tw = new TabWriter((chunk) => {
    out += chunk;
  }, DESCRIBE_TABWRITER);
  fn(new TabPrefixWriter(tw));
  tw.flush();
  return out;
}

/** A prefix writer straight into a string, no alignment (rollout history's printTemplate). */
export function plainString(fn: (w: PrefixWriter) => void): string {
  let out = '';
  fn(
    new TabPrefixWriter({
      write: (s) => {
        out += s;
      },
      flush: () => undefined,
    }),
  );
  return out;
}

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
