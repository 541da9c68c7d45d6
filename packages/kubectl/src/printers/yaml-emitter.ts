// yaml.v2's emitter (emitterc.go) as kubectl's -o yaml runs it: block collections, scalar styles, 80-column folding, escapes.

export type Style = 'plain' | 'single' | 'double' | 'literal';

export interface YScalar {
  t: 'scalar';
  value: string;
  style: Style;
  /** Computed on first use; shared by the simple-key check and style selection. */
  analysis?: ScalarAnalysis;
}

export type YNode =
  YScalar | { t: 'seq'; items: YNode[] } | { t: 'map'; entries: Array<[YScalar, YNode]> };

export function cpsOf(s: string): number[] {
  const out: number[] = [];
  for (let k = 0; k < s.length; k++) {
    const c = s.codePointAt(k) as number;
    out.push(c);
    if (c > 0xffff) k++;
  }
  return out;
}

/** Code points in `s` (surrogate pairs count once). */
function cpLength(s: string): number {
  let n = s.length;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

const isBreak = (c: number | undefined): boolean =>
  c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlank = (c: number | undefined): boolean => c === 0x20 || c === 0x09;
const isBlankz = (c: number | undefined): boolean => isBlank(c) || isBreak(c) || c === 0;
/** libyaml's is_printable on UTF-8 bytes, restated on code points (astral characters fail it). */
const isPrintable = (c: number): boolean =>
  c === 0x0a ||
  (c >= 0x20 && c <= 0x7e) ||
  (c >= 0xa0 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

function utf8Length(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      k++;
    } else n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  return n;
}

interface ScalarAnalysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** Strings made only of these characters (and not starting with - . or :) need no analysis. */
const SIMPLE_SCALAR = /^[A-Za-z0-9_/=+][A-Za-z0-9_/=+.-]*$/;
const SIMPLE_ANALYSIS: Readonly<ScalarAnalysis> = {
  multiline: false,
  flowPlainAllowed: true,
  blockPlainAllowed: true,
  singleQuotedAllowed: true,
  blockAllowed: true,
};

function analysisOf(node: YScalar): ScalarAnalysis {
  node.analysis ??= SIMPLE_SCALAR.test(node.value)
    ? SIMPLE_ANALYSIS
    : analyzeScalar(cpsOf(node.value));
  return node.analysis;
}

/** Characters the double-quoted writer copies as they are (no escape, no break). */
const DOUBLE_QUOTE_SAFE =
  /^[\x20\x21\x23-\x5b\x5d-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;

function analyzeScalar(v: number[]): ScalarAnalysis {
  if (v.length === 0) {
    return {
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  if (
    v.length >= 3 &&
    ((v[0] === 0x2d && v[1] === 0x2d && v[2] === 0x2d) ||
      (v[0] === 0x2e && v[1] === 0x2e && v[2] === 0x2e))
  ) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWs = true;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    const followedByWs = i + 1 >= v.length || isBlank(v[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWs) blockIndicators = true;
      } else if (ch === '-' && followedByWs) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (',?[]{}'.includes(ch)) {
      flowIndicators = true;
    } else if (ch === ':') {
      flowIndicators = true;
      if (followedByWs) blockIndicators = true;
    } else if (ch === '#' && precededByWs) {
      flowIndicators = true;
      blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === v.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === v.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankz(c);
  }
  const a: ScalarAnalysis = {
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

/** Escapes the double-quoted writer spells by name; the rest become \xXX, \uXXXX or \UXXXXXXXX. */
const NAMED_ESCAPES = new Map<number, string>([
  [0x00, '0'],
  [0x07, 'a'],
  [0x08, 'b'],
  [0x09, 't'],
  [0x0a, 'n'],
  [0x0b, 'v'],
  [0x0c, 'f'],
  [0x0d, 'r'],
  [0x1b, 'e'],
  [0x22, '"'],
  [0x5c, '\\'],
  [0x85, 'N'],
  [0xa0, '_'],
  [0x2028, 'L'],
  [0x2029, 'P'],
]);

const LINE_BREAKS = /([\r\n\u0085\u2028\u2029])/;

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

export class Emitter {
  private out = '';
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;

  result(): string {
    return this.out;
  }

  private put(s: string): void {
    this.out += s;
    this.column++;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  private write(c: number): void {
    this.out += String.fromCodePoint(c);
    this.column++;
  }

  private writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.write(c);
      this.column = 0;
    }
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(
    s: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of s) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  emitNode(node: YNode, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (node.t === 'scalar') this.emitScalar(node);
    else if (node.t === 'seq') this.emitSequence(node.items);
    else this.emitMapping(node.entries);
  }

  private emitEmptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private emitSequence(items: YNode[]): void {
    if (this.flowLevel > 0 || items.length === 0) {
      this.emitEmptyFlow('[', ']');
      return;
    }
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.emitNode(item, false, false);
    }
    this.popIndent();
  }

  private emitMapping(entries: Array<[YScalar, YNode]>): void {
    if (this.flowLevel > 0 || entries.length === 0) {
      this.emitEmptyFlow('{', '}');
      return;
    }
    this.increaseIndent(false, false);
    for (const [k, v] of entries) {
      this.writeIndent();
      if (this.isSimpleKey(k)) {
        this.emitNode(k, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.emitNode(k, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.emitNode(v, true, false);
    }
    this.popIndent();
  }

  private isSimpleKey(k: YScalar): boolean {
    return !analysisOf(k).multiline && utf8Length(k.value) <= 128;
  }

  private emitScalar(node: YScalar): void {
    const a = analysisOf(node);
    let style = node.style;
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if (
        (this.flowLevel > 0 && !a.flowPlainAllowed) ||
        (this.flowLevel === 0 && !a.blockPlainAllowed)
      )
        style = 'single';
      if (node.value.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext))
        style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext))
      style = 'double';

    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    if (style === 'plain') this.writePlain(node.value, allowBreaks);
    else if (style === 'single') this.writeSingleQuoted(node.value, a.multiline, allowBreaks);
    else if (style === 'double') this.writeDoubleQuoted(node.value, allowBreaks);
    else this.writeLiteral(node.value);
    this.popIndent();
  }

  /** Appends text known to hold no line break and not to reach a folding point. */
  private append(text: string, width: number): void {
    this.out += text;
    this.column += width;
  }

  private writePlain(s: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    const width = cpLength(s);
    // Folding only happens at a space seen past column 80; a plain scalar holds no line break.
    if (this.column + width <= BEST_WIDTH) {
      this.append(s, width);
    } else {
      this.writePlainSlow(cpsOf(s), allowBreaks);
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writePlainSlow(v: number[], allowBreaks: boolean): void {
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && v[i + 1] !== 0x20)
          this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
  }

  private writeSingleQuoted(s: string, multiline: boolean, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const body = s.replaceAll("'", "''");
    const width = cpLength(body);
    if (!multiline && this.column + width <= BEST_WIDTH) this.append(body, width);
    else this.writeSingleQuotedSlow(cpsOf(s), allowBreaks);
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuotedSlow(v: number[], allowBreaks: boolean): void {
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (c === 0x20) {
        if (
          allowBreaks &&
          !spaces &&
          this.column > BEST_WIDTH &&
          i > 0 &&
          i < v.length - 1 &&
          v[i + 1] !== 0x20
        ) {
          this.writeIndent();
        } else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
  }

  private writeDoubleQuoted(s: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    if (DOUBLE_QUOTE_SAFE.test(s) && this.column + s.length <= BEST_WIDTH) this.append(s, s.length);
    else this.writeDoubleQuotedSlow(cpsOf(s), allowBreaks);
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuotedSlow(v: number[], allowBreaks: boolean): void {
    let spaces = false;
    // libyaml's is_bom looks at the start of the value, not the current character.
    const startsWithBom = v[0] === 0xfeff;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (!isPrintable(c) || startsWithBom || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        const n = NAMED_ESCAPES.get(c);
        if (n !== undefined) this.put(n);
        else {
          const [letter, width] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(letter);
          for (const d of c.toString(16).toUpperCase().padStart(width, '0')) this.put(d);
        }
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1) {
          this.writeIndent();
          if (v[i + 1] === 0x20) this.put('\\');
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
  }

  private writeLiteral(s: string): void {
    this.writeIndicator('|', true, false, false);
    // Line breaks are all BMP characters, so code units are enough to find them.
    const at = (k: number): number | undefined => (k >= 0 ? s.charCodeAt(k) : undefined);
    if (at(0) === 0x20 || isBreak(at(0)))
      this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = '';
    if (s.length === 0 || !isBreak(at(s.length - 1))) chomp = '-';
    else if (s.length === 1) chomp = '+';
    else if (isBreak(at(s.length - 2))) chomp = '+';
    if (chomp !== '') this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    // Lines are copied whole; only line breaks and indentation need per-character care.
    for (const part of s.split(LINE_BREAKS)) {
      if (part === '') continue;
      const c = part.codePointAt(0) as number;
      if (part.length === 1 && isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.append(part, cpLength(part));
        this.indention = false;
        breaks = false;
      }
    }
  }
}
