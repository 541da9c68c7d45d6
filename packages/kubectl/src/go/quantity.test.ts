// resource.Quantity's canonical text and arithmetic, as kubectl prints quantities after typed decoding.
import { describe, expect, it } from 'vitest';
import { add, cmp, milliValue, parseQuantity, quantityString, value } from './quantity.js';

describe('quantityString(parseQuantity(x))', () => {
  it.each([
    ['0', '0'],
    ['100m', '100m'],
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['0.5', '500m'],
    ['1.5', '1500m'],
    ['0.1m', '100u'],
    ['2', '2'],
    ['64', '64'],
    ['128Mi', '128Mi'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['1.5Gi', '1536Mi'],
    ['2048Ki', '2Mi'],
    ['12345Ki', '12345Ki'],
    ['1Ki', '1Ki'],
    ['512Ki', '512Ki'],
    ['100M', '100M'],
    ['1G', '1G'],
    ['1000k', '1M'],
    ['1e3', '1e3'],
    ['1E6', '1e6'],
    ['93478772582', '93478772582'],
    ['16374584Ki', '16374584Ki'],
    ['-1', '-1'],
    ['1n', '1n'],
    ['0.0000000001', '1n'],
  ])('%s → %s', (input, want) => {
    expect(quantityString(parseQuantity(input))).toBe(want);
  });

  it.each(['', 'abc', '1.2.3', '5Xi', '--1'])('rejects %j', (input) => {
    expect(() => parseQuantity(input)).toThrow(/quantities must match/);
  });
});

describe('quantity arithmetic', () => {
  it.each([
    ['250m', 250n, 1n],
    ['1', 1000n, 1n],
    ['1.0001', 1001n, 2n],
    ['128Mi', 134217728000n, 134217728n],
  ])('%s: milli %s, value %s (both rounded up)', (input, milli, whole) => {
    expect(milliValue(parseQuantity(input))).toBe(milli);
    expect(value(parseQuantity(input))).toBe(whole);
  });

  it('adds exactly and keeps the first operand format', () => {
    expect(quantityString(add(parseQuantity('100m'), parseQuantity('900m')))).toBe('1');
    expect(quantityString(add(parseQuantity('512Mi'), parseQuantity('512Mi')))).toBe('1Gi');
    expect(quantityString(add(parseQuantity('128Mi'), parseQuantity('100M')))).toBe('234217728');
  });

  it('compares by value across formats', () => {
    expect(cmp(parseQuantity('1Gi'), parseQuantity('1024Mi'))).toBe(0);
    expect(cmp(parseQuantity('1G'), parseQuantity('1Gi'))).toBe(-1);
    expect(cmp(parseQuantity('2'), parseQuantity('1999m'))).toBe(1);
  });
});
