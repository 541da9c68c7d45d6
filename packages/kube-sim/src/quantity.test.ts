import { describe, expect, it } from 'vitest';
import { QuantityError, addQuantities, formatQuantity, parseQuantity } from './quantity.js';

describe('quantities', () => {
  it.each([
    ['0', '0'],
    ['250m', '250m'],
    ['1000m', '1'],
    ['1.5', '1500m'],
    ['2000000n', '2m'],
    ['137658437n', '137658437n'],
    ['1k', '1k'],
    ['1024Ki', '1Mi'],
    ['1536Ki', '1536Ki'],
    ['1.5Gi', '1536Mi'],
    ['512', '512'],
    ['-250m', '-250m'],
  ])('%s prints as %s', (text, canonical) => {
    expect(formatQuantity(parseQuantity(text))).toBe(canonical);
  });

  it.each<[string[], string]>([
    [['100m', '150m'], '250m'],
    [['500m', '500m'], '1'],
    [['1Mi', '1024Ki'], '2Mi'],
    [['1000Ki', '24Ki'], '1Mi'],
    [['0', '64Mi'], '64Mi'],
    [[], '0'],
  ])('%j adds up to %s', (values, sum) => {
    expect(formatQuantity(addQuantities(values.map(parseQuantity)))).toBe(sum);
  });

  it.each(['', 'abc', '1.2.3', '5 Mi', '1Ki2'])('%j is not a quantity', (text) => {
    expect(() => parseQuantity(text)).toThrow(QuantityError);
  });
});
