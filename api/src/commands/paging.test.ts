// Pages of an output: cut at line boundaries, never inside a UTF-8 character, and joined they are
// the output byte for byte, for every budget from 1 byte up.
import { describe, expect, it } from 'vitest';
import { pageEnd, readPage } from './paging.js';

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 1-, 2-, 3- and 4-byte characters (a 4-byte one is two UTF-16 units). */
const CHARS = ['a', 'Z', '0', ' ', '\t', 'é', 'ß', '€', '漢', '😀', '𝄞'];

/** About `bytes` of lines: short ones, empty ones, and lines far longer than most budgets. */
function mixedOutput(bytes: number, seed: number): string {
  const next = random(seed);
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const roll = next();
    const length =
      roll < 0.05
        ? 0
        : roll < 0.1
          ? 20_000 + Math.floor(next() * 50_000)
          : 1 + Math.floor(next() * 120);
    let line = '';
    for (let i = 0; i < length; i++) line += CHARS[Math.floor(next() * CHARS.length)];
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  // No newline at the very end: the last page is a line without one.
  return lines.join('\n');
}

const OUTPUT = mixedOutput(500_000, 7);
const BYTES = Buffer.from(OUTPUT, 'utf8');

const isContinuation = (byte: number | undefined) => byte !== undefined && (byte & 0xc0) === 0x80;

/** Byte length of the character starting at `at`. */
function charLength(bytes: Uint8Array, at: number): number {
  let end = at + 1;
  while (end < bytes.length && isContinuation(bytes[end])) end++;
  return end - at;
}

/** Why a page from `start` to `end` is not where the contract puts it, or null. */
function misplaced(start: number, end: number, budget: number): string | null {
  if (end <= start) return 'no progress';
  if (isContinuation(BYTES[end])) return 'ends inside a character';
  if (start + budget >= BYTES.length) return end === BYTES.length ? null : 'the rest fits';
  const newline = BYTES.subarray(start, start + budget).lastIndexOf(0x0a);
  if (newline !== -1) return end === start + newline + 1 ? null : 'not after the last newline';
  // A line longer than the budget: cut at the budget, moved back to a character start; over the
  // budget only by one character that does not fit alone.
  if (end - start > budget) return end - start === charLength(BYTES, start) ? null : 'over budget';
  return end + charLength(BYTES, end) > start + budget ? null : 'cut short of the budget';
}

describe('pageEnd', () => {
  it('the fixture is what the cases need: > 500 KB, every width, long lines', () => {
    expect(BYTES.length).toBeGreaterThan(500_000);
    for (const ch of CHARS) expect(OUTPUT).toContain(ch);
    expect(Math.max(...OUTPUT.split('\n').map((l) => Buffer.byteLength(l)))).toBeGreaterThan(
      65_536,
    );
  });

  it.each([1, 2, 3, 4, 7, 100, 4096, 16_384, 65_536, 1_000_000])(
    'budget %i: pages join to the output byte for byte, each cut where the contract says',
    (budget) => {
      const pages: Buffer[] = [];
      // Checked per page, asserted once: half a million expect() calls would take minutes.
      const wrong: string[] = [];
      let start = 0;
      while (start < BYTES.length) {
        const end = pageEnd(BYTES, start, budget);
        const why = misplaced(start, end, budget);
        if (why !== null) wrong.push(`page at ${start}: ${why}`);
        if (end <= start) break;
        pages.push(BYTES.subarray(start, end));
        start = end;
      }
      expect(wrong.slice(0, 5)).toEqual([]);
      expect(Buffer.concat(pages).equals(BYTES)).toBe(true);
    },
  );

  it('a page is over budget only by the one character that does not fit', () => {
    const bytes = Buffer.from('😀€é\n', 'utf8');
    expect(pageEnd(bytes, 0, 1)).toBe(4);
    expect(pageEnd(bytes, 0, 5)).toBe(4);
    expect(pageEnd(bytes, 0, 7)).toBe(7);
    expect(pageEnd(bytes, 4, 2)).toBe(7);
    expect(pageEnd(bytes, 7, 2)).toBe(9);
    expect(pageEnd(bytes, 7, 3)).toBe(bytes.length);
  });

  it('past the end there is nothing left', () => {
    expect(pageEnd(BYTES, BYTES.length, 10)).toBe(BYTES.length);
    expect(pageEnd(BYTES, BYTES.length + 5, 10)).toBe(BYTES.length);
  });
});

describe('readPage', () => {
  it.each([
    [3, 30_000],
    [100, 100_000],
    [4096, BYTES.length],
  ])('budget %i: the texts of the pages join to the output', (budget, bytes) => {
    // readPage encodes the whole output per call (one page per request): a smaller output for
    // the smallest budgets keeps this quick.
    const output = BYTES.subarray(0, pageEnd(BYTES, 0, bytes)).toString('utf8');
    const total = Buffer.byteLength(output);
    let text = '';
    let start: number | null = 0;
    const wrong: number[] = [];
    while (start !== null) {
      const page = readPage(output, start, budget);
      // A page holds whole characters only: it decodes to exactly its bytes.
      if (Buffer.byteLength(page.text) !== (page.next ?? total) - start) wrong.push(start);
      text += page.text;
      start = page.next;
    }
    expect(wrong).toEqual([]);
    expect(text).toBe(output);
  });

  it('without a budget, or with one the output fits, is the whole output', () => {
    expect(readPage('a\nb\n', 0, null)).toEqual({ text: 'a\nb\n', next: null });
    expect(readPage('a\nb\n', 0, 4)).toEqual({ text: 'a\nb\n', next: null });
    expect(readPage('a\nb\n', 0, 3)).toEqual({ text: 'a\n', next: 2 });
    expect(readPage('a\nb\n', 2, null)).toEqual({ text: 'b\n', next: null });
    expect(readPage('a\nb\n', 9, 3)).toEqual({ text: '', next: null });
    expect(readPage('', 0, 1)).toEqual({ text: '', next: null });
  });
});
