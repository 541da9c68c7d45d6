// GNU grep's basic and extended regular expressions (C.UTF-8), read into a tree the RE2 emitter prints.
//
// Follows GNU grep 3.8: glibc's parser for what is valid (and its messages), its DFA for what a
// construct means where the two disagree. Case folding for -i is resolved here into character
// sets (see casefold.ts). Refused, with a message that names the construct and never echoes the
// pattern: back-references (no linear-time matcher can run them), and what GNU reads
// inconsistently itself (a repetition operator or `{` at the start of an ERE expression).

import { byUppercase, counterparts, upper1 } from './casefold.js';
import type { ClassName, CodeSet } from './ctype.js';
import { classSet, codeSet, isClassName, spaceSet, union, wordSet } from './ctype.js';

export type Assertion =
  'lineStart' | 'lineEnd' | 'wordStart' | 'wordEnd' | 'wordBoundary' | 'notWordBoundary';

export type RegexNode =
  | { type: 'char'; cp: number }
  /** A bracket expression, `.`, `\w`, `\s`, their negations, and any character under -i. */
  | { type: 'set'; set: CodeSet; negated: boolean }
  | { type: 'assert'; what: Assertion }
  | { type: 'concat'; items: RegexNode[] }
  | { type: 'alt'; items: RegexNode[] }
  | { type: 'repeat'; item: RegexNode; min: number; max: number | null };

export type Syntax = 'basic' | 'extended';

export class PatternError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PatternError';
  }
}

/** GNU's own limit on an interval count (RE_DUP_MAX). */
const GNU_DUP_MAX = 32767;
/**
 * Our limit on an interval count, and on the product of nested ones. RE2 allows 1000, but past
 * a few hundred its DFA runs out of states on big classes (`[[:alpha:]]{1000}`) and the NFA it
 * falls back to is some 20 times slower; 255 is POSIX's minimum RE_DUP_MAX.
 */
export const MAX_REPEAT = 255;

interface Repetition {
  min: number;
  max: number | null;
  /** Characters the operator takes in the pattern. */
  width: number;
}

export interface ParsedPattern {
  node: RegexNode;
  /** Uses `\<`, `\>`, `\b` or `\B`, which need the marker text (see matcher.ts). */
  wordAssertions: boolean;
  /** An ERE `)` without its `(`, read as a literal. */
  strayCloseParen: boolean;
  /** GNU 3.8's stderr notes for this pattern (stray backslashes); matching is unaffected. */
  warnings: string[];
}

const ANY: RegexNode = { type: 'set', set: [0, 0x10ffff], negated: false };

/** Escapes whose backslash is expected: no "stray \" note for these. */
const QUIET_ESCAPES = new Set(Array.from('.*[]^$\\/{}()|+?-'));

function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) as number;
  if (cp < 0x20 || cp === 0x7f) return 'an unprintable character';
  if (/\s/u.test(ch)) return 'white space';
  return ch;
}

/** Reads one GNU pattern (one line of the -e list) into a tree; throws PatternError. */
export function parseGnuPattern(
  pattern: string,
  syntax: Syntax,
  ignoreCase: boolean,
): ParsedPattern {
  return new Parser(pattern, syntax, ignoreCase).parse();
}

/** A character, or under -i the set GNU lets it match. */
function literal(cp: number, ignoreCase: boolean): RegexNode {
  return ignoreCase ? { type: 'set', set: counterparts(cp), negated: false } : { type: 'char', cp };
}

/** A -F pattern: the characters themselves. */
export function literalPattern(pattern: string, ignoreCase: boolean): ParsedPattern {
  const items = Array.from(pattern, (ch) => literal(ch.codePointAt(0) as number, ignoreCase));
  return {
    node: { type: 'concat', items },
    wordAssertions: false,
    strayCloseParen: false,
    warnings: [],
  };
}

