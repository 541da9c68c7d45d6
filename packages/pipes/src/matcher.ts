// Turns a grep stage's patterns into one RE2 program that says whether a line is selected.
//
// Three shapes, cheapest first:
// - plain: the patterns as alternatives; `^` and `$` are RE2's own (each line is its own input).
// - word (-w): GNU selects a line when some match has a non-word character (or the line's edge)
//   on both sides, retrying shorter and later matches until one does; "some such match exists"
//   is that condition, so the wrapper `(?:^|[^W])(?:P)(?:[^W]|$)` decides it. One case differs:
//   GNU never retries down to an empty match, so for a pattern that matches both empty and
//   non-empty text (`x*`, `a\|`) we may select a line GNU does not; a warning says so.
// - marker: `\<`, `\>`, `\b` and `\B` look at the characters on both sides, which RE2 can only do
//   for ASCII. So the line is rewritten with a marker before every character and at its end,
//   each saying whether a word character (or the line's edge) sits before and after it, and each
//   assertion narrows the class of the marker at its place: folded into the marker right after
//   a character when it follows one (the DFA still runs), else as a one-character lookbehind.
//   Markers are code points that do not occur in the input (see pickMarkerBase).
import { RE2JS } from 're2js';
import type { CodeSet } from './ctype.js';
import { isWordChar, wordSet } from './ctype.js';
import type { Assertion, ParsedPattern, RegexNode } from './gnu-regex.js';
import {
  consumes,
  literalPattern,
  matchesEmpty,
  parseGnuPattern,
  PatternError,
} from './gnu-regex.js';

export interface PatternOptions {
  fixed: boolean;
  extended: boolean;
  ignoreCase: boolean;
  word: boolean;
}

export interface ParsedPatterns {
  patterns: ParsedPattern[];
  /** Some pattern uses a word assertion: the marker shape is needed. */
  wordAssertions: boolean;
  warnings: string[];
}

/** Reads every pattern (one per -e, already split on newlines); throws PatternError. */
export function parsePatterns(patterns: readonly string[], opts: PatternOptions): ParsedPatterns {
  const parsed = patterns.map((p) =>
    opts.fixed
      ? literalPattern(p, opts.ignoreCase)
      : parseGnuPattern(p, opts.extended ? 'extended' : 'basic', opts.ignoreCase),
  );
  if (opts.word && parsed.some((p) => p.strayCloseParen)) {
    // GNU wraps the pattern in a group for -w, and the stray `)` closes that group early.
    throw new PatternError(
      "an unmatched ')' with -w is read inconsistently by GNU grep; escape it as '\\)'",
    );
  }
  const warnings = parsed.flatMap((p) => p.warnings);
  if (
    opts.word &&
    !opts.fixed &&
    parsed.some((p) => matchesEmpty(p.node)) &&
    parsed.some((p) => consumes(p.node))
  ) {
    warnings.push(
      '-w with a pattern that matches both empty and non-empty text may select lines GNU grep does not',
    );
  }
  return {
    patterns: parsed,
    wordAssertions: parsed.some((p) => p.wordAssertions),
    warnings: [...new Set(warnings)],
  };
}

const PREV_START = 0;
const PREV_WORD = 1;
const PREV_OTHER = 2;
const NEXT_END = 0;
const NEXT_WORD = 1;
const NEXT_OTHER = 2;
const MARKER_COUNT = 9;

/** The marker between a character of kind `prev` (or the line start) and one of kind `next`. */
function markerOffset(prev: number, next: number): number {
  return prev * 3 + next;
}

/** Whether a marker between a `prev` and a `next` kind satisfies a condition. */
type Accept = (prev: number, next: number) => boolean;
const ACCEPT_ALL: Accept = () => true;

/** Which markers each assertion accepts. */
const ACCEPTS: Record<Assertion, Accept> = {
  lineStart: (p) => p === PREV_START,
  lineEnd: (_p, n) => n === NEXT_END,
  wordStart: (p, n) => p !== PREV_WORD && n === NEXT_WORD,
  wordEnd: (p, n) => p === PREV_WORD && n !== NEXT_WORD,
  wordBoundary: (p, n) => (p === PREV_WORD) !== (n === NEXT_WORD),
  notWordBoundary: (p, n) => (p === PREV_WORD) === (n === NEXT_WORD),
};

