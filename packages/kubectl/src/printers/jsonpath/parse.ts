// kubectl's JSONPath template grammar (client-go util/jsonpath): template text → the node tree its engine walks, with its error texts.
//
// The scanner mirrors client-go's rune by rune, quirks included: a union splits on every comma,
// a quoted key splits on dots (`['a.b']` is `.a.b`), a filter holds one comparison and no `&&`,
// an unknown word parses as an identifier that only fails when executed.

export type Node =
  | ListNode
  | TextNode
  | FieldNode
  | IdentifierNode
  | ArrayNode
  | FilterNode
  | IntNode
  | FloatNode
  | WildcardNode
  | RecursiveNode
  | UnionNode
  | BoolNode;

/** A `{…}` action, a union branch or a filter operand: nodes applied one after another. */
export interface ListNode {
  type: 'list';
  nodes: Node[];
}
/** Text outside actions, or a quoted literal inside one. */
export interface TextNode {
  type: 'text';
  text: string;
}
export interface FieldNode {
  type: 'field';
  name: string;
}
/** `range`, `end`, or any other bare word (an error only when executed). */
export interface IdentifierNode {
  type: 'identifier';
  name: string;
}
/** One of `[start:end:step]`; Go ints, so bigint. `derived`: the end of `[i]`, which is i+1. */
export interface ArrayParam {
  value: bigint;
  known: boolean;
  derived: boolean;
}
export interface ArrayNode {
  type: 'array';
  params: readonly [ArrayParam, ArrayParam, ArrayParam];
}
/** `[?(left op right)]`, or `[?(left)]` with operator `exists`. */
export interface FilterNode {
  type: 'filter';
  left: ListNode;
  right: ListNode;
  operator: string;
}
export interface IntNode {
  type: 'int';
  value: bigint;
}
export interface FloatNode {
  type: 'float';
  value: number;
}
export interface WildcardNode {
  type: 'wildcard';
}
export interface RecursiveNode {
  type: 'recursive';
}
export interface UnionNode {
  type: 'union';
  branches: ListNode[];
}
export interface BoolNode {
  type: 'bool';
  value: boolean;
}

export type ParseResult = { ok: true; root: ListNode } | { ok: false; reason: string };

/** Parses a template; `reason` is client-go's message (kubectl prefixes it with the template). */
export function parseTemplate(text: string): ParseResult {
  try {
    return { ok: true, root: new Parser(text, 0).parse() };
  } catch (err) {
    if (err instanceof TemplateSyntaxError) return { ok: false, reason: err.message };
    throw err;
  }
}

class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

const EOF = -1;
/** Sub-parses (union branches, quoted keys, filter operands) nest at most a few levels; guard anyway. */
const MAX_SUBPARSE_DEPTH = 8;

const cp = (ch: string): number => ch.codePointAt(0) as number;
const C = {
  space: cp(' '),
  tab: cp('\t'),
  cr: cp('\r'),
  lf: cp('\n'),
  dot: cp('.'),
  comma: cp(','),
  lbrack: cp('['),
  rbrack: cp(']'),
  dollar: cp('$'),
  at: cp('@'),
  lbrace: cp('{'),
  rbrace: cp('}'),
  dquote: cp('"'),
  squote: cp("'"),
  backslash: cp('\\'),
  plus: cp('+'),
  minus: cp('-'),
  underscore: cp('_'),
  rparen: cp(')'),
};

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const isDigit = (r: number): boolean => r >= 0 && DIGIT.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number): boolean =>
  r === C.underscore || (r >= 0 && (LETTER.test(String.fromCodePoint(r)) || isDigit(r)));
const isEndOfLine = (r: number): boolean => r === C.cr || r === C.lf;
function isTerminator(r: number): boolean {
  if (r === C.space || r === C.tab || isEndOfLine(r)) return true;
  return (
    r === EOF ||
    r === C.dot ||
    r === C.comma ||
    r === C.lbrack ||
    r === C.rbrack ||
    r === C.dollar ||
    r === C.at ||
    r === C.lbrace ||
    r === C.rbrace
  );
}

/** fmt's %#U: `U+0026 '&'`, the quoted rune left out when it is not printable. */
function formatRune(r: number): string {
  const hex = 'U+' + r.toString(16).toUpperCase().padStart(4, '0');
  const ch = String.fromCodePoint(r);
  return PRINTABLE.test(ch) ? `${hex} '${ch}'` : hex;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.Atoi on a 64-bit platform: optional sign, ASCII digits, int64 range. */
function atoi(s: string): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const v = BigInt(s);
  return v >= INT64_MIN && v <= INT64_MAX ? v : null;
}

