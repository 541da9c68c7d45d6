// The output budget: keep the head and the tail, say what was cut, never split a character.

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
