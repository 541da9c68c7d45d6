// Errors a Store raises, each with its code from the protocol's error table, so the API maps them
// all in one place by that code. `message` is for logs (it may name a host or a cluster);
// `publicMessage` is what a client reads: fixed text that names no id, name, key or hash.
import { ErrorCode } from '@porthole/protocol';

/** The base of every error the store raises on purpose (its argument checks throw TypeError). */
export abstract class StoreError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly publicMessage: string;
}

/** The backing store did not answer (connection refused, lost, timed out, or still loading). */
export class StoreUnavailableError extends StoreError {
  override readonly name = 'StoreUnavailableError';
  readonly code = ErrorCode.store_unavailable;
  readonly publicMessage = 'the store is unreachable';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** A cluster's queue is at its cap (`maxQueueLength`): its agents are not keeping up. */
export class QueueFullError extends StoreError {
  override readonly name = 'QueueFullError';
  readonly code = ErrorCode.queue_full;
  readonly publicMessage = 'the command queue of this cluster is full; retry later';
  readonly clusterId: string;
  readonly maxQueueLength: number;

  constructor(clusterId: string, maxQueueLength: number) {
    super(`the command queue of cluster ${clusterId} is full (${maxQueueLength} commands waiting)`);
    this.clusterId = clusterId;
    this.maxQueueLength = maxQueueLength;
  }
}

/**
 * One principal has `maxQueuedPerPrincipal` commands waiting for a cluster: it is sending
 * faster than the cluster's agents serve it, and must wait for some to finish.
 */
export class PrincipalQueueFullError extends StoreError {
  override readonly name = 'PrincipalQueueFullError';
  readonly code = ErrorCode.rate_limited;
  readonly publicMessage =
    'too many of your commands are waiting for this cluster; retry when some have finished';
  readonly clusterId: string;
  readonly maxQueued: number;

  constructor(clusterId: string, maxQueued: number) {
    super(`a principal has ${maxQueued} commands waiting for cluster ${clusterId}`);
    this.clusterId = clusterId;
    this.maxQueued = maxQueued;
  }
}

/** A cap on stored records (`maxApiKeys`, `maxClusters`) is reached. */
export class LimitExceededError extends StoreError {
  override readonly name = 'LimitExceededError';
  readonly code = ErrorCode.limit_exceeded;
  readonly limit: 'api_keys' | 'clusters';
  readonly max: number;

  constructor(limit: 'api_keys' | 'clusters', max: number) {
    super(
      `the store holds its maximum of ${max} ${limit === 'api_keys' ? 'live API keys' : 'clusters'}`,
    );
    this.limit = limit;
    this.max = max;
  }

  get publicMessage(): string {
    return `the store holds its maximum of ${LIMITED[this.limit]}; remove some first`;
  }
}

const LIMITED = { api_keys: 'live API keys', clusters: 'registered clusters' } as const;

/**
 * A record with this id, or this key or token hash, exists already, or a live API key holds this
 * name. Names no value: a hash is a secret's fingerprint.
 */
export class AlreadyExistsError extends StoreError {
  override readonly name = 'AlreadyExistsError';
  readonly code = ErrorCode.already_exists;
  readonly kind: 'API key' | 'cluster token' | 'session';
  readonly field: 'id' | 'hash' | 'name';

  constructor(kind: 'API key' | 'cluster token' | 'session', field: 'id' | 'hash' | 'name') {
    super(`a ${kind} with this ${field} already exists`);
    this.kind = kind;
    this.field = field;
  }

  get publicMessage(): string {
    // A taken name is the caller's to change; any other clash is a collision of random values.
    return this.kind === 'API key' && this.field === 'name'
      ? 'an API key with that name exists; choose another name'
      : 'a record with that identity exists already; retry';
  }
}
