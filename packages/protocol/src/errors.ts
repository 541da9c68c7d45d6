// Error codes of the HTTP contract, their statuses, and the one error type that carries them.

export const ErrorCode = {
  invalid_request: 'invalid_request',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  command_denied: 'command_denied',
  cluster_not_found: 'cluster_not_found',
  command_not_found: 'command_not_found',
  session_not_found: 'session_not_found',
  not_found: 'not_found',
  conflict: 'conflict',
  already_exists: 'already_exists',
  limit_exceeded: 'limit_exceeded',
  payload_too_large: 'payload_too_large',
  rate_limited: 'rate_limited',
  agent_unavailable: 'agent_unavailable',
  queue_full: 'queue_full',
  store_unavailable: 'store_unavailable',
  timeout: 'timeout',
  internal: 'internal',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const errorStatus: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  command_denied: 403,
  cluster_not_found: 404,
  command_not_found: 404,
  session_not_found: 404,
  not_found: 404,
  conflict: 409,
  /** A record with that identity (id, name, key or token) exists already. */
  already_exists: 409,
  /** A cap on stored records (live API keys, registered clusters) is reached; a rate is `rate_limited`. */
  limit_exceeded: 409,
  payload_too_large: 413,
  rate_limited: 429,
  agent_unavailable: 503,
  /** The cluster's command queue is at its cap: its agents are not keeping up. */
  queue_full: 503,
  store_unavailable: 503,
  timeout: 504,
  internal: 500,
};

/** What an error about a command may say beside its code and message. */
export interface ErrorDetailFields {
  rule?: string;
  suggestion?: string;
}

/**
 * The one error type that crosses layers. `message` is shown to the client, so it must never
 * hold a credential, a key or a payload; `cause` is for logs only.
 */
export class PortholeError extends Error {
  override readonly name = 'PortholeError';
  readonly code: ErrorCode;
  readonly status: number;
  /** Extra fields merged into the error body, e.g. `commandId` on a timeout. */
  readonly extra: Readonly<Record<string, string | number>>;
  /**
   * Shown inside `error` next to `code` and `message`, under the same rules as `message`: the
   * policy rule a command broke, and how to get what was meant (CONTRACT §3a).
   */
  readonly detail: Readonly<ErrorDetailFields>;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      cause?: unknown;
      extra?: Record<string, string | number>;
      detail?: ErrorDetailFields;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = errorStatus[code];
    this.extra = options.extra ?? {};
    this.detail = options.detail ?? {};
  }
}

export function isPortholeError(err: unknown): err is PortholeError {
  return err instanceof PortholeError;
}
