// What the Redis parts of the store share: the client type, its keys, options and guarded calls.
import type { Cluster, Redis } from 'ioredis';
import type { ResolvedOptions } from '../state.js';
import type { StoreKeys } from './keys.js';

export type RedisClient = Redis | Cluster;

export interface RedisContext {
  readonly o: ResolvedOptions;
  readonly keys: StoreKeys;
  /**
   * True on a single Redis (a URL), false on Redis Cluster. A script may touch keys of any hash
   * slot only on a single Redis, so only there do the command's indexes (outside its cluster's
   * slot) join the scripts that queue and end it: two calls fewer per command.
   */
  readonly oneNode: boolean;
  /** Runs Redis calls on the command connection; connection trouble becomes StoreUnavailableError. */
  call<T>(fn: (client: RedisClient) => Promise<T>): Promise<T>;
  /** Sends a call on the command connection without awaiting it; a failure is reported, not thrown. */
  background(fn: (client: RedisClient) => Promise<unknown>): void;
}

/** Runs a pipeline (its keys in one slot) and returns the replies, throwing the first error. */
export async function pipelined(
  client: RedisClient,
  build: (pipeline: ReturnType<RedisClient['pipeline']>) => void,
): Promise<unknown[]> {
  const pipeline = client.pipeline();
  build(pipeline);
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