/** strconv.ParseFloat for what parseNumber can gather (sign, digits, dots): null when Go errors. */
function parseFloat64(s: string): number | null {
  if (!/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/.test(s)) return null;
  const f = Number(s);
  return Number.isFinite(f) ? f : null;
}

/**
 * The filter split `^([^!<>=]+)([!<>=]+)(.+?)$` (leftmost-first, as Go's regexp), by hand so a
 * long filter costs linear time: left operand, operator run, right operand.
 */
function splitComparison(text: string): [string, string, string] | null {
  const isOp = (ch: string | undefined): boolean =>
    ch === '!' || ch === '<' || ch === '>' || ch === '=';
  let i = 0;
  while (i < text.length && !isOp(text[i])) i++;
  if (i === 0 || i === text.length) return null;
  let j = i;
  while (j < text.length && isOp(text[j])) j++;
  if (j === text.length) {
    // The right operand needs a character: the operator run gives back its last one.
    if (j - i < 2) return null;
    j--;
  }
  return [text.slice(0, i), text.slice(i, j), text.slice(j)];
}

/** strconv.UnquoteChar's escapes after a backslash; null where Go reports invalid syntax. */
function unquoteExtend(quoted: string): string | null {
  const quote = quoted[0];
  if (quoted.length < 2 || quote !== quoted[quoted.length - 1]) return null;
  if (quote !== '"' && quote !== "'") return null;
  const s = quoted.slice(1, -1);
  if (!s.includes('\\') && !s.includes(quote)) return s;
  let out = '';
  let i = 0;
  const hexDigits = (n: number): number | null => {
    const h = s.slice(i, i + n);
    if (h.length < n || !/^[0-9a-fA-F]+$/.test(h)) return null;
    i += n;
    return parseInt(h, 16);
  };
  // A byte Go writes raw (\x80-\xff, octal above \177) is invalid UTF-8: it reads back as U+FFFD.
  const byte = (b: number): string => (b < 0x80 ? String.fromCharCode(b) : '\ufffd');
  while (i < s.length) {
    const ch = String.fromCodePoint(s.codePointAt(i) as number);
    if (ch === quote) return null;
    if (ch !== '\\') {
      out += ch;
      i += ch.length;
      continue;
    }
    const e = s[i + 1];
    if (e === undefined) return null;
    i += 2;
    switch (e) {
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case "'":
      case '"':
        if (e !== quote) return null;
        out += e;
        break;
      case 'x': {
        const v = hexDigits(2);
        if (v === null) return null;
        out += byte(v);
        break;
      }
      case 'u':
      case 'U': {
        const v = hexDigits(e === 'u' ? 4 : 8);
        if (v === null || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return null;
        out += String.fromCodePoint(v);
        break;
      }
      default: {
        if (e < '0' || e > '7') return null;
        const oct = s.slice(i, i + 2);
        if (!/^[0-7]{2}$/.test(oct)) return null;
        const v = parseInt(e + oct, 8);
        if (v > 255) return null;
        i += 2;
        out += byte(v);
      }
    }
  }
  return out;
}

const DICT_KEY = /^'([^']*)'$/;
const SLICE = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/;

class Parser {
  private pos = 0;
  private start = 0;
  private width = 0;
  private readonly root: ListNode = { type: 'list', nodes: [] };

  constructor(
    private readonly input: string,
    private readonly depth: number,
  ) {}

  parse(): ListNode {
    // client-go recurses from token to token; this loop walks the same states.
    let action: ListNode | null = null;
    for (;;) {
      if (action === null) {
        const at = this.input.indexOf('{', this.pos);
        this.pos = at === -1 ? this.input.length : at;
        if (this.pos > this.start) this.root.nodes.push({ type: 'text', text: this.consumeText() });
        if (at === -1) return this.root;
        this.pos += 1;
        this.consumeText();
        action = { type: 'list', nodes: [] };
        this.root.nodes.push(action);
        continue;
      }
      action = this.insideAction(action);
    }
  }

