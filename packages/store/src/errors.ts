// Errors a Store raises. Plain errors, not PortholeErrors: the API maps them itself, so their
// messages (which may name a host) never reach a client.

/** The backing store did not answer (connection refused, lost, timed out, or still loading). */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'store_unavailable' as const;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** A cluster's queue is at its cap (`maxQueueLength`): its agents are not keeping up. */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  readonly code = 'queue_full' as const;
  readonly clusterId: string;
  readonly maxQueueLength: number;

  constructor(clusterId: string, maxQueueLength: number) {
    super(`the command queue of cluster ${clusterId} is full (${maxQueueLength} commands waiting)`);
    this.clusterId = clusterId;
    this.maxQueueLength = maxQueueLength;
  }
}

/** A cap on stored records (`maxApiKeys`, `maxClusters`) is reached. */
export class LimitExceededError extends Error {
  override readonly name = 'LimitExceededError';
  readonly code = 'limit_exceeded' as const;
  readonly limit: 'api_keys' | 'clusters';
  readonly max: number;

  constructor(limit: 'api_keys' | 'clusters', max: number) {
    super(
      `the store holds its maximum of ${max} ${limit === 'api_keys' ? 'live API keys' : 'clusters'}`,
    );
    this.limit = limit;
    this.max = max;
  }
}

/**
 * A record with this id, or this key or token hash, exists already, or a live API key holds this
 * name. Names no value: a hash is a secret's fingerprint.
 */
export class AlreadyExistsError extends Error {
  override readonly name = 'AlreadyExistsError';
  readonly code = 'already_exists' as const;
  readonly kind: 'API key' | 'cluster token' | 'session';
  readonly field: 'id' | 'hash' | 'name';

  constructor(kind: 'API key' | 'cluster token' | 'session', field: 'id' | 'hash' | 'name') {
    super(`a ${kind} with this ${field} already exists`);
    this.kind = kind;
    this.field = field;
  }
}
