// The template grammar: the node tree each construct parses to, and client-go's message for each malformed template.
import { describe, expect, it } from 'vitest';
import type { ArrayParam, ListNode, Node } from './parse.js';
import { parseTemplate } from './parse.js';

function nodes(template: string): Node[] {
  const r = parseTemplate(template);
  if (!r.ok) throw new Error(`parse failed: ${r.reason}`);
  return r.root.nodes;
}

/** The nodes of the template's only action. */
function action(template: string): Node[] {
  const [first, ...rest] = nodes(template);
  expect(rest).toEqual([]);
  expect(first?.type).toBe('list');
  return (first as ListNode).nodes;
}

const list = (...n: Node[]): ListNode => ({ type: 'list', nodes: n });
const field = (name: string): Node => ({ type: 'field', name });
const text = (t: string): Node => ({ type: 'text', text: t });
const p = (value: bigint | null, derived = false): ArrayParam =>
  value === null ? { value: 0n, known: false, derived: false } : { value, known: true, derived };
const slice = (a: ArrayParam, b: ArrayParam, c: ArrayParam): Node => ({
  type: 'array',
  params: [a, b, c],
});

describe('parseTemplate: what each construct parses to', () => {
  it('keeps text outside actions, even braces-free templates (no relaxed wrapping)', () => {
    expect(nodes('.metadata.name')).toEqual([text('.metadata.name')]);
    expect(nodes('a{.b}c')).toEqual([text('a'), list(field('b')), text('c')]);
    expect(nodes('x}y')).toEqual([text('x}y')]);
  });

  it('reads fields, with backslash escapes for dots', () => {
    expect(action('{.metadata.name}')).toEqual([field('metadata'), field('name')]);
    expect(action('{.a\\.b/c}')).toEqual([field('a.b/c')]);
    expect(action('{.a-b(c)}')).toEqual([field('a-b(c)')]);
    expect(action('{.}')).toEqual([field('')]);
  });

  it('drops @ $ and spaces, so {@} and {} are the object itself', () => {
    expect(action('{@}')).toEqual([]);
    expect(action('{$.a}')).toEqual([field('a')]);
    expect(action('{ .a }')).toEqual([field('a')]);
    expect(action('{}')).toEqual([]);
  });

  it('reads wildcards and recursive descent', () => {
    expect(action('{.a.*}')).toEqual([field('a'), { type: 'wildcard' }]);
    expect(action('{..image}')).toEqual([{ type: 'recursive' }, field('image')]);
    expect(action('{...a}')).toEqual([{ type: 'recursive' }, field('a')]);
    expect(action('{..[0]}')).toEqual([{ type: 'recursive' }, slice(p(0n), p(1n, true), p(null))]);
  });

  it('reads indexes and slices, [i] being [i:i+1] with a derived end', () => {
    expect(action('{[2]}')).toEqual([slice(p(2n), p(3n, true), p(null))]);
    expect(action('{[-1]}')).toEqual([slice(p(-1n), p(0n, true), p(null))]);
    expect(action('{[1:3]}')).toEqual([slice(p(1n), p(3n), p(null))]);
    expect(action('{[::2]}')).toEqual([slice(p(null), p(null), p(2n))]);
    expect(action('{[*]}')).toEqual([slice(p(null), p(null), p(null))]);
    expect(action('{[-2:]}')).toEqual([slice(p(-2n), p(null), p(null))]);
    expect(action('{[]}')).toEqual([slice(p(null), p(1n, true), p(null))]);
  });

  it('reads unions (split on every comma) and quoted keys (split on dots)', () => {
    expect(action('{[0, 2]}')).toEqual([
      {
        type: 'union',
        branches: [
          list(slice(p(0n), p(1n, true), p(null))),
          list(slice(p(2n), p(3n, true), p(null))),
        ],
      },
    ]);
    expect(action("{['a','b']}")).toEqual([
      { type: 'union', branches: [list(field('a')), list(field('b'))] },
    ]);
    expect(action("{['a.b']}")).toEqual([field('a'), field('b')]);
  });

  it('reads filters: one comparison, or an existence test', () => {
    expect(action('{[?(@.a=="x")]}')).toEqual([
      { type: 'filter', left: list(field('a')), right: list(text('x')), operator: '==' },
    ]);
    expect(action('{[?(@.n>=2)]}')).toEqual([
      {
        type: 'filter',
        left: list(field('n')),
        right: list({ type: 'int', value: 2n }),
        operator: '>=',
      },
    ]);
    expect(action('{[?(@.a)]}')).toEqual([
      { type: 'filter', left: list(field('a')), right: list(), operator: 'exists' },
    ]);
    // A parenthesis inside the quoted operand does not close the filter.
    expect(action('{[?(@.a==")")]}')).toEqual([
      { type: 'filter', left: list(field('a')), right: list(text(')')), operator: '==' },
    ]);
    // The operator is whatever run of ! < > = follows the left operand.
    expect(action('{[?(@.a=1)]}')).toMatchObject([{ type: 'filter', operator: '=' }]);
    expect(action('{[?(@.a===1)]}')).toMatchObject([{ type: 'filter', operator: '===' }]);
  });

  it('reads quoted literals with Go escapes', () => {
    expect(action('{"\\n"}')).toEqual([text('\n')]);
    expect(action("{'\\t'}")).toEqual([text('\t')]);
    expect(action('{"\\u00e9\\x41\\101"}')).toEqual([text('éAA')]);
    expect(action("{'it\\'s'}")).toEqual([text("it's")]);
    expect(action('{"{"}')).toEqual([text('{')]);
  });

  it('reads numbers, booleans and identifiers', () => {
    expect(action('{5}')).toEqual([{ type: 'int', value: 5n }]);
    expect(action('{-3}')).toEqual([{ type: 'int', value: -3n }]);
    expect(action('{+7}')).toEqual([{ type: 'int', value: 7n }]);
    expect(action('{1.5}')).toEqual([{ type: 'float', value: 1.5 }]);
    expect(action('{9223372036854775808}')).toEqual([{ type: 'float', value: 2 ** 63 }]);
    expect(action('{true}')).toEqual([{ type: 'bool', value: true }]);
    expect(action('{range .a}')).toEqual([{ type: 'identifier', name: 'range' }, field('a')]);
    expect(action('{1e3}')).toEqual([
      { type: 'int', value: 1n },
      { type: 'identifier', name: 'e3' },
    ]);
  });

  it('splits range and end into their own actions', () => {
    expect(nodes('{range .items[*]}{.a}{end}')).toHaveLength(3);
  });
});