  /** One step inside an action; null once its closing brace is read. */
  private insideAction(cur: ListNode): ListNode | null {
    const rest = this.input.slice(this.pos, this.pos + 3);
    if (rest.startsWith('}')) {
      this.pos += 1;
      this.consumeText();
      return null;
    }
    if (rest === '[?(') {
      this.parseFilter(cur);
      return cur;
    }
    if (rest.startsWith('..')) {
      this.parseRecursive(cur);
      return cur;
    }
    const r = this.next();
    if (r === EOF || isEndOfLine(r)) throw new TemplateSyntaxError('unclosed action');
    if (r === C.space || r === C.at || r === C.dollar) this.consumeText();
    else if (r === C.lbrack) this.parseArray(cur);
    else if (r === C.dquote || r === C.squote) this.parseQuote(cur, r);
    else if (r === C.dot) this.parseField(cur);
    else if (r === C.plus || r === C.minus || isDigit(r)) {
      this.backup();
      this.parseNumber(cur);
    } else if (isAlphaNumeric(r)) {
      this.backup();
      this.parseIdentifier(cur);
    } else throw new TemplateSyntaxError(`unrecognized character in action: ${formatRune(r)}`);
    return cur;
  }

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos) as number;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private consumeText(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }

  /** The character before the one just read: client-go's test for an escaped quote. */
  private escaped(): boolean {
    return this.input.charCodeAt(this.pos - 2) === C.backslash;
  }

  /** parseAction: a fragment parsed as `{fragment}`, its action's node list. */
  private subParse(fragment: string): ListNode {
    if (this.depth >= MAX_SUBPARSE_DEPTH)
      throw new TemplateSyntaxError('template nested too deeply');
    const root = new Parser(`{${fragment}}`, this.depth + 1).parse();
    return root.nodes[0] as ListNode;
  }

  private parseIdentifier(cur: ListNode): void {
    while (!isTerminator(this.next()));
    this.backup();
    const value = this.consumeText();
    if (value === 'true' || value === 'false')
      cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes.at(-1)?.type === 'recursive')
      throw new TemplateSyntaxError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const r = this.peek();
    if (r === C.plus || r === C.minus) this.next();
    for (;;) {
      const d = this.next();
      if (d !== C.dot && !isDigit(d)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    const i = atoi(value);
    if (i !== null) {
      cur.nodes.push({ type: 'int', value: i });
      return;
    }
    const f = parseFloat64(value);
    if (f === null) throw new TemplateSyntaxError(`cannot parse number ${value}`);
    cur.nodes.push({ type: 'float', value: f });
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === C.lf) throw new TemplateSyntaxError('unterminated array');
      if (r === C.rbrack) break;
    }
    let text = this.consumeText().slice(1, -1);
    if (text === '*') text = ':';

    const parts = text.split(',');
    if (parts.length > 1) {
      const branches = parts.map((p) => this.subParse(`[${trimSpaces(p)}]`));
      cur.nodes.push({ type: 'union', branches });
      return;
    }

    const key = DICT_KEY.exec(text);
    if (key) {
      cur.nodes.push(...this.subParse(`.${key[1] ?? ''}`).nodes);
      return;
    }

    const m = SLICE.exec(text);
    if (!m) throw new TemplateSyntaxError(`invalid array index ${text}`);
    const params: ArrayParam[] = [];
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? '';
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') params.push({ value: 0n, known: false, derived: false });
        else {
          const n = atoi(v);
          if (n === null) throw new TemplateSyntaxError(`array index ${v} is not a number`);
          params.push({ value: n, known: true, derived: false });
        }
      } else if (i === 1) {
        // `[i]` is the slice [i, i+1); a negative i is resolved against each array's length.
        const startValue = (params[0] as ArrayParam).value;
        params.push({ value: BigInt.asIntN(64, startValue + 1n), known: true, derived: true });
      } else params.push({ value: 0n, known: false, derived: false });
    }
    cur.nodes.push({ type: 'array', params: params as [ArrayParam, ArrayParam, ArrayParam] });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === C.lf) throw new TemplateSyntaxError('unterminated filter');
      if (r === C.dquote || r === C.squote) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (!this.escaped() && r === pair) end = true;
      } else if (r === C.rparen && begin === end) break;
    }
    if (this.next() !== C.rbrack) throw new TemplateSyntaxError('unclosed array expect ]');
    const text = this.consumeText().slice(0, -2);
    const cmp = splitComparison(text);
    if (cmp === null) {
      cur.nodes.push({
        type: 'filter',
        left: this.subParse(text),
        right: { type: 'list', nodes: [] },
        operator: 'exists',
      });
      return;
    }
    const [left, operator, right] = cmp;
    cur.nodes.push({
      type: 'filter',
      left: this.subParse(left),
      right: this.subParse(right),
      operator,
    });
  }

  private parseQuote(cur: ListNode, quote: number): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === C.lf) throw new TemplateSyntaxError('unterminated quoted string');
      if (r === quote && !this.escaped()) break;
    }
    const value = this.consumeText();
    const s = unquoteExtend(value);
    if (s === null) throw new TemplateSyntaxError(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ type: 'text', text: s });
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance());
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', name: value.replaceAll('\\', '') });
  }

  /** Reads one character of a field name; a backslash takes the next one with it. */
  private advance(): boolean {
    const r = this.next();
    if (r === C.backslash) this.next();
    else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

/** strings.Trim(s, " "). */
function trimSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s[a] === ' ') a++;
  while (b > a && s[b - 1] === ' ') b--;
  return s.slice(a, b);
}
