import { describe, expect, it } from 'vitest';
import { mapInBatches } from './batches.js';

describe('mapInBatches', () => {
  it('maps every item in order, never more than `size` at once', async () => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 10 }, (_, i) => i);
    const out = await mapInBatches(
      items,
      async (i) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight--;
        return i * 10;
      },
      4,
    );
    expect(out).toEqual(items.map((i) => i * 10));
    expect(most).toBe(4);
  });

  it('answers an empty list without reading', async () => {
    expect(await mapInBatches([], async () => 1)).toEqual([]);
  });
});