/** Blocks of at least nine code points that are noncharacters or private use. */
const MARKER_BLOCKS: readonly number[] = [
  0xfdd0,
  0xfde0,
  ...Array.from({ length: 64 }, (_, i) => 0xf0000 + i * 16),
];

/**
 * The first marker block none of whose code points occurs in `text`, or null when the text uses
 * every one of them (then the caller refuses rather than match wrongly).
 */
export function pickMarkerBase(text: string): number | null {
  const used = new Set<number>();
  for (const m of text.matchAll(/[\ufdd0-\ufdef\u{f0000}-\u{f03ff}]/gu)) {
    used.add(m[0].codePointAt(0) as number);
  }
  for (const base of MARKER_BLOCKS) {
    let free = true;
    for (let i = 0; i < MARKER_COUNT && free; i++) free = !used.has(base + i);
    if (free) return base;
  }
  return null;
}

function hex(cp: number): string {
  return `\\x{${cp.toString(16)}}`;
}

const classBodies = new WeakMap<CodeSet, string>();

function classBody(set: CodeSet): string {
  const cached = classBodies.get(set);
  if (cached !== undefined) return cached;
  let out = '';
  for (let i = 0; i < set.length; i += 2) {
    const lo = set[i] as number;
    const hi = set[i + 1] as number;
    out += lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`;
  }
  classBodies.set(set, out);
  return out;
}

const ANY_CHAR = '[\\x{0}-\\x{10ffff}]';
const NO_CHAR = '[^\\x{0}-\\x{10ffff}]';

function emitSet(set: CodeSet, negated: boolean): string {
  if (set.length === 0) return negated ? ANY_CHAR : NO_CHAR;
  return `[${negated ? '^' : ''}${classBody(set)}]`;
}

/** In the marker program, a condition on the marker at this point (an assertion, or -w's edges). */
interface MarkerCondition {
  type: 'condition';
  accept: Accept;
}

function repeatOperator(min: number, max: number | null): string {
  if (max === null) return min === 0 ? '*' : min === 1 ? '+' : `{${min},}`;
  if (min === 0 && max === 1) return '?';
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

class Emitter {
  /**
   * @param markerBase the first marker code point, or null for the plain text.
   * @param dropWordAssertions print `\<`, `\>`, `\b`, `\B` as nothing (a superset, for prefiltering).
   */
  constructor(
    private readonly markerBase: number | null,
    private readonly dropWordAssertions = false,
  ) {}

  private markers(accept: Accept): string {
    const base = this.markerBase as number;
    const cps: number[] = [];
    for (let p = 0; p < 3; p++) {
      for (let n = 0; n < 3; n++) if (accept(p, n)) cps.push(base + markerOffset(p, n));
    }
    return cps.length === 0 ? NO_CHAR : `[${cps.map(hex).join('')}]`;
  }

  private atom(node: RegexNode & { type: 'char' | 'set' }): string {
    return node.type === 'char' ? hex(node.cp) : emitSet(node.set, node.negated);
  }

  emit(node: RegexNode): string {
    switch (node.type) {
      case 'char':
      case 'set':
        return this.markerBase === null ? this.atom(node) : this.sequence([node], false);
      case 'assert':
        return this.markerBase === null
          ? this.plainAssertion(node.what)
          : this.sequence([node], false);
      case 'concat':
        return this.markerBase === null
          ? node.items.map((n) => this.emit(n)).join('')
          : this.sequence(node.items, false);
      case 'alt':
        return `(?:${node.items.map((n) => this.emit(n)).join('|')})`;
      case 'repeat':
        return `(?:${this.emit(node.item)})${repeatOperator(node.min, node.max)}`;
    }
  }

  private plainAssertion(what: Assertion): string {
    if (what === 'lineStart') return '^';
    if (what === 'lineEnd') return '$';
    if (this.dropWordAssertions) return '';
    throw new Error(`internal: ${what} needs the marker text`);
  }

  /**
   * A marker-program sequence. Each character is followed by its marker; a condition right after
   * a character (or, with `initialMarker`, at the very start) narrows that marker's class, which
   * keeps the program on RE2's DFA. Elsewhere it becomes a lookbehind at the marker just consumed.
   */
  private sequence(
    items: readonly (RegexNode | MarkerCondition)[],
    initialMarker: boolean,
  ): string {
    let out = '';
    let pending: Accept | null = initialMarker ? ACCEPT_ALL : null;
    const flush = (): void => {
      if (pending) out += this.markers(pending);
      pending = null;
    };
    const visit = (item: RegexNode | MarkerCondition): void => {
      if (item.type === 'concat') {
        item.items.forEach(visit);
      } else if (item.type === 'assert' || item.type === 'condition') {
        const accept = item.type === 'assert' ? ACCEPTS[item.what] : item.accept;
        if (pending) {
          const before = pending;
          pending = (p, n) => before(p, n) && accept(p, n);
        } else {
          out += `(?<=${this.markers(accept)})`;
        }
      } else if (item.type === 'char' || item.type === 'set') {
        flush();
        out += this.atom(item);
        pending = ACCEPT_ALL;
      } else {
        flush();
        out += this.emit(item);
      }
    };
    items.forEach(visit);
    flush();
    return out;
  }

  /** The whole program: the patterns as alternatives, wrapped for -w. */
  program(patterns: readonly ParsedPattern[], opts: PatternOptions): string {
    // Case folding is already in the tree (see casefold.ts): RE2's (?i) folds differently.
    const body: RegexNode =
      patterns.length === 1
        ? (patterns[0] as ParsedPattern).node
        : { type: 'alt', items: patterns.map((p) => p.node) };
    if (this.markerBase !== null) {
      // The program starts on a marker, so it can only match at character boundaries.
      const edge = (accept: Accept): MarkerCondition[] =>
        opts.word ? [{ type: 'condition', accept }] : [];
      return this.sequence(
        [...edge((p) => p !== PREV_WORD), body, ...edge((_p, n) => n !== NEXT_WORD)],
        true,
      );
    }
    const text = this.emit(body);
    if (opts.word) {
      const nonWord = emitSet(wordSet(), true);
      return `(?:^|${nonWord})(?:${text})(?:${nonWord}|$)`;
    }
    return text;
  }
}

export type LineTest = (line: string) => boolean;

/**
 * The line test for `parsed`; `text` is the whole input, read only to pick marker code points it
 * does not contain. Throws PatternError when RE2 refuses the program (too large).
 */
export function createLineTest(
  parsed: ParsedPatterns,
  opts: PatternOptions,
  text: string,
): LineTest {
  const markerBase = parsed.wordAssertions ? pickMarkerBase(text) : null;
  if (parsed.wordAssertions && markerBase === null) {
    throw new PatternError('the input uses every code point reserved for word-boundary matching');
  }
  const re = compile(new Emitter(markerBase).program(parsed.patterns, opts), markerBase !== null);
  if (markerBase === null) return (line) => re.test(line);
  // Marking a line costs more than matching it, and a lookbehind puts RE2 on its NFA: first rule
  // lines out with the pattern stripped of its word assertions, a superset of it.
  const prefilter = compile(new Emitter(null, true).program(parsed.patterns, opts), false);
  const marks = Array.from({ length: MARKER_COUNT }, (_, i) =>
    String.fromCodePoint(markerBase + i),
  );
  return (line) => prefilter.test(line) && re.test(markLine(line, marks));
}

function compile(source: string, lookbehinds: boolean): RE2JS {
  try {
    return RE2JS.compile(source, lookbehinds ? RE2JS.LOOKBEHINDS : 0);
  } catch (err) {
    // RE2's message quotes the translated program, so it is kept as the cause only.
    throw new PatternError('the pattern is too large for the linear-time matcher', { cause: err });
  }
}

/** `line` with a marker before each character and one at the end (see the module comment). */
export function markLine(line: string, marks: readonly string[]): string {
  const out: string[] = [];
  let prev = PREV_START;
  for (let i = 0; i < line.length;) {
    const cp = line.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const word = isWordChar(cp);
    out.push(marks[markerOffset(prev, word ? NEXT_WORD : NEXT_OTHER)] as string);
    out.push(line.slice(i, i + width));
    prev = word ? PREV_WORD : PREV_OTHER;
    i += width;
  }
  out.push(marks[markerOffset(prev, NEXT_END)] as string);
  return out.join('');
}
