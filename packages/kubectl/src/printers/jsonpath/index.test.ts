// compileJsonPath: kubectl's printer flags behaviour (messages, defaults, jsonpath-as-json) and the bounds on hostile templates.
import { describe, expect, it } from 'vitest';
import { parseGoJson } from '../../go/decode.js';
import { goMap } from '../../go/value.js';
import type { GoValue } from '../../go/value.js';
import { compileJsonPath } from './index.js';
import type { JsonPathOptions, JsonPathOutput } from './index.js';

const POD = parseGoJson('{"kind":"Pod","metadata":{"name":"a\\"b"},"spec":{"n":[1,2]}}');

function print(
  template: string,
  options: JsonPathOptions = {},
  value: GoValue = POD,
): JsonPathOutput {
  const c = compileJsonPath(template, options);
  if (!c.ok) throw new Error(c.error.message);
  return c.print(value);
}

describe('compileJsonPath', () => {
  it('prints a template', () => {
    expect(print('{.kind} {.spec.n}')).toEqual({ ok: true, output: 'Pod [1,2]' });
  });

  it('refuses an empty template as kubectl does', () => {
    expect(compileJsonPath('')).toEqual({
      ok: false,
      error: { code: 'usage', message: 'template format specified but no template given' },
    });
  });

  it('reports a parse error with the template, as kubectl does', () => {
    expect(compileJsonPath('{.metadata.name')).toEqual({
      ok: false,
      error: { code: 'parse', message: 'error parsing jsonpath {.metadata.name, unclosed action' },
    });
  });

  it('allows missing keys by default and reports them when asked to', () => {
    expect(print('{.nope}')).toEqual({ ok: true, output: '' });
    const out = print('{.nope}', { allowMissingKeys: false });
    expect(out).toEqual({
      ok: false,
      error: {
        code: 'execute',
        message:
          'error executing jsonpath "{.nope}": Error executing template: nope is not found. ' +
          'Printing more information for debugging the template:\n' +
          '\ttemplate was:\n\t\t{.nope}\n' +
          '\tobject given to jsonpath engine was:\n' +
          '\t\tmap[string]interface {}{"kind":"Pod", "metadata":map[string]interface {}{"name":"a\\"b"}, "spec":map[string]interface {}{"n":[]interface {}{1, 2}}}\n\n\n',
      },
    });
  });

  it('quotes the template Go-style in an execution error', () => {
    const out = print('{"\\n"}{end}');
    expect(out.ok).toBe(false);
    if (!out.ok)
      expect(out.error.message.split(':')[0]).toBe('error executing jsonpath "{\\"\\\\n\\"}{end}"');
  });

  it('prints jsonpath-as-json', () => {
    expect(print('{.spec.n[*]}', { asJson: true })).toEqual({
      ok: true,
      output: '[\n    1,\n    2\n]\n',
    });
  });

  it('starts each print afresh', () => {
    const c = compileJsonPath('{range .spec.n[*]}{@}');
    if (!c.ok) throw new Error(c.error.message);
    expect(c.print(POD)).toEqual(c.print(POD));
  });
});

describe('bounds on hostile templates', () => {
  const deep = ((): GoValue => {
    let v: GoValue = 'leaf';
    for (let i = 0; i < 30; i++)
      v = goMap([
        ['a', v],
        ['b', [v, v]],
      ]);
    return v;
  })();

  it('refuses a template over the length limit without echoing it', () => {
    const c = compileJsonPath('{.a}'.repeat(2000));
    expect(c.ok).toBe(false);
    if (!c.ok) {
      expect(c.error.code).toBe('limit');
      expect(c.error.message).not.toContain('{.a}');
    }
  });

  it('stops a template whose work multiplies', () => {
    const t0 = performance.now();
    const out = print('{range ..}{range ..}{..}{end}{end}', {}, deep);
    // The step limit is what stops it, as the message says.
    expect(out).toEqual({
      ok: false,
      error: { code: 'limit', message: 'jsonpath evaluation exceeded 5000000 steps' },
    });
    // 5,000,000 steps take a second or two on a busy 2-core machine. The bound, a third of the
    // test's timeout, fails only when steps grew far costlier than that, never on a slow run.
    expect(performance.now() - t0).toBeLessThan(20_000);
  });

  it('stops output that repeats a large value', () => {
    const out = print('{@}'.repeat(1000), { limits: { maxOutputChars: 1_000_000 } }, deep);
    expect(out).toMatchObject({ ok: false, error: { code: 'limit' } });
  });

  it('bounds how deeply ranges nest', () => {
    const out = print('{range .spec.n}'.repeat(100));
    expect(out).toEqual({
      ok: false,
      error: { code: 'limit', message: 'jsonpath ranges nest deeper than 64' },
    });
  });

  it('takes limits from the options', () => {
    expect(print('{..}', { limits: { maxSteps: 3 } })).toMatchObject({
      ok: false,
      error: { code: 'limit' },
    });
  });
});
