// Store reads for every registered cluster (a scrape, the cluster list), a batch at a time. All
// at once, 10,000 clusters meant 10,000 calls in flight: their replies were handled in one
// stretch that held every other request back for a quarter of a second, and everything they
// allocated lived long enough to be promoted to the old generation.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How many reads are in flight at once: enough to fill a socket write, few enough to be brief. */
export const READ_BATCH = 256;

/** `fn` of every item, in order, `size` at a time; other work runs between two batches. */
export async function mapInBatches<T, R>(
  items: readonly T[],
  fn: (item: T) => Promise<R>,
  size = READ_BATCH,
): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    if (start > 0) await nextTurn();
    out.push(...(await Promise.all(items.slice(start, start + size).map(fn))));
  }
  return out;
}
