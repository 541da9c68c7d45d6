// Parsing -o custom-columns specs and kubectl's relaxed JSONPath forms.
import { describe, expect, it } from 'vitest';
import { parseCustomColumnsSpec, relaxedJsonPathExpression } from './spec.js';

const RELAXED_ERROR =
  "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'";

describe('relaxedJsonPathExpression', () => {
  it.each([
    ['metadata.name', '{.metadata.name}'],
    ['.metadata.name', '{.metadata.name}'],
    ['{metadata.name}', '{.metadata.name}'],
    ['{.metadata.name}', '{.metadata.name}'],
    ['..image', '{..image}'],
    ['{..image}', '{..image}'],
    ['.', '{..}'],
    ['{.}', '{..}'],
    ['[0].x', '{.[0].x}'],
    ['', ''],
  ])('%j → %j', (expr, template) => {
    expect(relaxedJsonPathExpression(expr)).toEqual({ ok: true, template });
  });

  it.each(['{}', '{a', 'a}', '{{a}}', '{a}b', 'a{b'])('%j is refused', (expr) => {
    expect(relaxedJsonPathExpression(expr)).toEqual({ ok: false, error: RELAXED_ERROR });
  });
});

describe('parseCustomColumnsSpec', () => {
  it('splits columns on commas and each at its first colon', () => {
    expect(
      parseCustomColumnsSpec('NAME:.metadata.name,IMG:spec.containers[*].image,X:a:b,:'),
    ).toEqual({
      ok: true,
      columns: [
        { header: 'NAME', fieldSpec: '{.metadata.name}' },
        { header: 'IMG', fieldSpec: '{.spec.containers[*].image}' },
        { header: 'X', fieldSpec: '{.a:b}' },
        { header: '', fieldSpec: '' },
      ],
    });
  });

  it.each([
    ['', 'custom-columns format specified but no custom columns given'],
    ['NAME', 'unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>'],
    ['N:.a,', 'unexpected custom-columns spec: , expected <header>:<json-path-expr>'],
    ['N:.a[0,1].b', 'unexpected custom-columns spec: 1].b, expected <header>:<json-path-expr>'],
    ['N:{.a', RELAXED_ERROR],
  ])('%j fails: %s', (spec, error) => {
    expect(parseCustomColumnsSpec(spec)).toEqual({ ok: false, error });
  });
});
