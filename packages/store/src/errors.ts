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
