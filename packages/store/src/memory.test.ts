// MemoryStore against the shared conformance suite.
import { runStoreConformance } from './conformance/index.js';
import { createMemoryStore } from './memory/store.js';
import type { Store } from './store.js';

// A memory store lives in one process: a second "replica" on the same prefix is the same store.
const byPrefix = new Map<string, Store>();

runStoreConformance('MemoryStore', (options) => {
  const key = options.keyPrefix;
  let store = key === undefined ? undefined : byPrefix.get(key);
  if (!store) {
    store = createMemoryStore(options);
    if (key !== undefined) byPrefix.set(key, store);
  }
  return Promise.resolve(store);
});
