// Where a page of a command's output ends (CONTRACT §3a): pure byte arithmetic on the UTF-8 output.

const NEWLINE = 0x0a;

/**
 * The end (exclusive byte offset) of the page that starts at `start` with a budget of `budget`
 * bytes. The page ends after the last `\n` within the budget; a line longer than the budget is
 * cut at the budget, moved back to a character boundary. The one exception to the budget: a page
 * always holds at least one whole character, so a budget smaller than the character at `start`
 * (a 4-byte emoji, budget 1) still moves on. `start` at or past the end: the end.
 */
export function pageEnd(bytes: Uint8Array, start: number, budget: number): number {
  const length = bytes.length;
  if (start >= length) return length;
  const limit = start + budget;
  if (limit >= length) return length;
  // Searched within the window only: a long line must not be scanned again for every page.
  const newline = bytes.subarray(start, limit).lastIndexOf(NEWLINE);
  if (newline !== -1) return start + newline + 1;
  let end = limit;
  while (end > start && isContinuation(bytes[end])) end -= 1;
  if (end > start) return end;
  // Not even one character fits: take that one character.
  end = start + 1;
  while (end < length && isContinuation(bytes[end])) end += 1;
  return end;
}

/** A UTF-8 continuation byte (10xxxxxx): a boundary never falls just before one. */
function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/** One page of `output` from byte `start`: its text, and where the next page starts (null: none). */
export function readPage(
  output: string,
  start: number,
  budget: number | null,
): { text: string; next: number | null } {
  // Most outputs fit their budget whole: no encoding needed to know it (a string's UTF-8 size is
  // at most 3 bytes per UTF-16 unit).
  if (start === 0 && (budget === null || output.length * 3 <= budget))
    return { text: output, next: null };
  const bytes = Buffer.from(output, 'utf8');
  const end = budget === null ? bytes.length : pageEnd(bytes, start, budget);
  const from = Math.min(start, bytes.length);
  return {
    text: bytes.subarray(from, end).toString('utf8'),
    next: end < bytes.length ? end : null,
  };
}
