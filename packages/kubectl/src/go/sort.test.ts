// goSort reproduces sort.Sort: it must sort, keep every element, and be stable below 13 elements.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goSort } from './sort.js';

describe('goSort', () => {
  it('sorts any array of small integers and keeps its elements', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (xs) => {
        const sorted = goSort([...xs], (a, b) => a < b);
        expect(sorted).toEqual([...xs].sort((a, b) => a - b));
      }),
    );
  });

  it('keeps equal keys in input order for up to 12 elements (insertion sort)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 12 }), (keys) => {
        const items = keys.map((k, i) => ({ k, i }));
        const sorted = goSort([...items], (a, b) => a.k < b.k);
        expect(sorted).toEqual([...items].sort((a, b) => a.k - b.k || a.i - b.i));
      }),
    );
  });
});
