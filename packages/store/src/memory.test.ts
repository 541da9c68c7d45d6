// MemoryStore against the shared conformance suite.
import { runStoreConformance } from './conformance.js';
import { createMemoryStore } from './memory.js';

runStoreConformance('MemoryStore', (options) => Promise.resolve(createMemoryStore(options)));
