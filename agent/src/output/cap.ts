// The output budgets: keep the head and the tail of the output, the head of an error, say what was cut, never split a character.

export interface Capped {
  text: string;
  truncated: boolean;
  /** Size of the full output before capping, in UTF-8 bytes. */
  bytes: number;
}

const HEAD_SHARE = 0.75;

export function capOutput(text: string, maxBytes: number, hint: string): Capped {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return { text, truncated: false, bytes: buf.length };
  const marker = `\n... [porthole: ${buf.length} bytes of output, cut to ${maxBytes}; ${hint}] ...\n`;
  const room = Math.max(0, maxBytes - Buffer.byteLength(marker));
  const headEnd = charStart(buf, Math.floor(room * HEAD_SHARE), -1);
  const tailStart = charStart(buf, buf.length - (room - headEnd), +1);
  return {
    text:
      buf.subarray(0, headEnd).toString('utf8') + marker + buf.subarray(tailStart).toString('utf8'),
    truncated: true,
    bytes: buf.length,
  };
}

/** The nearest UTF-8 character start at or beyond byte `i`, moving in `direction`. */
function charStart(buf: Buffer, i: number, direction: -1 | 1): number {
  let at = Math.max(0, Math.min(i, buf.length));
  while (at > 0 && at < buf.length && ((buf[at] ?? 0) & 0xc0) === 0x80) at += direction;
  return at;
}

/**
 * The most error text one result carries, in UTF-8 bytes. kubectl's JSONPath execution errors
 * dump the whole object given to the template (Go's %#v of a List can be megabytes), and the
 * error is posted beside a full output: the API accepts an agent body of twice the output cap
 * plus 64 KiB, so the error, JSON-escaped, must stay well inside that 64 KiB.
 */
export const MAX_ERROR_BYTES = 16 * 1024;

/**
 * An error cut to `maxBytes`: its head (what went wrong comes first), at a character boundary,
 * then a line saying it was cut and how long it was.
 */
export function capError(text: string, maxBytes: number = MAX_ERROR_BYTES): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  const marker = `\n… (truncated: ${buf.length} bytes of error text)`;
  const end = charStart(buf, Math.max(0, maxBytes - Buffer.byteLength(marker)), -1);
  return buf.subarray(0, end).toString('utf8') + marker;
}
