// Public surface of @porthole/store: the Store and its capabilities, and their Redis and in-memory
// implementations.
export type {
  AgentHealthReport,
  AgentPresence,
  AgentReports,
  ApiKeys,
  AuditLog,
  Claimed,
  Clusters,
  CommandOutcome,
  CommandQueue,
  CommandState,
  CompleteOutcome,
  ExpectedResult,
  ExpiryReason,
  ExpirySweep,
  PresenceChange,
  RateLimits,
  Sessions,
  Store,
  StoreOptions,
  WorkNews,
} from './store.js';
export type {
  ApiKeyRecord,
  AuditEvent,
  AuditQuery,
  ClusterRecord,
  ClusterToken,
  RateDecision,
  SessionRecord,
} from './records.js';
export { API_KEY_RETENTION_MS, AUDIT_SCAN_FACTOR, MAX_TOKENS_PER_CLUSTER } from './records.js';
export {
  AlreadyExistsError,
  LimitExceededError,
  QueueFullError,
  PrincipalQueueFullError,
  StoreError,
  StoreUnavailableError,
} from './errors.js';
export { EXPIRY_MESSAGES } from './state.js';

export { createMemoryStore } from './memory/store.js';
export { createRedisStore, type RedisStoreOptions } from './redis/store.js';
export { scriptNamesBySha } from './redis/scripts.js';
