// What the memory parts of the store share: its options, and the guard every call goes through.
import type { ResolvedOptions } from '../state.js';

export interface MemoryContext {
  readonly o: ResolvedOptions;
  /**
   * Runs one synchronous step as a store call: rejected with StoreUnavailableError once the store
   * is closed, and a throw becomes a rejection (as a Redis reply would).
   */
  run<T>(fn: () => T): Promise<T>;
}