class Parser {
  private readonly chars: string[];
  private pos = 0;
  private depth = 0;
  private wordAssertions = false;
  private strayCloseParen = false;
  private readonly warnings: string[] = [];
  private readonly ere: boolean;

  constructor(
    pattern: string,
    syntax: Syntax,
    private readonly ignoreCase: boolean,
  ) {
    this.chars = Array.from(pattern);
    this.ere = syntax === 'extended';
  }

  parse(): ParsedPattern {
    const node = this.parseAlt();
    if (this.pos < this.chars.length) {
      // Only a close that parseBranch refused to take as a literal stops the top level.
      throw new PatternError('Unmatched ) or \\)');
    }
    return {
      node,
      wordAssertions: this.wordAssertions,
      strayCloseParen: this.strayCloseParen,
      warnings: this.warnings,
    };
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.pos + offset];
  }

  private atAlt(): boolean {
    return this.ere ? this.peek() === '|' : this.peek() === '\\' && this.peek(1) === '|';
  }

  private atClose(): boolean {
    return this.ere ? this.peek() === ')' : this.peek() === '\\' && this.peek(1) === ')';
  }

  private atOpen(): boolean {
    return this.ere ? this.peek() === '(' : this.peek() === '\\' && this.peek(1) === '(';
  }

  private parseAlt(): RegexNode {
    const branches = [this.parseBranch()];
    while (this.atAlt()) {
      this.pos += this.ere ? 1 : 2;
      branches.push(this.parseBranch());
    }
    return branches.length === 1 ? (branches[0] as RegexNode) : { type: 'alt', items: branches };
  }

  private parseBranch(): RegexNode {
    const items: RegexNode[] = [];
    // At the start of an expression (of the pattern, after an open group, after `|`, after an
    // anchor) a repetition operator has nothing to repeat: BRE reads it as a literal, ERE's
    // meaning is unspecified (GNU warns, and its two matchers disagree), so we refuse it.
    let exprStart = true;
    let branchStart = true;
    while (this.pos < this.chars.length && !this.atAlt()) {
      if (this.atClose()) {
        if (this.depth > 0) break;
        if (!this.ere) throw new PatternError('Unmatched ) or \\)');
        // An unmatched `)` in an ERE is an ordinary character.
        this.pos++;
        this.strayCloseParen = true;
        items.push(this.parsePostfix(this.char(0x29)));
        exprStart = false;
        branchStart = false;
        continue;
      }
      let atom = this.parseAtom(exprStart, branchStart);
      branchStart = false;
      if (atom.type === 'assert') {
        items.push(atom);
        exprStart = true;
        continue;
      }
      atom = this.parsePostfix(atom);
      items.push(atom);
      exprStart = false;
    }
    return items.length === 1 ? (items[0] as RegexNode) : { type: 'concat', items };
  }

  /** The repetition operator at the cursor, without consuming it; `null` when there is none. */
  private peekRepetition(): Repetition | null {
    const c = this.peek();
    if (c === '*') return { min: 0, max: null, width: 1 };
    if (this.ere) {
      if (c === '+') return { min: 1, max: null, width: 1 };
      if (c === '?') return { min: 0, max: 1, width: 1 };
      // An ERE `{` that does not start a valid interval is an ordinary character.
      return c === '{' ? this.peekInterval(1) : null;
    }
    if (c !== '\\') return null;
    const d = this.peek(1);
    if (d === '+') return { min: 1, max: null, width: 2 };
    if (d === '?') return { min: 0, max: 1, width: 2 };
    if (d === '{') return this.peekInterval(2);
    return null;
  }

  /**
   * glibc's interval syntax after `{` (ERE) or `\{` (BRE): `{n}`, `{n,}`, `{,m}`, `{n,m}`, `{,}`.
   * An ERE `{` that does not start a valid interval is a literal (`a{x`, `a{1`), which null
   * says; `{}`, `{1,2,3}` and `{2,1}` are errors in both syntaxes, as in glibc.
   */
  private peekInterval(skip: number): Repetition | null {
    let i = this.pos + skip;
    const digits = (): number | null => {
      let n: number | null = null;
      while (i < this.chars.length && /^[0-9]$/.test(this.chars[i] as string)) {
        n = Math.min(GNU_DUP_MAX + 1, (n ?? 0) * 10 + Number(this.chars[i]));
        i++;
      }
      return n;
    };
    const atCloseBrace = (): boolean =>
      this.ere ? this.chars[i] === '}' : this.chars[i] === '\\' && this.chars[i + 1] === '}';
    const first = digits();
    let min: number;
    let max: number | null;
    if (this.chars[i] === ',') {
      i++;
      min = first ?? 0;
      max = digits();
    } else {
      if (first === null) {
        if (atCloseBrace()) throw new PatternError('Invalid content of \\{\\}');
        return this.ere ? null : this.badInterval(i);
      }
      min = first;
      max = first;
    }
    if (!atCloseBrace()) {
      if (this.chars[i] === ',' && max !== null)
        throw new PatternError('Invalid content of \\{\\}');
      return this.ere ? null : this.badInterval(i);
    }
    if (max !== null && min > max) throw new PatternError('Invalid content of \\{\\}');
    if ((max ?? min) > GNU_DUP_MAX) throw new PatternError('Regular expression too big');
    if ((max ?? min) > MAX_REPEAT) {
      throw new PatternError(
        `a repetition count above ${MAX_REPEAT} is not supported (GNU allows ${GNU_DUP_MAX})`,
      );
    }
    return { min, max, width: i + (this.ere ? 1 : 2) - this.pos };
  }

  private badInterval(i: number): never {
    throw new PatternError(i >= this.chars.length ? 'Unmatched \\{' : 'Invalid content of \\{\\}');
  }

  private parsePostfix(atom: RegexNode): RegexNode {
    for (;;) {
      const rep = this.peekRepetition();
      if (rep === null) return atom;
      this.pos += rep.width;
      atom = { type: 'repeat', item: atom, min: rep.min, max: rep.max };
      if (repeatWeight(atom) > MAX_REPEAT) {
        throw new PatternError(`nested repetition counts multiply past ${MAX_REPEAT}`);
      }
    }
  }

  private parseAtom(exprStart: boolean, branchStart: boolean): RegexNode {
    const c = this.peek() as string;
    if (exprStart) {
      const d = this.peek(1);
      if (this.ere && (c === '*' || c === '+' || c === '?')) {
        throw new PatternError(
          `'${c}' with nothing before it to repeat is not supported (GNU grep warns that its meaning is unspecified); escape it as '\\${c}'`,
        );
      }
      if (this.ere && c === '{') {
        // GNU's DFA reads it as a literal, glibc skips it, and which one decides depends on the
        // rest of the pattern (`grep -E -e '{' -e '^[[:alpha:]]-'` selects every line).
        throw new PatternError(
          "'{' at the start of an expression is read inconsistently by GNU grep; escape it as '\\{'",
        );
      }
      // BRE: with nothing to repeat, `*`, `\+`, `\?` and `\{` are ordinary characters.
      if (!this.ere && c === '*') {
        this.pos++;
        return this.char(0x2a);
      }
      if (!this.ere && c === '\\' && (d === '+' || d === '?' || d === '{')) {
        this.pos += 2;
        return this.char(d.codePointAt(0) as number);
      }
    }
    if (this.atOpen()) {
      this.pos += this.ere ? 1 : 2;
      this.depth++;
      const inner = this.parseAlt();
      if (!this.atClose()) throw new PatternError('Unmatched ( or \\(');
      this.pos += this.ere ? 1 : 2;
      this.depth--;
      return inner.type === 'alt' || inner.type === 'concat'
        ? inner
        : { type: 'concat', items: [inner] };
    }
    if (c === '^') {
      this.pos++;
      if (this.ere || branchStart) return { type: 'assert', what: 'lineStart' };
      return this.char(0x5e);
    }
    if (c === '$') {
      this.pos++;
      if (this.ere || this.pos === this.chars.length || this.atClose() || this.atAlt()) {
        return { type: 'assert', what: 'lineEnd' };
      }
      return this.char(0x24);
    }
    if (c === '.') {
      this.pos++;
      return ANY;
    }
    if (c === '[') {
      this.pos++;
      return this.parseBracket();
    }
    if (c === '\\') return this.parseEscape();
    this.pos++;
    return this.char(c.codePointAt(0) as number);
  }

  private char(cp: number): RegexNode {
    return literal(cp, this.ignoreCase);
  }

  /** A class outside brackets (`\w`, `\s`); under -i, glibc compares upper-cased characters. */
  private classNode(set: CodeSet, negated: boolean): RegexNode {
    return { type: 'set', set: this.ignoreCase ? byUppercase(set) : set, negated };
  }

  private parseEscape(): RegexNode {
    const d = this.peek(1);
    if (d === undefined) throw new PatternError('Trailing backslash');
    this.pos += 2;
    switch (d) {
      case 'w':
        return this.classNode(wordSet(), false);
      case 'W':
        return this.classNode(wordSet(), true);
      case 's':
        return this.classNode(spaceSet(), false);
      case 'S':
        return this.classNode(spaceSet(), true);
      case '`':
        return { type: 'assert', what: 'lineStart' };
      case "'":
        return { type: 'assert', what: 'lineEnd' };
      case '<':
      case '>':
      case 'b':
      case 'B':
        this.wordAssertions = true;
        return {
          type: 'assert',
          what: (
            { '<': 'wordStart', '>': 'wordEnd', b: 'wordBoundary', B: 'notWordBoundary' } as const
          )[d],
        };
    }
    if (/^[1-9]$/.test(d)) {
      throw new PatternError(
        `back-references (\\${d}) are not supported: they cannot be matched in linear time`,
      );
    }
    if (!QUIET_ESCAPES.has(d)) this.warnings.push(`stray \\ before ${describeChar(d)}`);
    return this.char(d.codePointAt(0) as number);
  }

  /** After `[`: a bracket expression as glibc reads it in C.UTF-8. */
  private parseBracket(): RegexNode {
    const unmatched = (): PatternError => new PatternError('Unmatched [, [^, [:, [., or [=');
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const contentStart = this.pos;
    const chars: number[] = [];
    const ranges: [number, number][] = [];
    const classes: CodeSet[] = [];
    const rangeFollows = (): boolean =>
      this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined;
    for (let first = true; ; first = false) {
      const c = this.peek();
      if (c === undefined) throw unmatched();
      if (c === ']' && !first) break;
      const start = this.bracketElement(unmatched);
      if (start.kind === 'class') {
        if (rangeFollows()) throw new PatternError('Invalid range end');
        classes.push(start.set);
        continue;
      }
      if (!rangeFollows()) {
        chars.push(start.cp);
        continue;
      }
      this.pos++;
      const end = this.bracketElement(unmatched);
      if (start.kind === 'equiv' || end.kind !== 'char')
        throw new PatternError('Invalid range end');
      // C.UTF-8 collates only ASCII: glibc refuses other range ends.
      if (start.cp > 0x7f || end.cp > 0x7f) throw new PatternError('Invalid collation character');
      if (end.cp < start.cp || rangeFollows()) throw new PatternError('Invalid range end');
      ranges.push([start.cp, end.cp]);
    }
    const content = this.chars.slice(contentStart, this.pos);
    this.pos++; // the closing ]
    if (
      ranges.length === 0 &&
      classes.length === 0 &&
      content.length >= 2 &&
      content[0] === ':' &&
      content[content.length - 1] === ':' &&
      content.some((ch) => ch !== ':')
    ) {
      throw new PatternError('character class syntax is [[:space:]], not [:space:]');
    }
    const single = (cps: number[]): CodeSet => codeSet(cps.map((cp) => [cp, cp]));
    if (!this.ignoreCase)
      return { type: 'set', set: union(single(chars), codeSet(ranges), ...classes), negated };
    if (!negated && ranges.length === 0 && classes.length === 0) {
      // GNU's DFA takes a bracket of plain characters as their counterparts, as outside brackets.
      return { type: 'set', set: union(...chars.map(counterparts)), negated };
    }
    // Otherwise glibc upper-cases the bracket as written: [a-z] reads as [A-Z].
    const upperRanges = ranges.map(([lo, hi]): [number, number] => [upper1(lo), upper1(hi)]);
    if (upperRanges.some(([lo, hi]) => hi < lo)) throw new PatternError('Invalid range end');
    const upper = union(single(chars.map(upper1)), codeSet(upperRanges), ...classes);
    return { type: 'set', set: byUppercase(upper), negated };
  }

  private bracketElement(
    unmatched: () => PatternError,
  ):
    { kind: 'char'; cp: number } | { kind: 'equiv'; cp: number } | { kind: 'class'; set: CodeSet } {
    const c = this.peek() as string;
    const d = this.peek(1);
    if (c === '[' && (d === ':' || d === '=' || d === '.')) {
      const close = this.findBracketClose(d, this.pos + 2);
      if (close < 0) throw unmatched();
      const name = this.chars.slice(this.pos + 2, close).join('');
      this.pos = close + 2;
      if (d === ':') {
        if (!isClassName(name)) throw new PatternError('Invalid character class name');
        return { kind: 'class', set: this.classFor(name) };
      }
      const cps = Array.from(name);
      const cp = cps.length === 1 ? ((cps[0] as string).codePointAt(0) as number) : -1;
      if (cp < 0 || cp > 0x7f) throw new PatternError('Invalid collation character');
      return d === '=' ? { kind: 'equiv', cp } : { kind: 'char', cp };
    }
    this.pos++;
    return { kind: 'char', cp: c.codePointAt(0) as number };
  }

  private findBracketClose(delim: string, from: number): number {
    for (let i = from; i + 1 < this.chars.length; i++) {
      if (this.chars[i] === delim && this.chars[i + 1] === ']') return i;
    }
    return -1;
  }

  private classFor(name: ClassName): CodeSet {
    // glibc and GNU's DFA both read [:upper:] and [:lower:] as [:alpha:] under -i.
    if (this.ignoreCase && (name === 'upper' || name === 'lower')) return classSet('alpha');
    return classSet(name);
  }
}

/** Whether the tree can match the empty string (in some context). */
export function matchesEmpty(node: RegexNode): boolean {
  switch (node.type) {
    case 'char':
    case 'set':
      return false;
    case 'assert':
      return true;
    case 'concat':
      return node.items.every(matchesEmpty);
    case 'alt':
      return node.items.some(matchesEmpty);
    case 'repeat':
      return node.min === 0 || matchesEmpty(node.item);
  }
}

/** Whether the tree can match a non-empty string. */
export function consumes(node: RegexNode): boolean {
  switch (node.type) {
    case 'char':
    case 'set':
      return true;
    case 'assert':
      return false;
    case 'concat':
    case 'alt':
      return node.items.some(consumes);
    case 'repeat':
      return node.max !== 0 && consumes(node.item);
  }
}

/** How many copies of its innermost part a tree's counted repetitions make RE2 compile. */
function repeatWeight(node: RegexNode): number {
  switch (node.type) {
    case 'repeat':
      return Math.max(1, node.max ?? node.min) * repeatWeight(node.item);
    case 'concat':
    case 'alt':
      return Math.max(1, ...node.items.map(repeatWeight));
    default:
      return 1;
  }
}