describe('parseTemplate: client-go messages for malformed templates', () => {
  it.each([
    ['{.metadata.name', 'unclosed action'],
    ['{.a\n}', 'unclosed action'],
    ['{', 'unclosed action'],
    ['{.items[0}', 'unterminated array'],
    ['{.items[?(@.a=="x"}', 'unterminated filter'],
    ['{.items[?(@.a)x]}', 'unclosed array expect ]'],
    ['{"abc}', 'unterminated quoted string'],
    ['{"\\\\"}', 'unterminated quoted string'],
    ['{"\\q"}', 'unquote string "\\q" error invalid syntax'],
    ['{"\\x"}', 'unquote string "\\x" error invalid syntax'],
    ['{"\\ud800"}', 'unquote string "\\ud800" error invalid syntax'],
    ['{.items[a]}', 'invalid array index a'],
    ['{.items[ 1 ]}', 'invalid array index  1 '],
    ['{.items[1:-]}', 'array index - is not a number'],
    ['{.items[9999999999999999999]}', 'array index 9999999999999999999 is not a number'],
    ["{.items['a','b]}", "invalid array index 'b"],
    ['{....a}', 'invalid multiple recursive descent'],
    ['{1.2.3}', 'cannot parse number 1.2.3'],
    ['{-}', 'cannot parse number -'],
    ['{.a && .b}', "unrecognized character in action: U+0026 '&'"],
    ['{.a,.b}', "unrecognized character in action: U+002C ','"],
    ['{..*}', "unrecognized character in action: U+002A '*'"],
    ['{{.a}}', "unrecognized character in action: U+007B '{'"],
    ['{.a\t}', 'unrecognized character in action: U+0009'],
    ['{\u200b}', 'unrecognized character in action: U+200B'],
    // `==` with nothing after it: the right operand takes the last `=`.
    ['{[?(@.a==)]}', "unrecognized character in action: U+003D '='"],
    ['{.a 😀}', "unrecognized character in action: U+1F600 '😀'"],
    ['{.items[?(@.a=="x" && @.b=="y")]}', "unrecognized character in action: U+0026 '&'"],
  ])('%j: %s', (template, reason) => {
    expect(parseTemplate(template)).toEqual({ ok: false, reason });
  });

  it('parses a long template in linear time', () => {
    const long = '{.a}'.repeat(50_000) + '{[?(' + '@'.repeat(50_000) + '==' + '=1)]}';
    const t0 = performance.now();
    expect(parseTemplate(long).ok).toBe(true);
    // Linear: well under a second even on a busy 2-core machine. Quadratic in these 250,000
    // characters would be tens of billions of steps, a minute or more. The bound, a third of the
    // test's timeout, tells the two apart and never trips on a slow run.
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});
