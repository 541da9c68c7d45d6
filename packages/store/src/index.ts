// Public surface of @porthole/store: the Store interface and its Redis and in-memory implementations.
export type { AgentPresence, CommandState, CompleteOutcome, Store, StoreOptions } from './store.js';
export { QueueFullError, StoreUnavailableError } from './errors.js';
export { EXPIRY_MESSAGES } from './state.js';
export { createMemoryStore } from './memory.js';
export { createRedisStore, type RedisStoreOptions } from './redis/store.js';
